/// How the rows of one chunk are parsed: fixed for a whole read.
struct ParseConfig: Sendable {
    var delimiter: UInt8
    var headerCount: Int
    var policy: InvalidPolicy
    /// Findings kept as examples per chunk (counts are always complete).
    var exampleLimit: Int
    /// Whether rows of one-byte fields may take the fast loop (tests turn it off to check
    /// it against the general scanner).
    var fastRows = true
    /// The form of the cells (``CellLayout``).
    var layout: CellLayout = .values
    /// `--where`: conditions every row read must meet (its columns take the general path).
    var filters: [RowFilter.Bound] = []
    var skipBlankLines: Bool { headerCount > 1 }
}

/// A chunk after parsing: the block plus what the ordered stage still needs.
struct ParsedChunk: Sendable {
    var block: ResponseBlock
    /// Records read (kept + rejected + filtered out; blank lines are not records).
    var rowsRead: Int
    /// Rows left out by `--where`.
    var filtered = 0
    /// ID fingerprints and lines of the kept rows, when an ID column is planned.
    var idKeys: [IDKey]
    var idLines: [Int]
    /// Bytes of input the chunk covered.
    var bytes: Int
    /// Per slot: how its cells read (see ``ItemTally``).
    var tallies: [ItemTally] = []
    /// Cells of kept rows read through a label, a recode or a decimal comma.
    var readings = ReadingCounts()
}

/// Parses a chunk into a ``ResponseBlock``: the hot loop.
enum ChunkParser {
    static func parse(_ chunk: Chunk, plan: ColumnPlan, config: ParseConfig) -> ParsedChunk {
        let fast = config.fastRows && config.headerCount > 0
        if config.layout == .compact, let grids = plan.codeGrids,
           let parsed = buildCompact(plan: plan, grids: grids, config: config, maxRows: chunk.newlines + 1,
                                     chunkIndex: chunk.index, bytes: chunk.byteCount, drive: { b, columnSlot in
               scanRows(chunk, config: config, fast: fast && columnSlot.allSatisfy { $0 != -2 }, builder: &b)
           }) {
            return parsed
        }
        return build(plan: plan, config: config, maxRows: chunk.newlines + 1, chunkIndex: chunk.index,
                     bytes: chunk.byteCount) { b, columnSlot in
            scanRows(chunk, config: config, fast: fast && columnSlot.allSatisfy { $0 != -2 }, builder: &b)
        }
    }

    /// Entries per slot in the digit tables: the ten digits, then the empty cell.
    static let tableWidth = 11
    static let emptyCell = 10

    /// The flat tables of a parse: per file column its slot (`-1` unused, `-2` needs the
    /// general path), and per (slot, digit) the status and value the general classifier gives
    /// a single-digit cell (entry ``emptyCell``: an empty cell), so the fast paths cannot
    /// disagree with it. Entry `slot · tableWidth + digit`.
    private static func tables(_ plan: ColumnPlan, _ config: ParseConfig)
        -> (columnSlot: [Int32], digitStatus: [CellStatus], digitValues: [Double]) {
        var columnSlot = [Int32](repeating: -1, count: config.headerCount)
        for c in 0..<config.headerCount {
            let s = plan.slotsOfColumn[c]
            let filter = config.filters.contains { $0.column == c }
            // A recoded digit is counted, so its column takes the general path.
            if s.count == 1 && plan.passthroughOfColumn[c].isEmpty && plan.idColumn != c && !filter
                && plan.classifiers[Int(s[0])].digitsPlain {
                columnSlot[c] = s[0]
            } else if plan.columnUsed[c] || filter {
                columnSlot[c] = -2
            }
        }
        let k = plan.items.count
        var digitValues: [Double] = []
        var digitStatus: [CellStatus] = []
        digitValues.reserveCapacity(k * tableWidth)
        digitStatus.reserveCapacity(k * tableWidth)
        for cl in plan.classifiers {
            for d in 0..<tableWidth {
                let b: [UInt8] = d == emptyCell ? [] : [UInt8(0x30 + d)]
                let r = b.withUnsafeBufferPointer { cl.classifySlow($0) }
                digitValues.append(r.value)
                digitStatus.append(r.status)
            }
        }
        return (columnSlot, digitStatus, digitValues)
    }

