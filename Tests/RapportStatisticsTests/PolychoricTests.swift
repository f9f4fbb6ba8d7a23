import Foundation
import Testing
@testable import RapportStatistics

/// Polychoric correlations against psych 2.2.9 `polychoric(x, smooth = FALSE)` and the α
/// family / ω of the polychoric matrix against `alpha(rho)` / `omega(rho, 1)`
/// (Fixtures/make-polychoric-reference.R): bfi agreeableness (global thresholds, missing
/// answers) and a seeded set whose items differ in their observed maximum (psych's local rule
/// with the 0.5 correction). Tolerance 1e-4 (issue 15) on ρ, τ, α and ω; the bivariate normal
/// against `mnormt::sadmvn` at 1e-10.
@Suite struct PolychoricTests {
    struct Set: Decodable {
        let data: [[Double?]]
        let categories: [Double]
        let rho: [[Double]]
        let tau: [[Double?]]
        let alpha: Double, averageR: Double, g6: Double, omega: Double
        let alphaDrop: [Double]
        let splitMax: Double, splitMin: Double, splitMean: Double, lambda2: Double, lambda6: Double
    }
    struct Reference: Decodable {
        let bfiA: Set
        let local: Set
        let rectangles: [[Double?]]
    }
    static let reference: Reference = {
        let url = Bundle.module.url(forResource: "polychoric-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    static func tables(_ s: Set) -> PolychoricTables {
        let k = s.data.first?.count ?? 0
        var t = PolychoricTables(itemCount: k, categories: s.categories, decimals: 0)
        let flat = s.data.flatMap { $0.map { $0 ?? .nan } }
        flat.withUnsafeBufferPointer { t.add(values: $0, rowCount: s.data.count, rowStride: k, offsets: Array(0..<k)) }
        return t
    }

    @Test(arguments: ["bfiA", "local"])
    func matchesPsych(_ name: String) throws {
        let s = name == "bfiA" ? Self.reference.bfiA : Self.reference.local
        let p = PolychoricMatrix(Self.tables(s))
        #expect(p.global == (name == "bfiA"))
        let k = s.rho.count
        var worst = 0.0
        for i in 0..<k { for j in 0..<k { worst = max(worst, abs(p.rho[i, j] - s.rho[i][j])) } }
        #expect(worst < 1e-4, "max |ρ − psych| = \(worst)")
        if name == "bfiA" {
            for i in 0..<k { #expect(maxAbsDifference(p.thresholds[i], s.tau[i].map { $0 ?? .infinity }) < 1e-12) }
        } else {
            #expect(p.correctedPairs > 0)
        }
        let a = AlphaCoefficients(covariance: p.rho)
        #expect(abs(a.raw - s.alpha) < 1e-4)
        #expect(abs(a.averageR - s.averageR) < 1e-4)
        #expect(abs(a.g6 - s.g6) < 1e-4)
        let o = try #require(Omega(p.rho, flip: false))
        #expect(abs(o.total - s.omega) < 1e-4)
        // The rest of the report from the same matrix: alpha.drop, splitHalf(rho), λ2, λ6.
        for i in 0..<k { #expect(abs(AlphaCoefficients(covariance: p.rho.removing(i)).raw - s.alphaDrop[i]) < 1e-4) }
        let sh = try #require(SplitHalf(p.rho, enumeration: .psych()))
        #expect(abs(sh.maximum - s.splitMax) < 1e-4)
        #expect(abs(sh.minimum - s.splitMin) < 1e-4)
        #expect(abs(sh.mean - s.splitMean) < 1e-4)
        let g = try #require(Guttman(p.rho, standardize: true, enumeration: .psych()))
        #expect(abs(g.lambda2 - s.lambda2) < 1e-4)
        #expect(abs(g.lambda6 - s.lambda6) < 1e-4)
    }

    @Test func bivariateNormalMatchesSadmvn() {
        var worst = 0.0
        for row in Self.reference.rectangles {
            let v = row.map { $0 ?? .nan }
            // JSON has no infinities: R's ±Inf limits were written as null; restore by position.
            let a1 = v[0].isNaN ? -Double.infinity : v[0], b1 = v[1].isNaN ? Double.infinity : v[1]
            let a2 = v[2].isNaN ? -Double.infinity : v[2], b2 = v[3].isNaN ? Double.infinity : v[3]
            let p = BivariateNormal.rectangle(x: a1, b1, y: a2, b2, rho: v[4])
            worst = max(worst, abs(p - v[5]))
        }
        #expect(worst < 1e-10, "max |P − sadmvn| = \(worst)")
    }

    /// Reversing one item's categories negates its polychoric correlations exactly.
    @Test func reversalNegates() throws {
        let s = Self.reference.bfiA
        let flipped = Set(data: s.data.map { row in row.enumerated().map { $0.offset == 0 ? $0.element.map { 7 - $0 } : $0.element } },
                          categories: s.categories, rho: s.rho, tau: s.tau, alpha: 0, averageR: 0, g6: 0, omega: 0,
                          alphaDrop: [], splitMax: 0, splitMin: 0, splitMean: 0, lambda2: 0, lambda6: 0)
        let p = PolychoricMatrix(Self.tables(s)), q = PolychoricMatrix(Self.tables(flipped))
        #expect(abs(p.rho[1, 0] + q.rho[1, 0]) < 1e-6)
        #expect(abs(p.rho[2, 1] - q.rho[2, 1]) < 1e-12)
    }
}
