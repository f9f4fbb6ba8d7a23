import Testing
@testable import RapportStatistics

/// Guttman's λ₁–λ₆ against psych 2.2.9 `guttman(r)` (λ₁, λ₂, λ₃, λ₅, λ₆; λ₄ with psych's
/// split convention) and `splitHalf(r)` (λ₂, λ₆, α), all on `cov2cor(cov(x, "pairwise"))`.
/// Closed forms: 1e-12 absolute.
@Suite struct GuttmanTests {
    let ref = OmegaReference.shared

    @Test(arguments: OmegaReference.setNames)
    func lambdasMatchPsych(_ name: String) throws {
        let set = try #require(ref.sets[name])
        let r = SymmetricMatrix(set.cov2cor)
        let g = try #require(Guttman(r, enumeration: .psych()))
        let p = set.guttman
        #expect(abs(g.lambda1 - p.lambda1) < 1e-12)
        #expect(abs(g.lambda2 - p.lambda2) < 1e-12)
        #expect(abs(g.lambda3 - p.lambda3) < 1e-12)
        #expect(abs(g.lambda4 - p.lambda4) < 1e-12)
        #expect(abs(g.lambda5 - p.lambda5) < 1e-12)
        #expect(abs(g.lambda6 - p.lambda6) < 1e-12)
        #expect(abs(g.lambda2 - set.splitHalf.lambda2) < 1e-12)
        #expect(abs(g.lambda6 - set.splitHalf.lambda6) < 1e-12)
        #expect(abs(g.lambda3 - set.splitHalf.alpha) < 1e-12)
    }

    @Test func sixteenItems() throws {
        let six = ref.sixteen
        let g = try #require(Guttman(SymmetricMatrix(six.cov2cor)))
        #expect(abs(g.lambda2 - six.lambda2) < 1e-12)
        #expect(abs(g.lambda6 - six.lambda6) < 1e-12)
        #expect(abs(g.lambda4 - six.maxrb) < 1e-12)
    }

    /// On covariances (standardize: false) λ₃ is raw α: k/(k−1)(1 − tr C/ΣC) by hand.
    @Test func covarianceFormsByHand() throws {
        let c = SymmetricMatrix([[2.0, 0.8, 0.6], [0.8, 1.5, 0.5], [0.6, 0.5, 1.0]])
        let g = try #require(Guttman(c, standardize: false))
        let v = 2.0 + 1.5 + 1.0 + 2 * (0.8 + 0.6 + 0.5)
        let alpha = 1.5 * (1 - 4.5 / v)
        #expect(abs(g.lambda3 - alpha) < 1e-15)
        let c2 = 2 * (0.64 + 0.36 + 0.25)
        #expect(abs(g.lambda2 - ((1 - 4.5 / v) + (1.5 * c2).squareRoot() / v)) < 1e-15)
        #expect(g.lambda2 >= g.lambda3)
    }

    @Test func standardErrorOfMeasurement() {
        #expect(Guttman.standardErrorOfMeasurement(sd: 10, reliability: 0.84) == 10 * 0.4)
        #expect(Guttman.standardErrorOfMeasurement(sd: 2, reliability: 1.2).isNaN)
    }
}
