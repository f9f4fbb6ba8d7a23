// The numbers of one scale's reliability (``ScaleReliability``) and its findings
// (``ReportWarning``): the part of `rapport reliability`'s JSON contract (issue 4 §6) that
// comes from the statistics alone. The report around them — input path and SHA-256,
// instrument, options, provenance, `--exclude-flagged` — is `Rapport.ReliabilityReport`.
//
// Encode with `outputFormatting = [.sortedKeys]`: a number that is not finite is written as
// `null`, never omitted, so every documented key is always present.

/// A finding in the report, tied to its scale; never carries participant data.
public struct ReportWarning: Sendable, Hashable, Codable {
    public var scale: String
    public var kind: ReliabilityWarning.Kind
    public var items: [String]
    public var message: String

    public init(scale: String, kind: ReliabilityWarning.Kind, items: [String], message: String) {
        self.scale = scale
        self.kind = kind
        self.items = items
        self.message = message
    }
}

/// One scale of the report.
public struct ScaleReliability: Sendable, Hashable, Codable {
    public struct Counts: Sendable, Hashable, Codable {
        public var rows: Int
        public var complete: Int
        public var pairwiseMin: Int
        public var pairwiseMax: Int
    }
    public struct Interval: Sendable, Hashable, Codable {
        public var method: ConfidenceInterval.Method
        public var level: Double
        public var lower: Double?
        public var upper: Double?
        public var n: Int
        public init(method: ConfidenceInterval.Method, level: Double, lower: Double?, upper: Double?, n: Int) {
            self.method = method
            self.level = level
            self.lower = lower
            self.upper = upper
            self.n = n
        }
    }
    public struct Alpha: Sendable, Hashable, Codable {
        public var raw: Double?
        public var standardized: Double?
        public var g6: Double?
        public var averageR: Double?
        public var medianR: Double?
        public var signalToNoise: Double?
        public var ase: Double?
        public var ci: [Interval]
    }
    /// ω of the scale: the one-factor ω total (both forms) and, when requested or when the
    /// scale is built from sub-scales, ω hierarchical (`omegaH`, with its Schmid–Leiman
    /// solution under `hierarchical`; both `null` otherwise).
    public struct OmegaSummary: Sendable, Hashable, Codable {
        public var total: Double?
        public var totalModelImplied: Double?
        public var loadings: [Double?]
        public var method: Omega.Method
        /// ω_h of the m-factor Schmid–Leiman solution (psych `omega(x, m)$omega_h`).
        public var omegaH: Double?
        public var hierarchical: OmegaHierarchicalSummary?
        /// Bootstrap intervals of `total` (percentile and BCa; empty without `--bootstrap`).
        public var ci: [Interval] = []

        public init(total: Double?, totalModelImplied: Double?, loadings: [Double?], method: Omega.Method,
                    omegaH: Double? = nil, hierarchical: OmegaHierarchicalSummary? = nil) {
            self.total = total
            self.totalModelImplied = totalModelImplied
            self.loadings = loadings
            self.method = method
            self.omegaH = omegaH
            self.hierarchical = hierarchical
        }