    /// Sets up a ``BlockBuilder`` for at most `maxRows` rows, lets `drive` feed it records
    /// (CSV rows from the scanner, or the cells of another format), and packs the block
    /// (`values` and `status`).
    /// `drive` also gets the column → slot table (`-1` unused, `-2` read by the slow path).
    static func build(plan: ColumnPlan, config: ParseConfig, maxRows: Int, chunkIndex: Int, bytes: Int,
                      drive: (inout BlockBuilder<ValueCells>, UnsafeBufferPointer<Int32>) -> Void) -> ParsedChunk {
        let k = plan.items.count
        let capacity = maxRows * k
        let (columnSlot, digitStatus, digitValues) = tables(plan, config)
        let lines = UnsafeMutablePointer<Int>.allocate(capacity: maxRows)
        defer { lines.deallocate() }
        var builder: BlockBuilder<ValueCells>!
        var status: [CellStatus] = []
        let values = [Double](unsafeUninitializedCapacity: capacity) { vbuf, vcount in
            status = [CellStatus](unsafeUninitializedCapacity: capacity) { sbuf, scount in
                columnSlot.withUnsafeBufferPointer { cs in
                    digitValues.withUnsafeBufferPointer { dv in
                        digitStatus.withUnsafeBufferPointer { ds in
                            let cells = ValueCells(values: vbuf.baseAddress!, status: sbuf.baseAddress!,
                                                   digitValues: dv.baseAddress!, digitStatus: ds.baseAddress!)
                            var b = BlockBuilder(plan: plan, config: config, cells: cells, lines: lines,
                                                 columnSlot: cs, digitStatus: ds.baseAddress!, maxRows: maxRows)
                            drive(&b, cs)
                            builder = b
                        }
                    }
                }
                scount = builder.rows * k
            }
            vcount = builder.rows * k
        }
        let tallies = answeredTallies(builder.tallies, rows: builder.rows) { status[$0] == .answered }
        return finish(builder, lines: lines, k: k, values: values, status: status, compact: nil,
                      chunkIndex: chunkIndex, bytes: bytes, tallies: tallies)
    }

    /// ``build(plan:config:maxRows:chunkIndex:bytes:drive:)`` into the compact form (one code
    /// per cell, ``CompactCells``); `nil` when an answered cell is not exactly a grid value
    /// (the caller then builds the `values` form).
    static func buildCompact(plan: ColumnPlan, grids: [CodeGrid], config: ParseConfig, maxRows: Int,
                             chunkIndex: Int, bytes: Int,
                             drive: (inout BlockBuilder<CodeCells>, UnsafeBufferPointer<Int32>) -> Void) -> ParsedChunk? {
        let k = plan.items.count
        let capacity = maxRows * k + CompactCells.padding
        let (columnSlot, digitStatus, digitValues) = tables(plan, config)
        var digitCodes = [UInt8](repeating: CompactCells.missing, count: digitValues.count)
        for e in digitValues.indices {
            let st = digitStatus[e]
            digitCodes[e] = st == .answered ? grids[e / tableWidth].code(of: digitValues[e])! : CompactCells.code(absent: st)
        }
        let lines = UnsafeMutablePointer<Int>.allocate(capacity: maxRows)
        defer { lines.deallocate() }
        let offGrid = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        offGrid.initialize(to: false)
        defer { offGrid.deallocate() }
        var builder: BlockBuilder<CodeCells>!
        let codes = [UInt8](unsafeUninitializedCapacity: capacity) { cbuf, ccount in
            columnSlot.withUnsafeBufferPointer { cs in
                digitCodes.withUnsafeBufferPointer { dc in
                    digitStatus.withUnsafeBufferPointer { ds in
                        grids.withUnsafeBufferPointer { gs in
                            let cells = CodeCells(codes: cbuf.baseAddress!, digitCodes: dc.baseAddress!,
                                                  grids: gs.baseAddress!, offGrid: offGrid)
                            var b = BlockBuilder(plan: plan, config: config, cells: cells, lines: lines,
                                                 columnSlot: cs, digitStatus: ds.baseAddress!, maxRows: maxRows)
                            drive(&b, cs)
                            builder = b
                        }
                    }
                }
            }
            let used = builder.rows * k
            (cbuf.baseAddress! + used).initialize(repeating: CompactCells.missing, count: CompactCells.padding)
            ccount = used + CompactCells.padding
        }
        if offGrid.pointee { return nil }
        let tallies = answeredTallies(builder.tallies, rows: builder.rows) { codes[$0] < CompactCells.invalid }
        return finish(builder, lines: lines, k: k, values: [], status: [],
                      compact: CompactCells(codes: codes, grids: grids),
                      chunkIndex: chunkIndex, bytes: bytes, tallies: tallies)
    }

