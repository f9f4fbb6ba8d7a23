/// Which data column feeds each item of each instrument, and which columns pass through.
///
/// Resolution order for an item's column (first that applies):
/// 1. `--map ITEM=COLUMN` on the command line;
/// 2. a row `ITEM,COLUMN` of `--map-file`;
/// 3. `--prefix P` (or `--prefix INSTRUMENT=P`): `P` followed by the item's number on the
///    published form, e.g. `--prefix wai_` maps WAI-SR item 1 to `wai_1` … item 12 to `wai_12`;
/// 4. FHIR input (``MappingOptions/itemIDColumns``): the column named by the item's id, its
///    linkId in a Questionnaire exported by Rapport, when there is one;
/// 5. the column named in the definition (``Item/column``).
///
/// `ITEM` is an item id; when several instruments are scored and the id is not unique, write
/// `INSTRUMENT:ITEM` (`care:c3`). Column names match the header as ``HeaderIndex`` says: an
/// exact name first, else the one name equal to it ignoring case and Unicode normalisation
/// (several such names are an error). Every scored item must find its column, else the whole mapping fails with one
/// ``MappingError`` listing each missing column and the nearest header names.
/// Attention-check items are mapped when their column exists and are otherwise left out.
public struct ColumnMapping: Sendable, Hashable {
    /// One item read from one column. Slot `s` of a ``ResponseBlock`` is `slots[s]`.
    public struct Slot: Sendable, Hashable {
        /// Index into the instruments passed to ``resolve(instruments:header:file:options:)``.
        public var instrument: Int
        public var item: String
        /// 0-based index of the column in the header.
        public var column: Int
        public var columnName: String
        /// The item's declared response scale (range, grid and special codes).
        public var responseScale: ResponseScale
        /// How the column was chosen (for messages): `definition`, `--prefix`, `--map`,
        /// or `FILE:LINE` of a map file.
        public var origin: String
    }

    public var slots: [Slot]
    /// Per instrument: item id → slot. Feed to ``Scorer/init(instrument:itemSlots:)``.
    public var itemSlots: [[String: Int]]
    /// 0-based header index of the `--id` column.
    public var idColumn: Int?
    /// 0-based header indices of `--keep` columns, in the order given.
    public var keepColumns: [Int]

    /// Pass-through columns in output order: the `--id` column, then `--keep` columns.
    public var passthroughColumns: [Int] {
        (idColumn.map { [$0] } ?? []) + keepColumns.filter { $0 != idColumn }
    }

    /// The reader's request for each slot, in slot order: the item named
    /// `INSTRUMENT:ITEM` (so messages tell instruments apart), its column and response scale.
    /// `instruments` are those the mapping was resolved for.
    public func requests(_ instruments: [Instrument]) -> [ColumnPlan.Request] {
        slots.map {
            ColumnPlan.Request(item: "\(instruments[$0.instrument].id):\($0.item)", column: $0.columnName,
                               scale: $0.responseScale)
        }
    }

    /// The header position of the column `name` names, found as every mapping finds columns
    /// (``HeaderIndex``: exactly, else ignoring case and normalisation); `nil` when it names
    /// none, or several.
    public static func column(_ name: String, in header: [String]) -> Int? {
        if case let .found(i) = HeaderIndex(header).find(name) { return i }
        return nil
    }

