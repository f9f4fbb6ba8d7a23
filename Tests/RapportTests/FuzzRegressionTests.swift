import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// Inputs the libFuzzer targets in `Fuzz/` found crashing (docs/fuzzing.md), each run here
/// through the same steps as its target, so the suite fails if the crash comes back. Each
/// input is also in the target's seed corpus (`Fuzz/Corpus/TARGET`).
@Suite struct FuzzRegressionTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/fuzz/\(name)"))
    }

    /// What `FuzzState` does with a state file that passes every check: merge it, analyse it,
    /// render the text and JSON reports.
    static func renderState(_ name: String) throws -> String {
        let state = try ReliabilityState.decode(try fixture(name), file: name)
        let merged = try ReliabilityState.merge([(name: name, state: state)])
        var options = merged.options
        options.bootstrap = nil
        let scales = ReliabilityEngine.analyze(merged.accumulation, options: options, threads: 1)
        let report = ReliabilityReport.make(input: merged.input, instrument: merged.instrument,
                                            options: merged.options, scales: scales)
        _ = try report.jsonData()
        return ReliabilityText.render(report)
    }

    /// FuzzState, crash 1: a valid state file whose moments give an alpha interval beyond
    /// 10^17; the text report trapped converting it to `Int64` (now `ReportNumber.fixed`).
    @Test func stateWithAHugeIntervalRenders() throws {
        let text = try Self.renderState("state-huge-interval.json")
        #expect(text.contains("CI: ["))
    }

    /// FuzzReaderOptions, invariant 1: the parts of a sharded read, merged (as `rapport merge`
    /// merges their state files), must report what the whole file reports. A header finding
    /// (a duplicate column) was added by every shard, so two shards counted it twice and showed
    /// its example twice; now only the first shard reports the header.
    @Test func shardsReportTheHeaderOnce() throws {
        let text = "id;x;b;x;c\n" + (1...12).map { "\($0);1;\($0 % 5 + 1);2;\($0 % 3 == 0 ? "oops" : "3")" }.joined(separator: "\n") + "\n"
        let url = try CSVTest.temporaryFile(text)
        let whole = try CSVTest.read(url, items: ["b", "c"], options: ReaderOptions(threads: 1)).report
        #expect(whole.count(.duplicateColumn) == 1 && whole.count(.nonNumeric) == 4)
        var merged: DataReport?
        for i in 1...2 {
            var o = ReaderOptions(threads: 1, shard: try Shard(index: i, count: 2))
            o.gridSize = 16
            let part = try CSVTest.read(url, items: ["b", "c"], options: o).report
            #expect(part.rowsRead > 0, "shard \(i) holds rows")
            #expect(part.count(.duplicateColumn) == (i == 1 ? 1 : 0))
            if merged == nil { merged = part } else { merged!.merge(part) }
        }
        let m = try #require(merged)
        #expect(m.rowsRead == whole.rowsRead && m.rowsScored == whole.rowsScored)
        #expect(m.findingCounts == whole.findingCounts)
        #expect(m.examples == whole.examples)
        #expect(m.items == whole.items)
    }

    /// The formatter behind it, at and beyond `Int64`'s range: exact digits, never a trap.
    @Test func fixedPrintsAnyFiniteNumber() {
        #expect(ReportNumber.fixed(1e19, 2) == "10000000000000000000.00")
        #expect(ReportNumber.fixed(-2.5e20, 0) == "-250000000000000000000")
        #expect(ReportNumber.fixed(9.2e16, 2) == "92000000000000000.00")
        #expect(ReportNumber.fixed(.greatestFiniteMagnitude, 1).hasSuffix(".0"))
        #expect(ReliabilityText.pct(1e17) == "10000000000000000000.0%")
        #expect(ReliabilityText.pct(0.95) == "95%")
    }
}