    private static func finish<Cells: CellWriter>(
        _ builder: BlockBuilder<Cells>, lines: UnsafeMutablePointer<Int>, k: Int, values: [Double],
        status: [CellStatus], compact: CompactCells?, chunkIndex: Int, bytes: Int, tallies: [ItemTally]
    ) -> ParsedChunk {
        var block = ResponseBlock(firstRow: -1, rowCount: builder.rows, itemCount: k, values: values,
                                  status: status, lines: Array(UnsafeBufferPointer(start: lines, count: builder.rows)),
                                  passthrough: builder.passthrough,
                                  findings: builder.findings, rejectedRows: builder.rejected, compact: compact)
        block.chunk = chunkIndex
        var counts: [Finding.Kind: Int] = [:]
        for (i, kind) in Finding.Kind.allCases.enumerated() where builder.counts[i] > 0 {
            counts[kind] = builder.counts[i]
        }
        block.findingCounts = counts
        return ParsedChunk(block: block, rowsRead: builder.rows + builder.rejected + builder.filtered,
                           filtered: builder.filtered, idKeys: builder.idKeys, idLines: builder.idLines,
                           bytes: bytes, tallies: tallies, readings: builder.readings)
    }

    /// Marks the slots with an answer on some kept row. The scan stops at a slot's first
    /// answer, so on ordinary data it looks at one row per slot.
    static func answeredTallies(_ tallies: [ItemTally], rows: Int, answered: (Int) -> Bool) -> [ItemTally] {
        var out = tallies
        let k = out.count
        for s in 0..<k {
            var r = 0
            while r < rows {
                if answered(r &* k &+ s) {
                    out[s].answered = true
                    break
                }
                r += 1
            }
        }
        return out
    }
}

extension ChunkParser {
    /// Runs over the chunk's rows. A row whose item fields are one byte or empty (single-digit
    /// answers, the common case) and whose other fields are unquoted and unused is parsed by a
    /// tight loop with everything in registers; any other row — quotes, longer item cells, a
    /// finding, a ragged or blank line, pass-through columns — is handed to the general
    /// scanner, which re-reads the row from its start and overwrites whatever the fast loop
    /// wrote.
    @inline(__always)
    static func scanRows<Cells: CellWriter>(_ chunk: Chunk, config: ParseConfig, fast: Bool,
                                            builder b: inout BlockBuilder<Cells>) {
        let scanner = CSVRecordScanner(delimiter: config.delimiter, skipBlankLines: config.skipBlankLines)
        let start = chunk.window.pointer(chunk.start)
        let end = start + chunk.byteCount
        guard fast else {
            scanner.scan(start, count: chunk.byteCount, firstLine: chunk.firstLine, into: &b)
            return
        }
        let h = config.headerCount
        let delim = config.delimiter
        let lf = ByteScan.newline
        let cr = ByteScan.carriageReturn
        let quote = ByteScan.quote
        let cells = b.cells
        let lines = b.lines
        let columnSlot = b.columnSlot.baseAddress!
        let digitStatus = b.digitStatus
        let k = b.k
        var rows = b.rows
        var p = start
        var line = chunk.firstLine
        while p < end {
            // Fast row.
            var q = p
            let base = rows &* k
            var ok = true
            var c = 0
            while c < h {
                let last = c == h &- 1
                let s = Int(columnSlot[c])
                if s < 0 {
                    // An unused column: any unquoted field (its content is never read).
                    var t = q
                    while t < end {
                        let x = t[0]
                        if x == delim || x == lf || x == quote { break }
                        t += 1
                    }
                    guard t < end, t[0] == (last ? lf : delim) else { ok = false; break }
                    q = t + 1
                    c &+= 1
                    continue
                }
                guard q + 1 < end else { ok = false; break }
                let b0 = q[0]
                var b1 = q[1]
                // An empty cell (a CR before the row's LF is not content).
                let emptyEnd = b0 == (last ? lf : delim) ? 1 : (last && b0 == cr && b1 == lf ? 2 : 0)
                if emptyEnd > 0 {
                    let e = s &* tableWidth &+ emptyCell
                    guard digitStatus[e] != .invalid else { ok = false; break }
                    cells.digit(base &+ s, e)
                    q += emptyEnd
                    c &+= 1
                    continue
                }
                if last && b1 == cr && q + 2 < end && q[2] == lf {
                    q += 1
                    b1 = lf
                }
                if b1 != (last ? lf : delim) || b0 == quote || b0 == delim || b0 == lf || b0 == cr {
                    ok = false
                    break
                }
                let d = b0 &- 0x30
                guard d < 10 else { ok = false; break }
                let e = s &* tableWidth &+ Int(d)
                guard digitStatus[e] != .invalid else { ok = false; break }
                cells.digit(base &+ s, e)
                q += 2
                c &+= 1
            }
            if ok {
                lines[rows] = line
                rows &+= 1
                line &+= 1
                p = q
                continue
            }
            // General path for this one row.
            b.rows = rows
            let r = scanner.scan(p, count: end - p, firstLine: line, maxRecords: 1, into: &b)
            rows = b.rows
            p += r.consumed
            line = r.line
            if b.stopped { break }
        }
        b.rows = rows
    }
}

