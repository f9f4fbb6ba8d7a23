#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The N behind a scale's statistics.
public struct SampleSizes: Sendable, Hashable, Codable {
    /// All rows read (including rows with no answer to this scale).
    public var rows: Int
    /// Rows with every item answered.
    public var complete: Int
    /// Smallest and largest pairwise count `n_ij` over item pairs.
    public var pairwiseMin: Int
    public var pairwiseMax: Int
}

/// A confidence interval for a coefficient and the N it used.
public struct ConfidenceInterval: Sendable, Hashable, Codable {
    /// `bootstrap`: the percentile bootstrap interval; `bca`: bias-corrected and accelerated.
    public enum Method: String, Sendable, Hashable, Codable { case feldt, duhachek, bootstrap, bca }
    public var method: Method
    public var level: Double
    public var lower: Double
    public var upper: Double
    public var n: Int

    public init(method: Method, level: Double, lower: Double, upper: Double, n: Int) {
        self.method = method
        self.level = level
        self.lower = lower
        self.upper = upper
        self.n = n
    }

    /// Feldt's interval (psych `alpha.ci`, df₂ = (n−1)(k−1) since psych 2.2.3):
    /// ```
    /// lower = 1 − (1−α)·F⁻¹(1 − p/2; n−1, (n−1)(k−1))
    /// upper = 1 − (1−α)·F⁻¹(p/2;     n−1, (n−1)(k−1))     p = 1 − level
    /// ```
    public static func feldt(alpha: Double, n: Int, items k: Int, level: Double) -> ConfidenceInterval {
        let p = 1 - level
        let f = FDistribution(df1: Double(n - 1), df2: Double(n - 1) * Double(k - 1))
        return ConfidenceInterval(method: .feldt, level: level,
                                  lower: 1 - (1 - alpha) * f.quantile(1 - p / 2),
                                  upper: 1 - (1 - alpha) * f.quantile(p / 2), n: n)
    }

    /// Duhachek & Iacobucci's normal interval `α ± z₁₋ₚ/₂ · ase`. psych prints it with
    /// z = 1.96 at 95% only (`quantile: .psych`); Rapport uses the exact normal quantile at
    /// any level by default.
    public static func duhachek(alpha: Double, ase: Double, n: Int, level: Double,
                                quantile: DuhachekQuantile = .exact) -> ConfidenceInterval {
        let z = quantile == .psych ? 1.96 : NormalDistribution.quantile(1 - (1 - level) / 2)
        return ConfidenceInterval(method: .duhachek, level: level,
                                  lower: alpha - z * ase, upper: alpha + z * ase, n: n)
    }
}

/// Item statistics of psych's `item.stats` and `alpha.drop` for one item.
public struct AlphaItemStatistics: Sendable, Hashable, Codable {
    /// Index of the item in the scale's moments.
    public var index: Int
    public var reversed: Bool
    /// Answers (pairwise) or complete rows (listwise).
    public var n: Int
    /// Mean and SD of the keyed item.
    public var mean: Double
    public var sd: Double
    /// `cor(item, person score)` (score = mean of available keyed items).
    public var rawR: Double
    /// `colSums(R)/√ΣR`.
    public var stdR: Double
    /// As `stdR` with diag(R) replaced by the SMCs.
    public var rCor: Double
    /// Item against the sum of the other items: `(ΣC_i· − C_ii)/√(C_ii · ΣC₋ᵢ₋ᵢ)`.
    public var rDrop: Double
    /// α family of the scale without this item; `ase` with the same N as the scale's.
    public var alphaIfDropped: AlphaCoefficients
    public var aseIfDropped: Double
    /// Proportion of answers per declared category (raw, unreversed values).
    public var frequencies: [Double]
    /// Proportion missing (of all rows; 0 under listwise).
    public var missing: Double
}

/// Findings psych users rely on, without participant data.
public struct ReliabilityWarning: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case zeroVariance = "zero-variance"
        case fewerThanThreeItems = "fewer-than-three-items"
        case tooFewCompleteCases = "too-few-complete-cases"
        case probablyMisKeyed = "probably-mis-keyed"
        case pairNeverObserved = "pair-never-observed"
        case offGridValues = "off-grid-values"
        case omegaNotConverged = "omega-not-converged"
        /// ω of a 2-item scale: psych's number (Spearman–Brown of r), fragile.
        case twoItemOmega = "two-item-omega"
        /// A keyed item loads negatively on the (general) factor; ω sums it as keyed.
        case negativeLoading = "negative-loading"
        /// ω hierarchical was asked for but the scale cannot carry that many group factors.
        case omegaHierarchicalSkipped = "omega-hierarchical-skipped"
        /// Polychoric: psych's local thresholds with the continuity correction were needed.
        case polychoricLocal = "polychoric-local-thresholds"
        /// Polychoric matrix not positive definite, or a pair undefined.
        case polychoricNotPositiveDefinite = "polychoric-not-positive-definite"
    }
    public var kind: Kind
    /// Item indices concerned (empty for scale-level findings).
    public var items: [Int]
    public var message: String

    public init(kind: Kind, items: [Int] = [], message: String) {
        self.kind = kind
        self.items = items
        self.message = message
    }
}

