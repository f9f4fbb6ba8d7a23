import Foundation
import Testing

/// `rapport reliability` reports on the bundled WAI-SR demo: text and Markdown snapshots,
/// the self-contained HTML file, format inference from `-o`, and `--stamp`.
@Suite struct ReportCommandTests {
    static let demo = ["reliability", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr"]
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/reports")

    /// Compares with the committed snapshot; `RAPPORT_UPDATE_SNAPSHOTS=1` rewrites it.
    static func expectSnapshot(_ actual: String, _ name: String) throws {
        let url = fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RAPPORT_UPDATE_SNAPSHOTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(actual == (try String(contentsOf: url, encoding: .utf8)),
                "\(name) differs from the snapshot; rerun with RAPPORT_UPDATE_SNAPSHOTS=1 and review the diff")
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func textReportSnapshotFitsEightyColumns() throws {
        let r = try CLI.run(Self.demo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}["))   // NO_COLOR is set by CLI.run
        for line in r.stdout.split(separator: "\n") { #expect(line.count <= 80, "too wide: \(line)") }
        try Self.expectSnapshot(r.stdout, "wai-sr-2000.txt")
    }

    @Test func markdownSnapshotFromTheExtension() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let md = dir.appendingPathComponent("report.md")
        #expect(try CLI.run(Self.demo + ["-o", md.path]).status == 0)
        let text = try String(contentsOf: md, encoding: .utf8)
        try Self.expectSnapshot(text, "wai-sr-2000.md")
        #expect(text.contains("Cronbach's α = .89, 95% CI [.89, .90], N = 2,000; ω = .89, ω_h = .81."))
        // The same bytes with --format md on standard output.
        #expect(try CLI.run(Self.demo + ["--format", "md"]).stdout == text)
    }

    @Test func htmlIsSelfContainedWithHistograms() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("report.html")
        #expect(try CLI.run(Self.demo + ["-o", html.path]).status == 0)
        let text = try String(contentsOf: html, encoding: .utf8)
        #expect(text.hasPrefix("<!DOCTYPE html>"))
        #expect(!text.lowercased().contains("http") && !text.contains("src=") && !text.contains("<script"))
        #expect(text.components(separatedBy: "<h3>Score distribution</h3>").count - 1 == 4)
        #expect(CheckCommandTests.parse(html.path, element: "svg", attribute: "role")?.values.count == 16)
        // Standard input is read once: no histograms, but the rest of the report.
        let csv = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("Datasets/wai-sr-2000.csv"))
        let piped = try CLI.run(["reliability", "-", "--instrument", "wai-sr", "--format", "html"], stdin: csv)
        #expect(piped.status == 0)
        #expect(!piped.stdout.contains("Score distribution") && piped.stdout.contains("Response frequencies"))
    }

    @Test func stampAddsTheTimeOnlyWhenAsked() throws {
        let plain = try CLI.run(Self.demo + ["--format", "json"])
        #expect(!plain.stdout.contains("\"generated\""))
        let stamped = try CLI.run(Self.demo + ["--format", "json", "--stamp"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stamped.stdout.utf8)) as? [String: Any])
        let generated = try #require(object["generated"] as? String)
        #expect(generated.hasSuffix("Z") && generated.count == 20)
        #expect(try CLI.run(Self.demo + ["--format", "md", "--stamp"]).stdout.contains("| Generated | \(generated.prefix(11))"))
    }
}
