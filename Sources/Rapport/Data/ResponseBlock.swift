/// What the reader hands to scoring and statistics: one chunk of rows, columnar by item,
/// every cell already classified against its item's response scale.
///
/// Contract between `Data/` (producer) and `Scoring/`, `Screening/`, reliability (consumers):
/// - `values[row * itemCount + slot]` is the **raw** (unreversed) answer when
///   `status[...] == .answered`, and `.nan` otherwise.
/// - A read that asks for ``CellLayout/compact`` may instead get ``compact`` set and `values`
///   and `status` empty (only when every item sits on a declared grid): one byte per cell,
///   see ``CompactCells``. ``value(row:slot:)`` and ``status(row:slot:)`` read either form;
///   ``expanded()`` gives the `values` form.
/// - `lines[row]` is the 1-based line number in the file where the row starts
///   (quoted newlines counted), so every message can name it.
/// - `slot` indexes the items of a ``ColumnPlan`` (its `items` array), not the file's columns.
public struct ResponseBlock: Sendable {
    /// 0-based index of the first data row of this block in the whole input (rows kept,
    /// i.e. not rejected). Rows before a block are known only in input order: a block handed
    /// to a parallel `transform` carries `-1`; blocks seen in order (the sink side,
    /// ``ResponseReader/forEachBlock(plan:_:)``) carry the true index.
    public var firstRow: Int
    /// 0-based position of the block's chunk in input order.
    public var chunk: Int = 0
    public var rowCount: Int
    public var itemCount: Int
    public var values: [Double]
    public var status: [CellStatus]
    public var lines: [Int]
    /// Raw text of pass-through columns (`--id`, `--keep`), `passthrough[row][k]`.
    /// Empty when no column is passed through.
    public var passthrough: [[String]]
    /// Per-cell and per-row findings, in file order. At most the reader's example limit per
    /// block (memory stays bounded on a file where every cell is bad); ``findingCounts`` has
    /// the complete counts.
    public var findings: [Finding]
    /// Number of findings of each kind in this block, complete.
    public var findingCounts: [Finding.Kind: Int] = [:]
    /// Rows rejected by the reader (ragged rows under `--on-invalid reject-row`, …),
    /// not present in `values`.
    public var rejectedRows: Int
    /// The compact form of the cells, when the read asked for it (then `values` and `status`
    /// are empty).
    public var compact: CompactCells?

    /// A block of `rowCount × itemCount` cells.
    ///
    /// - Precondition: the arrays fit the shape (``checkShape()``): `values` and `status` hold
    ///   `rowCount · itemCount` cells (or, with `compact`, are empty and the codes hold the
    ///   cells plus ``CompactCells/padding``), `lines` one entry per row, `passthrough` none or
    ///   one per row. Scoring and statistics read blocks through unsafe pointers, so a block that does
    ///   not fit is refused here rather than read out of bounds later.
    public init(firstRow: Int, rowCount: Int, itemCount: Int, values: [Double],
                status: [CellStatus], lines: [Int], passthrough: [[String]] = [],
                findings: [Finding] = [], rejectedRows: Int = 0, compact: CompactCells? = nil) {
        self.firstRow = firstRow
        self.rowCount = rowCount
        self.itemCount = itemCount
        self.values = values
        self.status = status
        self.lines = lines
        self.passthrough = passthrough
        self.findings = findings
        self.rejectedRows = rejectedRows
        self.compact = compact
        checkShape()
        _checkInvariants()
    }

