/// The six intraclass correlations of Shrout & Fleiss (1979), as `psych::ICC`.
///
/// Ratings form an `n × k` table: `n` targets (rows: clients, sessions, transcripts) rated
/// by `k` raters (columns). From the two-way mean squares — targets `MSB`, raters `MSJ`,
/// residual `MSE`, within-target `MSW = (SSJ + SSE)/(dfJ + dfE)`:
/// ```
/// ICC1  = (MSB − MSW) / (MSB + (k−1) MSW)                      one-way random, single
/// ICC2  = (MSB − MSE) / (MSB + (k−1) MSE + k (MSJ − MSE) / n)  two-way random, single, absolute
/// ICC3  = (MSB − MSE) / (MSB + (k−1) MSE)                      two-way mixed, single, consistency
/// ICC1k = (MSB − MSW) / MSB                                    … average of k raters
/// ICC2k = (MSB − MSE) / (MSB + (MSJ − MSE) / n)
/// ICC3k = (MSB − MSE) / MSB
/// F₁ = MSB/MSW on (n−1, n(k−1)) df;  F₂ = F₃ = MSB/MSE on (n−1, (n−1)(k−1)) df
/// ```
/// Confidence bounds at level `1 − a` (psych ≥ 1.9.12, which fixed the level):
/// ```
/// ICC1: F_L = F₁ / q(1−a/2; n−1, n(k−1)),  F_U = F₁ · q(1−a/2; n(k−1), n−1),
///       bounds (F − 1)/(F + k − 1);  ICC1k: 1 − 1/F
/// ICC3: the same with F₃ and (n−1, (n−1)(k−1));  ICC3k: 1 − 1/F
/// ICC2: Satterthwaite df  v = (k−1)(n−1)(k·ICC2·F_J + n(1 + (k−1)ICC2) − k·ICC2)²
///                           / ((n−1) k² ICC2² F_J² + (n(1 + (k−1)ICC2) − k·ICC2)²),
///       F* = q(1−a/2; n−1, v), F** = q(1−a/2; v, n−1), F_J = MSJ/MSE,
///       L = n(MSB − F* MSE) / (F* (k MSJ + (kn − k − n) MSE) + n MSB),
///       U = n(F** MSB − MSE) / (k MSJ + (kn − k − n) MSE + n F** MSB);
///       ICC2k: L·k/(1 + L(k−1)), U·k/(1 + U(k−1))
/// ```
/// Two ways to obtain the mean squares (``Method``), both psych's; the default is psych's
/// default, ``Method/reml``:
/// - ``Method/anova`` — psych `ICC(x, lmer = FALSE)`: the balanced two-way ANOVA. It needs
///   complete rows, so **targets with any missing rating are dropped** (listwise by target;
///   psych itself stops with an error and asks for `na.omit`). ``targetsDropped`` says how many.
/// - ``Method/reml`` — psych's default `ICC(x)` (`lmer = TRUE`): REML variance components
///   of `rating ~ 1 + (1 | target) + (1 | rater)` over every observed cell, then
///   `MSB = k σ²_t + σ²_e`, `MSJ = n σ²_r + σ²_e`, `MSE = σ²_e`, `MSW = σ²_e + σ²_r`,
///   with `n` = **all targets, including incomplete ones**, and the balanced df above — psych's
///   convention, kept so the numbers match. With complete data and positive components this
///   equals ``Method/anova``; when ANOVA's rater component would be negative REML sets it
///   to 0 and the two differ. Rapport maximises the REML likelihood exactly (profiled over
///   σ²_e and the mean, Nelder–Mead on the two variance ratios, block elimination for the
///   `(n+k)` random effects; for a complete table with non-negative ANOVA components the
///   closed-form REML = ANOVA solution); lme4's optimiser stops earlier, so compare at ~1e-5.
///
/// `n` below 2 targets or `k` below 2 raters (after dropping) is an error.
public struct ICC: Sendable, Hashable {
    /// How the mean squares are estimated.
    public enum Method: String, Sendable, Hashable, Codable {
        /// Two-way ANOVA on complete targets (psych `lmer = FALSE`, after `na.omit`).
        case anova
        /// REML variance components on all observed cells (psych's default `lmer = TRUE`).
        case reml
    }