    /// Maps `instruments` onto a file's header.
    ///
    /// - Parameters:
    ///   - header: the column names of the data file, in order.
    ///   - file: the data file's name, used in messages (`-` for standard input).
    /// - Throws: ``MappingError`` for an unknown or ambiguous item in `--map`, a column not in
    ///   the header, a column that appears twice in the header, or a conflicting option.
    public static func resolve(instruments: [Instrument], header: [String], file: String,
                               options: MappingOptions = MappingOptions()) throws(MappingError) -> ColumnMapping {
        let index = HeaderIndex(header)

        // Overrides from --map-file and --map, keyed by (instrument index, item id).
        var overrides: [ItemKey: (column: String, origin: String)] = [:]
        for source in [options.mapFileEntries, options.maps] {
            var seenHere: [ItemKey: String] = [:]
            for m in source {
                let key = try locate(m.item, in: instruments, origin: m.origin)
                if let prior = seenHere[key] {
                    throw MappingError(.conflictingMap, file: nil,
                                       message: "\(m.origin): item '\(m.item)' is already mapped by \(prior)")
                }
                seenHere[key] = m.origin
                overrides[key] = (m.column, m.origin)
            }
        }

        var allPrefix: String?
        var prefixOf: [Int: String] = [:]
        for p in options.prefixes {
            if let id = p.instrument {
                guard let i = instruments.firstIndex(where: { $0.id == id }) else {
                    throw MappingError(.unknownInstrument, file: nil,
                                       message: "--prefix \(id)=\(p.prefix): no instrument '\(id)' is being scored"
                                           + suggestion(id, among: instruments.map(\.id)))
                }
                prefixOf[i] = p.prefix
            } else {
                if allPrefix != nil {
                    throw MappingError(.conflictingMap, file: nil,
                                       message: "--prefix is given twice without an instrument; use --prefix INSTRUMENT=P")
                }
                allPrefix = p.prefix
            }
        }

        var slots: [Slot] = []
        var itemSlots: [[String: Int]] = Array(repeating: [:], count: instruments.count)
        var problems: [String] = []
        for (ii, inst) in instruments.enumerated() {
            for item in inst.items {
                let key = ItemKey(instrument: ii, item: item.id)
                let wanted: String
                let origin: String
                if let o = overrides[key] {
                    (wanted, origin) = o
                } else if let p = prefixOf[ii] ?? allPrefix {
                    (wanted, origin) = (p + String(item.number), "--prefix")
                } else if options.itemIDColumns, case .found = index.find(item.id) {
                    (wanted, origin) = (item.id, "linkId")
                } else {
                    (wanted, origin) = (item.column, "definition")
                }
                let col: Int
                switch index.find(wanted) {
                case let .found(c):
                    col = c
                case let .duplicate(dup):
                    problems.append("column '\(wanted)' (item '\(item.id)' of \(inst.id)) appears "
                        + "\(dup.count) times in the header (columns \(dup.map { String($0 + 1) }.joined(separator: ", ")))")
                    continue
                case let .ambiguous(cols):
                    problems.append("column '\(wanted)' for item '\(item.id)' of \(inst.id) (from \(origin)): "
                        + index.ambiguity(wanted, cols) + " (--map ITEM=COLUMN)")
                    continue
                case .missing:
                    if item.isAttentionCheck && origin == "definition" { continue }
                    problems.append("no column '\(wanted)' for item '\(item.id)' of \(inst.id) (from \(origin))"
                        + suggestion(wanted, among: header))
                    continue
                }
                guard let rs = inst.responseScale(for: item) else {
                    problems.append("item '\(item.id)' of \(inst.id) names an undefined response scale '\(item.responseScale)'")
                    continue
                }
                itemSlots[ii][item.id] = slots.count
                slots.append(Slot(instrument: ii, item: item.id, column: col, columnName: header[col],
                                  responseScale: rs, origin: origin))
            }
        }
        if !problems.isEmpty {
            throw MappingError(.missingColumn, file: file,
                               message: problems.count == 1 ? problems[0]
                                   : "\(problems.count) items cannot be mapped:\n  " + problems.joined(separator: "\n  "))
        }

        func passthrough(_ name: String, _ option: String) throws(MappingError) -> Int {
            switch index.find(name) {
            case let .found(i):
                return i
            case let .duplicate(dup):
                throw MappingError(.missingColumn, file: file,
                                   message: "\(option) column '\(name)' appears \(dup.count) times in the header")
            case let .ambiguous(cols):
                throw MappingError(.missingColumn, file: file, message: "\(option): " + index.ambiguity(name, cols))
            case .missing:
                throw MappingError(.missingColumn, file: file,
                                   message: "\(option): no column '\(name)'" + suggestion(name, among: header))
            }
        }
        let id = try options.idColumn.map { (name) throws(MappingError) in try passthrough(name, "--id") }
        var keep: [Int] = []
        for name in options.keep {
            let i = try passthrough(name, "--keep")
            if !keep.contains(i) { keep.append(i) }
        }
        return ColumnMapping(slots: slots, itemSlots: itemSlots, idColumn: id, keepColumns: keep)
    }

