import Foundation
@testable import Rapport

/// Helpers shared by the reader tests: temporary files, a serial reference parse, and a
/// read that collects every block.
enum CSVTest {
    static func temporaryFile(_ contents: String, name: String = "data.csv") throws -> URL {
        try temporaryFile(Data(contents.utf8), name: name)
    }

    static func temporaryFile(_ contents: Data, name: String = "data.csv") throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url)
        return url
    }

    /// Every record of `text` parsed in one piece by the scanner.
    static func records(_ text: String, delimiter: UInt8 = 0x2C, skipBlankLines: Bool = true)
        -> [CSVRecordCollector.Record]
    {
        var collector = CSVRecordCollector()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buf in
            CSVRecordScanner(delimiter: delimiter, skipBlankLines: skipBlankLines)
                .scan(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: buf.count, firstLine: 1, into: &collector)
        }
        return collector.records
    }

    static func fixture(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/csv/\(name)")
    }

    /// A 1–`max` integer scale with `99` as a declared missing code and `8` as not applicable.
    static func likert(_ max: Double = 5, codes: [ResponseScale.SpecialCode] = []) -> ResponseScale {
        ResponseScale(id: "likert", min: 1, max: max, step: 1, codes: codes)
    }

    /// The whole read, blocks merged in order.
    struct Collected: Equatable, CustomStringConvertible {
        var description: String {
            "Collected(\(lines.count) rows, \(values.count) cells, first lines \(lines.prefix(5)), report: \(report.rowsRead) read, \(report.findingTotal) findings)"
        }
        var values: [Double]
        var status: [CellStatus]
        var lines: [Int]
        var passthrough: [[String]]
        var firstRows: [Int]
        var report: DataReport

        static func == (a: Self, b: Self) -> Bool {
            a.values.count == b.values.count
                && zip(a.values, b.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
                && a.status == b.status && a.lines == b.lines && a.passthrough == b.passthrough
                && a.report == b.report
        }
    }

    static func read(_ url: URL, items: [String], scale: ResponseScale = likert(),
                     passthrough: [String] = [], id: String? = nil, naTokens: [String] = ["NA"],
                     options: ReaderOptions = ReaderOptions()) throws -> Collected {
        let reader = try ResponseReader(.file(url.path), options: options)
        let plan = try ColumnPlan(header: reader.header,
                                  requests: items.map { .init(item: $0, column: $0, scale: scale) },
                                  passthrough: passthrough, id: id, naTokens: naTokens)
        return try collect(reader, plan: plan)
    }

    /// The whole read with blocks in `layout`, decoded to values; also how many blocks came
    /// compact.
    static func collect(_ reader: ResponseReader, plan: ColumnPlan,
                        layout: CellLayout) throws -> (Collected, compactBlocks: Int) {
        var out = Collected(values: [], status: [], lines: [], passthrough: [], firstRows: [],
                            report: DataReport(file: "", policy: .missing))
        var compactBlocks = 0
        var firstRow = 0
        out.report = try reader.read(plan: plan, layout: layout,
                                     transform: { ($0.compact != nil, $0.expanded()) },
                                     sink: { compact, block in
            if compact { compactBlocks += 1 }
            out.values += block.values
            out.status += block.status
            out.lines += block.lines
            out.passthrough += block.passthrough
            out.firstRows.append(firstRow)
            firstRow += block.rowCount
        })
        return (out, compactBlocks)
    }

    static func collect(_ reader: ResponseReader, plan: ColumnPlan) throws -> Collected {
        var out = Collected(values: [], status: [], lines: [], passthrough: [], firstRows: [],
                            report: DataReport(file: "", policy: .missing))
        out.report = try reader.forEachBlock(plan: plan) { block in
            out.values += block.values
            out.status += block.status
            out.lines += block.lines
            out.passthrough += block.passthrough
            out.firstRows.append(block.firstRow)
        }
        return out
    }
}
