import Foundation
import RapportTestSupport
import Testing

/// End-to-end `rapport reliability` / `rapport merge` tests on the built binary.
@Suite struct ReliabilityCommandTests {
    static let demo = "Datasets/wai-sr-2000.csv"

    func json(_ r: CLIResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func scale(_ report: [String: Any], _ id: String) throws -> [String: Any] {
        let scales = try #require(report["scales"] as? [[String: Any]])
        return try #require(scales.first { $0["id"] as? String == id })
    }

    /// The demo WAI-SR file against psych 2.2.9 (scripts/reference/make-reliability-cli-reference.R):
    /// closed-form statistics to 1e-9 relative (the reference is printed with 15 significant
    /// digits), ω total to 1e-6 (minres is iterative).
    @Test func demoEqualsPsych() throws {
        let r = try CLI.run(["reliability", Self.demo, "--instrument", "wai-sr", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r)
        let refData = try Data(contentsOf: CLI.packageRoot.appendingPathComponent(
            "Tests/RapportCLITests/Fixtures/reliability-wai-sr-2000.json"))
        let ref = try #require(JSONSerialization.jsonObject(with: refData) as? [String: [String: Any]])
        for id in ["task", "bond", "goal", "total"] {
            let s = try scale(report, id)
            let e = try #require(ref[id])
            let a = try #require(s["alpha"] as? [String: Any])
            let pairs: [(String, Any?, String)] = [
                ("raw", a["raw"], "raw"), ("standardized", a["standardized"], "std"), ("g6", a["g6"], "g6"),
                ("averageR", a["averageR"], "averageR"), ("medianR", a["medianR"], "medianR"),
                ("signalToNoise", a["signalToNoise"], "sn"), ("ase", a["ase"], "ase"),
            ]
            for (name, got, key) in pairs {
                let g = try #require(got as? Double, "\(id).\(name)")
                let want = try #require(e[key] as? Double)
                #expect(isClose(g, want, relative: 1e-9, absolute: 1e-9), "\(id).\(name): \(g) vs psych \(want)")
            }
            let score = try #require((s["score"] as? [String: Any])?["itemMean"] as? [String: Any])
            #expect(isClose(try #require(score["mean"] as? Double), try #require(e["mean"] as? Double), relative: 1e-9, absolute: 1e-9))
            #expect(isClose(try #require(score["sd"] as? Double), try #require(e["sd"] as? Double), relative: 1e-9, absolute: 1e-9))
            let cis = try #require(a["ci"] as? [[String: Any]])
            let feldt = try #require(cis.first { $0["method"] as? String == "feldt" })
            #expect(isClose(try #require(feldt["lower"] as? Double), try #require(e["feldtLower"] as? Double), relative: 1e-9, absolute: 1e-9))
            #expect(isClose(try #require(feldt["upper"] as? Double), try #require(e["feldtUpper"] as? Double), relative: 1e-9, absolute: 1e-9))
            #expect(feldt["n"] as? Int == 2000)
            let omega = try #require(s["omega"] as? [String: Any])
            #expect(isClose(try #require(omega["total"] as? Double), try #require(e["omegaTotal"] as? Double), relative: 1e-6, absolute: 1e-6))
            let items = try #require(s["items"] as? [[String: Any]])
            let rDrop = try #require(e["rDrop"] as? [Double])
            let rawR = try #require(e["rawR"] as? [Double])
            let alphaDrop = try #require(e["alphaDrop"] as? [Double])
            #expect(items.count == rDrop.count)
            for (i, item) in items.enumerated() {
                #expect(isClose(try #require(item["rDrop"] as? Double), rDrop[i], relative: 1e-9, absolute: 1e-9))
                #expect(isClose(try #require(item["rawR"] as? Double), rawR[i], relative: 1e-9, absolute: 1e-9))
                let d = try #require(item["alphaIfDropped"] as? [String: Any])
                #expect(isClose(try #require(d["raw"] as? Double), alphaDrop[i], relative: 1e-9, absolute: 1e-9))
            }
        }
        let n = try #require(try scale(report, "total")["n"] as? [String: Any])
        #expect(n["rows"] as? Int == 2000)
        #expect((n["complete"] as? Int ?? 0) < 2000)
        let input = try #require(report["input"] as? [String: Any])
        #expect((input["sha256"] as? String)?.count == 64)
    }

    @Test func textReportFitsEightyColumns() throws {
        let r = try CLI.run(["reliability", Self.demo, "--instrument", "wai-sr"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("raw_alpha"))
        #expect(r.stdout.contains("Feldt 95% CI"))
        for line in r.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "too wide: \(line)")
        }
        // Never an ID value on any stream.
        #expect(!r.stdout.contains("P000") && !r.stderr.contains("P000"))
    }

    @Test func quickScaleAndScaleOnly() throws {
        let r = try CLI.run(["reliability", Self.demo, "--scale", "bond=waisr_3,waisr_5,waisr_7,waisr_9",
                             "--range", "1-5", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let quick = try scale(try json(r), "bond")
        let r2 = try CLI.run(["reliability", Self.demo, "--instrument", "wai-sr", "--scale-only", "bond",
                              "--format", "json"])
        let builtin = try json(r2)
        #expect((builtin["scales"] as? [Any])?.count == 1)
        let b = try scale(builtin, "bond")
        #expect((quick["alpha"] as? [String: Any])?["raw"] as? Double == (b["alpha"] as? [String: Any])?["raw"] as? Double)
        let bad = try CLI.run(["reliability", Self.demo, "--instrument", "wai-sr", "--scale-only", "nope"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no such scale"))
    }

    @Test func conventionsAreStatedAndChangeable() throws {
        let r = try CLI.run(["reliability", Self.demo, "--instrument", "wai-sr", "--scale-only", "task",
                             "--ci-n", "complete", "--missing", "listwise", "--confidence", "0.9", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r)
        let options = try #require(report["options"] as? [String: Any])
        #expect(options["missing"] as? String == "listwise")
        #expect(options["confidence"] as? Double == 0.9)
        let s = try scale(report, "task")
        let n = try #require(s["n"] as? [String: Any])
        let ci = try #require((s["alpha"] as? [String: Any])?["ci"] as? [[String: Any]])
        #expect(ci.allSatisfy { $0["n"] as? Int == n["complete"] as? Int && $0["level"] as? Double == 0.9 })
    }

    /// A file of several chunks, made by `rapport simulate` in a temporary folder.
    static func bigFile() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-rel-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("wai-120k.csv")
        if !FileManager.default.fileExists(atPath: file.path) {
            let r = try CLI.run(["simulate", "--instrument", "wai-sr", "--rows", "120000", "--seed", "11",
                                 "--missing", "0.03", "-o", file.path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return file
    }

    @Test func identicalBytesAtAnyThreadCountAndWhenSharded() throws {
        let file = try Self.bigFile()
        var outputs: [String] = []
        for t in ["1", "2", "8"] {
            let r = try CLI.run(["reliability", file.path, "--instrument", "wai-sr", "--format", "json", "--threads", t])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(r.stdout)
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
        #expect(outputs[0].count > 1000)

        let dir = file.deletingLastPathComponent()
        var states: [String] = []
        for i in 1...3 {
            let state = dir.appendingPathComponent("part-\(i).json").path
            let r = try CLI.run(["reliability", file.path, "--instrument", "wai-sr", "--shard", "\(i)/3",
                                 "--state-out", state, "--threads", i == 2 ? "1" : "2"])
            #expect(r.status == 0, "\(r.stderr)")
            states.append(state)
        }
        let merged = try CLI.run(["merge", "--format", "json"] + states.reversed())
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == outputs[0], "merged report differs from the single run")

        let incomplete = try CLI.run(["merge"] + states.prefix(2))
        #expect(incomplete.status == 2)
        #expect(incomplete.stderr.contains("3/3 missing"))
        let twice = try CLI.run(["merge", states[0], states[0], states[1]])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("given twice"))

        let other = dir.appendingPathComponent("other.json").path
        let r = try CLI.run(["reliability", file.path, "--instrument", "wai-sr", "--shard", "3/3",
                             "--state-out", other, "--missing", "listwise"])
        #expect(r.status == 0)
        let mixed = try CLI.run(["merge", states[0], states[1], other])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("reliability options differ"))
    }

    @Test func bootstrapIsSeededAndThreadIndependent() throws {
        let args = ["reliability", Self.demo, "--instrument", "wai-sr", "--scale-only", "goal",
                    "--bootstrap", "200", "--seed", "7", "--format", "json"]
        let a = try CLI.run(args + ["--threads", "1"])
        let b = try CLI.run(args + ["--threads", "2"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let s = try scale(try json(a), "goal")
        let alpha = try #require(s["alpha"] as? [String: Any])
        let raw = try #require(alpha["raw"] as? Double)
        let boot = try #require((alpha["ci"] as? [[String: Any]])?.first { $0["method"] as? String == "bootstrap" })
        let lo = try #require(boot["lower"] as? Double), hi = try #require(boot["upper"] as? Double)
        #expect(lo < raw && raw < hi && hi - lo < 0.1)
        let c = try CLI.run(args.dropLast(2) + ["--seed", "8", "--format", "json"])
        #expect(c.stdout != a.stdout)
    }

    @Test func badInputExitsTwo() throws {
        let missing = try CLI.run(["reliability", "no-such-file.csv", "--instrument", "wai-sr"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-file.csv"))
        let wrongColumns = try CLI.run(["reliability", "Datasets/care-800.csv", "--instrument", "wai-sr"])
        #expect(wrongColumns.status == 2)
        #expect(wrongColumns.stderr.contains("waisr_"))
        AssertErrorMessage(["reliability", Self.demo, "--instrument", "wai-sr", "--shard", "1/2"],
                           "--shard needs --state-out FILE: a shard's moments are merged later by `rapport merge`.")
    }
}

/// `rapport reliability --exclude-flagged` (issue 8): the "kept" analysis equals a plain run
/// on the file with the rows `rapport screen` flags removed.
@Suite struct ReliabilityExcludeFlaggedTests {
    @Test func keptAnalysisEqualsRunWithoutFlaggedRows() throws {
        let demo = ReliabilityCommandTests.demo
        let r = try CLI.run(["reliability", demo, "--instrument", "wai-sr", "--exclude-flagged", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let x = try #require(report["excludingFlagged"] as? [String: Any])
        let excluded = try #require(x["rowsExcluded"] as? Int)
        #expect(excluded > 0)
        #expect(x["rowsKept"] as? Int == 2000 - excluded)

        // Which rows does `rapport screen` flag? Drop them and analyse the rest.
        let screen = try CLI.run(["screen", demo, "--instrument", "wai-sr"])
        #expect(screen.status == 0)
        let flags = screen.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) ?? "" }
        let source = try String(contentsOf: CLI.packageRoot.appendingPathComponent(demo), encoding: .utf8)
        let lines = source.split(separator: "\n")
        var kept = [String(lines[0])]
        for (i, line) in lines.dropFirst().enumerated() where flags[i].isEmpty { kept.append(String(line)) }
        #expect(kept.count - 1 == 2000 - excluded)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-excl-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("kept.csv")
        try (kept.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let plain = try CLI.run(["reliability", file.path, "--instrument", "wai-sr", "--format", "json"])
        let plainReport = try #require(JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        let plainScales = try #require(plainReport["scales"] as? [[String: Any]])
        let keptScales = try #require(x["scales"] as? [[String: Any]])
        #expect(plainScales.count == keptScales.count)
        for (a, b) in zip(plainScales, keptScales) {
            let aa = try #require(a["alpha"] as? [String: Any]), ba = try #require(b["alpha"] as? [String: Any])
            #expect(aa["raw"] as? Double == ba["raw"] as? Double, "\(a["id"] ?? "")")
            #expect((a["n"] as? [String: Any])?["complete"] as? Int == (b["n"] as? [String: Any])?["complete"] as? Int)
        }
        // Text output shows both side by side.
        let text = try CLI.run(["reliability", demo, "--instrument", "wai-sr", "--exclude-flagged"])
        #expect(text.stdout.contains("alpha (kept)"))
        // Thresholds without the flag are an argument error.
        AssertErrorMessage(["reliability", demo, "--instrument", "wai-sr", "--mahalanobis-p", "0.01"],
                           "Screening thresholds apply only with --exclude-flagged.")
    }
}

/// An input that opens but cannot be read (a folder): a clear error and exit 2, every time.
/// The background SHA-256 used to crash inside Foundation when it lost the race with the reader.
@Suite struct UnreadableInputTests {
    @Test func aFolderIsRefusedWithoutACrash() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for command in ["reliability", "check"] {
            for _ in 0..<5 {
                let r = try CLI.run([command, dir.path, "--instrument", "wai-sr"])
                #expect(r.status == 2, "\(command): \(r.stderr)")
                #expect(r.stderr.contains("\(dir.path): is a directory"), "\(command): \(r.stderr)")
                #expect(!r.stderr.contains("Fatal error"))
            }
        }
    }
}
