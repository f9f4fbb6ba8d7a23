import Foundation
import Testing

/// `rapport agreement` against psych::ICC 2.2.9 (Tests/RapportStatisticsTests/Fixtures/icc-reference.json,
/// made by make-icc-reference.R): the Shrout & Fleiss table and a table with missing ratings.
@Suite struct AgreementCommandTests {
    static func reference() throws -> [String: Any] {
        let url = CLI.packageRoot.appendingPathComponent("Tests/RapportStatisticsTests/Fixtures/icc-reference.json")
        return (try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any])["cases"] as! [String: Any]
    }

    /// `ratings` with -999 marking a missing cell, as written by the R script.
    static func ratings(_ name: String) throws -> [[Double?]] {
        let c = try reference()[name] as! [String: Any]
        return (c["ratings"] as! [[NSNumber]]).map { $0.map { $0.doubleValue == -999 ? nil : $0.doubleValue } }
    }

    static func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-agreement-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func long(_ table: [[Double?]]) -> String {
        var s = "session,coder,rating\n"
        for (i, row) in table.enumerated() {
            for (j, x) in row.enumerated() { s += "S\(i + 1),R\(j + 1),\(x.map { String($0) } ?? "")\n" }
        }
        return s
    }

    static func wide(_ table: [[Double?]]) -> String {
        "session," + table[0].indices.map { "r\($0 + 1)" }.joined(separator: ",") + "\n"
            + table.enumerated().map { i, row in "S\(i + 1)," + row.map { $0.map { String($0) } ?? "" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func check(_ stdout: String, against ref: [String: Any], tolerance: Double) throws {
        let json = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as! [String: Any]
        let forms = json["forms"] as! [[String: Any]]
        #expect(forms.map { $0["name"] as! String } == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"])
        for key in ["icc", "F", "df1", "df2", "p", "lower", "upper"] {
            let want = (ref[key] as! [NSNumber]).map(\.doubleValue)
            for (i, f) in forms.enumerated() {
                let got = f[key] as! Double
                #expect(abs(got - want[i]) <= tolerance * max(1, abs(want[i])), "\(key) of \(f["name"]!): \(got) vs \(want[i])")
            }
        }
    }

    @Test func shroutFleissLongAndWide() throws {
        let table = try Self.ratings("shroutFleiss")
        let ref = (try Self.reference()["shroutFleiss"] as! [String: Any])["anova05"] as! [String: Any]
        let long = try Self.write(Self.long(table))
        let wide = try Self.write(Self.wide(table))
        defer { try? FileManager.default.removeItem(at: long); try? FileManager.default.removeItem(at: wide) }
        let r1 = try CLI.run(["agreement", long.path, "--target", "session", "--rater", "coder", "--value", "rating", "--format", "json"])
        #expect(r1.status == 0, "\(r1.stderr)")
        try Self.check(r1.stdout, against: ref, tolerance: 1e-9)
        let r2 = try CLI.run(["agreement", wide.path, "--target", "session", "--wide", "r1,r2,r3,r4", "--format", "json"])
        #expect(r2.status == 0, "\(r2.stderr)")
        try Self.check(r2.stdout, against: ref, tolerance: 1e-9)
        // The published values, as printed.
        let text = try CLI.run(["agreement", wide.path, "--wide", "r1,r2,r3,r4"])
        for v in ["0.166", "0.290", "0.715", "0.443", "0.620", "0.909"] { #expect(text.stdout.contains(v)) }
    }

    @Test func missingRatingsMatchPsychREML() throws {
        let table = try Self.ratings("missing")
        #expect(table.joined().contains { $0 == nil })
        let ref = try Self.reference()["missing"] as! [String: Any]
        let long = try Self.write(Self.long(table))
        defer { try? FileManager.default.removeItem(at: long) }
        let args = ["agreement", long.path, "--target", "session", "--rater", "coder", "--value", "rating", "--format", "json"]
        let r = try CLI.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        try Self.check(r.stdout, against: ref["lmer05"] as! [String: Any], tolerance: 1e-4)
        let r90 = try CLI.run(args + ["--confidence", "0.90"])
        try Self.check(r90.stdout, against: ref["lmer10"] as! [String: Any], tolerance: 1e-4)
        let anova = try CLI.run(args + ["--method", "anova"])
        try Self.check(anova.stdout, against: ref["anova05"] as! [String: Any], tolerance: 1e-9)
    }

    @Test func duplicateRatingNamesLines() throws {
        let f = try Self.write("t,r,v\nPRIVATE1,A,3\nPRIVATE1,A,4\nP2,A,5\n")
        defer { try? FileManager.default.removeItem(at: f) }
        let r = try CLI.run(["agreement", f.path, "--target", "t", "--rater", "r", "--value", "v"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 3") && r.stderr.contains("line 2"))
        #expect(!r.stderr.contains("PRIVATE1"))
    }
}