/// The visitor that fills a block's columns in place.
struct BlockBuilder<Cells: CellWriter>: CSVRecordVisitor {
    let plan: ColumnPlan
    let config: ParseConfig
    let k: Int
    let cells: Cells
    let columnSlot: UnsafeBufferPointer<Int32>
    let digitStatus: UnsafePointer<CellStatus>
    let headerCount: Int
    let tracksID: Bool
    let hasPassthrough: Bool

    var rows = 0
    var rejected = 0
    /// Rows left out by `--where` (not judged: no finding, no tally).
    var filtered = 0
    /// Set when the policy is `fail` and a row had a finding.
    var stopped = false
    let lines: UnsafeMutablePointer<Int>
    var passthrough: [[String]] = []
    var idKeys: [IDKey] = []
    var idLines: [Int] = []
    var findings: [Finding] = []
    var counts = [Int](repeating: 0, count: Finding.Kind.allCases.count)
    /// Per slot: invalid cells and what they look like (rows judged, not ragged ones).
    var tallies: [ItemTally]
    /// Cells of kept rows read through a label, a recode or a decimal comma.
    var readings = ReadingCounts()
    /// The current row's, added to ``readings`` when the row is kept.
    private var rowReadings = ReadingCounts()

    /// The current row's findings, committed by `endRecord`: a ragged row's cells cannot be
    /// matched to their columns, so their findings are dropped with the row.
    private struct Pending {
        var finding: Finding
        /// The slot of a cell finding, -1 for a row-level one (quotes).
        var slot: Int
        var look: CellLook
        var example: String?
        /// A cell finding's content, while its message is still to be written (only when the
        /// finding can still be kept as an example): quoted or not once the row is complete.
        var cell: [UInt8]? = nil
    }
    private var pending: [Pending] = []
    private var rowBad = false
    private var rowUnterminated = false
    /// Whether the current row fails a `--where` condition.
    private var rowOut = false
    private var rowPass: [String] = []
    private var rowID: IDKey?
    private var scratch: [UInt8] = []

    init(plan: ColumnPlan, config: ParseConfig, cells: Cells, lines: UnsafeMutablePointer<Int>,
         columnSlot: UnsafeBufferPointer<Int32>, digitStatus: UnsafePointer<CellStatus>, maxRows: Int) {
        self.plan = plan
        self.config = config
        self.k = plan.items.count
        self.cells = cells
        self.columnSlot = columnSlot
        self.digitStatus = digitStatus
        self.headerCount = config.headerCount
        self.tracksID = plan.idColumn != nil
        self.hasPassthrough = !plan.passthrough.isEmpty
        self.lines = lines
        self.tallies = plan.items.map { ItemTally(item: $0.item, column: $0.columnName) }
        if hasPassthrough { passthrough.reserveCapacity(maxRows) }
    }

    /// Offset of the current row's first cell.
    private var base = 0

