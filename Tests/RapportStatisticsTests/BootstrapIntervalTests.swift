import Foundation
import Testing
@testable import RapportStatistics

/// ``BootstrapInterval`` against boot 1.3-28.1 `perc.ci` and `bca.ci` (jackknife influence) on
/// stored replicates of ω total (Fixtures/make-bootstrap-reference.R): R = 999 (integer order
/// statistics at 95%) and R = 1000 (normal-scale interpolation), 95% and 90%. Tolerance 1e-12.
@Suite struct BootstrapIntervalTests {
    struct Case: Decodable {
        let t: [Double]
        let t0: Double
        let L: [Double]
        let level: Double
        let percentile: [Double]
        let bca: [Double]
    }
    struct Reference: Decodable { let cases: [String: Case] }

    static let reference: Reference = {
        let url = Bundle.module.url(forResource: "bootstrap-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: ["R999_95", "R999_90", "R1000_95", "R1000_90"])
    func matchesBoot(_ name: String) throws {
        let c = try #require(Self.reference.cases[name])
        let p = try #require(BootstrapInterval.percentile(c.t, level: c.level))
        #expect(abs(p.lower - c.percentile[0]) < 1e-12 && abs(p.upper - c.percentile[1]) < 1e-12, "\(p) vs \(c.percentile)")
        let b = try #require(BootstrapInterval.bca(c.t, estimate: c.t0, influence: c.L, level: c.level))
        #expect(abs(b.lower - c.bca[0]) < 1e-12 && abs(b.upper - c.bca[1]) < 1e-12, "\(b) vs \(c.bca)")
    }

    /// Jackknife influence: (G − 1)(θ̄ − θ₍g₎); scale-free acceleration, so BCa with L and 5L agree.
    @Test func influenceAndScaleFreedom() throws {
        let l = BootstrapInterval.jackknifeInfluence([1, 2, 3, 6])
        let want: [Double] = [6, 3, 0, -9]       // (G − 1)(θ̄ − θ₍g₎), θ̄ = 3, G = 4
        #expect(l == want)
        let c = try #require(Self.reference.cases["R1000_95"])
        let a = try #require(BootstrapInterval.bca(c.t, estimate: c.t0, influence: c.L, level: 0.95))
        let b = try #require(BootstrapInterval.bca(c.t, estimate: c.t0, influence: c.L.map { $0 * 5 }, level: 0.95))
        #expect(abs(a.lower - b.lower) < 1e-12 && abs(a.upper - b.upper) < 1e-12)
    }

    @Test func undefinedCases() {
        #expect(BootstrapInterval.percentile([0.5], level: 0.95) == nil)
        // Every replicate above the estimate: w = Φ⁻¹(0) is infinite (boot stops).
        #expect(BootstrapInterval.bca([0.6, 0.7, 0.8], estimate: 0.5, influence: [1, -1], level: 0.95) == nil)
    }
}
