import Testing
@testable import RapportStatistics

/// ω_h against psych 2.2.9 `omega(r, nfactors = m)` (minres, oblimin, GPArotation 2022.10-2)
/// on a WAI-like synthetic set (goal/task/bond, 2% missing) and bfi (3 and 5 factors, and
/// the 2-factor "equal" option). Tolerances: ω_h, ω_t, ω_limit 1e-5 absolute; general
/// loadings and communalities 5e-5 — psych stops oblimin at gradient norm 1e-5 (its g
/// loadings move by 7e-6 on bfi when iterated to convergence) and minres at L-BFGS-B's
/// default precision.
@Suite struct OmegaHierarchicalTests {
    static let names = ["wai3", "bfiACE3", "bfi5", "bfiAC2"]

    @Test(arguments: names)
    func matchesPsych(_ name: String) throws {
        let h = try #require(OmegaReference.shared.hierarchical[name])
        let om = try #require(OmegaHierarchical(SymmetricMatrix(h.cor), factors: h.factors))
        #expect(om.converged)
        #expect(abs(om.hierarchical - h.omegaH) < 1e-5)
        #expect(abs(om.total - h.omegaTotal) < 1e-5)
        #expect(abs(om.asymptotic - h.omegaLimit) < 1e-5)
        // psych reports |g| after flipping; its key marks the flipped items.
        #expect(maxAbsDifference(om.generalLoadings.map(abs), h.general) < 5e-5)
        #expect(om.generalLoadings.map { $0 < 0 ? -1.0 : 1.0 } == h.key)
        #expect(maxAbsDifference(om.communalities, h.h2) < 5e-5)
        #expect(om.factors == h.factors)
        #expect(om.factorCorrelations.count == h.factors)
    }

    /// psych's omega.group table: overall row and one row per group factor. psych orders group
    /// factors by its own rotation output; compare as sets of rows (5e-5).
    @Test(arguments: names)
    func groupTableMatchesPsych(_ name: String) throws {
        let h = try #require(OmegaReference.shared.hierarchical[name])
        let om = try #require(OmegaHierarchical(SymmetricMatrix(h.cor), factors: h.factors))
        #expect(abs(h.groupTotal[0] - om.total) < 1e-5)
        #expect(abs(h.groupGeneral[0] - om.hierarchical) < 1e-5)
        #expect(abs(h.groupGroup[0] - om.groupShare) < 5e-5)
        var expected = (1..<h.groupTotal.count).map { [h.groupTotal[$0], h.groupGeneral[$0], h.groupGroup[$0]] }
        expected.sort { $0[0] < $1[0] }
        let actual = om.groups.map { [$0.total, $0.general, $0.group] }.sorted { $0[0] < $1[0] }
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) { #expect(maxAbsDifference(a, e) < 5e-5) }
    }

    /// WAI-like data: the three group factors recover goal / task / bond (items 0–3, 4–7, 8–11).
    @Test func waiGroupsRecovered() throws {
        let h = try #require(OmegaReference.shared.hierarchical["wai3"])
        let om = try #require(OmegaHierarchical(SymmetricMatrix(h.cor)))
        #expect(Set(om.groups.map(\.items)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])
    }

    /// ω_h ≤ ω_t, and the limit is their ratio.
    @Test func orderingAndRatio() throws {
        let h = try #require(OmegaReference.shared.hierarchical["wai3"])
        let om = try #require(OmegaHierarchical(SymmetricMatrix(h.cor)))
        #expect(om.hierarchical <= om.total)
        #expect(abs(om.asymptotic - om.hierarchical / om.total) < 1e-14)
        for i in 0..<3 { #expect(abs(om.factorCorrelations[i][i] - 1) < 1e-12) }
    }

    @Test func undefinedInputs() {
        let r = SymmetricMatrix([[1, 0.3, 0.2], [0.3, 1, 0.4], [0.2, 0.4, 1]])
        #expect(OmegaHierarchical(r, factors: 1) == nil)
        #expect(OmegaHierarchical(r, factors: 3) == nil)
    }
}
