import Foundation
import Testing

/// Review of `--where`: a condition on an identifier column (`--where pid!=P17`) was written
/// verbatim — in the summary, JSON `decoding.filters` and `input.where`, state files and the
/// reports' input lines — so the ID it names leaked into every output. Such a value is now
/// withheld everywhere (`pid!=<value withheld: identifier column>`), and state files hold only
/// its SHA-256, so shards filtered on different IDs are still told apart by `merge`.
///
/// Every run filters the sentinel client (or its therapist) out, so no output holds the sentinel
/// as data either: any occurrence is the condition leaking.
@Suite struct WherePrivacyTests {
    static let client = "ZQXSENTINEL", therapist = "TQXSENTINEL", otherClient = "Q7SENT42"
    static let withheld = "<value withheld: identifier column>"
    static let quick = ["--scale", "s=q1,q2,q3,q4", "--range", "1-5"]

    /// `pid,tid,session,q1..q4`: 14 clients × 4 sessions; the sentinel client alone has the
    /// sentinel therapist.
    static func data(in dir: URL) throws -> URL {
        var rows = ["pid,tid,session,q1,q2,q3,q4"]
        let clients = (100..<112).map { "C\($0)" } + [client, otherClient]
        for (c, id) in clients.enumerated() {
            for s in 1...4 {
                let r = c * 4 + s
                let a = r % 5 + 1, b = min(5, a + r % 2), d = max(1, a - (r / 3) % 2), e = (a + b) / 2
                rows.append("\(id),\(id == client ? therapist : "T\(c % 3)"),\(s),\(a),\(b),\(d),\(e)")
            }
        }
        let url = dir.appendingPathComponent("sessions.csv")
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-where-privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every command that takes `--where`, each identifier option, every output it writes.
    @Test func aWithheldValueAppearsNowhere() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Self.data(in: dir).path
        func out(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let notClient = ["--where", "pid!=\(Self.client)"]
        var runs: [(label: String, args: [String], files: [String])] = [
            ("score --id", ["score", data, "--id", "pid", "-o", out("scores.csv"), "--report", out("score-report.json")]
                + Self.quick + notClient, [out("scores.csv"), out("score-report.json")]),
            ("screen --id", ["screen", data, "--id", "pid", "-o", out("screen.csv"), "--report", out("screen-report.json")]
                + Self.quick + notClient, [out("screen.csv"), out("screen-report.json")]),
            ("check --id", ["check", data, "--id", "pid", "--min-alpha", "0", "-o", out("check.json"),
                            "--junit", out("junit.xml")] + Self.quick + notClient,
             [out("check.json"), out("junit.xml")]),
            // Named in another case than the header: still the identifier column.
            ("reliability --client", ["reliability", data, "--client", "PID", "--session", "session",
                                      "--where", "Pid!=\(Self.client)", "-o", out("rel-ml.json")] + Self.quick,
             [out("rel-ml.json")]),
        ]
        for format in ["json", "txt", "md", "html"] {
            runs.append(("reliability --id \(format)",
                         ["reliability", data, "--id", "pid", "-o", out("rel.\(format)"), "--state-out", out("state-\(format).json")]
                            + Self.quick + notClient,
                         [out("rel.\(format)"), out("state-\(format).json")]))
        }
        for i in 1...2 {
            runs.append(("shard \(i)", ["reliability", data, "--id", "pid", "--shard", "\(i)/2",
                                        "--state-out", out("shard\(i).json")] + Self.quick + notClient, [out("shard\(i).json")]))
        }
        for format in ["json", "txt", "md", "html"] {
            runs.append(("merge \(format)", ["merge", out("shard1.json"), out("shard2.json"), "-o", out("merged.\(format)")],
                         [out("merged.\(format)")]))
        }
        for (name, condition) in [("client", "pid!=\(Self.client)"), ("therapist", "tid!=\(Self.therapist)")] {
            for format in ["json", "md", "html"] {
                runs.append(("audit \(name) \(format)",
                             ["audit", data, "--client", "pid", "--therapist", "tid", "--session", "session", "--min-cell", "1",
                              "--where", condition, "-o", out("audit-\(name).\(format)")] + Self.quick,
                             [out("audit-\(name).\(format)")]))
            }
        }
        for run in runs {
            let r = try CLI.run(run.args)
            #expect(r.status == 0 || (run.label.hasPrefix("check") && r.status == 1), "\(run.label): \(r.stderr)")
            var texts = [("stdout", r.stdout), ("stderr", r.stderr)]
            for f in run.files {
                #expect(FileManager.default.fileExists(atPath: f), "\(run.label): \(f) not written")
                if let text = try? String(contentsOfFile: f, encoding: .utf8) { texts.append((f, text)) }
            }
            for (name, text) in texts {
                for s in [Self.client, Self.therapist] {
                    #expect(!text.contains(s), "\(run.label): \(name) contains the sentinel \(s)")
                }
            }
            // The summary still says that rows were left out, and by a condition on which column.
            if !run.label.hasPrefix("merge") {
                #expect(r.stderr.contains("filtered out by --where "), "\(run.label): \(r.stderr)")
                #expect(r.stderr.contains(Self.withheld), "\(run.label): \(r.stderr)")
            }
        }
        let state = try String(contentsOfFile: out("state-json.json"), encoding: .utf8)
        #expect(state.contains("pid!=\(Self.withheld)"))
        #expect(state.contains("where=pid!=sha256:"))
        let report = try String(contentsOfFile: out("rel.json"), encoding: .utf8)
        #expect(report.contains("\"where\":[\"pid!=\(Self.withheld)\"]") || report.contains("\"pid!=\(Self.withheld)\""))
    }

    /// A condition that keeps no row is explained without its value; a malformed one with no
    /// column is not repeated either.
    @Test func messagesWithholdTheValue() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Self.data(in: dir).path
        let none = try CLI.run(["score", data, "--id", "pid", "--where", "pid=\(Self.otherClient)X"] + Self.quick)
        #expect(none.status != 0)
        #expect(none.stderr.contains("left out by --where pid=\(Self.withheld)"), "\(none.stderr)")
        #expect(!none.stderr.contains(Self.otherClient), "\(none.stderr)")
        let noColumn = try CLI.run(["score", data, "--id", "pid", "--where", "=\(Self.client)"] + Self.quick)
        #expect(noColumn.status == 64 || noColumn.status == 2, "\(noColumn.status)")
        #expect(noColumn.stderr.contains("no column name before ="), "\(noColumn.stderr)")
        #expect(!noColumn.stderr.contains(Self.client), "\(noColumn.stderr)")
    }

