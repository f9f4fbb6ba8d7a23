import Foundation
import Testing

/// `--report FILE` (the data summary as JSON: rows, findings by line and column) is declared
/// for every command that reads responses; reliability, check and audit accepted it and wrote
/// nothing. Each now writes the same summary `score --report` writes, with the run's other
/// outputs (committed together), and a bad path fails the run before anything is committed.
@Suite struct DataReportOptionTests {
    static func summary(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func reliabilityCheckAndAuditWriteTheDataSummary() throws {
        let dir = try AuditCommandTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wai = ["Datasets/wai-sr-2000.csv", "--instrument", "wai-sr"]
        let runs: [(name: String, args: [String], rows: Int)] = [
            ("score", ["score"] + wai + ["-o", dir.appendingPathComponent("s.csv").path], 2000),
            ("reliability", ["reliability"] + wai + ["-o", dir.appendingPathComponent("r.json").path], 2000),
            ("check", ["check"] + wai + ["-o", dir.appendingPathComponent("c.json").path], 2000),
            ("audit", AuditCommandTests.base + AuditCommandTests.demoFlags
                + ["-o", dir.appendingPathComponent("a.md").path], -1),
        ]
        var keys: Set<String>? = nil
        for run in runs {
            let report = dir.appendingPathComponent("\(run.name)-data.json")
            let r = try CLI.run(run.args + ["--report", report.path])
            #expect(r.status == 0 || (run.name == "check" && r.status == 1), "\(run.name): \(r.stderr)")
            let json = try Self.summary(report)
            let rows = try #require(json["rowsRead"] as? Int, "\(run.name): \(json.keys.sorted())")
            if run.rows >= 0 { #expect(rows == run.rows, "\(run.name)") } else { #expect(rows > 0) }
            // One summary format for every command.
            if let keys { #expect(Set(json.keys) == keys, "\(run.name)") } else { keys = Set(json.keys) }
        }
    }

    /// The summary is one of the run's outputs: a path that cannot be written stops the run
    /// with status 2 and the main output is not committed.
    @Test func anUnwritableReportCommitsNothing() throws {
        let dir = try AuditCommandTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r.json")
        let r = try CLI.run(["reliability", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "-o", out.path,
                             "--report", dir.appendingPathComponent("missing-folder/data.json").path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
