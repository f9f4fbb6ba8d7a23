import Foundation
import Testing

/// Issue 13 review: under `--where`, the JSON of `reliability` and `check` said `input.rows`
/// (every row read) beside scales of fewer rows, with nothing to say where the rest went. The
/// input now carries `rowsFilteredOut` and `where`, so rows = n + rejected + filtered out.
@Suite struct WhereAccountingTests {
    /// 30 rows; `fin` is 0 on every third, with spaces around some cells (trimmed by --where).
    static func file() throws -> String {
        var text = "id,fin,q1,q2,q3\n"
        for i in 1...30 {
            let fin = i % 3 == 0 ? "0" : (i % 2 == 0 ? " 1 " : "1")
            text += "P\(i),\(fin),\(i % 5 + 1),\((i * 3) % 5 + 1),\((i * 2 + 1) % 5 + 1)\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-where-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func input(_ json: String, _ path: [String] = []) throws -> [String: Any] {
        var node = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in path { node = try #require(node[key] as? [String: Any]) }
        return try #require(node["input"] as? [String: Any])
    }

    @Test func reliabilityAndCheckJSONBalance() throws {
        let data = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let args = [data, "--scale", "s=q1,q2,q3", "--range", "1-5", "--where", "fin=1", "--format", "json"]
        let r = try CLI.run(["reliability"] + args)
        #expect(r.status == 0, "\(r.stderr)")
        let input = try Self.input(r.stdout)
        #expect(input["rows"] as? Int == 30 && input["rowsFilteredOut"] as? Int == 10)
        #expect(input["where"] as? [String] == ["fin=1"])
        let top = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let n = try #require(((top["scales"] as? [[String: Any]])?.first?["n"] as? [String: Any])?["rows"] as? Int)
        #expect(n == 20 && n + 10 == 30)
        let c = try CLI.run(["check"] + args)
        #expect(c.status == 0 || c.status == 1, "\(c.stderr)")
        let checked = try Self.input(c.stdout, ["report"])
        #expect(checked["rowsFilteredOut"] as? Int == 10 && checked["where"] as? [String] == ["fin=1"])
        // Without --where the input object is as it was.
        let plain = try CLI.run(["reliability", data, "--scale", "s=q1,q2,q3", "--range", "1-5", "--format", "json"])
        #expect(Set(try Self.input(plain.stdout).keys) == ["path", "rows", "sha256"])
        // The text report says it as well.
        let text = try CLI.run(["reliability", data, "--scale", "s=q1,q2,q3", "--range", "1-5", "--where", "fin=1"])
        #expect(text.stdout.contains(" (30 rows)\n  filtered out: 10 rows, by --where fin=1\n"))
    }

    /// The message for a filter that keeps nothing says how values are compared, truly.
    @Test func aFilterThatKeepsNothingSaysHowItCompares() throws {
        let data = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let r = try CLI.run(["reliability", data, "--scale", "s=q1,q2,q3", "--range", "1-5", "--where", "fin=yes"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("compared as text after surrounding spaces are trimmed"), "\(r.stderr)")
        #expect(!r.stderr.contains("exactly"))
    }
}
