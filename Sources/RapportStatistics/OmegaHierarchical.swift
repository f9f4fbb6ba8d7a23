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
/// K      = diag(sign gᵢ) with flip (psych's default: items loading negatively on g are
///          reversed), I without (psych's `key = …`: the matrix is keyed already)
/// R*     = K R K
/// ω_h    = (Σ Kᵢ gᵢ)² / ΣR*
/// ω_t    = (ΣR* − Σuᵢ²) / ΣR*                 (the m-factor ω total psych prints beside ω_h)
/// ω_h,∞  = (Σ Kᵢ gᵢ)² / (ΣR* − Σuᵢ²)          (psych's "omega limit" / asymptotic)
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
    ///
    /// - Parameter flip: psych's `flip` (default, as `omega(r)` without `key`): items with a
    ///   negative general loading are reversed before summing (`K = diag(sign gᵢ)`). `false`
    ///   is psych's `omega(r, key = …)`: the matrix is taken as keyed already and summed as
    ///   it is (`K = I`; ω_h then uses `(Σ gᵢ)²` with signed loadings).
    public init?(_ matrix: SymmetricMatrix, factors m: Int = 3, flip: Bool = true) {
        let k = matrix.count
        guard m >= 2, m < k, !matrix.containsNaN else { return nil }
        let r = matrix.correlation()
        guard !r.containsNaN, let fit = MinresFit(r, factors: m) else { return nil }
        // fa(rotate = "varimax") then signs each rotated column to sum ≥ 0.
        var a = varimax(fit.loadings)
        for c in 0..<m where a.reduce(0, { $0 + $1[c] }) < 0 {
            for i in 0..<k { a[i][c] = -a[i][c] }
        }
        guard let rotation = ObliminRotation(a) else { return nil }
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
        let signs = general.map { $0 < 0 && flip ? -1.0 : 1.0 }
        let vt = r.keyed(by: signs).sum
        let u2 = h2.reduce(0) { $0 + (1 - $1) }
        let gsum = zip(general, signs).reduce(0) { $0 + $1.0 * $1.1 }
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

