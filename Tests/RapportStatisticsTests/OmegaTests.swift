import RapportTestSupport
import Testing
@testable import RapportStatistics

/// ω total and one-factor minres loadings against psych 2.2.9 `omega(r, nfactors = 1)` and
/// `fa(r, 1, fm = "minres")` on the five bfi scales (keyed, with missing data, pairwise
/// correlations) and seeded synthetic data. Tolerance 1e-5 absolute for loadings,
/// uniquenesses and both ω forms: psych's L-BFGS-B stops short of the exact optimum
/// (≈1e-7 on bfi), Rapport solves the optimality condition to 1e-13.
@Suite struct OmegaTests {
    let ref = OmegaReference.shared

    @Test(arguments: OmegaReference.setNames)
    func omegaMatchesPsych(_ name: String) throws {
        let set = try #require(ref.sets[name])
        let omega = try #require(Omega(SymmetricMatrix(set.cor)))
        #expect(omega.factor.converged)
        #expect(abs(omega.total - set.omega.total) < 1e-5)
        #expect(abs(omega.totalModelImplied - set.omega.totalModelImplied) < 1e-5)
        #expect(maxAbsDifference(omega.loadings, set.omega.faLoadings) < 1e-5)
        #expect(maxAbsDifference(omega.loadings.map(abs), set.omega.loadings) < 1e-5)
        #expect(maxAbsDifference(omega.uniquenesses, set.omega.uniquenesses) < 1e-5)
        #expect(omega.method == .minres && omega.method.rawValue == "minres")
    }

    /// The two forms differ by the residual correlations (psych 2.2.9 on bfi agreeableness,
    /// omega-reference.json: 0.72294 vs 0.72321), and each matches its own psych value more
    /// closely than the gap between them.
    @Test func agreeablenessFormsDiffer() throws {
        let set = try #require(ref.sets["agreeableness"])
        let omega = try #require(Omega(SymmetricMatrix(set.cor)))
        let gap = abs(set.omega.totalModelImplied - set.omega.total)
        #expect(gap > 1e-4)
        #expect(isClose(omega.total, set.omega.total, absolute: 5e-6))
        #expect(isClose(omega.totalModelImplied, set.omega.totalModelImplied, absolute: 5e-6))
    }

    /// At the solution the minres optimality condition holds: ψᵢ = 1 − λᵢ² for free items,
    /// and the objective is not improved by nudging any ψᵢ.
    @Test func solutionIsStationary() throws {
        let set = try #require(ref.sets["synthetic12"])
        let r = SymmetricMatrix(set.cor)
        let f = try #require(OmegaMinresFactor(r))
        #expect(f.heywoodItems.isEmpty)
        #expect(maxAbsDifference(f.psi, f.uniquenesses) < 1e-12)
        func objective(_ psi: [Double]) -> Double {
            let e = r.replacingDiagonal(with: psi.map { 1 - $0 }).eigen()
            let l = e.vectors[0].map { $0 * max(e.values[0], 0).squareRoot() }
            var s = 0.0
            for i in 0..<r.count { for j in 0..<i { s += pow2(r[i, j] - l[i] * l[j]) } }
            return s
        }
        let best = objective(f.psi)
        #expect(abs(best - f.residualSumOfSquares) < 1e-14)
        for i in 0..<r.count {
            for delta in [-1e-4, 1e-4] {
                var p = f.psi
                p[i] += delta
                #expect(objective(p) >= best - 1e-15)
            }
        }
    }

    /// An item loading negatively is reversed by psych's omega before ΣR is taken.
    @Test func negativeLoadingIsFlippedLikePsych() throws {
        let set = try #require(ref.sets["agreeableness"])
        var signs = [Double](repeating: 1, count: 5)
        signs[0] = -1
        let flipped = SymmetricMatrix(set.cor).keyed(by: signs)
        let a = try #require(Omega(SymmetricMatrix(set.cor)))
        let b = try #require(Omega(flipped))
        #expect(b.reversedItems == [0])
        #expect(abs(a.total - b.total) < 1e-10)
        #expect(abs(b.loadings[0] + a.loadings[0]) < 1e-10)
    }