    /// Traps unless the arrays fit `rowCount × itemCount` (O(1)). The properties are public and
    /// mutable, so every reader that walks a block through unsafe pointers calls this first.
    public func checkShape() {
        precondition(rowCount >= 0 && itemCount >= 0, "ResponseBlock: negative shape \(rowCount)×\(itemCount)")
        let (cells, overflow) = rowCount.multipliedReportingOverflow(by: itemCount)
        precondition(!overflow, "ResponseBlock: \(rowCount)×\(itemCount) cells overflow")
        if let compact {
            precondition(values.isEmpty && status.isEmpty && compact.codes.count == cells + CompactCells.padding
                         && compact.grids.count == itemCount,
                         "ResponseBlock: \(compact.codes.count) codes and \(compact.grids.count) grids (with \(values.count) values) for \(rowCount)×\(itemCount) compact cells")
        } else {
            precondition(values.count == cells && status.count == cells,
                         "ResponseBlock: \(values.count) values and \(status.count) statuses for \(rowCount)×\(itemCount) cells")
        }
        precondition(lines.count == rowCount, "ResponseBlock: \(lines.count) line numbers for \(rowCount) rows")
        precondition(passthrough.isEmpty || passthrough.count == rowCount,
                     "ResponseBlock: \(passthrough.count) pass-through rows for \(rowCount) rows")
    }

#if RAPPORT_INTERNAL_CHECKS
    /// The cell-level contract, checked cell by cell in debug and test builds only
    /// (`RAPPORT_INTERNAL_CHECKS`, see Package.swift): a cell that is not answered holds
    /// `.nan` (compact: an answered code is on its slot's grid), line numbers are positive and
    /// increase.
    func _checkInvariants() {
        checkShape()
        for i in 0..<values.count where status[i] != .answered {
            precondition(values[i].isNaN, "ResponseBlock: cell \(i) is \(status[i]) but holds \(values[i])")
        }
        if let compact, itemCount > 0 {
            for i in 0..<(rowCount * itemCount) where compact.codes[i] < CompactCells.invalid {
                precondition(Int(compact.codes[i]) < compact.grids[i % itemCount].values.count,
                             "ResponseBlock: code \(compact.codes[i]) of cell \(i) is off its grid")
            }
        }
        for r in 0..<rowCount {
            precondition(lines[r] >= 1 && (r == 0 || lines[r] > lines[r - 1]),
                         "ResponseBlock: line numbers must be positive and increase (row \(r): \(lines[r]))")
        }
    }
#else
    @inline(__always) func _checkInvariants() {}
#endif

    public func value(row: Int, slot: Int) -> Double {
        guard let compact else { return values[row &* itemCount &+ slot] }
        return compact.value(compact.codes[row &* itemCount &+ slot], slot: slot)
    }
    public func status(row: Int, slot: Int) -> CellStatus {
        guard let compact else { return status[row &* itemCount &+ slot] }
        return CompactCells.status(compact.codes[row &* itemCount &+ slot])
    }
}

/// Classification of one cell.
public enum CellStatus: UInt8, Sendable, Hashable {
    case answered = 0
    /// Empty, `NA`, a declared missing code or a `--na` token.
    case missing = 1
    /// A declared not-applicable code (CARE's "does not apply").
    case notApplicable = 2
    /// Non-numeric, out of range or off the grid; treated as missing under the default
    /// policy, and always reported as a ``Finding``.
    case invalid = 3
}

/// One problem found in the data. Never carries a participant identifier: only line,
/// column and item.
public struct Finding: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case nonNumeric = "non-numeric"
        case outOfRange = "out-of-range"
        case offGrid = "off-grid"
        case raggedRow = "ragged-row"
        case duplicateID = "duplicate-id"
        case unterminatedQuote = "unterminated-quote"
        case strayQuote = "stray-quote"
        case missingColumn = "missing-column"
        case duplicateColumn = "duplicate-column"
        case emptyFile = "empty-file"
        case headerOnly = "header-only"
    }
    public var kind: Kind
    /// 1-based line in the file.
    public var line: Int
    /// 1-based column (field) number, when the finding is about a cell.
    public var column: Int?
    /// Column header, when known.
    public var columnName: String?
    /// Item id, when the cell feeds an item.
    public var item: String?
    /// Human-readable detail. May quote the offending *cell value* of an item column,
    /// never the content of an ID or pass-through column.
    public var message: String

    public init(kind: Kind, line: Int, column: Int? = nil, columnName: String? = nil,
                item: String? = nil, message: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.columnName = columnName
        self.item = item
        self.message = message
    }
}
