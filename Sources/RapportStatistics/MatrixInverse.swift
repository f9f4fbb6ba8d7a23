/// Inverses of symmetric matrices: Cholesky for positive-definite ones, and psych's SVD
/// pseudo-inverse (`psych::Pinv`) for the rest.
extension SymmetricMatrix {
    /// The lower Cholesky factor `L` with `A = L Lᵀ`, row-major `k × k`, or `nil` when `A`
    /// is not (numerically) positive definite — a pivot `≤ 0` or NaN.
    public func choleskyFactor() -> [Double]? {
        let n = count
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = self[j, j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else { return nil }
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = self[i, j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        return l
    }

    /// `A⁻¹` by Cholesky, or `nil` when `A` is not positive definite (singular, indefinite
    /// or containing NaN). Use ``pseudoInverse(relativeTolerance:)`` for psych's fallback.
    public func choleskyInverse() -> SymmetricMatrix? {
        guard let l = choleskyFactor() else { return nil }
        let n = count
        // Invert L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
        var li = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            li[i * n + i] = 1 / l[i * n + i]
            for j in 0..<i {
                var s = 0.0
                for k in j..<i { s -= l[i * n + k] * li[k * n + j] }
                li[i * n + j] = s / l[i * n + i]
            }
        }
        return SymmetricMatrix(count: n) { i, j in
            var s = 0.0
            for k in i..<n { s += li[k * n + i] * li[k * n + j] }
            return s
        }
    }

    /// The Moore–Penrose pseudo-inverse exactly as `psych::Pinv` defines it.
    ///
    /// ```
    /// A = Σⱼ λⱼ vⱼ vⱼᵀ,   A⁺ = Σ_{j : |λⱼ| > tol · max|λ|} λⱼ⁻¹ vⱼ vⱼᵀ
    /// ```
    /// For a symmetric matrix the singular values are `|λⱼ|`, so this equals psych's
    /// `svd`-based formula with `tol = √ε ≈ 1.49e-8` (its default). For a well-conditioned
    /// matrix it equals `A⁻¹` to rounding.
    public func pseudoInverse(relativeTolerance: Double = Double.ulpOfOne.squareRoot()) -> SymmetricMatrix {
        let e = eigen()
        let n = count
        let largest = e.values.map(abs).max() ?? 0
        let cut = max(relativeTolerance * largest, 0)
        var out = SymmetricMatrix(count: n)
        for (j, lambda) in e.values.enumerated() where abs(lambda) > cut {
            let v = e.vectors[j]
            let w = 1 / lambda
            for r in 0..<n {
                for c in 0...r {
                    out.storage[r * n + c] += w * v[r] * v[c]
                }
            }
        }
        for r in 0..<n {
            for c in 0..<r { out.storage[c * n + r] = out.storage[r * n + c] }
        }
        return out
    }

    /// The number of eigenvalues with `|λ| > tol · max|λ|` (psych's numerical rank).
    public func numericalRank(relativeTolerance: Double = Double.ulpOfOne.squareRoot()) -> Int {
        let values = eigen().values
        let largest = values.map(abs).max() ?? 0
        return values.filter { abs($0) > relativeTolerance * largest }.count
    }
}

/// Solves `M x = b` for a general square `M` (row-major) by LU with partial pivoting;
/// `nil` when a pivot is exactly zero or not finite.
func solveLinearSystem(_ m: [Double], _ b: [Double]) -> [Double]? {
    let n = b.count
    precondition(m.count == n * n)
    var a = m
    var x = b
    for col in 0..<n {
        var pivot = col
        var best = abs(a[col * n + col])
        for r in (col + 1)..<max(n, col + 1) where abs(a[r * n + col]) > best {
            best = abs(a[r * n + col])
            pivot = r
        }
        guard best > 0, best.isFinite else { return nil }
        if pivot != col {
            for c in 0..<n { a.swapAt(col * n + c, pivot * n + c) }
            x.swapAt(col, pivot)
        }
        let d = a[col * n + col]
        for r in (col + 1)..<max(n, col + 1) {
            let f = a[r * n + col] / d
            if f == 0 { continue }
            for c in col..<n { a[r * n + c] -= f * a[col * n + c] }
            x[r] -= f * x[col]
        }
    }
    for r in stride(from: n - 1, through: 0, by: -1) {
        var s = x[r]
        for c in (r + 1)..<max(n, r + 1) { s -= a[r * n + c] * x[c] }
        x[r] = s / a[r * n + r]
    }
    return x
}
