import Foundation
import Testing

/// `--compat psych|spss|jasp` and the declared default reverse range (issue 15 §6).
@Suite struct CompatPresetTests {
    static let demo = ["reliability", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "--scale-only", "task",
                       "--format", "json"]

    func report(_ extra: [String]) throws -> [String: Any] {
        let r = try CLI.run(Self.demo + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func options(_ extra: [String]) throws -> [String: String] {
        let o = try #require(try report(extra)["options"] as? [String: Any])
        var out: [String: String] = [:]
        for k in ["compat", "missing", "reverseKeying", "intervalN", "duhachekZ"] { out[k] = o[k] as? String }
        return out
    }

    @Test func presetsSetTheDocumentedConventions() throws {
        #expect(try options([]) == ["compat": "rapport", "missing": "pairwise", "reverseKeying": "declared",
                                    "intervalN": "allRows", "duhachekZ": "exact"])
        #expect(try options(["--compat", "psych"]) == ["compat": "psych", "missing": "pairwise", "reverseKeying": "observed",
                                                       "intervalN": "allRows", "duhachekZ": "psych"])
        #expect(try options(["--compat", "spss"]) == ["compat": "spss", "missing": "listwise", "reverseKeying": "declared",
                                                      "intervalN": "completeCases", "duhachekZ": "exact"])
        #expect(try options(["--compat", "jasp"]) == ["compat": "jasp", "missing": "listwise", "reverseKeying": "observed",
                                                      "intervalN": "completeCases", "duhachekZ": "exact"])
        // An explicit option overrides the preset.
        #expect(try options(["--compat", "psych", "--missing", "listwise"])["missing"] == "listwise")
    }

    /// psych prints Duhachek's interval as α ± 1.96 · ase; the default uses the exact quantile.
    @Test func duhachekQuantile() throws {
        for (extra, z) in [(["--compat", "psych"], 1.96), ([], 1.959963984540054)] {
            let s = try #require((try report(extra)["scales"] as? [[String: Any]])?.first)
            let a = try #require(s["alpha"] as? [String: Any])
            let raw = try #require(a["raw"] as? Double), ase = try #require(a["ase"] as? Double)
            let d = try #require((a["ci"] as? [[String: Any]])?.first { $0["method"] as? String == "duhachek" })
            #expect(abs((d["lower"] as! Double) - (raw - z * ase)) < 1e-12)
            #expect(abs((d["upper"] as! Double) - (raw + z * ase)) < 1e-12)
        }
    }

    /// Complete cases under the spss preset: every interval's N is the complete count.
    @Test func spssUsesCompleteCases() throws {
        let s = try #require((try report(["--compat", "spss"])["scales"] as? [[String: Any]])?.first)
        let n = try #require(s["n"] as? [String: Any])
        let ci = try #require((s["alpha"] as? [String: Any])?["ci"] as? [[String: Any]])
        #expect(ci.allSatisfy { $0["n"] as? Int == n["complete"] as? Int })
    }

    /// Nobody answered 1 or 5: the declared range reverses a 4 to 2 (1 + 5 − 4), psych's
    /// observed range to 3 (2 + 5 − 4) — the reversed item's mean moves by one.
    @Test func declaredRangeIsTheDefaultWithADefinition() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-compat-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("x.csv")
        var rows = ["a,b,c"]
        for i in 0..<30 { rows.append("\(2 + i % 4),\(2 + (i + 1) % 3),\(4 - i % 3)") }
        try (rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        func itemMean(_ extra: [String]) throws -> (Double, String) {
            let r = try CLI.run(["reliability", file.path, "--scale", "s=a,b,-c", "--range", "1-5", "--format", "json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let rep = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let s = try #require((rep["scales"] as? [[String: Any]])?.first)
            let c = try #require((s["items"] as? [[String: Any]])?.first { $0["id"] as? String == "c" })
            return (try #require(c["mean"] as? Double), (rep["options"] as? [String: Any])?["reverseKeying"] as? String ?? "")
        }
        let declared = try itemMean([])
        let observed = try itemMean(["--compat", "psych"])
        #expect(declared.1 == "declared" && observed.1 == "observed")
        #expect(abs(declared.0 - 3) < 1e-12)       // raw mean 3 → 6 − 3
        #expect(abs(observed.0 - 4) < 1e-12)       // observed 2..5 → 7 − 3
    }

    @Test func textReportNamesThePreset() throws {
        let r = try CLI.run(["reliability", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "--scale-only", "task",
                             "--compat", "spss"])
        #expect(r.stdout.contains("Conventions: spss; missing data: listwise"))
        let bad = try CLI.run(["reliability", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "--compat", "stata"])
        #expect(bad.status != 0)
    }
}
