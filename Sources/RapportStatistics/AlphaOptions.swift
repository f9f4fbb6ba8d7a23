/// Which constant reverse-keys an item: a reversed answer `x` scores `min + max − x`.
public enum ReverseKeyingRange: String, Sendable, Codable, CaseIterable {
    /// psych: `min` and `max` are the **observed** extremes over all the scale's items
    /// (complete rows under listwise). An extreme nobody chose shifts every reversed score;
    /// α is unaffected, means and scores are not.
    case observed
    /// Rapport's better choice: the declared response range (first and last category).
    case declared
}

/// The N behind confidence intervals and the asymptotic standard error.
public enum IntervalSampleSize: String, Sendable, Codable, CaseIterable {
    /// psych: every row, including incomplete (and empty) ones. Under `.listwise` this is
    /// the number of complete rows, since only those are analysed.
    case allRows
    /// Rows with every item answered.
    case completeCases
    /// The smallest pairwise count `min n_ij` (the weakest covariance's N).
    case pairwiseMinimum
}

/// The normal quantile of Duhachek & Iacobucci's interval `α ± z · ase`.
public enum DuhachekQuantile: String, Sendable, Codable, CaseIterable {
    /// `z₁₋ₚ/₂` at the requested level (1.959964… at 95%).
    case exact
    /// psych: 1.96 whatever the level (its printout is always 95%).
    case psych
}

/// Options of ``AlphaAnalysis``. Defaults reproduce `psych::alpha` 2.2.9, except the
/// Duhachek quantile (exact; `.psych` for psych's 1.96).
public struct AlphaOptions: Sendable, Hashable, Codable {
    /// Missing-data handling (psych default: pairwise).
    public var missing: MissingPolicy
    /// Reverse-keying constant (psych: observed range).
    public var reverseKeying: ReverseKeyingRange
    /// Confidence level of the Feldt and Duhachek intervals, in (0, 1).
    public var confidenceLevel: Double
    /// N of the intervals and of `ase` (psych: all rows).
    public var intervalSampleSize: IntervalSampleSize
    /// z of the Duhachek interval.
    public var duhachekQuantile: DuhachekQuantile

    public init(missing: MissingPolicy = .pairwise, reverseKeying: ReverseKeyingRange = .observed,
                confidenceLevel: Double = 0.95, intervalSampleSize: IntervalSampleSize = .allRows,
                duhachekQuantile: DuhachekQuantile = .exact) {
        self.missing = missing
        self.reverseKeying = reverseKeying
        self.confidenceLevel = confidenceLevel
        self.intervalSampleSize = intervalSampleSize
        self.duhachekQuantile = duhachekQuantile
    }

    enum CodingKeys: String, CodingKey { case missing, reverseKeying, confidenceLevel, intervalSampleSize, duhachekQuantile }

    /// Decodes states written before `duhachekQuantile` existed (they used the exact quantile).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        missing = try c.decode(MissingPolicy.self, forKey: .missing)
        reverseKeying = try c.decode(ReverseKeyingRange.self, forKey: .reverseKeying)
        confidenceLevel = try c.decode(Double.self, forKey: .confidenceLevel)
        intervalSampleSize = try c.decode(IntervalSampleSize.self, forKey: .intervalSampleSize)
        duhachekQuantile = try c.decodeIfPresent(DuhachekQuantile.self, forKey: .duhachekQuantile) ?? .exact
    }
}
