/// Split-half reliabilities over many ways of cutting a scale in two, as `psych::splitHalf`.
///
/// For a split of the items into halves `A` and `B` (sizes ⌊k/2⌋ and ⌈k/2⌉), with `R` the
/// (standardized) item matrix:
/// ```
/// r_AB = Σ_{i∈A, j∈B} rᵢⱼ                      cross-half covariance
/// ρ(A) = 4 r_AB / ΣR = 2 (1 − (V_A + V_B) / V)   Guttman's λ₄ / Flanagan–Rulon for that split
/// maximum = max_A ρ(A)   (λ₄, "maxrb")
/// minimum = min_A ρ(A)   (β, Revelle's worst split, "minrb")
/// mean    = mean_A ρ(A)  ("meanr"; for all splits this equals α when k is even)
/// ```
/// Enumeration conventions (``Enumeration``):
/// - ``Enumeration/allDistinct(exhaustiveLimit:randomSplits:seed:)`` (Rapport's default):
///   every unordered split exactly once when `k ≤ exhaustiveLimit` (16) — `C(k, k/2)/2`
///   splits for even `k`, `C(k, ⌊k/2⌋)` for odd `k`; above the limit, `randomSplits`
///   random halves drawn with ``SeededGenerator`` (`exhaustive = false`).
/// - ``Enumeration/psych(randomSplits:seed:)``: psych's own order and count. psych walks the
///   size-⌊k/2⌋ subsets in lexicographic (`combn`) order and stops after
///   `count = round(choose(k, ⌊k/2⌋)) / 2` of them when `count ≤ 10000`. For even `k` that
///   is every split once; **for odd `k` it is only the first half of the distinct splits**
///   (so λ₄ can come out below standardized α), and when `count` is not whole
///   (k = 3, 7, 11, 15 …) psych evaluates `⌈count⌉` splits but divides their sum by
///   `count`. Rapport reproduces both quirks exactly in this mode. Above 10000 psych samples
///   with R's RNG, which cannot be matched; Rapport samples with ``SeededGenerator``.
///
/// psych first reverses items that load negatively on the first principal component
/// (`check.keys = TRUE`); here the caller passes an already keyed matrix and decides
/// (see ``FirstPrincipalComponent/negativeItems``). Input covariances are standardized
/// (`cov2cor`) like psych's default `covar = FALSE`. psych's `splitHalf` on raw data uses
/// `cov2cor(cov(x, use = "pairwise"))`.
public struct SplitHalf: Sendable, Hashable {
    /// How splits are enumerated.
    public enum Enumeration: Sendable, Hashable {
        /// Every distinct split up to `exhaustiveLimit` items, else `randomSplits` seeded random ones.
        case allDistinct(exhaustiveLimit: Int = 16, randomSplits: Int = 10_000, seed: UInt64 = 0)
        /// psych's enumeration order and count (see the type's documentation).
        case psych(randomSplits: Int = 10_000, seed: UInt64 = 0)

        /// Rapport's default: all distinct splits up to 16 items, 10000 seeded random above.
        public static let standard = Enumeration.allDistinct()

        /// The convention, without its parameters (the report's `options.splitHalf`).
        public var convention: Convention {
            switch self {
            case .allDistinct: .allDistinct
            case .psych: .psych
            }
        }
    }

    /// An enumeration convention by name, as the report's JSON writes it.
    public enum Convention: String, Sendable, Hashable, Codable {
        /// ``Enumeration/allDistinct(exhaustiveLimit:randomSplits:seed:)``.
        case allDistinct = "all-distinct"
        /// ``Enumeration/psych(randomSplits:seed:)``.
        case psych
    }

    /// λ₄: the largest split-half reliability.
    public let maximum: Double
    /// β: the smallest split-half reliability.
    public let minimum: Double
    /// The mean split-half reliability (psych's divisor in ``Enumeration/psych(randomSplits:seed:)`` mode).
    public let mean: Double
    /// Number of splits evaluated.
    public let splits: Int
    /// True when every split of the convention was evaluated (no random sampling).
    public let exhaustive: Bool
    /// Items of the smaller half of the best split (0-based, ascending).
    public let maximumHalf: [Int]
    /// Items of the smaller half of the worst split (0-based, ascending).
    public let minimumHalf: [Int]