    @inline(__always)
    mutating func beginRecord(line: Int) {
        // Cells are written as their fields arrive; `endRecord` fills the slots of fields
        // a short row lacks.
        base = rows &* k
        rowBad = false
        rowUnterminated = false
        rowOut = false
        rowReadings = ReadingCounts()
        if _slowPath(!pending.isEmpty) { pending.removeAll(keepingCapacity: true) }
        if hasPassthrough {
            rowPass = Array(repeating: "", count: plan.passthrough.count)
        }
        rowID = nil
    }

    @inline(__always)
    mutating func byteField(_ index: Int, _ b: UInt8, at p: UnsafePointer<UInt8>, line: Int) {
        guard index < headerCount else { return }
        let s = columnSlot[index]
        let d = b &- 0x30
        if s >= 0 && d < 10 {
            let e = Int(s) &* ChunkParser.tableWidth &+ Int(d)
            cells.digit(base &+ Int(s), e)
            if _slowPath(digitStatus[e] == .invalid) {
                let r = plan.classifiers[Int(s)].classifySlow(UnsafeBufferPointer(start: p, count: 1))
                cellProblem(index, slot: Int(s), field: CSVField(start: p, count: 1, flags: 0, line: line), kind: r.kind!)
            }
        } else if s != -1 {
            field(index, CSVField(start: p, count: 1, flags: 0, line: line))
        }
    }

    @inline(__always)
    mutating func field(_ index: Int, _ field: CSVField) {
        if _slowPath(field.flags != 0) && (field.hasStrayQuote || field.isUnterminated) {
            quoteProblem(index, field)
        }
        guard index < headerCount else { return }
        let s = columnSlot[index]
        if s >= 0 && !field.needsDecoding {
            let slot = Int(s)
            let r = plan.classifiers[slot].classifySlow(field.bytes)
            cells.cell(base &+ slot, slot: slot, value: r.value, status: r.status)
            if _slowPath(r.kind != nil) { cellProblem(index, slot: slot, field: field, kind: r.kind!) }
            if _slowPath(r.reading != .plain) { rowReadings.add(r.reading) }
        } else if s != -1 {
            slowField(index, field)
        }
    }

    /// Columns read by several slots, pass-through and ID columns, and fields with quotes to undo.
    private mutating func slowField(_ index: Int, _ field: CSVField) {
        scratch.removeAll(keepingCapacity: true)
        field.decode(into: &scratch)
        let broken = field.hasStrayQuote || field.isUnterminated
        scratch.withUnsafeBufferPointer { cell in
            for s in plan.slotsOfColumn[index] {
                let slot = Int(s)
                let at = rows &* k &+ slot
                if broken {
                    cells.cell(at, slot: slot, value: .nan, status: .invalid)
                    continue
                }
                let r = plan.classifiers[slot].classify(cell)
                cells.cell(at, slot: slot, value: r.value, status: r.status)
                if let kind = r.kind { cellProblem(index, slot: slot, field: field, kind: kind, text: cell) }
                if r.reading != .plain { rowReadings.add(r.reading) }
            }
            for p in plan.passthroughOfColumn[index] {
                rowPass[Int(p)] = String(decoding: cell, as: UTF8.self)
            }
            if index == plan.idColumn, cell.count > 0 {
                rowID = IDKey(cell)
            }
            if !config.filters.isEmpty {
                for f in config.filters where f.column == index && !f.passes(cell) { rowOut = true }
            }
        }
    }

    mutating func endRecord(line: Int, fieldCount: Int) -> Bool {
        if _slowPath(fieldCount < headerCount) {
            for (s, slot) in plan.items.enumerated() where slot.column >= fieldCount {
                cells.cell(base &+ s, slot: s, value: .nan, status: .missing)
            }
        }
        let ragged = fieldCount != headerCount && !rowUnterminated
        if _slowPath(rowOut) && !ragged && !rowUnterminated {
            // Left out by --where: not read at all (its findings go with it).
            pending.removeAll(keepingCapacity: true)
            filtered += 1
            return true
        }
        if _slowPath(!pending.isEmpty) {
            commitPending(ragged: ragged, fieldsMatch: fieldCount == headerCount && !rowUnterminated)
        }
        if ragged {
            rowBad = true
            record(Finding(kind: .raggedRow, line: line,
                           message: "the row has \(fieldCount) field\(fieldCount == 1 ? "" : "s"), the header has \(headerCount): its cells cannot be matched to their columns, so the row is rejected"))
        }
        // A ragged row is never scored, whatever the policy.
        if rowUnterminated || ragged || (rowBad && config.policy == .rejectRow) {
            rejected += 1
        } else {
            lines[rows] = line
            if hasPassthrough { passthrough.append(rowPass) }
            readings.add(rowReadings)
            if tracksID, let id = rowID {
                idKeys.append(id)
                idLines.append(line)
            }
            rows += 1
        }
        if rowBad && config.policy == .fail { stopped = true }
        return !stopped
    }

