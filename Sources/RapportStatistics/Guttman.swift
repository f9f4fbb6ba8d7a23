/// Guttman's (1945) six lower bounds to reliability, as `psych::guttman` / `psych::splitHalf`.
///
/// With `C` the item covariance (or correlation) matrix, `V = ΣC`, `k` items:
/// ```
/// λ₁ = 1 − tr C / V
/// λ₂ = λ₁ + √(k/(k−1) · C₂) / V,        C₂ = Σ_{i≠j} cᵢⱼ²
/// λ₃ = k/(k−1) · λ₁                      (= Cronbach's α)
/// λ₄ = max over splits of 2 (1 − (V_A + V_B) / V)     (see ``SplitHalf``)
/// λ₅ = λ₁ + 2 √(max_j Σ_{i≠j} cᵢⱼ²) / V
/// λ₆ = 1 − Σᵢ eᵢ² / V,                   eᵢ² = cᵢᵢ (1 − smcᵢ)
/// ```
/// psych's `splitHalf` and `guttman` standardize first (`covar = FALSE`), so their λ₂ and λ₆
/// are the standardized ones; pass a correlation matrix (or `standardize: true`) to match.
/// λ₆ uses psych's SMCs (pseudo-inverse fallback, clamped to [0, 1]; see
/// ``SquaredMultipleCorrelations``). λ₄ is computed with ``SplitHalf`` under the chosen
/// enumeration; psych's `guttman` uses its own (half-enumerating for odd `k`) convention.
///
/// Edge cases: `k < 2` or NaN entries give `nil`; `V ≤ 0` gives IEEE infinities/NaN.
public struct Guttman: Sendable, Hashable {
    public let lambda1: Double
    public let lambda2: Double
    /// λ₃, equal to Cronbach's α of the same matrix.
    public let lambda3: Double
    /// λ₄ from ``SplitHalf/maximum``.
    public let lambda4: Double
    public let lambda5: Double
    public let lambda6: Double

    /// The six bounds for `matrix`.
    ///
    /// - Parameters:
    ///   - standardize: use `cov2cor(matrix)` (psych's default) instead of the covariances.
    ///   - enumeration: split enumeration for λ₄.
    public init?(_ matrix: SymmetricMatrix, standardize: Bool = true,
                 enumeration: SplitHalf.Enumeration = .standard) {
        let k = matrix.count
        guard k >= 2, !matrix.containsNaN else { return nil }
        let c = standardize ? matrix.correlation() : matrix
        guard !c.containsNaN,
              let split = SplitHalf(c, enumeration: enumeration, standardize: false)
        else { return nil }
        let kd = Double(k)
        let v = c.sum
        let tr = c.trace
        lambda1 = 1 - tr / v
        lambda2 = lambda1 + (kd / (kd - 1) * c.sumOfSquaredOffDiagonal).squareRoot() / v
        lambda3 = kd / (kd - 1) * lambda1
        lambda4 = split.maximum
        var maxColumn = 0.0
        for j in 0..<k {
            var s = 0.0
            for i in 0..<k where i != j { s += c[i, j] * c[i, j] }
            maxColumn = max(maxColumn, s)
        }
        lambda5 = lambda1 + 2 * maxColumn.squareRoot() / v
        let smc = SquaredMultipleCorrelations(c).values
        var errors = 0.0
        for i in 0..<k { errors += c[i, i] * (1 - smc[i]) }
        lambda6 = 1 - errors / v
    }
}

extension Guttman {
    /// The standard error of measurement `SEM = SD_X · √(1 − r_xx)` of a score with standard
    /// deviation `sd` and reliability `reliability` (any coefficient: α, ω, λ₆ …; state which).
    ///
    /// `reliability > 1` (possible for λ-bounds on odd data) yields NaN.
    public static func standardErrorOfMeasurement(sd: Double, reliability: Double) -> Double {
        sd * (1 - reliability).squareRoot()
    }
}
