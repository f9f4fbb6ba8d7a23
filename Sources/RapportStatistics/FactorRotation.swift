/// Factor rotations used by ω hierarchical: Kaiser-normalised varimax (`stats::varimax`) and
/// direct oblimin by gradient projection (GPArotation's `GPFoblq` with `vgQ.oblimin`).
///
/// Loadings are `[row][factor]` (k items × m factors).

/// `stats::varimax(x, normalize = TRUE, eps = 1e-5)`: Kaiser-normalised varimax.
/// ```
/// xₙ = diag(1/hᵢ) x                    (hᵢ = √Σ_f x_{if}²)
/// repeat: z = xₙ T,  B = xₙᵀ (z³ − z diag(Σᵢ z²)/p),  T = polar(B) = B (BᵀB)^{-1/2}
/// until Σ √eig(BᵀB) < d_prev (1 + eps)
/// ```
/// Returns the rotated loadings `diag(h) xₙ T`. Only the starting point of the oblimin
/// rotation of ``OmegaHierarchical`` depends on it.
public func varimax(_ x: [[Double]], eps: Double = 1e-5) -> [[Double]] {
    let p = x.count, nc = x.first?.count ?? 0
    guard nc >= 2 else { return x }
    let sc = x.map { row in row.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    let xn = (0..<p).map { i in x[i].map { sc[i] > 0 ? $0 / sc[i] : 0 } }
    var tt = identityMatrix(nc)
    var d = 0.0
    for _ in 0..<1000 {
        let z = multiply(xn, tt)
        var colSq = [Double](repeating: 0, count: nc)
        for row in z { for c in 0..<nc { colSq[c] += row[c] * row[c] } }
        let inner = (0..<p).map { i in (0..<nc).map { c in
            z[i][c] * z[i][c] * z[i][c] - z[i][c] * colSq[c] / Double(p)
        } }
        let b = multiply(transpose(xn), inner)
        // Polar factor U Vᵀ of B = B (BᵀB)^{-1/2}; the singular values are √eig(BᵀB).
        let btb = SymmetricMatrix(count: nc) { i, j in
            (0..<nc).reduce(0) { $0 + b[$1][i] * b[$1][j] }
        }
        let e = btb.eigen()
        guard e.values.allSatisfy({ $0 > 0 }) else { break }
        var invRoot = [[Double]](repeating: [Double](repeating: 0, count: nc), count: nc)
        for (f, lambda) in e.values.enumerated() {
            let w = 1 / lambda.squareRoot()
            for i in 0..<nc { for j in 0..<nc { invRoot[i][j] += w * e.vectors[f][i] * e.vectors[f][j] } }
        }
        tt = multiply(b, invRoot)
        let dpast = d
        d = e.values.reduce(0) { $0 + $1.squareRoot() }
        if d < dpast * (1 + eps) { break }
    }
    let z = multiply(xn, tt)
    return (0..<p).map { i in z[i].map { $0 * sc[i] } }
}

/// Oblique oblimin rotation by the gradient projection algorithm of Bernaards & Jennrich
/// (2005), as GPArotation 2022.10-2's `oblimin(A, gam = γ, normalize = FALSE)` (`GPFoblq`
/// with `vgQ.oblimin`), started at `T = I`:
/// ```
/// L = A (Tᵀ)⁻¹,  Φ = TᵀT
/// Q(L)  = ¼ Σ (L² ∘ (C L² N)),  C = I − (γ/p) 11ᵀ (p × p),  N = 11ᵀ − I (m × m)
/// ∂Q/∂L = L ∘ (C L² N)
/// G     = −(Lᵀ ∂Q/∂L T⁻¹)ᵀ,   G_p = G − T diag(1ᵀ(T ∘ G))
/// step:  X = T − α G_p, columns normalised to unit length; α doubled each iteration and
///        halved (up to 10 times) until Q(X) < Q(T) − ½ ‖G_p‖² α
/// stop:  ‖G_p‖ < tolerance
/// ```
/// γ = 0 is direct quartimin (psych's and GPArotation's default). GPArotation stops at
/// `eps = 1e-5`; Rapport's default tolerance is 1e-7, so its loadings are the converged
/// ones that GPArotation's reach within about 1e-5 (see the reference test).
public struct ObliminRotation: Sendable, Hashable {
    /// Rotated pattern loadings `L` (k × m).
    public let loadings: [[Double]]
    /// Factor correlations `Φ = TᵀT` (m × m).
    public let phi: [[Double]]
    /// The rotation `T` (columns of unit length).
    public let rotation: [[Double]]
    /// The criterion `Q(L)` at the solution.
    public let criterion: Double
    /// Gradient-projection iterations used.
    public let iterations: Int
    /// True when `‖G_p‖` fell below the tolerance.
    public let converged: Bool

    /// Rotates `a` (k × m, m ≥ 2); `nil` when `T` becomes singular or `a` is malformed.
    public init?(_ a: [[Double]], gamma: Double = 0, tolerance: Double = 1e-7, maxIterations: Int = 10_000) {
        let m = a.first?.count ?? 0
        let p = a.count
        guard m >= 2, p >= 2, a.allSatisfy({ $0.count == m && $0.allSatisfy(\.isFinite) }) else { return nil }
        func evaluate(_ l: [[Double]]) -> (f: Double, gq: [[Double]]) {
            // C L²: subtract γ/p × column sums of L² from every row.
            let sq = l.map { $0.map { $0 * $0 } }
            var colSum = [Double](repeating: 0, count: m)
            for row in sq { for c in 0..<m { colSum[c] += row[c] } }
            var f = 0.0
            let gq = (0..<p).map { i -> [Double] in
                let centred = (0..<m).map { sq[i][$0] - gamma / Double(p) * colSum[$0] }
                let total = centred.reduce(0, +)
                return (0..<m).map { c in
                    let x = total - centred[c]          // (C L² N)_{ic}
                    f += sq[i][c] * x
                    return l[i][c] * x
                }
            }
            return (f / 4, gq)
        }
        func loadings(_ t: [[Double]]) -> [[Double]]? {
            guard let inv = inverse(t) else { return nil }
            return multiply(a, transpose(inv))
        }
        func gradient(_ l: [[Double]], _ gq: [[Double]], _ t: [[Double]]) -> [[Double]]? {
            guard let inv = inverse(t) else { return nil }
            return transpose(multiply(multiply(transpose(l), gq), inv)).map { $0.map { -$0 } }
        }
        var t = identityMatrix(m)
        guard var l = loadings(t) else { return nil }
        var (f, gq) = evaluate(l)
        guard var g = gradient(l, gq, t) else { return nil }
        var alpha = 1.0
        var converged = false
        var iterations = 0
        for _ in 0...maxIterations {
            // Gp = G − T diag(colSums(T ∘ G))
            var gp = g
            for c in 0..<m {
                var s = 0.0
                for r in 0..<m { s += t[r][c] * g[r][c] }
                for r in 0..<m { gp[r][c] = g[r][c] - t[r][c] * s }
            }
            let s = gp.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }.squareRoot()
            if s < tolerance { converged = true; break }
            iterations += 1
            alpha *= 2
            var tNew = t, lNew = l, fNew = f, gqNew = gq
            for _ in 0...10 {
                var x = t
                for r in 0..<m { for c in 0..<m { x[r][c] = t[r][c] - alpha * gp[r][c] } }
                for c in 0..<m {
                    let norm = (0..<m).reduce(0) { $0 + x[$1][c] * x[$1][c] }.squareRoot()
                    for r in 0..<m { x[r][c] /= norm }
                }
                tNew = x
                guard let lt = loadings(tNew) else { return nil }
                lNew = lt
                (fNew, gqNew) = evaluate(lNew)
                if f - fNew > 0.5 * s * s * alpha { break }
                alpha /= 2
            }
            t = tNew
            l = lNew
            f = fNew
            gq = gqNew
            guard let gNew = gradient(l, gq, t) else { return nil }
            g = gNew
        }
        self.loadings = l
        phi = multiply(transpose(t), t)
        rotation = t
        self.criterion = f
        self.iterations = iterations
        self.converged = converged
    }
}

// MARK: - Small dense matrices ([row][column])

func identityMatrix(_ n: Int) -> [[Double]] {
    (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } }
}

func transpose(_ a: [[Double]]) -> [[Double]] {
    guard let cols = a.first?.count else { return [] }
    return (0..<cols).map { c in a.map { $0[c] } }
}

func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    let inner = b.count, cols = b.first?.count ?? 0
    return a.map { row in
        (0..<cols).map { c in
            var s = 0.0
            for k in 0..<inner { s += row[k] * b[k][c] }
            return s
        }
    }
}

/// Inverse of a small general square matrix by LU, `nil` when singular.
func inverse(_ a: [[Double]]) -> [[Double]]? {
    let n = a.count
    let flat = a.flatMap { $0 }
    var columns: [[Double]] = []
    for c in 0..<n {
        guard let x = solveLinearSystem(flat, (0..<n).map { $0 == c ? 1 : 0 }) else { return nil }
        columns.append(x)
    }
    return transpose(columns)
}