    /// One of the six forms.
    public struct Form: Sendable, Hashable {
        /// `"ICC1"`, `"ICC2"`, `"ICC3"`, `"ICC1k"`, `"ICC2k"`, `"ICC3k"`.
        public let name: String
        /// psych's row label, e.g. `"Single_random_raters"`.
        public let label: String
        public let value: Double
        public let f: Double
        public let df1: Double
        public let df2: Double
        /// Upper-tail p of `f` on `(df1, df2)`.
        public let p: Double
        public let lower: Double
        public let upper: Double
    }

    /// Mean squares used by the formulas.
    public struct MeanSquares: Sendable, Hashable {
        public let targets: Double   // MSB
        public let raters: Double    // MSJ
        public let error: Double     // MSE
        public let within: Double    // MSW
    }

    /// REML variance components (``Method/reml`` only).
    public struct VarianceComponents: Sendable, Hashable {
        public let target: Double
        public let rater: Double
        public let residual: Double
    }

    /// Why no ICC could be computed. Rows are 1-based table rows; no identifiers.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case raggedTable(row: Int, expected: Int, found: Int)
        case tooFewTargets(usable: Int)
        case tooFewRaters(Int)
        case nonFiniteRating(row: Int, column: Int)
        /// Long format: the same target–rater pair appears twice (1-based input records).
        case duplicateRating(firstRecord: Int, secondRecord: Int)
        /// Long format: the three columns have different lengths.
        case unequalColumns

