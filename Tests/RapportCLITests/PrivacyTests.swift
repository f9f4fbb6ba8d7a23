import Foundation
import Testing

/// Issue 11, failure 8: participant IDs pushed into item cells by damaged rows were quoted in
/// "is not a number" messages — on standard error, in `--report`, in `--state-out` files and in
/// audits, pseudonymised or not — and control characters reached the terminal raw.
///
/// Every kind of row damage that moves an ID into an item cell is planted with sentinel IDs (a
/// letters-only one, a digits-only one and a mixed one, so no rule about a cell's shape alone
/// could hide them), and every output of every command is searched for them.
@Suite struct PrivacyTests {
    static let sentinels = ["ZQXSENTINEL", "77340219", "Q7SENT42"]

    /// Layout A: `client,q1,q2,q3,q4,session` (the ID first).
    static func layoutA() -> String {
        var rows = ["client,q1,q2,q3,q4,session"]
        for r in 0..<60 {
            let a = r % 5 + 1, b = min(5, a + r % 2), c = max(1, a - (r / 3) % 2), d = (a + b) / 2
            rows.append("C\(r / 4 + 100),\(a),\(b),\(c),\(d),\(r % 4 + 1)")
        }
        // An unquoted comma in an ID: the ID's second half lands in q1.
        rows.insert("Doe, ZQXSENTINEL,1,2,3,4,1", at: 5)
        rows.insert("Roe, 77340219,2,2,3,4,2", at: 9)
        rows.insert("Poe, Q7SENT42,3,2,3,4,3", at: 13)
        // A stray delimiter before the ID: the whole ID lands in q1.
        rows.insert(",ZQXSENTINEL,1,2,3,4,1", at: 17)
        rows.insert(",77340219,1,2,3,4,1", at: 19)
        // A bare CR joins two rows: the next ID lands in q4 of this one, after the CR.
        rows.insert("C900,1,2,3,4\rQ7SENT42,1,2,3,4,2", at: 23)
        rows.insert("C901,1,2,3,4\r77340219,1,2,3,4,2", at: 27)
        rows.insert("C902,1,2,3,4\rZQXSENTINEL,1,2,3,4,2", at: 29)
        // An ESC and a BEL in a cell must never reach a terminal raw.
        rows.insert("C903,\u{1B}[2J\u{07},2,3,4,1", at: 31)
        return rows.joined(separator: "\n") + "\n"
    }

    /// Layout B: `q1,q2,q3,q4,session,client` (the ID last).
    static func layoutB() -> String {
        var rows = ["q1,q2,q3,q4,session,client"]
        for r in 0..<60 {
            let a = r % 5 + 1, b = min(5, a + r % 2), c = max(1, a - (r / 3) % 2), d = (a + b) / 2
            rows.append("\(a),\(b),\(c),\(d),\(r % 4 + 1),C\(r / 4 + 100)")
        }
        // Answers and the session missing: the ID slides into q4 (or q3).
        rows.insert("1,2,3,ZQXSENTINEL", at: 4)
        rows.insert("1,2,77340219", at: 8)
        rows.insert("1,2,3,Q7SENT42", at: 12)
        // A bare CR after a short row: the next row's first answers and its ID fill this one.
        rows.insert("1,2\r3,4,1,ZQXSENTINEL", at: 16)
        return rows.joined(separator: "\n") + "\n"
    }

    static let quick = ["--scale", "s=q1,q2,q3,q4", "--range", "1-5"]

    /// Files the commands write, read back for the search.
    struct Run {
        var label: String
        var result: CLIResult
        var files: [URL]
    }