/// Everything `psych::alpha` reports for one scale.
public struct AlphaResult: Sendable, Hashable, Codable {
    public var options: AlphaOptions
    public var n: SampleSizes
    /// Items analysed (indices into the moments); zero-variance items are left out, as psych.
    public var analysedItems: [Int]
    /// Reverse keys of all the scale's items (as in the moments).
    public var reversed: [Bool]
    public var coefficients: AlphaCoefficients
    /// `√(Q/n)`, with n = ``aseN``.
    public var ase: Double
    public var aseN: Int
    public var intervals: [ConfidenceInterval]
    /// Person score (mean of available keyed items): mean, SD, and rows behind them.
    public var scoreMean: Double
    public var scoreSD: Double
    public var scoreN: Int
    /// Standard error of measurement of the mean score: `SD · √(1 − raw α)`.
    public var sem: Double
    /// The reverse-keying constant used (`min + max`) and where it came from.
    public var reversalConstant: Double
    public var items: [AlphaItemStatistics]
    /// The declared categories the frequencies refer to.
    public var categories: [Double]
    public var warnings: [ReliabilityWarning]
}

/// `psych::alpha` from ``ScaleMoments``.
///
/// Conventions (defaults = psych 2.2.9; `docs/reliability-conventions.md` compares peers):
/// - pairwise: `C = cov(x, use="pairwise")`, `R = cov2cor(C)`; listwise: the same on complete
///   rows only, every statistic included (= `alpha(na.omit(x))`).
/// - reverse keying `min + max − x`, observed (psych) or declared range; C is keyed by signs.
/// - `ase` and the intervals use ``IntervalSampleSize`` (psych: all rows).
/// - zero-variance items are left out with a warning (psych `delete=TRUE`); they still enter
///   the person score as answered.
public enum AlphaAnalysis {
    /// - Parameters:
    ///   - m: the scale's moments.
    ///   - options: conventions (defaults = psych).
    ///   - itemIDs: names used in warning messages (default "item 1", "item 2", …).
    public static func analyze(_ m: ScaleMoments, options: AlphaOptions = AlphaOptions(),
                               itemIDs: [String]? = nil) -> AlphaResult {
        let k = m.itemCount
        let ids = itemIDs ?? (1...k).map { "item \($0)" }
        precondition(ids.count == k, "one id per item")
        let policy = options.missing
        var warnings = [ReliabilityWarning]()
        let pr = m.pairwiseCountRange
        let sizes = SampleSizes(rows: Int(m.rows), complete: Int(m.completeRows),
                                pairwiseMin: Int(pr.min), pairwiseMax: Int(pr.max))
        // Reversal constant.
        let c: Double
        switch options.reverseKeying {
        case .observed:
            if let r = m.observedRange(policy) { c = r.min + r.max } else { c = .nan }
        case .declared:
            c = (m.categories.first ?? .nan) + (m.categories.last ?? .nan)
        }
        let signs = m.reversed.map { $0 ? -1.0 : 1.0 }
        let cov = m.covariance(policy)
        let full = SymmetricMatrix(count: k) { i, j in cov.covariance[i * k + j] }.keyed(by: signs)
        // Zero-variance items.
        var keep = [Int]()
        for i in 0..<k {
            if full[i, i] > 0 { keep.append(i) } else {
                warnings.append(ReliabilityWarning(kind: .zeroVariance, items: [i],
                    message: "\(ids[i]) has no variance and was left out of the coefficients (it still counts in the score)"))
            }
        }
        let nAnalysed = keep.count
        if k < 3 {
            warnings.append(ReliabilityWarning(kind: .fewerThanThreeItems,
                message: "scale has \(k) item\(k == 1 ? "" : "s"); α needs at least 3 to be informative"))
        }
        if m.completeRows < Int64(k + 1) {
            warnings.append(ReliabilityWarning(kind: .tooFewCompleteCases,
                message: "only \(m.completeRows) complete rows for \(k) items (need at least \(k + 1))"
                    + (policy == .listwise ? "; listwise coefficients are undefined" : "")))
        }
        for i in keep { for j in keep where j > i && cov.counts[i * k + j] < 2 {
            warnings.append(ReliabilityWarning(kind: .pairNeverObserved, items: [i, j],
                message: "\(ids[i]) and \(ids[j]) are answered together in fewer than 2 rows; their covariance is undefined"))
        } }
        for i in 0..<k where m.offGridCount(item: i) > 0 {
            warnings.append(ReliabilityWarning(kind: .offGridValues, items: [i],
                message: "\(ids[i]): \(m.offGridCount(item: i)) answers are not on the declared grid and are not counted in the frequencies"))
        }
        // psych warns when items load negatively on the first principal component of
        // cor(x, use = "pairwise"). Rapport tests the *keyed* items, so a declared key that
        // is wrong is caught too (with no keys this is psych's test).
        if keep.count >= 2 {
            let cor = m.correlation(policy)
            let keyedCor = SymmetricMatrix(count: keep.count) { a, b in
                signs[keep[a]] * cor[keep[a] * k + keep[b]] * signs[keep[b]]
            }
            if let pc = FirstPrincipalComponent(keyedCor), !pc.negativeItems.isEmpty {
                let bad = pc.negativeItems.map { keep[$0] }
                warnings.append(ReliabilityWarning(kind: .probablyMisKeyed, items: bad,
                    message: "\(bad.map { ids[$0] }.joined(separator: ", ")) correlate\(bad.count == 1 ? "s" : "") negatively with the first principal component of the keyed items and probably should be reversed"))
            }
        }
        let cK = full.submatrix(keep)
        let total = AlphaCoefficients(covariance: cK)
        let rK = cK.correlation()
        // N for ase and intervals.
        let analysedRows = policy == .listwise ? Int(m.completeRows) : Int(m.rows)
        let ciN: Int
        switch options.intervalSampleSize {
        case .allRows: ciN = analysedRows
        case .completeCases: ciN = Int(m.completeRows)
        case .pairwiseMinimum: ciN = policy == .listwise ? Int(m.completeRows) : Int(pr.min)
        }
        let ase = (total.q / Double(ciN)).squareRoot()
        let intervals = [
            ConfidenceInterval.feldt(alpha: total.raw, n: ciN, items: nAnalysed, level: options.confidenceLevel),
            ConfidenceInterval.duhachek(alpha: total.raw, ase: ase, n: ciN, level: options.confidenceLevel,
                                        quantile: options.duhachekQuantile),
        ]
        // Scores.
        let ss = m.scoreSummary(policy, reversalConstant: c.isNaN ? 0 : c)
        let scoreMean = ss.sumT / ss.n
        let scoreSD = ((ss.sumTT - ss.sumT * ss.sumT / ss.n) / (ss.n - 1)).squareRoot()
        // Item-level.
        let smc = rK.squaredMultipleCorrelations()
        let sumR = rK.sum
        let rc = rK.replacingDiagonal(with: smc)
        let sumRC = rc.sum
        let colR = rK.rowSums, colRC = rc.rowSums, colC = cK.rowSums
        let sumC = cK.sum
        var items = [AlphaItemStatistics]()
        for (a, i) in keep.enumerated() {
            let dropped: AlphaCoefficients
            if nAnalysed > 2 {
                dropped = AlphaCoefficients(covariance: cK.removing(a))
            } else if nAnalysed == 2 {
                // psych's k = 2 special case: c(C12/C_other, R12, smc(R)[1], R12, R12/(1−R12), NA, 0, R12).
                let other = 1 - a
                let r12 = rK[0, 1]
                dropped = AlphaCoefficients(raw: cK[0, 1] / cK[other, other], standardized: r12,
                                            g6: smc[0], averageR: r12, medianR: r12, varR: 0,
                                            signalToNoise: r12 / (1 - r12), q: .nan)
            } else {
                dropped = AlphaCoefficients(raw: .nan, standardized: .nan, g6: .nan, averageR: .nan,
                                            medianR: .nan, varR: .nan, signalToNoise: .nan, q: .nan)
            }
            let aseDrop = ciN > nAnalysed ? (dropped.q / Double(ciN)).squareRoot() : .nan
            // raw.r = s_i · cor(T, x_i) over rows where the item is answered.
            let n = ss.itemN[i]
            let num = n * ss.sxt[i] - ss.sx[i] * ss.st[i]
            let vx = n * ss.sxx[i] - ss.sx[i] * ss.sx[i]
            let vt = n * ss.stt[i] - ss.st[i] * ss.st[i]
            let rawR = signs[i] * num / (vx * vt).squareRoot()
            let vDrop = sumC - 2 * colC[a] + cK[a, a]
            let rDrop = (colC[a] - cK[a, a]) / (cK[a, a] * vDrop).squareRoot()
            let rawMean = cov.means[i]
            let mean = m.reversed[i] ? c - rawMean : rawMean
            let nItem = policy == .pairwise ? Double(m.answeredCounts[i]) : Double(m.completeRows)
            let freq = m.categoryCounts(item: i, policy).map { Double($0) / nItem }
            let rowsForMissing = Double(analysedRows)
            items.append(AlphaItemStatistics(
                index: i, reversed: m.reversed[i], n: Int(nItem), mean: mean,
                sd: cK[a, a].squareRoot(), rawR: rawR, stdR: colR[a] / sumR.squareRoot(),
                rCor: colRC[a] / sumRC.squareRoot(), rDrop: rDrop, alphaIfDropped: dropped,
                aseIfDropped: aseDrop, frequencies: freq, missing: 1 - nItem / rowsForMissing))
        }
        return AlphaResult(options: options, n: sizes, analysedItems: keep, reversed: m.reversed, coefficients: total,
                           ase: ase, aseN: ciN, intervals: intervals, scoreMean: scoreMean,
                           scoreSD: scoreSD, scoreN: Int(ss.n),
                           sem: scoreSD * (1 - total.raw).squareRoot(), reversalConstant: c,
                           items: items, categories: m.categories, warnings: warnings)
    }
}