        public var description: String {
            switch self {
            case let .duplicateRating(first, second):
                return "records \(first) and \(second) rate the same target by the same rater"
            case .unequalColumns:
                return "target, rater and value columns must have the same length"
            case let .raggedTable(row, expected, found):
                return "row \(row) has \(found) ratings, expected \(expected) (one per rater)"
            case let .tooFewTargets(usable):
                return "an ICC needs at least 2 rated targets; \(usable) usable"
            case let .tooFewRaters(k):
                return "an ICC needs at least 2 raters; found \(k)"
            case let .nonFiniteRating(row, column):
                return "row \(row), rater column \(column): rating is not a finite number"
            }
        }
    }

    /// ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k in psych's order.
    public let forms: [Form]
    public let method: Method
    /// Confidence level of the bounds (psych's `1 − alpha`).
    public let confidence: Double
    /// `n` used in the formulas (``Method/anova``: complete targets; ``Method/reml``: all rows).
    public let targets: Int
    /// `k`, the number of raters (columns).
    public let raters: Int
    /// Targets left out by listwise deletion (``Method/anova``; 0 for ``Method/reml``).
    public let targetsDropped: Int
    /// Missing cells in the input table.
    public let missingCells: Int
    public let meanSquares: MeanSquares
    public let varianceComponents: VarianceComponents?

    /// The form named `name` (`"ICC2"`, …).
    public subscript(name: String) -> Form? { forms.first { $0.name == name } }

    /// ICCs of `ratings` (`ratings[target][rater]`, `nil` = not rated).
    ///
    /// - Parameters:
    ///   - method: ``Method/reml`` (default, as psych's `ICC(x)`; all observed cells) or
    ///     ``Method/anova`` (psych `lmer = FALSE`, listwise by target).
    ///   - confidence: level of the bounds, e.g. 0.95 (psych `alpha = 0.05`).
    public init(ratings: [[Double?]], method: Method = .reml, confidence: Double = 0.95) throws {
        let k = ratings.first?.count ?? 0
        for (i, row) in ratings.enumerated() {
            if row.count != k { throw Failure.raggedTable(row: i + 1, expected: k, found: row.count) }
            for (j, x) in row.enumerated() where x.map({ !$0.isFinite }) ?? false {
                throw Failure.nonFiniteRating(row: i + 1, column: j + 1)
            }
        }
        guard k >= 2 else { throw Failure.tooFewRaters(k) }
        let missing = ratings.reduce(0) { $0 + $1.filter { $0 == nil }.count }
        let n: Int
        let ms: MeanSquares
        var components: VarianceComponents? = nil
        var dropped = 0
        switch method {
        case .anova:
            let complete = ratings.compactMap { row -> [Double]? in
                let values = row.compactMap { $0 }
                return values.count == k ? values : nil
            }
            dropped = ratings.count - complete.count
            guard complete.count >= 2 else { throw Failure.tooFewTargets(usable: complete.count) }
            n = complete.count
            ms = Self.anovaMeanSquares(complete)
        case .reml:
            let rated = ratings.filter { $0.contains { $0 != nil } }.count
            guard rated >= 2 else { throw Failure.tooFewTargets(usable: rated) }
            n = ratings.count
            let vc = Self.remlComponents(ratings, missingCells: missing)
            components = vc
            let e = vc.residual
            ms = MeanSquares(targets: Double(k) * vc.target + e, raters: Double(n) * vc.rater + e,
                             error: e, within: e + vc.rater)
        }
        self.method = method
        self.confidence = confidence
        targets = n
        raters = k
        targetsDropped = dropped
        missingCells = missing
        meanSquares = ms
        varianceComponents = components
        forms = Self.forms(ms, n: Double(n), k: Double(k), alpha: 1 - confidence)
    }

    /// REML components; for a complete table whose ANOVA components are non-negative the
    /// REML solution is known in closed form (it equals ANOVA), so it is used exactly.
    static func remlComponents(_ ratings: [[Double?]], missingCells: Int) -> VarianceComponents {
        if missingCells == 0 {
            let x = ratings.map { $0.map { $0! } }
            let ms = anovaMeanSquares(x)
            let n = Double(x.count), k = Double(x[0].count)
            let target = (ms.targets - ms.error) / k, rater = (ms.raters - ms.error) / n
            if target >= 0 && rater >= 0 {
                return VarianceComponents(target: target, rater: rater, residual: ms.error)
            }
        }
        return ICCRestrictedLikelihood(ratings: ratings).estimate()
    }

    /// The `n × k` table (`nil` = not rated) from long-format records: record `r` says rater
    /// `raters[r]` gave target `targets[r]` the value `values[r]`. Targets and raters are
    /// 0-based indices (the caller maps its IDs, which never enter errors); rows and columns
    /// run to the largest index seen. A repeated target–rater pair is an error, never averaged.
    public static func table(targets: [Int], raters: [Int], values: [Double]) throws -> [[Double?]] {
        guard targets.count == raters.count, raters.count == values.count else {
            throw Failure.unequalColumns
        }
        let n = (targets.max() ?? -1) + 1, k = (raters.max() ?? -1) + 1
        var table = [[Double?]](repeating: [Double?](repeating: nil, count: k), count: n)
        var seen = [Int: Int]()
        for r in targets.indices {
            let t = targets[r], j = raters[r]
            precondition(t >= 0 && j >= 0, "target and rater indices are 0-based")
            if let first = seen[t * k + j] {
                throw Failure.duplicateRating(firstRecord: first + 1, secondRecord: r + 1)
            }
            seen[t * k + j] = r
            table[t][j] = values[r]
        }
        return table
    }

    /// Two-way ANOVA mean squares of a complete `n × k` table.
    static func anovaMeanSquares(_ x: [[Double]]) -> MeanSquares {
        let n = x.count, k = x[0].count
        let nd = Double(n), kd = Double(k)
        var grand = 0.0
        var rowMeans = [Double](repeating: 0, count: n)
        var colMeans = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for j in 0..<k {
                rowMeans[i] += x[i][j]
                colMeans[j] += x[i][j]
                grand += x[i][j]
            }
        }
        grand /= nd * kd
        for i in 0..<n { rowMeans[i] /= kd }
        for j in 0..<k { colMeans[j] /= nd }
        var ssb = 0.0, ssj = 0.0, sse = 0.0
        for i in 0..<n { ssb += (rowMeans[i] - grand) * (rowMeans[i] - grand) }
        for j in 0..<k { ssj += (colMeans[j] - grand) * (colMeans[j] - grand) }
        ssb *= kd
        ssj *= nd
        for i in 0..<n {
            for j in 0..<k {
                let e = x[i][j] - rowMeans[i] - colMeans[j] + grand
                sse += e * e
            }
        }
        let dfB = nd - 1, dfJ = kd - 1, dfE = (nd - 1) * (kd - 1)
        return MeanSquares(targets: ssb / dfB, raters: ssj / dfJ, error: sse / dfE,
                           within: (ssj + sse) / (dfJ + dfE))
    }

    /// The six forms with F tests and bounds (psych's formulas, see the type documentation).
    static func forms(_ ms: MeanSquares, n: Double, k: Double, alpha: Double) -> [Form] {
        let msb = ms.targets, msw = ms.within, msj = ms.raters, mse = ms.error
        let icc1 = (msb - msw) / (msb + (k - 1) * msw)
        let icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
        let icc3 = (msb - mse) / (msb + (k - 1) * mse)
        let icc1k = (msb - msw) / msb
        let icc2k = (msb - mse) / (msb + (msj - mse) / n)
        let icc3k = (msb - mse) / msb
        let f11 = msb / msw, df11n = n - 1, df11d = n * (k - 1)
        let f21 = msb / mse, df21n = n - 1, df21d = (n - 1) * (k - 1)
        let p11 = FDistribution(df1: df11n, df2: df11d).tails(f11).upper
        let p21 = FDistribution(df1: df21n, df2: df21d).tails(f21).upper
        let q = 1 - alpha / 2
        let f1l = f11 / FDistribution(df1: df11n, df2: df11d).quantile(q)
        let f1u = f11 * FDistribution(df1: df11d, df2: df11n).quantile(q)
        let f3l = f21 / FDistribution(df1: df21n, df2: df21d).quantile(q)
        let f3u = f21 * FDistribution(df1: df21d, df2: df21n).quantile(q)
        let fj = msj / mse
        let vn = (k - 1) * (n - 1) * pow2(k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2)
        let vd = (n - 1) * k * k * icc2 * icc2 * fj * fj + pow2(n * (1 + (k - 1) * icc2) - k * icc2)
        let v = vn / vd
        let f2u = FDistribution(df1: n - 1, df2: v).quantile(q)
        let f2l = FDistribution(df1: v, df2: n - 1).quantile(q)
        let l2 = n * (msb - f2u * mse) / (f2u * (k * msj + (k * n - k - n) * mse) + n * msb)
        let u2 = n * (f2l * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f2l * msb)
        return [
            Form(name: "ICC1", label: "Single_raters_absolute", value: icc1, f: f11, df1: df11n,
                 df2: df11d, p: p11, lower: (f1l - 1) / (f1l + k - 1), upper: (f1u - 1) / (f1u + k - 1)),
            Form(name: "ICC2", label: "Single_random_raters", value: icc2, f: f21, df1: df21n,
                 df2: df21d, p: p21, lower: l2, upper: u2),
            Form(name: "ICC3", label: "Single_fixed_raters", value: icc3, f: f21, df1: df21n,
                 df2: df21d, p: p21, lower: (f3l - 1) / (f3l + k - 1), upper: (f3u - 1) / (f3u + k - 1)),
            Form(name: "ICC1k", label: "Average_raters_absolute", value: icc1k, f: f11, df1: df11n,
                 df2: df11d, p: p11, lower: 1 - 1 / f1l, upper: 1 - 1 / f1u),
            Form(name: "ICC2k", label: "Average_random_raters", value: icc2k, f: f21, df1: df21n,
                 df2: df21d, p: p21, lower: l2 * k / (1 + l2 * (k - 1)), upper: u2 * k / (1 + u2 * (k - 1))),
            Form(name: "ICC3k", label: "Average_fixed_raters", value: icc3k, f: f21, df1: df21n,
                 df2: df21d, p: p21, lower: 1 - 1 / f3l, upper: 1 - 1 / f3u),
        ]
    }
}

@inline(__always) private func pow2(_ x: Double) -> Double { x * x }