    struct ItemKey: Hashable {
        var instrument: Int
        var item: String
    }

    /// Finds the instrument and item an `ITEM` or `INSTRUMENT:ITEM` reference names.
    static func locate(_ ref: String, in instruments: [Instrument], origin: String) throws(MappingError) -> ItemKey {
        var hits: [ItemKey] = []
        for (i, inst) in instruments.enumerated() where inst.item(ref) != nil {
            hits.append(ItemKey(instrument: i, item: ref))
        }
        if hits.isEmpty, let colon = ref.lastIndex(of: ":") {
            let instID = String(ref[..<colon]), itemID = String(ref[ref.index(after: colon)...])
            if let i = instruments.firstIndex(where: { $0.id == instID }), instruments[i].item(itemID) != nil {
                hits.append(ItemKey(instrument: i, item: itemID))
            }
        }
        if hits.count == 1 { return hits[0] }
        if hits.count > 1 {
            let names = hits.map { "\(instruments[$0.instrument].id):\(ref)" }.joined(separator: " or ")
            throw MappingError(.ambiguousItem, file: nil,
                               message: "\(origin): item '\(ref)' exists in several instruments; write \(names)")
        }
        let known = instruments.flatMap { inst in inst.items.map(\.id) }
        let scope = instruments.count == 1 ? "instrument '\(instruments[0].id)'"
            : "the instruments " + instruments.map { "'\($0.id)'" }.joined(separator: ", ")
        throw MappingError(.unknownItem, file: nil,
                           message: "\(origin): \(scope) has no item '\(ref)'" + suggestion(ref, among: known))
    }
}

/// The user's mapping choices (`--map`, `--map-file`, `--prefix`, `--id`, `--keep`).
public struct MappingOptions: Sendable, Hashable {
    /// `ITEM=COLUMN` with where it came from (`--map`, or `FILE:LINE`).
    public struct ItemMap: Sendable, Hashable {
        public var item: String
        public var column: String
        public var origin: String
        public init(item: String, column: String, origin: String = "--map") {
            self.item = item
            self.column = column
            self.origin = origin
        }

        /// Parses `ITEM=COLUMN` (split at the first `=`).
        public static func parse(_ text: String) throws(MappingError) -> ItemMap {
            guard let eq = text.firstIndex(of: "="), eq != text.startIndex, text.index(after: eq) != text.endIndex else {
                throw MappingError(.badArgument, file: nil,
                                   message: "--map '\(text)': expected ITEM=COLUMN, e.g. --map t1=Q1")
            }
            return ItemMap(item: String(text[..<eq]), column: String(text[text.index(after: eq)...]),
                           origin: "--map \(text)")
        }
    }

    /// `--prefix P` (every instrument) or `--prefix INSTRUMENT=P`.
    public struct Prefix: Sendable, Hashable {
        public var instrument: String?
        public var prefix: String
        public init(instrument: String? = nil, prefix: String) {
            self.instrument = instrument
            self.prefix = prefix
        }

        /// `INSTRUMENT=P` when the text before the first `=` is one of `instrumentIDs`,
        /// otherwise the whole text is the prefix.
        public static func parse(_ text: String, instrumentIDs: [String]) -> Prefix {
            if let eq = text.firstIndex(of: "="), instrumentIDs.contains(String(text[..<eq])) {
                return Prefix(instrument: String(text[..<eq]), prefix: String(text[text.index(after: eq)...]))
            }
            return Prefix(prefix: text)
        }
    }

    public var maps: [ItemMap]
    public var mapFileEntries: [ItemMap]
    public var prefixes: [Prefix]
    public var idColumn: String?
    public var keep: [String]
    /// Columns are named by item id (FHIR linkIds): an item without `--map`, `--map-file` or
    /// `--prefix` reads the column named by its id, else the definition's column.
    public var itemIDColumns = false

    public init(maps: [ItemMap] = [], mapFileEntries: [ItemMap] = [], prefixes: [Prefix] = [],
                idColumn: String? = nil, keep: [String] = []) {
        self.maps = maps
        self.mapFileEntries = mapFileEntries
        self.prefixes = prefixes
        self.idColumn = idColumn
        self.keep = keep
    }
}
