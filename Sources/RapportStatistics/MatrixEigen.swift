/// The eigen decomposition `A = V Λ Vᵀ` of a symmetric matrix, by the cyclic Jacobi method.
///
/// ```
/// A vⱼ = λⱼ vⱼ,   λ₀ ≥ λ₁ ≥ … ≥ λ_{k−1},   ‖vⱼ‖ = 1
/// ```
/// Conventions (fixed so results are reproducible byte for byte):
/// - eigenvalues are sorted in decreasing order (as R's `eigen`), ties keep Jacobi's order;
/// - each eigenvector is signed so that its component sum is positive; when the sum is
///   zero (to rounding), its first non-negligible component is positive. LAPACK's signs
///   are arbitrary, so code that compares with R must normalise signs the same way (psych
///   does: loadings are negated when their sum is negative).
///
/// Jacobi is slower than QR for large `k` but exact to a few ulps in every eigenvalue,
/// deterministic, and dependency-free; questionnaire matrices have `k ≤ 100`.
public struct MatrixEigen: Sendable, Hashable {
    /// Eigenvalues, largest first.
    public let values: [Double]
    /// `vectors[j]` is the unit eigenvector for `values[j]`.
    public let vectors: [[Double]]
    /// Jacobi sweeps used (at most 100).
    public let sweeps: Int

    /// Decomposes `matrix`. A matrix containing NaN yields NaN eigenvalues and vectors.
    public init(_ matrix: SymmetricMatrix) {
        let n = matrix.count
        guard n > 0 else {
            values = []
            vectors = []
            sweeps = 0
            return
        }
        if matrix.containsNaN {
            values = Array(repeating: .nan, count: n)
            vectors = Array(repeating: Array(repeating: .nan, count: n), count: n)
            sweeps = 0
            return
        }
        var a = matrix.storage
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        var sweep = 0
        while sweep < 100 {
            var off = 0.0
            var scale = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    let x = a[i * n + j] * a[i * n + j]
                    if i != j { off += x } else { scale += x }
                }
            }
            if off == 0 || off <= 1e-300 || off <= scale * 1e-32 { break }
            sweep += 1
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    let app = a[p * n + p], aqq = a[q * n + q]
                    // Numerical Recipes' cut-off: after a few sweeps an entry below the
                    // rounding level of both diagonal entries is set to zero.
                    let g = 100 * abs(apq)
                    if sweep > 4 && abs(app) + g == abs(app) && abs(aqq) + g == abs(aqq) {
                        a[p * n + q] = 0
                        a[q * n + p] = 0
                        continue
                    }
                    // Rutishauser's stable rotation: t = tan θ from θ = (a_qq − a_pp) / (2 a_pq).
                    let theta = (aqq - app) / (2 * apq)
                    var t = 1 / (abs(theta) + (theta * theta + 1).squareRoot())
                    if theta < 0 { t = -t }
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    let tau = s / (1 + c)
                    a[p * n + p] = app - t * apq
                    a[q * n + q] = aqq + t * apq
                    a[p * n + q] = 0
                    a[q * n + p] = 0
                    for r in 0..<n where r != p && r != q {
                        let arp = a[r * n + p], arq = a[r * n + q]
                        let np = arp - s * (arq + tau * arp)
                        let nq = arq + s * (arp - tau * arq)
                        a[r * n + p] = np; a[p * n + r] = np
                        a[r * n + q] = nq; a[q * n + r] = nq
                    }
                    for r in 0..<n {
                        let vrp = v[r * n + p], vrq = v[r * n + q]
                        v[r * n + p] = vrp - s * (vrq + tau * vrp)
                        v[r * n + q] = vrq + s * (vrp - tau * vrq)
                    }
                }
            }
        }
        sweeps = sweep
        let order = (0..<n).sorted { x, y in
            let ax = a[x * n + x], ay = a[y * n + y]
            return ax != ay ? ax > ay : x < y
        }
        values = order.map { a[$0 * n + $0] }
        vectors = order.map { j in
            var col = (0..<n).map { v[$0 * n + j] }
            var total = 0.0
            var largest = 0.0
            for x in col {
                total += x
                largest = max(largest, abs(x))
            }
            var flip = total < 0
            if abs(total) <= 1e-12 * Double(n) * max(largest, 1e-300) {
                let first = col.first { abs($0) > 1e-12 * largest } ?? 0
                flip = first < 0
            }
            if flip { col = col.map { -$0 } }
            return col
        }
    }
}

extension SymmetricMatrix {
    /// The eigen decomposition (see ``MatrixEigen``).
    public func eigen() -> MatrixEigen { MatrixEigen(self) }
}