    // MARK: Findings

    /// Records the row's pending findings; a ragged row's cell findings are dropped. A cell is
    /// quoted in its message only in a row whose fields match the header, and only when
    /// ``CellText/mayQuote(_:)`` allows it (issue 11 §6).
    private mutating func commitPending(ragged: Bool, fieldsMatch: Bool) {
        for var p in pending {
            if p.slot >= 0, let cell = p.cell {
                p.finding.message = cell.withUnsafeBufferPointer {
                    CellText.message(p.finding.kind, cell: $0, quote: fieldsMatch && CellText.mayQuote($0),
                                     scale: plan.items[p.slot].scale)
                }
            }
            if p.slot >= 0 {
                if ragged { continue }
                tallies[p.slot].invalid += 1
                tallies[p.slot].looks.add(p.look)
                if let e = p.example, tallies[p.slot].examples.count < ItemTally.exampleLimit,
                   !tallies[p.slot].examples.contains(e) {
                    tallies[p.slot].examples.append(e)
                }
            }
            record(p.finding)
        }
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func record(_ f: Finding) {
        counts[Finding.Kind.allCases.firstIndex(of: f.kind)!] += 1
        if findings.count < config.exampleLimit { findings.append(f) }
    }

    private mutating func quoteProblem(_ index: Int, _ field: CSVField) {
        rowBad = true
        let name = index < headerCount ? plan.header[index] : nil
        if field.isUnterminated {
            rowUnterminated = true
            pend(Finding(kind: .unterminatedQuote, line: field.line, column: index + 1, columnName: name,
                         message: "a quoted field opened here is never closed: the rest of the input was read as one field, and the row is rejected"))
        } else {
            pend(Finding(kind: .strayQuote, line: field.line, column: index + 1, columnName: name,
                         message: "stray quote inside a field: quotes belong only around a whole field (write \"\" for a quote inside a quoted field)"))
        }
        if index < headerCount {
            for s in plan.slotsOfColumn[index] {
                cells.cell(rows &* k &+ Int(s), slot: Int(s), value: .nan, status: .invalid)
            }
        }
    }

    private mutating func cellProblem(_ index: Int, slot: Int, field: CSVField, kind: Finding.Kind,
                                      text: UnsafeBufferPointer<UInt8>? = nil) {
        rowBad = true
        let item = plan.items[slot]
        let cell = Self.trimmed(text ?? field.bytes)
        let look = CellLook.of(cell)
        // Label examples never hold what looks like a code or an ID (letters with digits).
        let example = look == .text && CellLook.isShowable(cell) && !CellText.looksLikeCode(cell)
            ? String(decoding: cell, as: UTF8.self) : nil
        // The message is written when the row ends (commitPending), if it can still be kept.
        let keep = findings.count + pending.count < config.exampleLimit
        var p = Pending(finding: Finding(kind: kind, line: field.line, column: index + 1, columnName: item.columnName,
                                         item: item.item, message: ""),
                        slot: slot, look: look, example: example)
        if keep { p.cell = Array(text ?? field.bytes) }
        pending.append(p)
    }

    private mutating func pend(_ f: Finding, slot: Int = -1, look: CellLook = .other, example: String? = nil) {
        pending.append(Pending(finding: f, slot: slot, look: look, example: example))
    }

    /// A number as messages write it: `5`, `0.1`.
    static func format(_ x: Double) -> String { CellText.format(x) }

    /// `b` without surrounding ASCII spaces.
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = b.count
        while lo < hi && b[lo] == 0x20 { lo += 1 }
        while hi > lo && b[hi - 1] == 0x20 { hi -= 1 }
        return UnsafeBufferPointer(rebasing: b[lo..<hi])
    }
}
