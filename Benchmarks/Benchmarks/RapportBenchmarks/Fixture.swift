import Foundation
import Rapport
import RapportStatistics

/// Simulated WAI-SR data shared by the benchmarks, built once per process (outside the
/// measured region of every benchmark that uses it).
final class Fixture: Sendable {
    /// A simulated file on disk and the column plan that reads it.
    struct DataFile: Sendable {
        let path: String
        let columns: ColumnPlan
    }

    static let shared: Fixture = {
        do { return try Fixture() } catch { fatalError("benchmark fixture: \(error)") }
    }()

    let instrument: Instrument
    let small: DataFile
    let large: DataFile
    /// All rows of `small` as one block.
    let block: ResponseBlock
    let scorer: Scorer
    let plan: ReliabilityPlan

    private init() throws {
        let instrument = try InstrumentCatalog.resolve("wai-sr")
        self.instrument = instrument
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let smallPath = try Self.simulate(instrument, rows: 10_000, to: dir.appendingPathComponent("10k.csv").path)
        let largePath = try Self.simulate(instrument, rows: 1_000_000, to: dir.appendingPathComponent("1M.csv").path)

        let probe = try ResponseReader(.file(smallPath), options: ReaderOptions(threads: 1))
        let mapping = try ColumnMapping.resolve(instruments: [instrument], header: probe.header, file: smallPath)
        let requests = mapping.slots.map {
            ColumnPlan.Request(item: "\(instrument.id):\($0.item)", column: $0.columnName, scale: $0.responseScale)
        }
        let columns = try ColumnPlan(header: probe.header, requests: requests, naTokens: ["NA"], file: smallPath)
        small = DataFile(path: smallPath, columns: columns)
        large = DataFile(path: largePath, columns: columns)
        scorer = try Scorer(instrument: instrument, itemSlots: mapping.itemSlots[0])
        plan = try ReliabilityPlan(instruments: [instrument], itemSlots: mapping.itemSlots)

        var blocks: [ResponseBlock] = []
        _ = try probe.forEachBlock(plan: columns) { blocks.append($0) }
        var values: [Double] = [], status: [CellStatus] = [], lines: [Int] = []
        for b in blocks {
            values += b.values
            status += b.status
            lines += b.lines
        }
        block = ResponseBlock(firstRow: 0, rowCount: lines.count, itemCount: columns.items.count,
                              values: values, status: status, lines: lines)
    }

    private static func simulate(_ instrument: Instrument, rows: Int, to path: String) throws -> String {
        let sim = try ResponseSimulator(instrument: instrument,
                                        options: .init(rows: rows, seed: 20_261_126, missingRate: 0.03,
                                                       threads: ProcessInfo.processInfo.activeProcessorCount))
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try sim.write { try handle.write(contentsOf: Data($0)) }
        return path
    }
}
