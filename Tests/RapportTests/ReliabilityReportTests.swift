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
}
