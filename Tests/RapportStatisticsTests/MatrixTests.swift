import Testing
@testable import RapportStatistics

/// Matrix toolkit against R (`eigen`, `solve`, `psych::smc`, `psych::Pinv`).
/// Tolerances: 1e-12 absolute for eigenvalues, inverses and SMCs of the regular bfi /
/// synthetic matrices (R's inputs are stored with 15 significant digits); 1e-9 for the
/// pseudo-inverse of a singular matrix, whose entries are amplified by the conditioning.
@Suite struct MatrixTests {
    let ref = OmegaReference.shared

    @Test func referenceIsPsych229() {
        #expect(ref.psych == "2.2.9")
    }

    @Test(arguments: OmegaReference.setNames)
    func eigenvaluesMatchR(_ name: String) throws {
        let set = try #require(ref.sets[name])
        let e = SymmetricMatrix(set.cor).eigen()
        #expect(maxAbsDifference(e.values, set.eigenvalues) < 1e-12)
        // A v = λ v and unit length for every pair.
        let r = SymmetricMatrix(set.cor)
        for (lambda, v) in zip(e.values, e.vectors) {
            let av = r.multiplied(by: v)
            #expect(maxAbsDifference(av, v.map { $0 * lambda }) < 1e-12)
            #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-13)
        }
    }

    @Test(arguments: OmegaReference.setNames)
    func inverseAndSMCMatchR(_ name: String) throws {
        let set = try #require(ref.sets[name])
        let r = SymmetricMatrix(set.cor)
        let inv = try #require(r.choleskyInverse())
        #expect(inv.isApproximatelyEqual(to: SymmetricMatrix(set.inverse), absoluteTolerance: 1e-12))
        #expect(r.pseudoInverse().isApproximatelyEqual(to: inv, absoluteTolerance: 1e-12))
        let smc = SquaredMultipleCorrelations(r)
        #expect(!smc.isSingular)
        #expect(smc.clampedItems.isEmpty)
        #expect(maxAbsDifference(smc.values, set.smc) < 1e-12)
    }

    @Test func singularMatrixUsesPsychPseudoInverse() {
        let r = SymmetricMatrix(ref.singular.cor)
        #expect(r.choleskyInverse() == nil || r.numericalRank() < r.count)
        #expect(r.numericalRank() == 3)
        #expect(r.pseudoInverse().isApproximatelyEqual(to: SymmetricMatrix(ref.singular.pinv),
                                                       absoluteTolerance: 1e-9))
        let smc = SquaredMultipleCorrelations(r)
        #expect(smc.isSingular)
        #expect(maxAbsDifference(smc.values, ref.singular.smc) < 1e-9)
    }

    @Test func cov2corAndKeying() {
        let c = SymmetricMatrix([[4, 2, -1], [2, 9, 3], [-1, 3, 1]])
        let r = c.correlation()
        #expect(r[0, 1] == 2.0 / 6.0)
        #expect(r[1, 2] == 1.0)
        #expect(r[2, 2] == 1)
        let k = r.keyed(by: [1, -1, 1])
        #expect(k[0, 1] == -r[0, 1])
        #expect(k[0, 2] == r[0, 2])
        #expect(k[1, 1] == 1)
        #expect(c.sum == 4 + 9 + 1 + 2 * (2 - 1 + 3))
        #expect(c.trace == 14)
        #expect(c.removing(1).rows == [[4, -1], [-1, 1]])
    }

    @Test func nonPositiveDefiniteHasNoCholeskyInverse() {
        let m = SymmetricMatrix([[1, 2], [2, 1]])  // eigenvalues 3, −1
        #expect(m.choleskyInverse() == nil)
        let nanMatrix = SymmetricMatrix([[1, .nan], [.nan, 1]])
        #expect(nanMatrix.choleskyInverse() == nil)
        #expect(SquaredMultipleCorrelations(nanMatrix).values.allSatisfy { $0.isNaN })
        #expect(nanMatrix.eigen().values.allSatisfy { $0.isNaN })
    }

    @Test func eigenIsDeterministicAndSigned() {
        let m = SymmetricMatrix([[2, 1, 0], [1, 2, 0], [0, 0, 3]])
        let e = m.eigen()
        #expect(abs(e.values[0] - 3) < 1e-15)
        #expect(abs(e.values[1] - 3) < 1e-15)
        #expect(abs(e.values[2] - 1) < 1e-15)
        for v in e.vectors {
            let s = v.reduce(0, +)
            #expect(s > 0 || (abs(s) < 1e-12 && (v.first { abs($0) > 1e-12 } ?? 1) > 0))
        }
        #expect(e == m.eigen())
    }

    @Test func linearSolve() throws {
        let x = try #require(solveLinearSystem([0, 2, 1, 1, 1, 1, 2, 1, 0], [5, 4, 4]))
        #expect(maxAbsDifference(x, [1, 2, 1]) < 1e-14)
        #expect(solveLinearSystem([1, 2, 2, 4], [1, 1]) == nil)
    }
}
