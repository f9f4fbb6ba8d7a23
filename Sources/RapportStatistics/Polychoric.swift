#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Polychoric correlations as `psych::polychoric(x)` 2.2.9 (defaults `global = TRUE`,
/// `correct = 0.5`), from category counts (``PolychoricTables``).
///
/// ```
/// categories  the observed range over all items: global min … global max (psych shifts by the
///             global minimum and uses max − min + 1 values)
/// global      every item's observed maximum is the same → thresholds per item from its own
///             marginal: τᵢ = Φ⁻¹(cumulative proportion of item i's answers), first C − 1
///             otherwise (psych: "items do not have an equal number of response alternatives")
///             per pair: the pair table with empty rows and columns dropped, zero cells set to
///             0.5/N (the continuity correction) and thresholds from that table's margins
/// ρ           maximises Σ p_ab log P_ab(ρ) over the pair's table p (proportions of the pair's
///             N answered together), P_ab = bivariate normal mass of cell (a, b) between the
///             thresholds (``BivariateNormal``); psych's `optimize` on (−1, 1) (Brent, tolerance
///             ε^¼), reproduced step for step by ``brentMinimum``
/// ```
/// psych then smooths a non-positive-definite matrix (`cor.smooth`); Rapport reports it as it is
/// and says so (``isPositiveDefinite``).
public struct PolychoricMatrix: Sendable, Hashable {
    /// ρ (k × k, unit diagonal).
    public let rho: SymmetricMatrix
    /// Thresholds per item (global case; empty arrays otherwise), `C − 1` each.
    public let thresholds: [[Double]]
    /// psych's `global`: every item has the same observed maximum.
    public let global: Bool
    /// Pairs whose table needed the 0.5 correction (local case only).
    public let correctedPairs: Int
    /// Pairs with fewer than 2 categories on a side (ρ undefined, NaN).
    public let undefinedPairs: Int
    /// True when every eigenvalue of ρ is positive.
    public let isPositiveDefinite: Bool

    public init(_ t: PolychoricTables, correct: Double = 0.5) {
        let k = t.itemCount, c = t.categories.count
        // Observed category range over all items, and each item's observed maximum.
        var lo = c, hi = -1
        var itemMax = [Int](repeating: -1, count: k)
        for i in 0..<k {
            for a in 0..<c where t.marginal(i, a) > 0 {
                lo = min(lo, a); hi = max(hi, a); itemMax[i] = max(itemMax[i], a)
            }
        }
        let nv = hi >= lo ? hi - lo + 1 : 0
        global = Set(itemMax).count == 1
        var tau = [[Double]](repeating: [], count: k)
        if global && nv >= 2 {
            for i in 0..<k {
                let n = (lo...hi).reduce(0.0) { $0 + Double(t.marginal(i, $1)) }
                var cum = 0.0
                tau[i] = (lo..<hi).map { a in
                    cum += Double(t.marginal(i, a))
                    return NormalDistribution.quantile(cum / n)
                }
            }
        }
        thresholds = tau
        var r = SymmetricMatrix(count: k)
        var corrected = 0, undefined = 0
        for i in 0..<k {
            r[i, i] = 1
            for j in 0..<i {
                var tab = [[Double]](repeating: [Double](repeating: 0, count: nv), count: nv)
                for a in 0..<nv { for b in 0..<nv { tab[a][b] = Double(t.pair(j, i, lo + a, lo + b)) } }
                let est = Self.pair(tab, tauRow: global ? tau[j] : nil, tauColumn: global ? tau[i] : nil, correct: correct)
                if est.corrected { corrected += 1 }
                if est.rho.isNaN { undefined += 1 }
                r[i, j] = est.rho
            }
        }
        rho = r
        correctedPairs = corrected
        undefinedPairs = undefined
        isPositiveDefinite = !r.containsNaN && (r.eigen().values.min() ?? 0) > 0
    }

    /// psych's `polyc` for one pair: `tab[a][b]` counts (rows: first item). With thresholds
    /// (global) they are used as given; without, the local rule with the correction.
    public static func pair(_ counts: [[Double]], tauRow: [Double]?, tauColumn: [Double]?,
                            correct: Double = 0.5) -> (rho: Double, objective: Double, corrected: Bool) {
        let tot = counts.reduce(0) { $0 + $1.reduce(0, +) }
        guard tot > 0 else { return (.nan, .nan, false) }
        var tab = counts.map { $0.map { $0 / tot } }
        var rc: [Double], cc: [Double]
        var corrected = false
        if let tauRow, let tauColumn {
            rc = tauRow; cc = tauColumn
        } else {
            let rows = tab.indices.filter { a in tab[a].contains { $0 != 0 } }
            let cols = (0..<(tab.first?.count ?? 0)).filter { b in tab.contains { $0[b] != 0 } }
            tab = rows.map { a in cols.map { tab[a][$0] } }
            if correct > 0, tab.contains(where: { $0.contains(0) }) {
                corrected = true
                tab = tab.map { $0.map { $0 == 0 ? correct / tot : $0 } }
            }
            guard rows.count >= 2, cols.count >= 2 else { return (.nan, .nan, corrected) }
            var cum = 0.0
            rc = tab.dropLast().map { row in cum += row.reduce(0, +); return NormalDistribution.quantile(cum) }
            cum = 0
            cc = (0..<(cols.count - 1)).map { b in cum += tab.reduce(0) { $0 + $1[b] }; return NormalDistribution.quantile(cum) }
        }
        let rowCuts = [-Double.infinity] + rc + [.infinity]
        let colCuts = [-Double.infinity] + cc + [.infinity]
        func objective(_ rho: Double) -> Double {
            var f = 0.0
            for a in 0..<(rowCuts.count - 1) {
                for b in 0..<(colCuts.count - 1) where tab[a][b] != 0 {
                    let p = BivariateNormal.rectangle(x: rowCuts[a], rowCuts[a + 1], y: colCuts[b], colCuts[b + 1], rho: rho)
                    if p > 0 { let l = log(p); if l.isFinite { f -= tab[a][b] * l } }
                }
            }
            return f
        }
        let x = brentMinimum(-1, 1, tolerance: pow(Double.ulpOfOne, 0.25), objective)
        return (x, objective(x), corrected)
    }