    /// Split-half statistics of `matrix`; `nil` for fewer than 2 items or NaN entries.
    ///
    /// - Parameters:
    ///   - matrix: keyed covariance or correlation matrix of the items.
    ///   - enumeration: which splits (default ``Enumeration/standard``).
    ///   - standardize: use the correlation matrix (psych's default); `false` uses `matrix`
    ///     as is (psych's `covar = TRUE`).
    public init?(_ matrix: SymmetricMatrix, enumeration: Enumeration = .standard,
                 standardize: Bool = true) {
        let k = matrix.count
        guard k >= 2, !matrix.containsNaN else { return nil }
        let r = standardize ? matrix.correlation() : matrix
        guard !r.containsNaN else { return nil }
        let total = r.sum
        let rowSums = r.rowSums
        let m = k / 2

        var best = -Double.infinity, worst = Double.infinity, sum = 0.0
        var bestHalf: [Int] = [], worstHalf: [Int] = []
        var evaluated = 0
        func visit(_ half: [Int]) {
            let rho = Self.reliability(of: half, in: r, rowSums: rowSums, total: total)
            sum += rho
            evaluated += 1
            if rho > best { best = rho; bestHalf = half }
            if rho < worst { worst = rho; worstHalf = half }
        }

        let choose = Self.binomial(k, m)
        var divisor: Double
        switch enumeration {
        case let .allDistinct(limit, randomSplits, seed):
            if k <= limit {
                // Even k: the subsets containing item 0 are exactly one half of each split.
                let count = k % 2 == 0 ? choose / 2 : choose
                Self.forEachCombination(k, m, limit: count, visit)
                exhaustive = true
                divisor = Double(count)
            } else {
                Self.randomHalves(k, m, count: randomSplits, seed: seed, visit)
                exhaustive = false
                divisor = Double(randomSplits)
            }
        case let .psych(randomSplits, seed):
            let count = (Double(choose)).rounded(.toNearestOrAwayFromZero) / 2
            if count <= 10_000 {
                // psych's loop evaluates split 1, then i = 2, 3, … while i < count + 1.
                let n = Int((count + 1).rounded(.up)) - 1
                Self.forEachCombination(k, m, limit: max(n, 1), visit)
                exhaustive = true
                divisor = count
            } else {
                Self.randomHalves(k, m, count: randomSplits, seed: seed, visit)
                exhaustive = false
                divisor = Double(randomSplits)
            }
        }
        guard evaluated > 0 else { return nil }
        maximum = best
        minimum = worst
        mean = sum / divisor
        splits = evaluated
        maximumHalf = bestHalf
        minimumHalf = worstHalf
    }

    /// `4 r_AB / ΣR` for the split whose first half is `half`, with
    /// `r_AB = Σ_{i∈A} rowSumᵢ − Σ_{i,j∈A} rᵢⱼ`.
    static func reliability(of half: [Int], in r: SymmetricMatrix, rowSums: [Double],
                            total: Double) -> Double {
        var inA = 0.0
        var rows = 0.0
        for i in half {
            rows += rowSums[i]
            for j in half { inA += r[i, j] }
        }
        return 4 * (rows - inA) / total
    }

    /// `C(n, k)` as an integer (exact for the sizes used here; saturates at `Int.max`).
    static func binomial(_ n: Int, _ k: Int) -> Int {
        guard k >= 0, k <= n else { return 0 }
        let k = min(k, n - k)
        var c = 1
        for i in 0..<k {
            let (p, overflow) = c.multipliedReportingOverflow(by: n - i)
            if overflow { return Int.max }
            c = p / (i + 1)
        }
        return c
    }

    /// Visits the first `limit` size-`m` subsets of `0..<n` in lexicographic order.
    static func forEachCombination(_ n: Int, _ m: Int, limit: Int, _ body: ([Int]) -> Void) {
        var a = Array(0..<m)
        var visited = 0
        while visited < limit {
            body(a)
            visited += 1
            // Advance: rightmost position that can still move right.
            var i = m - 1
            while i >= 0 && a[i] == n - m + i { i -= 1 }
            if i < 0 { return }
            a[i] += 1
            for j in (i + 1)..<max(m, i + 1) { a[j] = a[j - 1] + 1 }
        }
    }

    /// Visits `count` random size-`m` subsets of `0..<n` (partial Fisher–Yates, seeded).
    static func randomHalves(_ n: Int, _ m: Int, count: Int, seed: UInt64, _ body: ([Int]) -> Void) {
        var g = SeededGenerator(seed: seed)
        var pool = Array(0..<n)
        for _ in 0..<count {
            for i in 0..<m {
                let j = i + g.nextInt(below: n - i)
                pool.swapAt(i, j)
            }
            body(pool[0..<m].sorted())
        }
    }
}
