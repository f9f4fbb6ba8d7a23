/// ω hierarchical from a Schmid–Leiman solution, as `psych::omega(r, nfactors = m)` with its
/// defaults (`fm = "minres"`, `rotate = "oblimin"`, `option = "equal"`, `flip = TRUE`).
///
/// The natural case is a questionnaire with group factors, e.g. WAI's goal, task and bond.
/// ```
/// A      = m-factor minres loadings of R (``MinresFit``), varimax-rotated (stats::varimax)
/// F, Φ   = direct oblimin (γ = 0, GPArotation's GPFoblq) of A: F = A (Tᵀ)⁻¹, Φ = TᵀT
/// γ      = general-factor loadings of the group factors:
///            m ≥ 3: one-factor minres of Φ;   m = 2: γ = (√|φ₁₂|, sign(φ₁₂)·√|φ₁₂|)
///            (psych's option "equal" — 2 group factors do not identify g)
/// gᵢ     = Σ_f F_{i,f} γ_f                    (Schmid–Leiman general loadings)
/// h²ᵢ    = Σ_f A_{i,f}²,  uᵢ² = 1 − h²ᵢ
/// R*     = K R K, K = diag(sign gᵢ)           (psych flips items loading negatively on g)
/// ω_h    = (Σ|gᵢ|)² / ΣR*
/// ω_t    = (ΣR* − Σuᵢ²) / ΣR*                 (the m-factor ω total psych prints beside ω_h)
/// ω_h,∞  = (Σ|gᵢ|)² / (ΣR* − Σuᵢ²)            (psych's "omega limit" / asymptotic)
/// ```
/// Precision: psych stops the oblimin iteration at a gradient norm of 1e-5 (GPArotation's
/// default); Rapport iterates the same algorithm to 1e-7 (further progress stalls in
/// rounding on 25 items × 5 factors), so general loadings agree with psych to ~1e-5 and
/// ω_h to ~1e-6 (bfi: 1.2e-6). ω_h does not depend on the order or
/// signs of the rotated factors.
public struct OmegaHierarchical: Sendable, Hashable {
    /// ω_h: share of total-score variance due to the general factor.
    public let hierarchical: Double
    /// ω_t of the m-factor solution.
    public let total: Double
    /// ω_h / ω_t ("omega limit").
    public let asymptotic: Double
    /// Schmid–Leiman general-factor loadings `gᵢ` (signed; psych prints |gᵢ| with a `-` on
    /// the item name for negative ones).
    public let generalLoadings: [Double]
    /// Oblimin factor correlations Φ (m × m).
    public let factorCorrelations: [[Double]]
    /// Oblique pattern loadings F (k × m).
    public let patternLoadings: [[Double]]
    /// Communalities h²ᵢ of the m-factor solution.
    public let communalities: [Double]
    /// Number of group factors m.
    public let factors: Int
    /// True when minres and the oblimin rotation both converged.
    public let converged: Bool
    /// psych's `omega.group` rows for each group factor (items assigned to the factor on
    /// which their Schmid–Leiman group loading is largest in absolute value).
    public let groups: [Group]
    /// psych's first `omega.group` row: `Σ_f (Σ_{i∈f} s_{i,f})² / ΣR*`, the share of
    /// total-score variance due to all group factors.
    public let groupShare: Double

    /// One group factor of the Schmid–Leiman solution (e.g. WAI's goal, task or bond).
    /// With `s_{i,f} = K_i · F_{i,f} · √max(1 − γ_f², 0)` the group loadings and `V_f = ΣR*`
    /// over the group's items:
    /// ```
    /// total   = ((Σ s_{i,f})² + (Σ gᵢ)²) / V_f       subscale ω total
    /// general = (Σ gᵢ)² / V_f                          general factor's share
    /// group   = (Σ s_{i,f})² / V_f                     group factor's share (ω_hs)
    /// ```
    public struct Group: Sendable, Hashable {
        /// 0-based items assigned to this factor.
        public let items: [Int]
        public let total: Double
        public let general: Double
        public let group: Double
    }

