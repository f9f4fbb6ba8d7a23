import Foundation
import Testing

/// `--bootstrap N --seed S` gives percentile and BCa intervals for α, ω total and ω_h
/// (issue 15 §4): seeded, parallel, the same bytes at any thread count. The interval formulas
/// are tested against boot::boot.ci in RapportStatisticsTests (BootstrapIntervalTests).
@Suite struct BootstrapOmegaTests {
    static let args = ["reliability", Self.file, "--scale", "wai=t1,t2,t3,t4,t5,-t6,t7,t8,t9,t10,t11,t12",
                       "--range", "1-7", "--omega-factors", "3", "--bootstrap", "60", "--seed", "11", "--format", "json"]
    static let file = "Tests/RapportCLITests/Fixtures/omega/three-factor.csv"

    func scale(_ r: CLIResult) throws -> [String: Any] {
        #expect(r.status == 0, "\(r.stderr)")
        let rep = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return try #require((rep["scales"] as? [[String: Any]])?.first)
    }

    func check(_ ci: [[String: Any]], around estimate: Double, _ what: String) {
        #expect(ci.map { $0["method"] as? String } == ["bootstrap", "bca"], "\(what)")
        for c in ci {
            let lo = c["lower"] as? Double ?? .nan, hi = c["upper"] as? Double ?? .nan
            #expect(lo < estimate && estimate < hi && hi - lo < 0.2, "\(what) \(c)")
            #expect(c["n"] as? Int == 600 && c["level"] as? Double == 0.95)
        }
    }

    @Test func omegaIntervalsAreSeededAndThreadIndependent() throws {
        let one = try CLI.run(Self.args + ["--threads", "1"])
        let two = try CLI.run(Self.args + ["--threads", "2"])
        #expect(one.stdout == two.stdout)
        let s = try scale(one)
        let omega = try #require(s["omega"] as? [String: Any])
        check(try #require(omega["ci"] as? [[String: Any]]), around: try #require(omega["total"] as? Double), "ω total")
        let h = try #require(omega["hierarchical"] as? [String: Any])
        check(try #require(h["ci"] as? [[String: Any]]), around: try #require(omega["omegaH"] as? Double), "ω_h")
        let alpha = try #require(s["alpha"] as? [String: Any])
        let alphaCI = try #require(alpha["ci"] as? [[String: Any]]).filter { ["bootstrap", "bca"].contains($0["method"] as? String) }
        check(alphaCI, around: try #require(alpha["raw"] as? Double), "α")
        let other = try CLI.run(Array(Self.args.dropLast(2)) + ["--seed", "12", "--format", "json"])
        #expect(other.stdout != one.stdout)
    }

    /// Without --bootstrap the interval lists are present and empty.
    @Test func noBootstrapNoIntervals() throws {
        let r = try CLI.run(["reliability", Self.file, "--scale", "wai=t1,t2,t3,t4", "--range", "1-7", "--format", "json"])
        let omega = try #require(try scale(r)["omega"] as? [String: Any])
        #expect((omega["ci"] as? [Any])?.isEmpty == true)
    }
}
