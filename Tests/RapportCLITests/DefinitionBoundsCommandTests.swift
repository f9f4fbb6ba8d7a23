import Foundation
import Testing

/// Issue 11, failure 2, end to end: definitions that `validate` used to accept and that made
/// `score`, `reliability` and `simulate` trap (or print a wrapped mean) are refused by every
/// command with exit 1 and the limit in the message; a `--range` beyond it exits 2.
@Suite struct DefinitionBoundsCommandTests {
    /// The definitions of RapportTests' DefinitionBoundsTests (`Fixtures/lint/bounds/`).
    static func definition(_ name: String) throws -> String {
        try String(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/RapportTests/Fixtures/lint/bounds/\(name).xml"),
                   encoding: .utf8)
    }

    static let cases: [(fixture: String, limit: String)] = [
        ("max-1e19", "±1000000000"),
        ("max-9e18", "±1000000000"),
        ("step-1e-320", "0.000001"),
    ]

    @Test(arguments: cases.indices)
    func everyCommandRefusesTheDefinition(_ i: Int) throws {
        let (fixture, limit) = Self.cases[i]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let def = dir.appendingPathComponent("wide.xml").path
        try Data(try Self.definition(fixture).utf8).write(to: URL(fileURLWithPath: def))
        let data = dir.appendingPathComponent("d.csv").path
        let big = "9000000000000000000"
        try Data("a1,a2,b1,b2\n\(big),\(big),\(big),\(big)\n\(big),1,1,1\n1,2,3,4\n".utf8).write(to: URL(fileURLWithPath: data))
        let runs: [[String]] = [
            ["validate", def],
            ["score", data, "--instrument", def],
            ["reliability", data, "--instrument", def],
            ["screen", data, "--instrument", def],
            ["simulate", "--instrument", def, "--rows", "3", "-o", dir.appendingPathComponent("sim.csv").path],
        ]
        for args in runs {
            let r = try CLI.run(args)
            #expect(r.status == 1, "\(args[0]) \(fixture): \(r.status) \(r.stderr.suffix(400))")
            #expect((r.stderr + r.stdout).contains(limit), "\(args[0]): \(r.stderr.suffix(400))")
            #expect(!r.stderr.contains("Fatal error"))
            #expect(!r.stdout.contains("e+17"), "a wrapped sum was printed")
        }
    }

    @Test func quickRangeBeyondTheLimitExitsTwo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("d.csv").path
        try Data("a,b\n9000000000000000000,9000000000000000000\n1,2\n".utf8).write(to: URL(fileURLWithPath: data))
        for command in ["score", "reliability"] {
            let r = try CLI.run([command, data, "--scale", "s=a,b", "--range", "1-9e18", "--scoring", "sum"])
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("±1000000000"), "\(r.stderr)")
        }
    }

    /// 12 items answered up to 3·10^8: `k·k·b·b` overflowed in the exact row limit and
    /// `reliability` trapped. Now the moments fall back to compensated doubles.
    @Test func wideGridReliabilityRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("wide.csv").path
        var text = (0..<12).map { "q\($0)" }.joined(separator: ",") + "\n"
        var x: UInt64 = 12345
        for _ in 0..<30 {
            text += (0..<12).map { _ in
                x = x &* 6364136223846793005 &+ 1442695040888963407
                return String(1 + Int(x >> 33) % 300_000_000)
            }.joined(separator: ",") + "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: data))
        let items = (0..<12).map { "q\($0)" }.joined(separator: ",")
        let r = try CLI.run(["reliability", data, "--scale", "s=\(items)", "--range", "1-300000000", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr.suffix(600))")
        #expect(r.stdout.contains("\"raw\""))
    }
}
