import Testing
@testable import RapportStatistics

/// First principal component against psych 2.2.9 `principal(r, 1, rotate = "none")`
/// (loadings 1e-12) and psych::alpha's mis-keyed check (negative loadings).
@Suite struct PrincipalComponentTests {
    let ref = OmegaReference.shared

    @Test(arguments: OmegaReference.setNames)
    func loadingsMatchPsych(_ name: String) throws {
        let set = try #require(ref.sets[name])
        let pc = try #require(FirstPrincipalComponent(SymmetricMatrix(set.cor)))
        #expect(maxAbsDifference(pc.loadings, set.principal.loadings) < 1e-12)
        #expect(abs(pc.eigenvalue - set.principal.eigenvalue) < 1e-12)
        #expect(pc.negativeItems.isEmpty)
    }

    /// bfi agreeableness with A1 not reversed: psych::alpha warns that A1 should probably be reversed.
    @Test func unreversedItemIsFlagged() throws {
        let m = ref.miskeyed
        let pc = try #require(FirstPrincipalComponent(SymmetricMatrix(m.cor)))
        #expect(maxAbsDifference(pc.loadings, m.loadings) < 1e-12)
        #expect(pc.negativeItems == m.negative)
        #expect(pc.negativeItems == [0])
    }

    @Test func signIsDeterministic() throws {
        let r = SymmetricMatrix([[1, -0.5, -0.4], [-0.5, 1, 0.3], [-0.4, 0.3, 1]])
        let pc = try #require(FirstPrincipalComponent(r))
        #expect(pc.loadings.reduce(0, +) >= 0)
        #expect(pc.negativeItems == [0])
        #expect(FirstPrincipalComponent(SymmetricMatrix(count: 0)) == nil)
    }
}