    /// R's `optimize` (`Brent_fmin` in src/library/stats/src/optimize.c), step for step.
    public static func brentMinimum(_ ax: Double, _ bx: Double, tolerance tol: Double,
                                    _ f: (Double) -> Double) -> Double {
        let c = (3 - 5.0.squareRoot()) * 0.5
        let eps = Double.ulpOfOne.squareRoot()
        var a = ax, b = bx
        var v = a + c * (b - a), w = v, x = v
        var d = 0.0, e = 0.0
        var fx = f(x), fv = fx, fw = fx
        let tol3 = tol / 3
        while true {
            let xm = (a + b) * 0.5
            let tol1 = eps * abs(x) + tol3
            let t2 = tol1 * 2
            if abs(x - xm) <= t2 - (b - a) * 0.5 { break }
            var p = 0.0, q = 0.0, r = 0.0
            if abs(e) > tol1 {
                r = (x - w) * (fx - fv)
                q = (x - v) * (fx - fw)
                p = (x - v) * q - (x - w) * r
                q = (q - r) * 2
                if q > 0 { p = -p } else { q = -q }
                r = e
                e = d
            }
            if abs(p) >= abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x) {
                e = x < xm ? b - x : a - x
                d = c * e
            } else {
                d = p / q
                let u = x + d
                if u - a < t2 || b - u < t2 { d = x >= xm ? -tol1 : tol1 }
            }
            let u = abs(d) >= tol1 ? x + d : (d > 0 ? x + tol1 : x - tol1)
            let fu = f(u)
            if fu <= fx {
                if u < x { b = x } else { a = x }
                v = w; w = x; x = u
                fv = fw; fw = fx; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; fv = fw
                    w = u; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            }
        }
        return x
    }
}

/// Category counts for polychoric correlations, accumulated beside ``ScaleMoments``: each
/// item's answers per declared category, and each pair's cross-table over the rows answering
/// both. Counts are integers (exact merge, any chunking). Values off the declared grid are
/// counted in ``offGrid`` and left out.
public struct PolychoricTables: Sendable, Codable, Equatable {
    public let itemCount: Int
    public let categories: [Double]
    public let decimals: Int
    private var marginals: [Int64]
    private var pairs: [Int64]
    public private(set) var offGrid: Int64 = 0

    public init(itemCount: Int, categories: [Double], decimals: Int) {
        self.itemCount = itemCount
        self.categories = categories
        self.decimals = decimals
        let c = categories.count
        marginals = [Int64](repeating: 0, count: itemCount * c)
        pairs = [Int64](repeating: 0, count: itemCount * (itemCount - 1) / 2 * c * c)
    }

    @inline(__always) private func pairBase(_ i: Int, _ j: Int) -> Int {
        // i < j; pairs in order (0,1), (0,2), (1,2), (0,3), … : index j(j−1)/2 + i.
        (j * (j - 1) / 2 + i) * categories.count * categories.count
    }

    /// Answers of item `i` in category `a`.
    public func marginal(_ i: Int, _ a: Int) -> Int64 { marginals[i * categories.count + a] }

    /// Rows answering item `i` in category `a` and item `j` in category `b` (`i < j`).
    public func pair(_ i: Int, _ j: Int, _ a: Int, _ b: Int) -> Int64 {
        pairs[pairBase(i, j) + a * categories.count + b]
    }

    /// Adds `rowCount` rows of `values` (row-major, stride `rowStride`, the scale's items at
    /// `offsets`; NaN = missing).
    public mutating func add(values: UnsafeBufferPointer<Double>, rowCount: Int, rowStride: Int, offsets: [Int]) {
        let c = categories.count
        var p = 1.0
        for _ in 0..<decimals { p *= 10 }
        var lookup: [Int64: Int] = [:]
        for (a, v) in categories.enumerated() { lookup[Int64((v * p).rounded())] = a }
        var idx = [Int](repeating: -1, count: itemCount)
        for r in 0..<rowCount {
            let base = r * rowStride
            for (i, o) in offsets.enumerated() {
                let x = values[base + o]
                if x.isNaN { idx[i] = -1; continue }
                let scaled = (x * p).rounded()
                if abs(x * p - scaled) > 1e-6 || abs(scaled) > 9e15 { idx[i] = -1; offGrid += 1; continue }
                guard let a = lookup[Int64(scaled)] else { idx[i] = -1; offGrid += 1; continue }
                idx[i] = a
                marginals[i * c + a] += 1
            }
            for j in 1..<max(itemCount, 1) where idx[j] >= 0 {
                for i in 0..<j where idx[i] >= 0 {
                    pairs[pairBase(i, j) + idx[i] * c + idx[j]] += 1
                }
            }
        }
    }

    public mutating func merge(_ other: PolychoricTables) {
        for i in marginals.indices { marginals[i] += other.marginals[i] }
        for i in pairs.indices { pairs[i] += other.pairs[i] }
        offGrid += other.offGrid
    }
}
