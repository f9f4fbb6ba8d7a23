/// Which file columns a read uses and how each cell is judged: the bridge between a file's
/// header and the items of one or more instruments.
///
/// - ``items``: one slot per item to read, in the order given; a ``ResponseBlock`` stores
///   cells by slot. Each slot knows its file column, its response scale and its tokens.
/// - ``passthrough``: columns kept as raw text (`--id`, `--keep`), in the order given.
/// - ``idColumn``: the column whose values must be unique; duplicates are reported by the
///   line numbers of both rows, never by value.
///
/// Missing tokens of a slot: an empty cell; the scale's declared codes (`missing` or
/// `not-applicable`); then `naTokens` (`NA` by default, plus `--na`).
///
/// Labels of a slot: a cell that is not a number reads as the anchor (or declared code) of
/// its response scale whose label it equals, ignoring case, surrounding space and Unicode
/// normalisation (``AnswerLabel``). The reader adds `--recode` rows and decimal commas
/// (``reading(decimalComma:recodes:file:)``).
public struct ColumnPlan: Sendable {
    /// One item to read.
    public struct Slot: Sendable, Hashable {
        /// Item identifier, as the caller names it (qualify it when several instruments share ids).
        public var item: String
        /// 0-based index of the file column.
        public var column: Int
        public var columnName: String
        public var scale: ResponseScale
    }

    /// What the caller asks for: read `item` from the column named `column`.
    public struct Request: Sendable, Hashable {
        public var item: String
        public var column: String
        public var scale: ResponseScale
        public init(item: String, column: String, scale: ResponseScale) {
            self.item = item
            self.column = column
            self.scale = scale
        }
    }

    /// A column copied through as text.
    public struct Passthrough: Sendable, Hashable {
        public var name: String
        public var column: Int
    }

    /// Header names, trimmed of surrounding ASCII spaces.
    public let header: [String]
    public let items: [Slot]
    public let passthrough: [Passthrough]
    public let idColumn: Int?
    public let naTokens: [String]
    /// Header problems that do not stop the read (a duplicated column no slot uses).
    public let headerFindings: [Finding]
    /// The grid of every slot, when every item sits on a declared grid a compact block can
    /// code (``CodeGrid``); `nil` otherwise, and reads always produce `values`.
    public internal(set) var codeGrids: [CodeGrid]?

    /// Per slot: how its cells are judged (see ``ColumnPlan/reading(decimalComma:recodes:file:)``).
    var classifiers: [CellClassifier]
    /// Per slot: the labels of its response scale (anchors, declared codes).
    let anchorLabels: [LabelTable]
    /// `slotsOfColumn[c]` lists the slots reading file column `c` (several items may share one).
    let slotsOfColumn: [[Int32]]
    /// `passthroughOfColumn[c]` lists the pass-through positions of file column `c`.
    let passthroughOfColumn: [[Int32]]
    /// Whether column `c` needs anything at all (slot, pass-through or ID).
    let columnUsed: [Bool]

