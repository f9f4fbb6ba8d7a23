/// The first principal component of a correlation matrix and psych's "probably mis-keyed" test.
///
/// ```
/// R v₁ = e₁ v₁ (largest eigenvalue),   loadingᵢ = √e₁ · v₁ᵢ
/// sign: loadings negated when Σᵢ loadingᵢ < 0          (psych::principal)
/// mis-keyed candidates = { i : loadingᵢ < 0 }          (psych::alpha's warning)
/// ```
/// psych::alpha runs `principal(x)` on the raw data, i.e. on `cor(x, use = "pairwise")`,
/// and when any loading is negative warns that those items "were negatively correlated
/// with the total scale and probably should be reversed" (or reverses them with
/// `check.keys = TRUE`). When the loadings sum to exactly zero the sign is fixed by
/// ``MatrixEigen``'s rule (first non-negligible component positive), where psych would keep
/// LAPACK's arbitrary sign.
public struct FirstPrincipalComponent: Sendable, Hashable {
    /// Loadings `√e₁ · v₁` (sum non-negative).
    public let loadings: [Double]
    /// The largest eigenvalue `e₁` (variance explained by the component).
    public let eigenvalue: Double
    /// Items with a negative loading: psych's "should probably be reversed" list.
    public let negativeItems: [Int]

    /// The first component of `matrix` (standardized first); `nil` when empty or NaN entries.
    public init?(_ matrix: SymmetricMatrix) {
        guard matrix.count >= 1, !matrix.containsNaN else { return nil }
        let r = matrix.correlation()
        guard !r.containsNaN else { return nil }
        let e = r.eigen()
        // psych::principal floors eigenvalues at machine epsilon before the square root.
        let e1 = max(e.values[0], Double.ulpOfOne)
        var l = e.vectors[0].map { $0 * e1.squareRoot() }
        if l.reduce(0, +) < 0 { l = l.map { -$0 } }
        loadings = l
        eigenvalue = e.values[0]
        negativeItems = l.indices.filter { l[$0] < 0 }
    }
}
