import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// Property tests: a chunked, parallel, windowed read equals a serial one-piece read, and
/// shards merged in order equal the single run, on random CSVs with quoted newlines,
/// doubled quotes, CRLF, blank lines, tokens, invalid cells and ragged rows.
@Suite struct ReaderPropertyTests {
    /// A random CSV: `id,q1..q4,note` with every kind of cell.
    static func randomCSV(_ g: inout SeededGenerator, rows: Int) -> String {
        var text = "id,q1,q2,q3,q4,note\n"
        let cells = ["1", "2", "3", "4", "5", "", "NA", "99", " 3", "\"4\"", "2.0", "x", "7", "2.5", "-1"]
        let notes = ["a", "", "\"quoted, comma\"", "\"two\nlines\"", "\"say \"\"hi\"\"\"", "\"crlf\r\ninside\"",
                     "\"\n\n\"", "plain text"]
        for r in 0..<rows {
            var fields = ["P\(g.nextInt(below: rows))"]
            for _ in 0..<4 {
                fields.append(g.nextInt(below: 3) == 0 ? cells[g.nextInt(below: cells.count)] : String(1 + g.nextInt(below: 5)))
            }
            fields.append(notes[g.nextInt(below: notes.count)])
            if g.nextInt(below: 40) == 0 { fields.removeLast(1 + g.nextInt(below: 2)) }   // ragged
            if g.nextInt(below: 60) == 0 { fields.append("extra") }                        // ragged
            text += fields.joined(separator: ",")
            text += g.nextInt(below: 5) == 0 ? "\r\n" : "\n"
            if g.nextInt(below: 30) == 0 { text += "\n" }                                  // blank line
            if r == rows - 1 && g.nextInt(below: 2) == 0 { text.removeLast() }             // no final newline
        }
        return text
    }

    static let scale = ResponseScale(id: "s", min: 1, max: 5, step: 1,
                                     codes: [.init(token: "99", meaning: .missing)])