        enum CodingKeys: String, CodingKey { case total, totalModelImplied, loadings, method, omegaH, hierarchical, ci }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            total = try c.decodeIfPresent(Double.self, forKey: .total)
            totalModelImplied = try c.decodeIfPresent(Double.self, forKey: .totalModelImplied)
            loadings = try c.decode([Double?].self, forKey: .loadings)
            method = try c.decode(Omega.Method.self, forKey: .method)
            omegaH = try c.decodeIfPresent(Double.self, forKey: .omegaH)
            hierarchical = try c.decodeIfPresent(OmegaHierarchicalSummary.self, forKey: .hierarchical)
            ci = try c.decodeIfPresent([Interval].self, forKey: .ci) ?? []
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(total, forKey: .total)
            try c.encodeIfPresent(totalModelImplied, forKey: .totalModelImplied)
            try c.encode(loadings, forKey: .loadings)
            try c.encode(method, forKey: .method)
            try c.encodeIfPresent(omegaH, forKey: .omegaH)
            if let hierarchical { try c.encode(hierarchical, forKey: .hierarchical) } else {
                try c.encodeNil(forKey: .hierarchical)
            }
            try c.encode(ci, forKey: .ci)
        }
    }
    public struct SplitHalfSummary: Sendable, Hashable, Codable {
        public var max: Double?
        public var min: Double?
        public var mean: Double?
        public var lambda2: Double?
        public var lambda6: Double?
        public var splits: Int
        public var exhaustive: Bool
    }
    /// The scale score: by default the score the instrument defines (`metric`: `sum`, `mean`,
    /// `prorated-sum`, with ` → MIN–MAX` for a transform), from the same rows `rapport score`
    /// scores (its validity rules); `itemMean` is psych's person score beside it (mean of the
    /// available keyed items, every row with an answer). Without an instrument score (library
    /// use) `metric` is `item-mean` and both are psych's. SEM = SD · √(1 − raw α) in each metric.
    public struct Score: Sendable, Hashable, Codable {
        public var metric: String
        public var mean: Double?
        public var sd: Double?
        public var sem: Double?
        public var n: Int
        public var itemMean: ItemMean

        public struct ItemMean: Sendable, Hashable, Codable {
            public var mean: Double?
            public var sd: Double?
            public var sem: Double?
            public var n: Int

            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encodeIfPresent(mean, forKey: .mean)
                try c.encodeIfPresent(sd, forKey: .sd)
                try c.encodeIfPresent(sem, forKey: .sem)
                try c.encode(n, forKey: .n)
            }
        }

        public init(metric: String, mean: Double?, sd: Double?, sem: Double?, n: Int, itemMean: ItemMean) {
            self.metric = metric
            self.mean = mean
            self.sd = sd
            self.sem = sem
            self.n = n
            self.itemMean = itemMean
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(metric, forKey: .metric)
            try c.encodeIfPresent(mean, forKey: .mean)
            try c.encodeIfPresent(sd, forKey: .sd)
            try c.encodeIfPresent(sem, forKey: .sem)
            try c.encode(n, forKey: .n)
            try c.encode(itemMean, forKey: .itemMean)
        }

        /// True when the instrument's score and psych's item mean differ (shown side by side).
        public var differsFromItemMean: Bool {
            metric != "item-mean" && (mean != itemMean.mean || sd != itemMean.sd)
        }
    }
    public struct AlphaIfDropped: Sendable, Hashable, Codable {
        public var raw: Double?
        public var standardized: Double?
        public var g6: Double?
        public var averageR: Double?
        public var signalToNoise: Double?
        public var ase: Double?
        public var varR: Double?
        public var medianR: Double?
    }
    public struct Item: Sendable, Hashable, Codable {
        public var id: String
        public var reversed: Bool
        public var n: Int
        public var mean: Double?
        public var sd: Double?
        public var rawR: Double?
        public var stdR: Double?
        public var rCor: Double?
        public var rDrop: Double?
        public var alphaIfDropped: AlphaIfDropped
        /// Proportion per declared category (key: the value as written on the grid, e.g.
        /// `"1"`, `"0.5"`) and `"missing"`.
        public var frequencies: [String: Double?]
    }

    public var id: String
    /// The scale's item ids, in scale order (not encoded: see `CodingKeys`).
    public var items: [String]
    public var reversed: [String]
    public var n: Counts
    public var alpha: Alpha
    public var omega: OmegaSummary?
    public var splitHalf: SplitHalfSummary?
    public var score: Score
    public var sem: Double?
    /// Item statistics of the analysed items (JSON key `items`).
    public var itemStatistics: [Item]
    /// psych `mlr` coefficients over clients × sessions × items (`--client`, `--session`);
    /// `null` otherwise.
    public var multilevel: MultilevelSummary?
    /// Scale-level findings (also collected at the report's top level; not encoded here).
    public var warnings: [ReportWarning]

    /// Issue 4 §6 names `items` twice (the scale's item ids, and the item statistics); the
    /// JSON key `items` holds the item objects, each with its `id` and `reversed`, in scale
    /// order. Items left out (zero variance) are listed under `excluded`.
    enum CodingKeys: String, CodingKey {
        case id, reversed, excluded, n, alpha, omega, splitHalf, score, sem, multilevel
        case itemStatistics = "items"
    }

    /// Item ids of the scale left out of the coefficients (zero variance).
    public var excluded: [String] {
        let analysed = Set(itemStatistics.map(\.id))
        return items.filter { !analysed.contains($0) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(reversed, forKey: .reversed)
        try c.encode(excluded, forKey: .excluded)
        try c.encode(n, forKey: .n)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(omega, forKey: .omega)
        try c.encode(splitHalf, forKey: .splitHalf)
        try c.encode(score, forKey: .score)
        try c.encode(sem, forKey: .sem)
        try c.encode(itemStatistics, forKey: .itemStatistics)
        if let multilevel { try c.encode(multilevel, forKey: .multilevel) } else { try c.encodeNil(forKey: .multilevel) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        reversed = try c.decode([String].self, forKey: .reversed)
        n = try c.decode(Counts.self, forKey: .n)
        alpha = try c.decode(Alpha.self, forKey: .alpha)
        omega = try c.decodeIfPresent(OmegaSummary.self, forKey: .omega)
        splitHalf = try c.decodeIfPresent(SplitHalfSummary.self, forKey: .splitHalf)
        score = try c.decode(Score.self, forKey: .score)
        sem = try c.decodeIfPresent(Double.self, forKey: .sem)
        itemStatistics = try c.decode([Item].self, forKey: .itemStatistics)
        multilevel = try c.decodeIfPresent(MultilevelSummary.self, forKey: .multilevel)
        let excluded = try c.decode([String].self, forKey: .excluded)
        items = itemStatistics.map(\.id) + excluded
        warnings = []
    }
}

/// `nil` for NaN and infinities (written as JSON `null`).
@inline(__always) func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

extension ScaleReliability {
    /// Builds a scale's section from the α analysis and, when given, ω, split-half and
    /// Guttman results computed on the same keyed items.
    public init(id: String, itemIDs: [String], alpha a: AlphaResult, omega: Omega? = nil,
                splitHalf: SplitHalf? = nil, guttman: Guttman? = nil, decimals: Int = 0) {
        self.id = id
        items = itemIDs
        reversed = a.reversed.indices.filter { a.reversed[$0] }.map { itemIDs[$0] }
        n = Counts(rows: a.n.rows, complete: a.n.complete, pairwiseMin: a.n.pairwiseMin,
                   pairwiseMax: a.n.pairwiseMax)
        let co = a.coefficients
        alpha = Alpha(raw: finite(co.raw), standardized: finite(co.standardized), g6: finite(co.g6),
                      averageR: finite(co.averageR), medianR: finite(co.medianR),
                      signalToNoise: finite(co.signalToNoise), ase: finite(a.ase),
                      ci: a.intervals.map {
                          Interval(method: $0.method, level: $0.level, lower: finite($0.lower),
                                   upper: finite($0.upper), n: $0.n)
                      })
        self.omega = omega.map {
            OmegaSummary(total: finite($0.total), totalModelImplied: finite($0.totalModelImplied),
                         loadings: $0.loadings.map(finite), method: $0.method)
        }
        self.splitHalf = splitHalf.map {
            SplitHalfSummary(max: finite($0.maximum), min: finite($0.minimum), mean: finite($0.mean),
                             lambda2: guttman.flatMap { finite($0.lambda2) },
                             lambda6: guttman.flatMap { finite($0.lambda6) },
                             splits: $0.splits, exhaustive: $0.exhaustive)
        }
        let itemMean = Score.ItemMean(mean: finite(a.scoreMean), sd: finite(a.scoreSD), sem: finite(a.sem), n: a.scoreN)
        score = Score(metric: "item-mean", mean: itemMean.mean, sd: itemMean.sd, sem: itemMean.sem, n: a.scoreN,
                      itemMean: itemMean)
        sem = finite(a.sem)
        let labels = a.categories.map { Self.label($0, decimals: decimals) }
        itemStatistics = a.items.map { it in
            let d = it.alphaIfDropped
            var freq = [String: Double?]()
            for (l, p) in zip(labels, it.frequencies) { freq[l] = finite(p) }
            freq["missing"] = finite(it.missing)
            return Item(id: itemIDs[it.index], reversed: it.reversed, n: it.n, mean: finite(it.mean),
                        sd: finite(it.sd), rawR: finite(it.rawR), stdR: finite(it.stdR),
                        rCor: finite(it.rCor), rDrop: finite(it.rDrop),
                        alphaIfDropped: AlphaIfDropped(
                            raw: finite(d.raw), standardized: finite(d.standardized), g6: finite(d.g6),
                            averageR: finite(d.averageR), signalToNoise: finite(d.signalToNoise),
                            ase: finite(it.aseIfDropped), varR: finite(d.varR), medianR: finite(d.medianR)),
                        frequencies: freq)
        }
        warnings = a.warnings.map {
            ReportWarning(scale: id, kind: $0.kind, items: $0.items.map { itemIDs[$0] }, message: $0.message)
        }
    }

    /// A category value as written on its grid: `"3"`, `"0.5"`, `"-1"`.
    static func label(_ v: Double, decimals: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let t = Int64((v * Double(scale)).rounded())
        if decimals == 0 { return String(t) }
        let neg = t < 0
        let a = neg ? -t : t
        var frac = String(a % scale)
        while frac.count < decimals { frac = "0" + frac }
        return (neg ? "-" : "") + String(a / scale) + "." + frac
    }
}

// MARK: - Non-finite numbers as null

/// Synthesized `Encodable` code calls `encodeIfPresent` for optional properties, which omits
/// the key for `nil`; the contract wants every key present, so optional doubles in this file
/// encode `nil` as `null`.
extension KeyedEncodingContainer {
    fileprivate mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
