/// A response file that is not CSV/TSV (SPSS, Stata, FHIR), seen the way the reader sees
/// every input: header names, then batches of records whose cells are text.
///
/// Contract:
/// - ``header`` is known when the source is made (column = variable or linkId).
/// - ``records(plan:options:)`` starts one read. Batches come in input order; their size is
///   fixed by the source, never by the thread count, so results cannot depend on threads.
/// - A cell is the UTF-8 text a CSV cell with the same answer would hold (`5`, `7.3`, `N/A`),
///   or empty when the file says the value is missing (system, user-defined or tagged
///   missing). Cells then go through the same ``BlockBuilder`` and ``CellClassifier`` as CSV
///   cells, so range, grid, tokens, findings, pass-through and duplicate IDs behave alike.
protocol RecordSource: AnyObject {
    var format: InputFormat { get }
    var header: [String] { get }
    /// Size of the input in bytes, for progress.
    var size: Int? { get }
    /// Starts a read of the columns the plan uses.
    ///
    /// - Throws: ``DataError`` when the plan cannot be read from this input (a FHIR linkId no
    ///   planned item reads, a value label that matches no anchor under `--value-labels`).
    func records(plan: ColumnPlan, options: ReaderOptions) throws(DataError) -> any RecordStream
    /// What the file says about the variables the plan's items read (value labels,
    /// user-missing codes), for the data report; `nil` when the format has no such metadata.
    func variables(plan: ColumnPlan, options: ReaderOptions) -> [DataVariable]?
}

/// One read of a ``RecordSource``: batches in input order, then `nil`.
protocol RecordStream: AnyObject {
    /// - Throws: ``DataError`` when the input turns out unreadable (a truncated file).
    func next() throws(DataError) -> RecordBatch?
    /// Stops the read early and releases what it holds. Called once, after the last `next`.
    func close()
}

/// A unit of parallel work for a non-CSV input: records whose cells are made by ``make``,
/// on a worker thread (decoding JSON, say) or beforehand (ReadStat's serial parse).
struct RecordBatch: Sendable {
    /// 0-based position in input order.
    var index: Int
    /// Input bytes the batch covers, for progress (an estimate for ReadStat files).
    var bytes: Int
    var make: @Sendable () throws(DataError) -> RecordCells
}

/// Records of one batch: `width` cells each, for the columns `columns` of the header.
struct RecordCells: Sendable {
    /// 1-based record number of each record (row, line or Bundle entry).
    var records: [Int] = []
    /// 0-based header index of each cell position, ascending.
    var columns: [Int]
    /// Cell texts back to back; cell `i` (record `i / width`, position `i % width`) is
    /// `text[(i == 0 ? 0 : ends[i - 1]) ..< ends[i]]`.
    var text: [UInt8] = []
    var ends: [Int] = []
    /// Cells that held a code the file declares missing (SPSS user-missing, Stata `.a`–`.z`)
    /// in an item column, read as missing.
    var missingCodes = 0

    init(columns: [Int]) { self.columns = columns }

    var width: Int { columns.count }

    /// Ends the current cell.
    @inline(__always) mutating func endCell() { ends.append(text.count) }

    /// Appends `x` as the shortest text that reads back as the same double (`5`, `7.3`).
    mutating func append(number x: Double) {
        if x == x.rounded(), abs(x) < 9.0e15 {
            var v = Int64(x)
            if v == 0 {
                if x.sign == .minus { text.append(0x2D) }
                text.append(0x30)
                return
            }
            if v < 0 {
                text.append(0x2D)
                v = -v
            }
            var digits: [UInt8] = []
            while v > 0 {
                digits.append(UInt8(0x30 + v % 10))
                v /= 10
            }
            text.append(contentsOf: digits.reversed())
        } else {
            text.append(contentsOf: Array(x.description.utf8))
        }
    }
}

extension ChunkParser {
    /// Turns a batch's records into a block through the same builder CSV rows go through.
    static func parse(_ cells: RecordCells, index: Int, bytes: Int, plan: ColumnPlan, config: ParseConfig) -> ParsedChunk {
        let n = cells.records.count
        let w = cells.width
        precondition(cells.ends.count == n * w, "a record batch holds \(w) cells per record")
        var text = cells.text
        text.append(0) // a valid address for empty cells, even in an empty batch
        return build(plan: plan, config: config, maxRows: max(1, n), chunkIndex: index, bytes: bytes) { b, _ in
            text.withUnsafeBufferPointer { t in
                let base = t.baseAddress!
                var i = 0
                for r in 0..<n {
                    let line = cells.records[r]
                    b.beginRecord(line: line)
                    for c in 0..<w {
                        let start = i == 0 ? 0 : cells.ends[i - 1]
                        b.field(cells.columns[c], CSVField(start: base + start, count: cells.ends[i] - start,
                                                           flags: 0, line: line))
                        i += 1
                    }
                    if !b.endRecord(line: line, fieldCount: config.headerCount) { break }
                }
            }
        }
    }
}