    static func read(_ url: URL, policy: InvalidPolicy, threads: Int, grid: Int, window: Int,
                     shard: Shard? = nil) throws -> CSVTest.Collected {
        var options = ReaderOptions(onInvalid: policy, threads: threads, shard: shard, exampleLimit: 1000)
        options.gridSize = grid
        options.windowSize = window
        return try CSVTest.read(url, items: ["q1", "q2", "q3", "q4"], scale: scale,
                                passthrough: ["id", "note"], id: "id", options: options)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func chunkedParallelReadEqualsSerialRead(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let text = Self.randomCSV(&g, rows: 300 + g.nextInt(below: 300))
        let url = try CSVTest.temporaryFile(text)
        for policy in InvalidPolicy.allCases where policy != .fail {
            let serial = try Self.read(url, policy: policy, threads: 1, grid: 1 << 30, window: 1 << 30)
            #expect(serial.report.rowsRead == serial.report.rowsScored + serial.report.rowsRejected)
            for _ in 0..<4 {
                let grid = 1 + g.nextInt(below: 400)
                let threads = 1 + g.nextInt(below: 8)
                let window = 4096 * (1 + g.nextInt(below: 3))
                let parallel = try Self.read(url, policy: policy, threads: threads, grid: grid, window: window)
                #expect(parallel == serial, "grid \(grid), threads \(threads), window \(window), \(policy)")
            }
        }
    }

    /// Mostly single-digit rows with the odd exception, read without pass-through columns so
    /// that the fast row loop runs: it must agree with the general scanner everywhere.
    @Test(arguments: [31, 32, 33, 34])
    func fastRowLoopEqualsTheGeneralScanner(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        var text = "a,b,c,d\n"
        let odd = ["", "NA", "99", "7", "0", "x", "\"3\"", "2.0", "44", "\"1\n2\"", " 4"]
        for _ in 0..<2000 {
            var fields: [String] = []
            for _ in 0..<4 {
                fields.append(g.nextInt(below: 25) == 0 ? odd[g.nextInt(below: odd.count)] : String(1 + g.nextInt(below: 5)))
            }
            if g.nextInt(below: 100) == 0 { fields.removeLast() }
            if g.nextInt(below: 100) == 0 { fields.append("5") }
            text += fields.joined(separator: ",") + (g.nextInt(below: 10) == 0 ? "\r\n" : "\n")
            if g.nextInt(below: 100) == 0 { text += "\n" }
        }
        if g.nextInt(below: 2) == 0 { text.removeLast() }
        let url = try CSVTest.temporaryFile(text)
        for policy in InvalidPolicy.allCases where policy != .fail {
            func read(fast: Bool, grid: Int, threads: Int) throws -> CSVTest.Collected {
                var options = ReaderOptions(onInvalid: policy, threads: threads, exampleLimit: 10_000)
                options.fastRows = fast
                options.gridSize = grid
                return try CSVTest.read(url, items: ["a", "b", "c", "d"], scale: Self.scale, options: options)
            }
            let general = try read(fast: false, grid: 1 << 30, threads: 1)
            #expect(general.report.rowsRead > 1900)
            for _ in 0..<3 {
                let grid = 1 + g.nextInt(below: 2000)
                let threads = 1 + g.nextInt(below: 4)
                #expect(try read(fast: true, grid: grid, threads: threads) == general, "grid \(grid), \(policy)")
            }
        }
    }

    @Test(arguments: [11, 12, 13])
    func chunksCutAtRecordBoundaries(seed: UInt64) throws {
        // The raw records of all chunks, concatenated, are the records of the whole input.
        var g = SeededGenerator(seed: seed)
        let text = Self.randomCSV(&g, rows: 400)
        let url = try CSVTest.temporaryFile(text)
        let whole = CSVTest.records(text)
        for _ in 0..<5 {
            let grid = 1 + g.nextInt(below: 300)
            let source = try MappedFileSource(path: url.path, windowSize: 4096)
            var scanner = ChunkScanner(source: source, gridSize: grid, start: 0, line: 1)
            var records: [CSVRecordCollector.Record] = []
            var chunks = 0
            while let chunk = try scanner.next() {
                var collector = CSVRecordCollector()
                CSVRecordScanner(delimiter: 0x2C, skipBlankLines: true)
                    .scan(chunk.window.pointer(chunk.start), count: chunk.byteCount, firstLine: chunk.firstLine,
                          into: &collector)
                records += collector.records
                chunks += 1
            }
            #expect(records == whole, "grid \(grid)")
            #expect(chunks > 1)
        }
    }

    @Test(arguments: [21, 22, 23])
    func shardsMergedInOrderEqualTheSingleRun(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let text = Self.randomCSV(&g, rows: 500)
        let url = try CSVTest.temporaryFile(text)
        let grid = 16 + g.nextInt(below: 200)
        var single = try Self.read(url, policy: .missing, threads: 2, grid: grid, window: 8192)
        for n in [1, 2, 3, 5, 8] {
            var merged: CSVTest.Collected?
            for i in 1...n {
                let part = try Self.read(url, policy: .missing, threads: 1 + g.nextInt(below: 4), grid: grid,
                                         window: 8192, shard: try Shard(index: i, count: n))
                if var m = merged {
                    m.values += part.values
                    m.status += part.status
                    m.lines += part.lines
                    m.passthrough += part.passthrough
                    m.report.merge(part.report)
                    merged = m
                } else {
                    merged = part
                }
            }
            // Duplicate IDs across shards are the one thing a shard cannot see.
            var m = merged!
            m.report.shard = nil
            m.report.findingCounts["duplicate-id"] = nil
            m.report.examples.removeAll { $0.kind == .duplicateID }
            single.report.findingCounts["duplicate-id"] = nil
            single.report.examples.removeAll { $0.kind == .duplicateID }
            #expect(m == single, "\(n) shards, grid \(grid)")
        }
    }
}
