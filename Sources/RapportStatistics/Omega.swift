/// McDonald's ω total from a one-factor minres solution, as `psych::omega(r, nfactors = 1)`.
///
/// Two forms are reported, because tools disagree and users must know which one they read:
/// ```
/// ω_t (psych, observed denominator) = (ΣR* − Σᵢ uᵢ²) / ΣR*
/// ω_t (model-implied)               = (Σᵢ |λᵢ|)² / ((Σᵢ |λᵢ|)² + Σᵢ uᵢ²)
///
/// λ, u² = one-factor minres loadings and uniquenesses of R (``OmegaMinresFactor``)
/// R*    = K R K, K = diag(sign λᵢ)   (psych's flip = TRUE: items loading negatively are
///                                     reversed before summing; sign 0 counts as +1)
///         or R* = R, K = I             (flip = false, psych's omega(x, key = …): the items are
///                                     keyed already and summed as keyed; the model-implied
///                                     form then uses (Σᵢ λᵢ)² with signed loadings)
/// ```
///
/// With 2 items one factor is not identified (any λ₁λ₂ = r fits exactly). psych's minres
/// starts from equal uniquenesses and stays symmetric, λᵢ = √|r|, so its ω total is
/// `2r/(1 + r)` — the Spearman–Brown / standardized α of the pair, no more informative than r.
/// The two differ by the residual correlations `Σ_{i≠j} (rᵢⱼ − λᵢλⱼ)`; psych (and jamovi)
/// report the first, JASP the second, semTools the first on covariances. With a clean
/// one-factor structure they agree to the third decimal.
///
/// Input is a covariance or correlation matrix; it is standardised first (psych's default
/// `covar = FALSE`), so the result is the standardized ω of psych. Which correlation is
/// passed in is the caller's convention: psych's `omega` uses `cor(x, use = "pairwise")`.
///
/// ω_h (hierarchical) needs at least two group factors and an oblique rotation
/// (Schmid–Leiman) and is not computed here.
public struct Omega: Sendable, Hashable {
    /// psych's `omega.tot`: observed-denominator ω total.
    public let total: Double
    /// The model-implied ω total `(Σ|λ|)² / ((Σ|λ|)² + Σu²)`.
    public let totalModelImplied: Double
    /// One-factor minres loadings, signed as psych's `fa` (sum non-negative).
    public let loadings: [Double]
    /// Uniquenesses `1 − λᵢ²`.
    public let uniquenesses: [Double]
    /// Items with a negative loading that psych's omega reverses (its `-` suffix); empty
    /// without flip.
    public let reversedItems: [Int]
    /// Items whose loading is negative (with flip they are reversed; without, they lower ω).
    public let negativeLoadingItems: [Int]
    /// The factor solution (iterations, convergence, Heywood cases).
    public let factor: OmegaMinresFactor
    /// Always ``Method/minres``: the extraction method, for the JSON contract.
    public var method: Method { .minres }

    /// The factor extraction behind ω (the JSON `method`, as psych's `fm`).
    public enum Method: String, Sendable, Hashable, Codable {
        /// Minimum residual (psych `fa(fm = "minres")`).
        case minres
    }

    /// ω for the items of `matrix`; `nil` when fewer than 2 items or NaN entries
    /// (one factor is identified only with 3 or more items — callers warn below 3).
    ///
    /// - Parameter flip: psych's default `flip = TRUE` (no `key`); `false` as `omega(x, key = …)`.
    public init?(_ matrix: SymmetricMatrix, flip: Bool = true) {
        guard let f = OmegaMinresFactor(matrix) else { return nil }
        let r = matrix.correlation()
        let k = r.count
        let signs = f.loadings.map { $0 < 0 && flip ? -1.0 : 1.0 }
        let vt = r.keyed(by: signs).sum
        let u2 = f.uniquenesses.reduce(0, +)
        let g = zip(f.loadings, signs).reduce(0) { $0 + $1.0 * $1.1 }
        total = (vt - u2) / vt
        totalModelImplied = g * g / (g * g + u2)
        loadings = f.loadings
        uniquenesses = f.uniquenesses
        reversedItems = (0..<k).filter { signs[$0] < 0 }
        negativeLoadingItems = (0..<k).filter { f.loadings[$0] < 0 }
        factor = f
    }
}
