import Foundation
import Testing
@testable import Rapport

/// How `reliability`, `merge` and `check` choose a format and turn a report into bytes
/// (``ReportWriter``, ``ReliabilityReport/Format``, ``QualityCheck/Format``), in-process.
@Suite struct ReportWriterTests {
    @Test func outputExtensionsNameTheirFormat() {
        let cases: [(String?, OutputFileFormat?)] = [
            ("r.txt", .text), ("r.TEXT", .text), ("r.json", .json), ("dir.v2/r.JSON", .json), ("r.md", .markdown),
            ("r.markdown", .markdown), ("r.html", .html), ("r.htm", .html), ("r.xhtml", .html), ("r.xml", .xml),
            ("r.csv", nil), ("r", nil), ("-", nil), (nil, nil),
        ]
        for (path, format) in cases { #expect(OutputFileFormat(path: path) == format, "\(path ?? "nil")") }
    }

    @Test func reportFormatIsTheOptionElseTheExtensionElseText() {
        typealias F = ReliabilityReport.Format
        #expect(F.allCases.map(\.rawValue) == ["text", "json", "md", "html"])
        #expect(F.inferred(from: "r.json") == .json && F.inferred(from: "r.txt") == .text)
        #expect(F.inferred(from: "r.md") == .markdown && F.inferred(from: "r.html") == .html)
        #expect(F.inferred(from: "r.xml") == nil && F.inferred(from: "r.out") == nil && F.inferred(from: nil) == nil)
        #expect(F.chosen(nil, output: nil) == .text)
        #expect(F.chosen(nil, output: "-") == .text)
        #expect(F.chosen(nil, output: "r.xml") == .text)
        #expect(F.chosen(nil, output: "r.html") == .html)
        #expect(F.chosen(.json, output: "r.html") == .json)
        #expect(F.chosen(.markdown, output: nil) == .markdown)
    }

    @Test func checkFormatIsTheOptionElseTheExtensionElseText() {
        typealias F = QualityCheck.Format
        #expect(F.chosen(nil, output: nil) == .text)
        #expect(F.chosen(nil, output: "c.txt") == .text)
        #expect(F.chosen(nil, output: "c.html") == .text)
        #expect(F.chosen(nil, output: "c.json") == .json)
        #expect(F.chosen(nil, output: "c.md") == .markdown)
        #expect(F.chosen(nil, output: "c.xml") == .junit)
        #expect(F.chosen(.text, output: "c.xml") == .text)
    }

    @Test func stampIsUTCToTheSecond() {
        #expect(ReliabilityReport.stamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(ReliabilityReport.stamp(Date(timeIntervalSince1970: 1_000_000_000.75)) == "2001-09-09T01:46:40Z")
    }

    /// Each format is its renderer's output; the stamp reaches JSON, Markdown and HTML, never
    /// the text; only HTML asks for histograms.
    @Test func documentIsTheRendererOfEachFormat() throws {
        let report = ReportSample.report()
        let stamp = "2026-01-01T00:00:00Z"
        var asked = 0
        let histograms: () throws -> [ScoreHistogram] = { asked += 1; return [ReportSample.histogram()] }
        var stamped = report
        stamped.generated = stamp
        #expect(try report.document(.json, stamp: stamp, histograms: histograms) == Array(try stamped.jsonData()))
        #expect(try report.document(.json, stamp: nil) == Array(try report.jsonData()))
        #expect(try report.document(.text, stamp: stamp, histograms: histograms)
                == Array(ReliabilityText.render(report).utf8))
        #expect(try report.document(.text, stamp: nil, colour: true)
                == Array(ReportColour.apply(to: ReliabilityText.render(report)).utf8))
        #expect(try report.document(.markdown, stamp: stamp, histograms: histograms)
                == Array(ReliabilityMarkdown.render(report, stamp: stamp).utf8))
        #expect(asked == 0)
        #expect(try report.document(.html, stamp: stamp, histograms: histograms)
                == Array(ReliabilityHTML.render(report, histograms: [ReportSample.histogram()], stamp: stamp).utf8))
        #expect(asked == 1)
    }

    @Test func colourOnlyForTextOnATerminalStandardOutput() {
        let env: [String: String] = ["TERM": "xterm"]
        #expect(ReportWriter.colours(.text, output: nil, standardOutputIsTerminal: true, environment: env))
        #expect(!ReportWriter.colours(.text, output: nil, standardOutputIsTerminal: false, environment: env))
        #expect(!ReportWriter.colours(.text, output: "r.txt", standardOutputIsTerminal: true, environment: env))
        #expect(!ReportWriter.colours(.markdown, output: nil, standardOutputIsTerminal: true, environment: env))
        #expect(!ReportWriter.colours(.text, output: nil, standardOutputIsTerminal: true,
                                      environment: ["NO_COLOR": ""]))
        #expect(!ReportWriter.colours(.text, output: nil, standardOutputIsTerminal: true,
                                      environment: ["TERM": "dumb"]))
    }

    /// A file gets the format of its extension (or `format`), atomically, never coloured.
    @Test func writeChoosesTheFormatOfTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-writer-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = ReportSample.report()
        for (name, format, expected) in [
            ("r.json", nil, try report.document(.json, stamp: nil)),
            ("r.md", nil, try report.document(.markdown, stamp: nil)),
            ("r.out", nil, try report.document(.text, stamp: nil)),
            ("r.txt", ReliabilityReport.Format.json, try report.document(.json, stamp: nil)),
        ] as [(String, ReliabilityReport.Format?, [UInt8])] {
            let path = dir.appendingPathComponent(name).path
            let outputs = OutputSet()
            try ReportWriter.write(report, format: format, to: outputs.open(path), standardOutputIsTerminal: true,
                                   environment: ["TERM": "xterm"])
            try outputs.commit()
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == expected, "\(name)")
        }
    }
}