    static func runs(data: URL, dir: URL, tag: String) throws -> [Run] {
        let key = dir.appendingPathComponent("audit.key")
        try Data((0..<32).map { UInt8($0 * 7 % 251) }).write(to: key)
        func out(_ name: String) -> URL { dir.appendingPathComponent("\(tag)-\(name)") }
        var runs: [Run] = []
        for policy in ["missing", "reject-row", "fail"] {
            let p = ["--on-invalid", policy]
            let score = ["score", data.path] + quick + p + ["-o", out("scores-\(policy).csv").path,
                                                             "--report", out("score-report-\(policy).json").path]
            runs.append(Run(label: "score \(policy)", result: try CLI.run(score),
                            files: [out("score-report-\(policy).json")]))
            let rel = ["reliability", data.path] + quick + p + ["--state-out", out("state-\(policy).json").path,
                                                                "-o", out("rel-\(policy).json").path]
            runs.append(Run(label: "reliability \(policy)", result: try CLI.run(rel),
                            files: [out("state-\(policy).json"), out("rel-\(policy).json")]))
            let shard = ["reliability", data.path] + quick + p + ["--shard", "1/2", "--state-out", out("shard-\(policy).json").path]
            runs.append(Run(label: "shard \(policy)", result: try CLI.run(shard), files: [out("shard-\(policy).json")]))
            runs.append(Run(label: "screen \(policy)",
                            result: try CLI.run(["screen", data.path] + quick + p + ["-o", out("screen-\(policy).csv").path]),
                            files: [out("screen-\(policy).csv")]))
            let check = ["check", data.path, "--min-alpha", "0"] + quick + p + ["--junit", out("junit-\(policy).xml").path,
                                                                                "-o", out("check-\(policy).json").path]
            runs.append(Run(label: "check \(policy)", result: try CLI.run(check),
                            files: [out("junit-\(policy).xml"), out("check-\(policy).json")]))
        }
        // The audit: damaged rows rejected, every output written, with and without a key.
        for keyed in [false, true] {
            for format in ["json", "md", "html"] {
                let name = "audit-\(keyed ? "keyed" : "plain")"
                var args = ["audit", data.path, "--client", "client", "--session", "session", "--on-invalid", "reject-row",
                            "--min-cell", "1", "-o", out("\(name).\(format)").path]
                    + quick
                if keyed {
                    args += ["--pseudonymize-key", key.path, "--clients-out", out("\(name)-clients.csv").path,
                             "--report", out("\(name)-report.json").path]
                }
                let files = [out("\(name).\(format)")]
                    + (keyed ? [out("\(name)-clients.csv"), out("\(name)-report.json")] : [])
                runs.append(Run(label: "\(name) \(format)", result: try CLI.run(args), files: files))
            }
        }
        return runs
    }

    @Test(arguments: ["A", "B"])
    func sentinelIDsAppearNowhere(_ layout: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("sessions.csv")
        try Data((layout == "A" ? Self.layoutA() : Self.layoutB()).utf8).write(to: data)

        var findings = 0
        for run in try Self.runs(data: data, dir: dir, tag: layout) {
            let r = run.result
            #expect(!r.stderr.contains("Fatal error"), "\(run.label)")
            var texts = [("stderr", r.stderr)]
            for f in run.files where FileManager.default.fileExists(atPath: f.path) {
                texts.append((f.lastPathComponent, try String(contentsOf: f, encoding: .utf8)))
            }
            for (name, text) in texts {
                for s in Self.sentinels {
                    #expect(!text.contains(s), "\(run.label): \(name) contains the sentinel \(s)")
                }
                #expect(!text.contains("\u{1B}"), "\(run.label): \(name) has a raw ESC")
                #expect(!text.contains("\u{07}"), "\(run.label): \(name) has a raw BEL")
            }
            findings += r.stderr.components(separatedBy: "ragged-row").count - 1
        }
        // The damage was reported (by line, never by content).
        #expect(findings > 10)
    }

    /// A clean row with a short, non-ID-shaped bad cell is still quoted: users see what to fix.
    @Test func safeCellsAreStillQuoted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("d.csv")
        try Data("id,q1,q2\nP001,x,9\nP002,2.5,n/a\nP003,1,\u{1B}[H\nP004,1,2\nP005,3,4\n".utf8).write(to: data)
        let r = try CLI.run(["score", data.path, "--scale", "s=q1,q2", "--range", "1-5"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("\"x\" is not a number"), "\(r.stderr)")
        #expect(r.stderr.contains("\"9\" is outside the response range 1–5"), "\(r.stderr)")
        #expect(r.stderr.contains("\"2.5\" is not on the response grid"), "\(r.stderr)")
        #expect(r.stderr.contains("\"n/a\" is not a number"), "\(r.stderr)")
        // ESC shown as an escape, never raw.
        #expect(r.stderr.contains("\\u{1B}[H"), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}"))
    }
}
