import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// The compact block (one code per grid cell) against the `values` block, and the reliability
/// engine's pattern path against the row-by-row path: same cells, findings, lines and moments,
/// and the same report bytes on every committed dataset.
@Suite struct CompactLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `id,a,b,c,d,note,e` rows, mostly single digits, with every odd cell the reader knows
    /// (tokens, long or quoted cells, decimals on and near the grid, bad cells), ragged rows,
    /// blank lines and CRLF. `id` and `note` are not read, so the fast row loop skips them.
    static func randomCSV(_ g: inout SeededGenerator, rows: Int) -> String {
        var text = "id,a,b,c,d,note,e\n"
        let odd = ["", "NA", "99", "8", "7", "0", "x", "\"3\"", "2.0", "4.9999999999", " 4", "\"1\n2\"", "05", "-1",
                   "2.5", "\"\"", "3 "]
        let notes = ["", "plain", "a,b", "\"quoted, comma\"", "\"two\nlines\"", "x\ry", "\"q\"\"q\""]
        for _ in 0..<rows {
            var fields = ["P\(100_000 + g.nextInt(below: 900_000))"]
            for _ in 0..<4 {
                fields.append(g.nextInt(below: 30) == 0 ? odd[g.nextInt(below: odd.count)] : String(1 + g.nextInt(below: 5)))
            }
            fields.append(g.nextInt(below: 4) == 0 ? notes[g.nextInt(below: notes.count)] : "n\(g.nextInt(below: 1000))")
            fields.append(g.nextInt(below: 30) == 0 ? odd[g.nextInt(below: odd.count)] : String(1 + g.nextInt(below: 5)))
            if g.nextInt(below: 150) == 0 { fields.removeLast(1 + g.nextInt(below: 3)) }
            if g.nextInt(below: 150) == 0 { fields.append("extra") }
            text += fields.joined(separator: ",") + (g.nextInt(below: 8) == 0 ? "\r\n" : "\n")
            if g.nextInt(below: 200) == 0 { text += "\n" }
        }
        if g.nextInt(below: 2) == 0 { text.removeLast() }
        return text
    }

    static let scale = ResponseScale(id: "s", min: 1, max: 5, step: 1,
                                     codes: [.init(token: "99", meaning: .missing),
                                             .init(token: "8", meaning: .notApplicable)])

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func compactBlocksHoldTheSameCellsFindingsAndLines(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let url = try CSVTest.temporaryFile(Self.randomCSV(&g, rows: 1500 + g.nextInt(below: 1500)))
        var compactSeen = 0, valuesSeen = 0
        for policy in InvalidPolicy.allCases where policy != .fail {
            func read(_ layout: CellLayout, fast: Bool, grid: Int, threads: Int) throws -> (CSVTest.Collected, Int) {
                var options = ReaderOptions(onInvalid: policy, threads: threads, exampleLimit: 1000)
                options.fastRows = fast
                options.gridSize = grid
                let reader = try ResponseReader(.file(url.path), options: options)
                let plan = try ColumnPlan(header: reader.header,
                                          requests: ["a", "b", "c", "d", "e"].map { .init(item: $0, column: $0, scale: Self.scale) })
                #expect(plan.codeGrids != nil)
                return try CSVTest.collect(reader, plan: plan, layout: layout)
            }
            let (reference, none) = try read(.values, fast: false, grid: 1 << 30, threads: 1)
            #expect(none == 0)
            #expect(reference.report.findingTotal > 0)
            for _ in 0..<3 {
                let grid = 256 + g.nextInt(below: 4000), threads = 1 + g.nextInt(below: 4)
                let (values, _) = try read(.values, fast: true, grid: grid, threads: threads)
                #expect(values == reference, "values, fast rows, grid \(grid), \(policy)")
                let (compact, compactBlocks) = try read(.compact, fast: true, grid: grid, threads: threads)
                #expect(compact == reference, "compact, grid \(grid), \(policy)")
                compactSeen += compactBlocks
                valuesSeen += compact.firstRows.count - compactBlocks
                let (slow, _) = try read(.compact, fast: false, grid: grid, threads: threads)
                #expect(slow == reference, "compact, general scanner, grid \(grid), \(policy)")
            }
        }
        // Chunks holding "4.9999999999" (answered by the classifier's tolerance, not exactly on
        // the grid) keep values; the others are compact.
        #expect(compactSeen > 0 && valuesSeen > 0, "\(compactSeen) compact blocks, \(valuesSeen) values blocks")
    }

    @Test func gridsThatCannotBeCodedKeepValues() throws {
        #expect(CodeGrid(scale: ResponseScale(id: "a", min: 0, max: 10, step: 0.1))?.values.count == 101)
        #expect(CodeGrid(scale: ResponseScale(id: "a", min: 1, max: 5, step: 1))?.code(of: 4.9999999999) == nil)
        #expect(CodeGrid(scale: ResponseScale(id: "a", min: 1, max: 5, step: 1))?.code(of: 5) == 4)
        #expect(CodeGrid(scale: ResponseScale(id: "a", min: 0, max: 1000, step: 1)) == nil)     // > 253 codes
        #expect(CodeGrid(scale: ResponseScale(id: "a", min: 0.05, max: 1, step: 0.1)) == nil)   // min off the step's decimals
        #expect(CodeGrid(scale: ResponseScale(id: "a", min: 0, max: 1, step: 0)) == nil)
        let header = ["x", "y"]
        let wide = try ColumnPlan(header: header, requests: [
            .init(item: "x", column: "x", scale: ResponseScale(id: "a", min: 1, max: 5)),
            .init(item: "y", column: "y", scale: ResponseScale(id: "b", min: 0, max: 1000)),
        ])
        #expect(wide.codeGrids == nil)
    }

    /// Every committed dataset with its instrument: the report's JSON from compact blocks and
    /// the pattern path equals the one from `values` blocks and the row-by-row path, at 1 and
    /// 2 threads, with and without excluded rows.
    @Test(arguments: [("Datasets/wai-sr-2000.csv", "wai-sr"), ("Datasets/care-800.csv", "care"),
                      ("Datasets/ebpas-400.csv", "ebpas"), ("Datasets/srs-ors-sessions.csv", "srs"),
                      ("Datasets/srs-ors-sessions.csv", "ors")])
    func reliabilityReportBytesAreTheSameFromCompactBlocks(file: String, instrument id: String) throws {
        let path = Self.root.appendingPathComponent(file).path
        let instrument = try InstrumentCatalog.resolve(id)
        func report(_ layout: CellLayout, threads: Int, excluding: Set<Int>? = nil) throws -> [UInt8] {
            var options = ReaderOptions(threads: threads)
            options.gridSize = 4096
            let reader = try ResponseReader(.file(path), options: options)
            let mapping = try ColumnMapping.resolve(instruments: [instrument], header: reader.header, file: path)
            let columns = try ColumnPlan(header: reader.header, requests: mapping.slots.map {
                .init(item: "\(id):\($0.item)", column: $0.columnName, scale: $0.responseScale)
            }, file: path)
            let plan = try ReliabilityPlan(instruments: [instrument], itemSlots: mapping.itemSlots)
            if layout == .compact {
                // Every scale takes the pattern path.
                let grids = try #require(columns.codeGrids, "\(id) is on a grid")
                let patterns = ReliabilityPatterns(plan: plan, grids: grids)
                #expect(patterns.rowByRow.isEmpty && patterns.groups.count == 1)
                #expect(patterns.groups.first?.entries.count == plan.entries.count)
            }
            let (all, kept, _) = try ReliabilityEngine.accumulate(reader: reader, columns: columns, plan: plan,
                                                                  excludingLines: excluding, layout: layout)
            let acc = kept ?? all
            let scales = ReliabilityEngine.analyze(acc, options: ReliabilityOptions())
            let r = ReliabilityReport.make(input: .init(path: file, rows: acc.data.rowsRead, sha256: nil),
                                           instrument: nil, options: ReliabilityOptions(), scales: scales)
            return Array(try r.jsonData())
        }
        let reference = try report(.values, threads: 1)
        #expect(reference.count > 1000)
        #expect(try report(.compact, threads: 1) == reference)
        #expect(try report(.compact, threads: 2) == reference)
        let excluded = Set(stride(from: 2, to: 3000, by: 7))
        #expect(try report(.compact, threads: 2, excluding: excluded) == report(.values, threads: 1, excluding: excluded))
    }
}
