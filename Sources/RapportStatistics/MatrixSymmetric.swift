/// A dense symmetric `k × k` matrix of `Double` (a covariance or correlation matrix).
///
/// Stored in full row-major order; every mutation through the subscript writes both
/// `(i, j)` and `(j, i)`, so the matrix is exactly symmetric at all times. Built from
/// `[[Double]]` by mirroring the lower triangle (the upper one is ignored), which is also
/// what R's `cov2cor`/`eigen(symmetric = TRUE)` read.
///
/// Numerics follow the swift-numerics convention: no throwing, IEEE results (a NaN input
/// propagates to NaN outputs), and debug-only preconditions for shape errors.
public struct SymmetricMatrix: Sendable, Hashable {
    /// The order `k` of the matrix.
    public let count: Int
    @usableFromInline var storage: [Double]

    /// A `k × k` matrix filled with `value`.
    public init(count: Int, repeating value: Double = 0) {
        precondition(count >= 0, "matrix order must be non-negative")
        self.count = count
        self.storage = Array(repeating: value, count: count * count)
    }

    /// A matrix whose entry `(i, j)` for `i ≥ j` is `entry(i, j)`; the upper triangle mirrors it.
    public init(count: Int, entry: (Int, Int) -> Double) {
        self.init(count: count)
        for i in 0..<count {
            for j in 0...i {
                self[i, j] = entry(i, j)
            }
        }
    }

    /// A matrix from rows; the lower triangle (including the diagonal) is used.
    ///
    /// - Precondition: `rows` is square.
    public init(_ rows: [[Double]]) {
        let k = rows.count
        precondition(rows.allSatisfy { $0.count == k }, "SymmetricMatrix needs a square array")
        self.init(count: k) { i, j in rows[i][j] }
    }

    /// The identity matrix of order `count`.
    public static func identity(_ count: Int) -> SymmetricMatrix {
        SymmetricMatrix(count: count) { i, j in i == j ? 1 : 0 }
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i * count + j] }
        set {
            storage[i * count + j] = newValue
            storage[j * count + i] = newValue
        }
    }

    /// The rows as nested arrays (for JSON output and tests).
    public var rows: [[Double]] {
        (0..<count).map { i in Array(storage[(i * count)..<((i + 1) * count)]) }
    }

    /// The diagonal `[a₀₀, a₁₁, …]`.
    public var diagonal: [Double] { (0..<count).map { self[$0, $0] } }

    /// `tr A = Σᵢ aᵢᵢ`.
    public var trace: Double {
        var t = 0.0
        for i in 0..<count { t += self[i, i] }
        return t
    }

    /// `ΣA = Σᵢ Σⱼ aᵢⱼ`, the variance of the unit-weighted sum when `A` is a covariance matrix.
    ///
    /// Summed row by row in index order, so the result is the same on every platform.
    public var sum: Double {
        var s = 0.0
        for i in 0..<count {
            var row = 0.0
            for j in 0..<count { row += storage[i * count + j] }
            s += row
        }
        return s
    }

    /// Row sums `Σⱼ aᵢⱼ`.
    public var rowSums: [Double] {
        (0..<count).map { i in
            var s = 0.0
            for j in 0..<count { s += storage[i * count + j] }
            return s
        }
    }

    /// `Σ_{i≠j} aᵢⱼ²`, the sum of squared off-diagonal entries (Guttman's `C₂`).
    public var sumOfSquaredOffDiagonal: Double {
        var s = 0.0
        for i in 0..<count {
            for j in 0..<count where j != i {
                let a = storage[i * count + j]
                s += a * a
            }
        }
        return s
    }

    /// True when any entry is NaN (e.g. a pairwise correlation with no overlapping rows).
    public var containsNaN: Bool { storage.contains { $0.isNaN } }

    /// The correlation matrix `D^{-1/2} A D^{-1/2}`, `D = diag(A)` (R's `cov2cor`).
    ///
    /// ```
    /// rᵢⱼ = cᵢⱼ / √(cᵢᵢ · cⱼⱼ),   rᵢᵢ = 1
    /// ```
    /// A zero or negative variance gives NaN/∞ in that row and column, as in R.
    public func correlation() -> SymmetricMatrix {
        let s = diagonal.map { 1 / $0.squareRoot() }
        var r = SymmetricMatrix(count: count)
        for i in 0..<count {
            for j in 0..<i {
                r[i, j] = s[i] * self[i, j] * s[j]
            }
            // R's cov2cor sets the diagonal to exactly 1.
            r[i, i] = 1
        }
        return r
    }

    /// `K A K` with `K = diag(signs)`: the matrix after reversing the items whose sign is −1.
    public func keyed(by signs: [Double]) -> SymmetricMatrix {
        precondition(signs.count == count, "one sign per item")
        return SymmetricMatrix(count: count) { i, j in signs[i] * self[i, j] * signs[j] }
    }

    /// The principal submatrix on `indices` (in the given order).
    public func submatrix(_ indices: [Int]) -> SymmetricMatrix {
        SymmetricMatrix(count: indices.count) { i, j in self[indices[i], indices[j]] }
    }

    /// The matrix without row and column `index` (used for "if item dropped" statistics).
    public func removing(_ index: Int) -> SymmetricMatrix {
        submatrix((0..<count).filter { $0 != index })
    }

    /// `A · x`.
    public func multiplied(by x: [Double]) -> [Double] {
        precondition(x.count == count)
        return (0..<count).map { i in
            var s = 0.0
            for j in 0..<count { s += storage[i * count + j] * x[j] }
            return s
        }
    }

    /// `A` with the diagonal replaced by `d`.
    public func replacingDiagonal(with d: [Double]) -> SymmetricMatrix {
        precondition(d.count == count)
        var m = self
        for i in 0..<count { m.storage[i * count + i] = d[i] }
        return m
    }

    /// True when `|aᵢⱼ − bᵢⱼ| ≤ tolerance` for every entry.
    public func isApproximatelyEqual(to other: SymmetricMatrix, absoluteTolerance: Double) -> Bool {
        count == other.count && zip(storage, other.storage).allSatisfy { abs($0 - $1) <= absoluteTolerance }
    }
}
