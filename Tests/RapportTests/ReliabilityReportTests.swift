import Foundation
import Testing
@testable import Rapport
import RapportStatistics

/// The report around the scales (issue 4 §6): provenance, input, instrument, options,
/// warnings, `--stamp` and `--exclude-flagged`, built by ``ReliabilityReport/make``. The keys of
/// a scale's section are tested in RapportStatisticsTests (ScaleReliabilityTests).
@Suite struct ReliabilityReportTests {
    static func encode<T: Encodable>(_ v: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(v)
    }

    @Test func contractKeysAndDeterministicBytes() throws {
        var report = ReportSample.report()
        report.instrument = nil
        let data = try Self.encode(report)
        #expect(try Self.encode(report) == data)
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(top.keys) == ["rapport", "input", "instrument", "options", "scales", "warnings"])
        #expect(top["instrument"] is NSNull)
        let options = try #require(top["options"] as? [String: Any])
        #expect(Set(options.keys) == ["compat", "missing", "reverseKeying", "confidence", "intervalN", "duhachekZ",
                                      "correlations", "splitHalf", "seed"])
        let input = try #require(top["input"] as? [String: Any])
        #expect(Set(input.keys) == ["path", "rows", "sha256"])
        #expect((top["warnings"] as? [Any])?.count == report.scales.flatMap(\.warnings).count)
        let back = try JSONDecoder().decode(ReliabilityReport.self, from: data)
        #expect(try Self.encode(back) == data)
    }

    @Test func makeNamesTheOptionsAndAddsStampAndExclusion() throws {
        let scales = ReportSample.report().scales
        let input = ReliabilityReport.Input(path: "x.csv", rows: 10, sha256: nil)
        let plain = ReliabilityReport.make(input: input, instrument: nil, options: ReliabilityOptions(), scales: scales)
        #expect(plain.rapport.version == RapportVersion.string)
        #expect(plain.options.splitHalf == .allDistinct && plain.options.compat == .rapport)
        #expect(plain.options.correlations == .pearson && plain.options.seed == ReliabilityOptions().seed)
        #expect(plain.generated == nil && plain.excludingFlagged == nil)
        let plainKeys = try #require(try JSONSerialization.jsonObject(with: Self.encode(plain)) as? [String: Any])
        #expect(plainKeys["generated"] == nil && plainKeys["excludingFlagged"] == nil)
        // psych's split enumeration without a bootstrap draws nothing: no seed.
        let psych = ReliabilityReport.make(input: input, instrument: nil,
                                           options: ReliabilityOptions(psychSplits: true), scales: scales)
        #expect(psych.options.splitHalf == .psych && psych.options.seed == nil)
        let excluded = ReliabilityReport.ExcludingFlagged(rowsExcluded: 2, rowsKept: 8, screening: ["n"], scales: scales)
        let full = ReliabilityReport.make(input: input, instrument: nil, options: ReliabilityOptions(), scales: scales,
                                          excludingFlagged: excluded, generated: "2026-01-01T00:00:00Z")
        #expect(full.excludingFlagged == excluded && full.generated == "2026-01-01T00:00:00Z")
        let keys = try #require(try JSONSerialization.jsonObject(with: Self.encode(full)) as? [String: Any])
        #expect(keys["generated"] as? String == "2026-01-01T00:00:00Z" && keys["excludingFlagged"] != nil)
    }

    @Test func instrumentRefNamesOneOrJoinsSeveral() throws {
        let a = try #require(InstrumentCatalog.builtin("wai-sr"))
        let b = try #require(InstrumentCatalog.builtin("srs"))
        #expect(ReliabilityReport.instrumentRef([]) == nil)
        let one = try #require(ReliabilityReport.instrumentRef([a]))
        #expect(one.id == "wai-sr" && one.version == a.version && one.sha256 == (a.sha256.isEmpty ? nil : a.sha256))
        let two = try #require(ReliabilityReport.instrumentRef([a, b]))
        #expect(two.id == "wai-sr+srs" && two.version == "\(a.version)+\(b.version)" && two.sha256 == nil)
    }

    /// Issue 13 review: `input.rows` counts rows `--where` left out, so the report says how
    /// many and by which conditions (new keys, present only with a condition), and the text,
    /// Markdown and HTML input lines say so too. rows = scored + rejected + filtered out.
    @Test func inputCountsTheRowsWhereLeftOut() throws {
        var data = DataReport(file: "x.csv", policy: .missing)
        (data.rowsRead, data.rowsScored, data.rowsRejected) = (212, 198, 2)
        let plain = ReliabilityReport.Input(path: "x.csv", data: data, sha256: nil)
        #expect(plain == ReliabilityReport.Input(path: "x.csv", rows: 212, sha256: nil))
        #expect(plain.filteredNote() == nil)
        data.rowsFilteredOut = 12
        data.decoding = DataDecoding()
        data.decoding?.filters = ["Finished=1", "event!=screening_arm_1"]
        let input = ReliabilityReport.Input(path: "x.csv", data: data, sha256: nil)
        #expect(input.rows == data.rowsScored + data.rowsRejected + (input.rowsFilteredOut ?? 0))
        let scales = ReportSample.report().scales
        let report = ReliabilityReport.make(input: input, instrument: .init(id: "quick", version: "1", sha256: nil),
                                            options: ReliabilityOptions(), scales: scales)
        let top = try #require(try JSONSerialization.jsonObject(with: Self.encode(report)) as? [String: Any])
        let json = try #require(top["input"] as? [String: Any])
        #expect(Set(json.keys) == ["path", "rows", "rowsFilteredOut", "where"])
        #expect(json["rowsFilteredOut"] as? Int == 12 && json["where"] as? [String] == ["Finished=1", "event!=screening_arm_1"])
        let back = try JSONDecoder().decode(ReliabilityReport.self, from: Self.encode(report))
        #expect(back.input == input)
        #expect(ReliabilityText.render(report).contains("Input: x.csv (212 rows)\n  filtered out: 12 rows, by --where Finished=1 --where event!=screening_arm_1\n"))
        #expect(ReliabilityMarkdown.render(report).contains("(212 rows; 12 filtered out by `--where Finished=1` `--where event!=screening_arm_1`)"))
        #expect(ReliabilityHTML.render(report, histograms: []).contains("212 rows (12 filtered out by <code>--where Finished=1</code> <code>--where event!=screening_arm_1</code>).</p>"))
        // Many conditions wrap at 80 columns, never between `--where` and its condition.
        var long = report
        long.input?.where = (1...6).map { "redcap_event_name!=screening_arm_\($0)" }
        let lines = ReliabilityText.render(long).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.filter { $0.contains("redcap_event_name") }.count == 6)
        #expect(!lines.contains { $0.hasSuffix("--where") })
        // A filter that left no row out still says so: 0, with its conditions.
        data.rowsFilteredOut = 0
        #expect(ReliabilityReport.Input(path: "x.csv", data: data, sha256: nil).filteredNote() == "0 filtered out by --where Finished=1 --where event!=screening_arm_1")
    }
}