    /// Builds a plan from explicit requests.
    ///
    /// Columns are found as ``HeaderIndex`` says (exactly, else ignoring case).
    ///
    /// - Throws: ``DataError`` `missing-column` when a requested column (item, pass-through or
    ///   ID) is not in the header, `duplicate-column` when it appears more than once or when
    ///   several names match it ignoring case.
    public init(header: [String], requests: [Request], passthrough: [String] = [],
                id: String? = nil, naTokens: [String] = ["NA"], file: String? = nil) throws(DataError) {
        let header = header.map { Self.trim($0) }
        var positions: [String: [Int]] = [:]
        for (i, name) in header.enumerated() { positions[name, default: []].append(i) }
        let index = HeaderIndex(header)

        func column(_ name: String, item: String?) throws(DataError) -> Int {
            let key = Self.trim(name)
            switch index.find(key) {
            case let .found(c):
                return c
            case .missing:
                let what = item.map { "column \"\(key)\" for item \($0)" } ?? "column \"\(key)\""
                throw DataError(.missingColumn, file: file, line: 1, item: item,
                                message: "\(what) is not in the header (\(Self.describe(header)))")
            case let .duplicate(cols):
                throw DataError(.duplicateColumn, file: file, line: 1, column: cols[0] + 1,
                                columnName: key, item: item,
                                message: "column \"\(key)\" appears \(cols.count) times in the header (columns \(cols.map { String($0 + 1) }.joined(separator: ", "))): say which one to read")
            case let .ambiguous(cols):
                throw DataError(.duplicateColumn, file: file, line: 1, column: cols[0] + 1, item: item,
                                message: "column " + index.ambiguity(key, cols))
            }
        }

        var slots: [Slot] = []
        for r in requests {
            let c = try column(r.column, item: r.item)
            slots.append(Slot(item: r.item, column: c, columnName: header[c], scale: r.scale))
        }
        var pass: [Passthrough] = []
        for name in passthrough {
            let c = try column(name, item: nil)
            pass.append(Passthrough(name: header[c], column: c))
        }
        let idColumn: Int?
        if let id { idColumn = try column(id, item: nil) } else { idColumn = nil }

        var findings: [Finding] = []
        for (name, cols) in positions.sorted(by: { $0.value[0] < $1.value[0] }) where cols.count > 1 {
            findings.append(Finding(kind: .duplicateColumn, line: 1, column: cols[1] + 1, columnName: name,
                                    message: "column \"\(name)\" appears \(cols.count) times in the header (columns \(cols.map { String($0 + 1) }.joined(separator: ", "))); it is not read"))
        }

        var slotsOf = Array(repeating: [Int32](), count: header.count)
        for (s, slot) in slots.enumerated() { slotsOf[slot.column].append(Int32(s)) }
        var passOf = Array(repeating: [Int32](), count: header.count)
        for (k, p) in pass.enumerated() { passOf[p.column].append(Int32(k)) }
        var used = Array(repeating: false, count: header.count)
        for c in 0..<header.count { used[c] = !slotsOf[c].isEmpty || !passOf[c].isEmpty || c == idColumn }

        self.header = header
        self.items = slots
        self.passthrough = pass
        self.idColumn = idColumn
        self.naTokens = naTokens
        self.headerFindings = findings
        var anchorLabels: [LabelTable] = []
        for slot in slots { anchorLabels.append(try LabelTable.anchors(of: slot.scale, item: slot.item, file: file)) }
        self.anchorLabels = anchorLabels
        let classifiers = zip(slots, anchorLabels).map { CellClassifier(scale: $0.scale, naTokens: naTokens, labels: $1) }
        self.classifiers = classifiers
        self.codeGrids = Self.codeGrids(slots, classifiers)
        self.slotsOfColumn = slotsOf
        self.passthroughOfColumn = passOf
        self.columnUsed = used
    }

    /// Builds a plan for every item of `instrument`, in the instrument's order.
    ///
    /// - Parameter columns: item id → column name, overriding each item's default `column`
    ///   (the result of `--map`, `--prefix`, `--map-file`).
    public init(header: [String], instrument: Instrument, columns: [String: String] = [:],
                passthrough: [String] = [], id: String? = nil, naTokens: [String] = ["NA"],
                file: String? = nil) throws(DataError) {
        var requests: [Request] = []
        for item in instrument.items {
            guard let scale = instrument.responseScale(for: item) else {
                throw DataError(.invalidOption, file: file, item: item.id,
                                message: "item \(item.id) refers to response scale \"\(item.responseScale)\", which \(instrument.id) does not define")
            }
            requests.append(Request(item: item.id, column: columns[item.id] ?? item.column, scale: scale))
        }
        try self.init(header: header, requests: requests, passthrough: passthrough, id: id,
                      naTokens: naTokens, file: file)
    }

    /// Slot index of an item, or `nil`.
    public func slot(of item: String) -> Int? { items.firstIndex { $0.item == item } }

    /// Classifies one cell for `slot`, as the reader does (useful for tests and tools).
    public func classify(_ text: String, slot: Int) -> (value: Double, status: CellStatus, finding: Finding.Kind?) {
        var bytes = Array(text.utf8)
        let r = bytes.withUnsafeMutableBufferPointer { classifiers[slot].classify(UnsafeBufferPointer($0)) }
        return (r.value, r.status, r.kind)
    }

    /// Every slot's grid, when each has one and every single-digit answer the classifier
    /// accepts is exactly a grid value (the fast paths write digits from tables).
    static func codeGrids(_ slots: [Slot], _ classifiers: [CellClassifier]) -> [CodeGrid]? {
        guard !slots.isEmpty else { return nil }
        var grids: [CodeGrid] = []
        for (slot, classifier) in zip(slots, classifiers) {
            guard let grid = CodeGrid(scale: slot.scale) else { return nil }
            for d in 0...9 {
                let b: [UInt8] = [UInt8(0x30 + d)]
                let r = b.withUnsafeBufferPointer { classifier.classifySlow($0) }
                if r.status == .answered && grid.code(of: r.value) == nil { return nil }
            }
            grids.append(grid)
        }
        return grids
    }

    static func trim(_ s: String) -> String {
        var sub = Substring(s)
        while sub.first == " " { sub.removeFirst() }
        while sub.last == " " { sub.removeLast() }
        return String(sub)
    }

    private static func describe(_ header: [String]) -> String {
        let shown = header.prefix(12).map { "\"\($0)\"" }.joined(separator: ", ")
        return header.count > 12 ? "columns: \(shown), … \(header.count) in all" : "columns: \(shown)"
    }
}
