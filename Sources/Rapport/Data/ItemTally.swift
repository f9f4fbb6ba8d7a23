/// How the cells of one item column read over a whole input: what the "nothing silent" checks
/// need (an item with no valid answer stops the run; one with more than 5 % invalid cells is
/// warned about) and what the summary says about it.
///
/// Tallies are complete (every row read, in every chunk) and add up across chunks and shards
/// in input order, so they never depend on threads or sharding. Cells of a ragged row are not
/// judged (the row is rejected whole: its cells cannot be matched to their columns), so they
/// are not in the tally. The tally never holds an ID: ``examples`` are cells of the item's own
/// column that look like answer labels, from rows whose field count matches the header.
public struct ItemTally: Sendable, Hashable, Codable {
    /// The item as the plan names it (`wai-sr:wai1`).
    public var item: String
    /// Its column in the file.
    public var column: String
    /// Whether at least one kept row holds a valid answer (or a declared code) for the item.
    public var answered = false
    /// Invalid cells (non-numeric, out of range, off the grid).
    public var invalid = 0
    /// Invalid cells by what they look like: the basis of the likely cause.
    public var looks = Looks()
    /// Up to ``exampleLimit`` distinct invalid cells that look like answer labels, first seen first.
    public var examples: [String] = []

    /// Examples kept per item.
    public static let exampleLimit = 3

    /// Counts of invalid cells by shape (see ``CellLook``).
    public struct Looks: Sendable, Hashable, Codable {
        /// `7,3`: a number written with a decimal comma.
        public var decimalComma = 0
        /// Bytes that betray another encoding: NUL or other control bytes (not tab, CR, LF), U+FFFD, or UTF-8 read
        /// as Windows-1252 and saved again (`Ã¼`).
        public var encoding = 0
        /// Text with letters (`Always`, `Very often`): an answer label.
        public var text = 0
        /// A number that is outside the response range or off its grid.
        public var number = 0
        /// Anything else (`?`, `--`).
        public var other = 0

        public init() {}

        mutating func add(_ look: CellLook) {
            switch look {
            case .decimalComma: decimalComma += 1
            case .encoding: encoding += 1
            case .text: text += 1
            case .number: number += 1
            case .other: other += 1
            }
        }

        mutating func add(_ o: Looks) {
            decimalComma += o.decimalComma
            encoding += o.encoding
            text += o.text
            number += o.number
            other += o.other
        }

        /// The shape most invalid cells have (ties: encoding, decimal comma, text, number, other).
        public var dominant: CellLook? {
            let ranked: [(CellLook, Int)] = [(.encoding, encoding), (.decimalComma, decimalComma), (.text, text),
                                             (.number, number), (.other, other)]
            guard let best = ranked.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
            return ranked.first { $0.1 == best.1 }!.0
        }
    }

    public init(item: String, column: String) {
        self.item = item
        self.column = column
    }

    /// Adds the tally of a later part of the same input.
    public mutating func add(_ o: ItemTally) {
        answered = answered || o.answered
        invalid += o.invalid
        looks.add(o.looks)
        for e in o.examples where examples.count < Self.exampleLimit && !examples.contains(e) {
            examples.append(e)
        }
    }

    /// `item wai-sr:wai1 (column "Q1")`
    public var name: String { "item \(item) (column \"\(column)\")" }
}

/// What an invalid cell looks like, judged from its bytes only.
public enum CellLook: String, Sendable, Hashable, Codable, CaseIterable {
    case decimalComma = "decimal-comma"
    case encoding
    case text
    case number
    case other

    /// Classifies a cell (surrounding spaces already trimmed).
    static func of(_ b: UnsafeBufferPointer<UInt8>) -> CellLook {
        if isDecimalComma(b) { return .decimalComma }
        var letters = false
        var i = 0
        while i < b.count {
            let c = b[i]
            // Control bytes other than tab and line breaks (which quoted text may hold).
            if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D || c == 0x7F { return .encoding }
            if c == 0xEF, i + 2 < b.count, b[i + 1] == 0xBF, b[i + 2] == 0xBD { return .encoding }
            // UTF-8 read as Windows-1252 and written again: "Ã" (C3 83) or "Â" (C3 82) followed
            // by a character of U+0080–U+00BF (C2 xx) or a cp1252 punctuation mark (E2 xx xx).
            if c == 0xC3, i + 2 < b.count, b[i + 1] == 0x83 || b[i + 1] == 0x82,
               b[i + 2] == 0xC2 || b[i + 2] == 0xC5 || b[i + 2] == 0xE2 { return .encoding }
            if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c >= 0x80 { letters = true }
            i += 1
        }
        // `1e3` has a letter and is a number.
        if CellClassifier.parseNumber(b) != nil { return .number }
        return letters ? .text : .other
    }

    /// `[+-]digits,digits`.
    static func isDecimalComma(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
        var before = 0, after = 0, commas = 0
        while i < b.count {
            let c = b[i]
            if c &- 0x30 < 10 {
                if commas == 0 { before += 1 } else { after += 1 }
            } else if c == 0x2C && commas == 0 {
                commas = 1
            } else {
                return false
            }
            i += 1
        }
        return commas == 1 && before > 0 && after > 0
    }

    /// Whether a cell may be quoted as an example of a label: short, printable text.
    static func isShowable(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count > 0, b.count <= 32 else { return false }
        for c in b where c < 0x20 || c == 0x7F { return false }
        return true
    }
}
