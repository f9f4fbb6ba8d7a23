/// The intraclass correlation of units nested in groups — clients within therapists — from
/// an unbalanced one-way ANOVA, and the Spearman–Brown reliability of a group mean.
///
/// With `g` groups of sizes `nᵢ` (`N = Σnᵢ`), group means `ȳᵢ`, grand mean `ȳ`:
/// ```
/// MSB = Σᵢ nᵢ (ȳᵢ − ȳ)² / (g − 1)          MSW = Σᵢ Σⱼ (y_ij − ȳᵢ)² / (N − g)
/// F   = MSB / MSW on (g − 1, N − g) df
/// ICC(1) = (MSB − MSW) / (MSB + (n* − 1) MSW)
///   n* = n₀ = (N − Σnᵢ²/N) / (g − 1)   (``GroupSize/adjusted``: the ANOVA estimator of the
///                                       between-group variance share; Searle / Snedecor)
///   n* = N / g                          (``GroupSize/mean``: Bliese's `multilevel::ICC1`)
/// ICC(2) = (MSB − MSW) / MSB            (`multilevel::ICC2`: reliability of a group mean at n*)
/// Spearman–Brown for a group of m units: ρ_m = m·ICC(1) / (1 + (m − 1)·ICC(1))
/// ```
/// With equal group sizes both `n*` agree and ICC(1) equals `psych::ICC`'s ICC1 of the
/// `g × n` table. ICC(1) can be negative (less between-group variance than chance); it is
/// reported as is, never truncated. A therapist ranking is only as reliable as ρ_m for the
/// therapist's caseload `m`, which is why the audit reports it per therapist.
public struct ICCOneWay: Sendable, Hashable {
    /// Which group size enters ICC(1).
    public enum GroupSize: String, Sendable, Hashable, Codable {
        /// Searle's `n₀ = (N − Σnᵢ²/N)/(g − 1)` (default).
        case adjusted
        /// The mean group size `N/g`, as `multilevel::ICC1`.
        case mean
    }

    public let icc1: Double
    /// `(MSB − MSW)/MSB`, the reliability of a group mean at ``groupSize``.
    public let icc2: Double
    public let meanSquareBetween: Double
    public let meanSquareWithin: Double
    public let f: Double
    public let df1: Double
    public let df2: Double
    /// Upper-tail p of ``f``.
    public let p: Double
    /// `n*` used in ICC(1).
    public let groupSize: Double
    public let groupSizeConvention: GroupSize
    /// `g`, groups with at least one unit.
    public let groups: Int
    /// `N`, units.
    public let units: Int

    /// Why no ICC could be computed (no identifiers in messages).
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case tooFewGroups(Int)
        case noWithinGroupReplication
        case nonFiniteValue(group: Int, index: Int)

        public var description: String {
            switch self {
            case let .tooFewGroups(g): return "ICC(1) needs at least 2 groups with data; found \(g)"
            case .noWithinGroupReplication: return "ICC(1) needs at least one group with 2 or more units"
            case let .nonFiniteValue(group, index):
                return "group \(group), unit \(index): value is not a finite number"
            }
        }
    }

    /// ICC(1) of `groups` (each inner array = the units of one group; empty groups are skipped).
    public init(groups: [[Double]], groupSize convention: GroupSize = .adjusted) throws {
        for (gi, group) in groups.enumerated() {
            if let j = group.firstIndex(where: { !$0.isFinite }) {
                throw Failure.nonFiniteValue(group: gi + 1, index: j + 1)
            }
        }
        let used = groups.filter { !$0.isEmpty }
        let g = used.count
        guard g >= 2 else { throw Failure.tooFewGroups(g) }
        let n = used.reduce(0) { $0 + $1.count }
        guard n > g else { throw Failure.noWithinGroupReplication }
        let nd = Double(n), gd = Double(g)
        var grand = 0.0
        for group in used { for y in group { grand += y } }
        grand /= nd
        var ssb = 0.0, ssw = 0.0, sumSquares = 0.0
        for group in used {
            let m = Double(group.count)
            var mean = 0.0
            for y in group { mean += y }
            mean /= m
            ssb += m * (mean - grand) * (mean - grand)
            for y in group { ssw += (y - mean) * (y - mean) }
            sumSquares += m * m
        }
        df1 = gd - 1
        df2 = nd - gd
        meanSquareBetween = ssb / df1
        meanSquareWithin = ssw / df2
        f = meanSquareBetween / meanSquareWithin
        p = FDistribution(df1: df1, df2: df2).tails(f).upper
        switch convention {
        case .adjusted: groupSize = (nd - sumSquares / nd) / (gd - 1)
        case .mean: groupSize = nd / gd
        }
        groupSizeConvention = convention
        icc1 = (meanSquareBetween - meanSquareWithin)
            / (meanSquareBetween + (groupSize - 1) * meanSquareWithin)
        icc2 = (meanSquareBetween - meanSquareWithin) / meanSquareBetween
        self.groups = g
        units = n
    }

    /// Spearman–Brown reliability of a mean over `count` units: `m·ρ / (1 + (m − 1)·ρ)`.
    public static func spearmanBrown(_ reliability: Double, count m: Double) -> Double {
        m * reliability / (1 + (m - 1) * reliability)
    }

    /// The reliability of one group's mean when it has `count` units (Spearman–Brown of ICC(1)).
    public func meanReliability(count m: Int) -> Double {
        Self.spearmanBrown(icc1, count: Double(m))
    }
}