    /// Conditions on other columns are written as given (the summary, JSON `input.where`).
    @Test func otherColumnsAreStillShown() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Self.data(in: dir).path
        let r = try CLI.run(["reliability", data, "--id", "pid", "--where", "session!=4", "--format", "json"] + Self.quick)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("filtered out by --where session!=4 "), "\(r.stderr)")
        #expect(r.stdout.contains("\"session!=4\""), "\(r.stdout)")
        #expect(!r.stdout.contains(Self.withheld) && !r.stderr.contains(Self.withheld))
        // Without --id, pid is not an identifier column of the run: its condition is shown.
        let plain = try CLI.run(["score", data, "--where", "pid!=C100"] + Self.quick)
        #expect(plain.stderr.contains("--where pid!=C100 "), "\(plain.stderr)")
    }

    /// Shards filtered on different withheld values are of different runs: `merge` refuses
    /// them (exit 2) without naming either value.
    @Test func mergeRefusesShardsWithDifferentWithheldValues() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Self.data(in: dir).path
        func state(_ i: Int, _ id: String) throws -> String {
            let path = dir.appendingPathComponent("shard\(i).json").path
            let r = try CLI.run(["reliability", data, "--id", "pid", "--shard", "\(i)/2", "--state-out", path,
                                 "--where", "pid!=\(id)"] + Self.quick)
            #expect(r.status == 0, "\(r.stderr)")
            return path
        }
        let a = try state(1, Self.client), b = try state(2, Self.otherClient)
        let r = try CLI.run(["merge", a, b, "--format", "json"])
        #expect(r.status == 2, "\(r.status): \(r.stderr)")
        #expect(r.stderr.contains("--where conditions differ"), "\(r.stderr)")
        for s in [Self.client, Self.otherClient] {
            #expect(!r.stderr.contains(s) && !r.stdout.contains(s))
        }
        // The same withheld value in both shards merges.
        let c = try state(2, Self.client)
        let ok = try CLI.run(["merge", a, c, "--format", "json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("pid!=\(Self.withheld)") && !ok.stdout.contains(Self.client))
    }
}
