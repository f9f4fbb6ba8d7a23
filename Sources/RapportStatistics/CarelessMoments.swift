/// First-pass sample moments for the screening indices that compare a person with the sample
/// (Mahalanobis D², person–total correlation): item means over answered cells and the
/// **pairwise-complete** covariance matrix, as R's `colMeans(x, na.rm = TRUE)` and
/// `cov(x, use = "pairwise")`.
///
/// ```
/// mean_i  = Σ x_i / n_i                               over rows answering i
/// cov_ij  = (Σ x_i x_j − Σ x_i · Σ x_j / n_ij) / (n_ij − 1)   over rows answering i and j
/// ```
/// Sums are plain `Double` sums; integer-coded answers (and answers on a 0.1 grid scaled by
/// the caller) keep them exact, so merging partial moments in chunk order gives the same value
/// at any thread count. Memory: six `k × k` arrays (upper triangle used).
public struct CarelessMoments: Sendable, Hashable {
    public let itemCount: Int
    var n: [Double]
    var sumI: [Double]
    var sumJ: [Double]
    var sumII: [Double]
    var sumJJ: [Double]
    var sumIJ: [Double]

    public init(itemCount: Int) {
        self.itemCount = itemCount
        let z = [Double](repeating: 0, count: itemCount * itemCount)
        n = z; sumI = z; sumJ = z; sumII = z; sumJJ = z; sumIJ = z
    }

    /// Adds one row (`.nan` = missing).
    public mutating func add(_ row: [Double]) {
        let k = itemCount
        precondition(row.count == k, "CarelessMoments.add: row has \(row.count) values, expected \(k)")
        for i in 0..<k {
            let xi = row[i]
            if xi.isNaN { continue }
            let base = i * k
            for j in i..<k {
                let xj = row[j]
                if xj.isNaN { continue }
                let p = base + j
                n[p] += 1
                sumI[p] += xi
                sumJ[p] += xj
                sumII[p] += xi * xi
                sumJJ[p] += xj * xj
                sumIJ[p] += xi * xj
            }
        }
    }

    /// Adds the moments of a later chunk (merge in chunk order for identical bytes).
    public mutating func merge(_ other: CarelessMoments) {
        precondition(other.itemCount == itemCount, "CarelessMoments.merge: item counts differ")
        for p in n.indices {
            n[p] += other.n[p]
            sumI[p] += other.sumI[p]
            sumJ[p] += other.sumJ[p]
            sumII[p] += other.sumII[p]
            sumJJ[p] += other.sumJJ[p]
            sumIJ[p] += other.sumIJ[p]
        }
    }

    /// Number of rows answering item `i`.
    public func count(_ i: Int) -> Int { Int(n[i * itemCount + i]) }

    /// Item means over answered cells (`.nan` for an item nobody answered).
    public var means: [Double] {
        (0..<itemCount).map { i in
            let p = i * itemCount + i
            return n[p] > 0 ? sumI[p] / n[p] : .nan
        }
    }

    /// Pairwise-complete covariance matrix, row-major `k × k`, divisor `n_ij − 1`
    /// (`.nan` where fewer than two rows answer both items).
    public var pairwiseCovariance: [Double] {
        let k = itemCount
        var out = [Double](repeating: .nan, count: k * k)
        for i in 0..<k {
            for j in i..<k {
                let p = i * k + j
                let m = n[p]
                guard m >= 2 else { continue }
                let c = (sumIJ[p] - sumI[p] * sumJ[p] / m) / (m - 1)
                out[p] = c
                out[j * k + i] = c
            }
        }
        return out
    }

    /// Inverse of ``pairwiseCovariance`` (row-major), or `nil` when it is not defined or
    /// numerically singular (a constant item, two items that always agree, too few rows).
    ///
    /// Gauss–Jordan elimination with partial pivoting, the method of R's `solve` (LAPACK
    /// `dgesv`, LU with partial pivoting); a pivot below `1e-12 ×` the largest diagonal
    /// element counts as singular.
    public func inverseCovariance() -> [Double]? {
        CarelessMoments.invert(pairwiseCovariance, size: itemCount)
    }

    static func invert(_ matrix: [Double], size k: Int) -> [Double]? {
        guard k > 0, !matrix.contains(where: { !$0.isFinite }) else { return nil }
        var a = matrix
        var inv = [Double](repeating: 0, count: k * k)
        for i in 0..<k { inv[i * k + i] = 1 }
        var scale = 0.0
        for i in 0..<k { scale = max(scale, abs(a[i * k + i])) }
        guard scale > 0 else { return nil }
        for col in 0..<k {
            var pivot = col
            for r in (col + 1)..<max(col + 1, k) where abs(a[r * k + col]) > abs(a[pivot * k + col]) {
                pivot = r
            }
            guard abs(a[pivot * k + col]) > 1e-12 * scale else { return nil }
            if pivot != col {
                for c in 0..<k {
                    a.swapAt(pivot * k + c, col * k + c)
                    inv.swapAt(pivot * k + c, col * k + c)
                }
            }
            let d = a[col * k + col]
            for c in 0..<k {
                a[col * k + c] /= d
                inv[col * k + c] /= d
            }
            for r in 0..<k where r != col {
                let f = a[r * k + col]
                if f == 0 { continue }
                for c in 0..<k {
                    a[r * k + c] -= f * a[col * k + c]
                    inv[r * k + c] -= f * inv[col * k + c]
                }
            }
        }
        return inv
    }
}