    /// Three items: the one-factor model is just identified, λ₁ = √(r₁₂ r₁₃ / r₂₃) (psych: 0.8660256).
    @Test func threeItemsClosedForm() throws {
        let r = SymmetricMatrix([[1, 0.3, 0.5], [0.3, 1, 0.2], [0.5, 0.2, 1]])
        let f = try #require(OmegaMinresFactor(r))
        #expect(f.converged)
        let exact = [(0.3 * 0.5 / 0.2).squareRoot(), (0.3 * 0.2 / 0.5).squareRoot(), (0.5 * 0.2 / 0.3).squareRoot()]
        #expect(maxAbsDifference(f.loadings, exact) < 1e-12)
        #expect(f.residualSumOfSquares < 1e-24)
    }

    /// Two items are under-identified; from psych's symmetric start both get λ² = r (psych:
    /// 0.6324555 each, ω = 0.5714286). Rapport lands on the same symmetric solution.
    @Test func twoItemsLikePsych() throws {
        let omega = try #require(Omega(SymmetricMatrix([[1, 0.4], [0.4, 1]])))
        #expect(maxAbsDifference(omega.loadings, [Double(0.4).squareRoot(), Double(0.4).squareRoot()]) < 1e-10)
        // ω = (Σλ)² / ((Σλ)² + Σψ) = 4·0.4 / (4·0.4 + 2·0.6) = 1.6 / 2.8.
        #expect(isClose(omega.total, 1.6 / 2.8, absolute: 1e-9))
    }

    /// A non-positive-definite matrix (possible under pairwise deletion): psych clamps every
    /// smc to 1 and still fits; so does Rapport, with the same numbers.
    @Test func nonPositiveDefiniteLikePsych() throws {
        let n = ref.nonPositiveDefinite
        let r = SymmetricMatrix(n.cor)
        let smc = SquaredMultipleCorrelations(r)
        #expect(smc.values == n.smc)
        #expect(smc.clampedItems == [0, 1, 2, 3])
        let omega = try #require(Omega(r))
        #expect(maxAbsDifference(omega.loadings, n.loadings) < 1e-5)
        #expect(abs(omega.total - n.total) < 1e-5)
        let g = try #require(Guttman(r, enumeration: .psych()))
        #expect(abs(g.lambda4 - n.maxrb) < 1e-12)
        #expect(abs(g.lambda6 - n.lambda6) < 1e-12)
        #expect(abs(g.lambda2 - n.lambda2) < 1e-12)
    }

    @Test func undefinedInputs() {
        #expect(Omega(SymmetricMatrix([[1]])) == nil)
        #expect(Omega(SymmetricMatrix([[1, .nan, 0.3], [.nan, 1, 0.2], [0.3, 0.2, 1]])) == nil)
    }

    /// A Heywood case: item 1 hits psych's bound ψ = 0.005, its loading exceeds 1 and its
    /// uniqueness 1 − λ² is negative — exactly as psych reports it.
    @Test func heywoodCaseStopsAtTheBoundLikePsych() throws {
        let h = ref.heywood
        let omega = try #require(Omega(SymmetricMatrix(h.cor)))
        #expect(omega.factor.converged)
        #expect(omega.factor.heywoodItems == [0])
        #expect(omega.factor.psi[0] == 0.005)
        #expect(maxAbsDifference(omega.loadings, h.loadings) < 1e-5)
        #expect(maxAbsDifference(omega.uniquenesses, h.uniquenesses) < 1e-5)
        #expect(abs(omega.total - h.total) < 1e-5)
    }
}

private func pow2(_ x: Double) -> Double { x * x }
