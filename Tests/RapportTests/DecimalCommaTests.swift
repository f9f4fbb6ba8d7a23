import Foundation
import Testing
@testable import Rapport

/// Issue 13 §3: `7,3` reads as 7.3 under `--decimal-comma`, and in a `;`-separated file without
/// it (a per-cell rule, so the result cannot depend on chunks or threads); the summary says so.
@Suite struct DecimalCommaTests {
    static let vas = ResponseScale(id: "vas", min: 0, max: 10, step: 0.1)

    @Test func classifierReadsCommasOnlyWhenAsked() throws {
        let plain = try ColumnPlan(header: ["a"], requests: [.init(item: "a", column: "a", scale: Self.vas)])
        #expect(plain.classify("7,3", slot: 0).finding == .nonNumeric)
        let p = try plain.reading(decimalComma: true, recodes: nil)
        for (cell, value) in [("7,3", 7.3), (" 0,1 ", 0.1), ("10,0", 10), ("7.3", 7.3), ("+3,0", 3)] {
            let r = p.classify(cell, slot: 0)
            #expect(r.status == .answered && r.value == value, "\(cell)")
        }
        #expect(p.classify("7,35", slot: 0).finding == .offGrid)
        #expect(p.classify("10,1", slot: 0).finding == .outOfRange)
        for cell in ["7,", ",3", "1,2,3", "1.000,5", "7 ,3"] {
            #expect(p.classify(cell, slot: 0).finding == .nonNumeric, "\(cell)")
        }
    }

    /// The SRS demo data as a European Excel file would hold it: `;` and decimal commas.
    static func european(_ text: String) -> String {
        text.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: ".", with: ",")
    }

    @Test func aSemicolonFileWithCommasReadsLikeItsDotTwinAtAnyChunking() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let csv = try String(contentsOf: root.appendingPathComponent("Datasets/srs-ors-sessions.csv"), encoding: .utf8)
        let items = ["srs_1", "srs_2", "srs_3", "srs_4", "ors_1"]
        let dot = try CSVTest.read(try CSVTest.temporaryFile(csv), items: items, scale: Self.vas)
        let commaFile = try CSVTest.temporaryFile(Self.european(csv))
        var cells: Int?
        for (grid, threads) in [(1 << 18, 2), (64, 1), (1001, 3)] {
            var o = ReaderOptions(threads: threads)
            o.gridSize = grid
            let c = try CSVTest.read(commaFile, items: items, scale: Self.vas, options: o)
            #expect(c.values.count == dot.values.count && c.status == dot.status)
            #expect(zip(c.values, dot.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
            let d = try #require(c.report.decoding)
            #expect(d.decimalComma == "detected" && (d.decimalCommaCells ?? 0) > 0)
            if let cells { #expect(d.decimalCommaCells == cells) }
            cells = d.decimalCommaCells
            #expect(c.report.summary.contains("\n  decimal comma detected (';'-separated file): \(d.decimalCommaCells!) cells like 7,3 read as 7.3"))
        }
        #expect(dot.report.decoding == nil)
    }

    @Test func aSemicolonFileWithoutCommasSaysNothing() throws {
        let c = try CSVTest.read(try CSVTest.temporaryFile("a;b\n1;2\n3;4\n"), items: ["a", "b"], scale: Self.vas)
        #expect(c.report.decoding == nil)
    }

    @Test func theOptionReadsQuotedCommasInACommaFile() throws {
        var o = ReaderOptions()
        o.decimalComma = true
        let c = try CSVTest.read(try CSVTest.temporaryFile("a,b\n\"7,3\",1\n2.5,\"0,4\"\n"), items: ["a", "b"],
                                 scale: Self.vas, options: o)
        #expect(c.values == [7.3, 1, 2.5, 0.4])
        #expect(c.report.summary.contains("\n  decimal comma (--decimal-comma): 2 cells like 7,3 read as 7.3"))
        // Named even when no cell needed it.
        let none = try CSVTest.read(try CSVTest.temporaryFile("a\n1\n"), items: ["a"], scale: Self.vas, options: o)
        #expect(none.report.decoding?.decimalComma == "--decimal-comma" && none.report.decoding?.decimalCommaCells == 0)
    }

    @Test func shardsAddUpToTheWholeRead() throws {
        var text = "a;b\n"
        for i in 0..<300 { text += "\(i % 10),\(i % 7);\(i % 3)\n" }
        let url = try CSVTest.temporaryFile(text)
        let whole = try CSVTest.read(url, items: ["a", "b"], scale: Self.vas)
        var merged: DataReport?
        for k in 1...3 {
            var o = ReaderOptions(shard: try Shard(index: k, count: 3))
            o.gridSize = 256
            let part = try CSVTest.read(url, items: ["a", "b"], scale: Self.vas, options: o).report
            if merged == nil { merged = part } else { merged!.merge(part) }
        }
        #expect(merged?.decoding == whole.report.decoding)
        #expect(whole.report.decoding?.decimalCommaCells == 300)
    }

    /// `--no-decimal-comma` (issue 13 review): in a `;`-separated file `1,000` must be able to
    /// stay "not a number" instead of being read as 1.0 and counted. Auto (the default) reads
    /// it; on reads it in any file; off never does, and then nothing says decimal commas were read.
    @Test func detectionIsOnOffOrAuto() throws {
        let scale = ResponseScale(id: "big", min: 0, max: 2000, step: 0.5)
        let url = try CSVTest.temporaryFile("a;b\n1,000;2\n3;1,5\n")
        func read(_ mode: Bool?) throws -> CSVTest.Collected {
            var o = ReaderOptions()
            o.decimalComma = mode
            return try CSVTest.read(url, items: ["a", "b"], scale: scale, options: o)
        }
        let auto = try read(nil)
        #expect(auto.values == [1, 2, 3, 1.5])
        #expect(auto.report.decoding?.decimalComma == "detected" && auto.report.decoding?.decimalCommaCells == 2)
        let on = try read(true)
        #expect(on.values == [1, 2, 3, 1.5])
        #expect(on.report.decoding?.decimalComma == "--decimal-comma")
        let off = try read(false)
        #expect(off.values[1] == 2 && off.values[2] == 3 && off.values[0].isNaN && off.values[3].isNaN)
        #expect(off.report.count(.nonNumeric) == 2)
        #expect(off.report.decoding?.decimalComma == nil && off.report.decoding?.decimalCommaCells == nil)
        #expect(!off.report.summary.contains("decimal comma detected"))
        // A comma-separated file: auto and off read no decimal comma (the quoted cell is not a number).
        let comma = try CSVTest.temporaryFile("a,b\n\"7,5\",1\n2,3\n")
        for mode in [nil, false] as [Bool?] {
            var o = ReaderOptions()
            o.decimalComma = mode
            let c = try CSVTest.read(comma, items: ["a", "b"], scale: scale, options: o)
            #expect(c.values[0].isNaN && Array(c.values[1...]) == [1, 2, 3])
        }
    }
}