    /// ω_h with `factors` group factors (≥ 2, fewer than the number of items); `nil` when the
    /// matrix has NaN entries or the solution cannot be formed.
    public init?(_ matrix: SymmetricMatrix, factors m: Int = 3) {
        let k = matrix.count
        guard m >= 2, m < k, !matrix.containsNaN else { return nil }
        let r = matrix.correlation()
        guard !r.containsNaN, let fit = MinresFit(r, factors: m) else { return nil }
        // fa(rotate = "varimax") then signs each rotated column to sum ≥ 0.
        var a = varimax(fit.loadings)
        for c in 0..<m where a.reduce(0, { $0 + $1[c] }) < 0 {
            for i in 0..<k { a[i][c] = -a[i][c] }
        }
        guard let rotation = obliminRotation(a) else { return nil }
        let pattern = rotation.loadings
        let phi = rotation.phi
        let gamma: [Double]
        if m == 2 {
            let p12 = phi[0][1]
            let root = abs(p12).squareRoot()
            gamma = [root, (p12 < 0 ? -1 : (p12 > 0 ? 1 : 0)) * root]
        } else {
            guard let g = OmegaMinresFactor(SymmetricMatrix(phi)) else { return nil }
            gamma = g.loadings
        }
        let general = pattern.map { row in zip(row, gamma).reduce(0) { $0 + $1.0 * $1.1 } }
        let h2 = fit.loadings.map { row in row.reduce(0) { $0 + $1 * $1 } }
        let signs = general.map { $0 < 0 ? -1.0 : 1.0 }
        let vt = r.keyed(by: signs).sum
        let u2 = h2.reduce(0) { $0 + (1 - $1) }
        let gsum = general.reduce(0) { $0 + abs($1) }
        hierarchical = gsum * gsum / vt
        total = (vt - u2) / vt
        asymptotic = gsum * gsum / (vt - u2)
        // Schmid–Leiman group loadings (psych's sm columns), flipped like g.
        let shrink: [Double] = gamma.map { (g: Double) -> Double in max(1 - g * g, 0).squareRoot() }
        var groupLoadings = [[Double]](repeating: [Double](repeating: 0, count: m), count: k)
        for i in 0..<k {
            for f in 0..<m { groupLoadings[i][f] = signs[i] * pattern[i][f] * shrink[f] }
        }
        let keyedR = r.keyed(by: signs)
        let keyedG = (0..<k).map { signs[$0] * general[$0] }
        var groupRows: [Group] = []
        var squares = 0.0
        for f in 0..<m {
            let items = (0..<k).filter { i in
                // which.max: the first column with the largest |loading|.
                var best = 0
                for c in 1..<m where abs(groupLoadings[i][c]) > abs(groupLoadings[i][best]) { best = c }
                return best == f
            }
            guard !items.isEmpty else { continue }
            let vf = keyedR.submatrix(items).sum
            var gr = 0.0, gg = 0.0
            for i in items {
                gr += groupLoadings[i][f]
                gg += keyedG[i]
            }
            squares += gr * gr
            groupRows.append(Group(items: items, total: (gr * gr + gg * gg) / vf,
                                   general: gg * gg / vf, group: gr * gr / vf))
        }
        groups = groupRows
        groupShare = squares / vt
        generalLoadings = general
        factorCorrelations = phi
        patternLoadings = pattern
        communalities = h2
        factors = m
        converged = fit.converged && rotation.converged
    }
}

// MARK: - Rotations

/// `stats::varimax(x, normalize = TRUE, eps = 1e-5)`: Kaiser-normalised varimax.
/// Only the starting point of the oblimin rotation depends on it.
func varimax(_ x: [[Double]]) -> [[Double]] {
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
        if d < dpast * (1 + 1e-5) { break }
    }
    let z = multiply(xn, tt)
    return (0..<p).map { i in z[i].map { $0 * sc[i] } }
}

/// Direct oblimin (γ = 0) by the gradient projection algorithm of GPArotation's `GPFoblq`
/// (Bernaards & Jennrich 2005), started at `T = I`, stopped at projected-gradient norm `gradientTolerance`
/// (GPArotation's default is 1e-5; Rapport uses 1e-7).
/// ```
/// L = A (Tᵀ)⁻¹,  Q(L) = ¼ Σᵢ Σ_{f≠g} L_{if}² L_{ig}²,  ∂Q/∂L = L ∘ (L² (11ᵀ − I))
/// G = −(Lᵀ ∂Q/∂L T⁻¹)ᵀ,  projected G_p = G − T diag(1ᵀ(T ∘ G)),  T ← normalise(T − α G_p)
/// ```
func obliminRotation(_ a: [[Double]], gradientTolerance: Double = 1e-7,
                     maxIterations: Int = 10_000) -> (loadings: [[Double]], phi: [[Double]], converged: Bool)? {
    let m = a.first?.count ?? 0
    func criterion(_ l: [[Double]]) -> (f: Double, gq: [[Double]]) {
        var f = 0.0
        let gq = l.map { row -> [Double] in
            let sq = row.map { $0 * $0 }
            let total = sq.reduce(0, +)
            return row.indices.map { c in
                let x = total - sq[c]
                f += sq[c] * x
                return row[c] * x
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
    var (f, gq) = criterion(l)
    guard var g = gradient(l, gq, t) else { return nil }
    var alpha = 1.0
    var converged = false
    for _ in 0...maxIterations {
        // Gp = G − T diag(colSums(T ∘ G))
        var gp = g
        for c in 0..<m {
            var s = 0.0
            for r in 0..<m { s += t[r][c] * g[r][c] }
            for r in 0..<m { gp[r][c] = g[r][c] - t[r][c] * s }
        }
        let s = gp.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }.squareRoot()
        if s < gradientTolerance { converged = true; break }
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
            (fNew, gqNew) = criterion(lNew)
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
    let phi = multiply(transpose(t), t)
    return (l, phi, converged)
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
