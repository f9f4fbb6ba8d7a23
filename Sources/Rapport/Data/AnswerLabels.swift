import Foundation

/// Answer labels compared the way a reader would: case, surrounding white space and Unicode
/// normalisation do not count (`" very Often "` equals `Very often`, a full-width `Ａｌｗａｙｓ`
/// equals `Always`, a decomposed `é` equals a precomposed one).
///
/// The key is `lowercase(NFKC(trim(s)))`: white space and new lines are trimmed (Unicode
/// `White_Space`, so a no-break space too), then compatibility composition (NFKC: width
/// variants, ligatures and decomposed accents fold together), then Unicode lowercase mapping.
/// Inside the label, white space counts as written.
enum AnswerLabel {
    static func key(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCompatibilityMapping.lowercased()
            .precomposedStringWithCompatibilityMapping
    }

    /// Compares a variable's labels with a response scale's anchors.
    static func compare(labels: [(value: Double, label: String)], scale: ResponseScale) -> (match: Bool?, mismatch: String?) {
        guard !scale.anchors.isEmpty else { return (nil, nil) }
        var compared = 0
        for (value, label) in labels where value >= scale.min && value <= scale.max {
            guard let anchor = scale.anchors.first(where: { $0.value == value }) else { continue }
            compared += 1
            if key(anchor.label) != key(label) {
                return (false, "\(ChunkParser.format(value)) = \"\(label)\" in the file, \"\(anchor.label)\" in the definition")
            }
        }
        return compared == 0 ? (nil, nil) : (true, nil)
    }

    /// The cell text a labelled value reads as under `--value-labels`: the anchor's value when
    /// the label is an anchor label, the code's token when it is a declared code's label or
    /// token; `nil` when the label is neither.
    ///
    /// - Throws: a message when two anchors or codes share the label (ambiguous).
    static func text(for label: String, scale: ResponseScale) -> Result<String?, AmbiguousLabel> {
        let k = key(label)
        let anchors = scale.anchors.filter { key($0.label) == k }
        let codes = scale.codes.filter { key($0.token) == k || $0.label.map(key) == k }
        if anchors.count + codes.count > 1 {
            return .failure(AmbiguousLabel(label: label))
        }
        if let a = anchors.first { return .success(ChunkParser.format(a.value)) }
        if let c = codes.first { return .success(c.token) }
        return .success(nil)
    }

    struct AmbiguousLabel: Error {
        var label: String
    }
}

/// How a cell that is not a valid answer as written came to be read (for the summary's counts).
enum CellReading: UInt8, Sendable, Hashable {
    /// As written: a number, an empty cell, a token, or an invalid cell.
    case plain = 0
    /// An anchor label (or a declared code's label) of the item's response scale.
    case label
    /// A `--recode` row.
    case recode
    /// A number written with a decimal comma (`7,3`).
    case decimalComma
}

/// Cells read other than as written, counted per block and per read.
struct ReadingCounts: Sendable, Hashable {
    var labels = 0
    var recoded = 0
    var decimalComma = 0

    @inline(__always)
    mutating func add(_ r: CellReading) {
        switch r {
        case .plain: break
        case .label: labels += 1
        case .recode: recoded += 1
        case .decimalComma: decimalComma += 1
        }
    }

    mutating func add(_ o: ReadingCounts) {
        labels += o.labels
        recoded += o.recoded
        decimalComma += o.decimalComma
    }
}

/// The labels one item's cells may hold instead of a number: what each reads as.
///
/// Looked up only for cells that are not valid answers as written (never for a number the
/// scale accepts), so it costs nothing on numeric data. Keys are ``AnswerLabel/key(_:)``
/// folded; an ASCII cell is compared byte by byte without building a string.
struct LabelTable: Sendable {
    struct Entry: Sendable, Hashable {
        /// ``AnswerLabel/key(_:)`` of the label, as UTF-8.
        var key: [UInt8]
        /// The label as written where it was declared (for messages).
        var label: String
        /// The value (`answered`), or `nan` with `missing` / `notApplicable`.
        var value: Double
        var status: CellStatus
        var reading: CellReading
        /// Where it was declared: `anchor`, `code`, or `FILE:LINE` of a recode row.
        var origin: String
    }

    private(set) var entries: [Entry] = []
    /// Whether a label is itself a number (`-99`): then numbers that are not valid answers are
    /// looked up too.
    private(set) var hasNumericLabels = false

    var isEmpty: Bool { entries.isEmpty }

    /// The entry already holding `key`, if any.
    func entry(forKey key: [UInt8]) -> Entry? { entries.first { $0.key == key } }

    /// Adds an entry whose key no other entry has (the caller checks).
    mutating func add(_ e: Entry) {
        entries.append(e)
        if e.key.withUnsafeBufferPointer({ CellClassifier.parseNumber($0) }) != nil { hasNumericLabels = true }
    }

    /// The entry a cell (ASCII spaces already trimmed) folds to, if any.
    func lookup(_ cell: UnsafeBufferPointer<UInt8>) -> Entry? {
        var ascii = true
        for b in cell where b >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            var lo = 0, hi = cell.count
            while lo < hi && Self.isASCIISpace(cell[lo]) { lo += 1 }
            while hi > lo && Self.isASCIISpace(cell[hi - 1]) { hi -= 1 }
            let n = hi - lo
            for e in entries where e.key.count == n {
                var same = true
                for i in 0..<n {
                    var c = cell[lo + i]
                    if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                    if c != e.key[i] {
                        same = false
                        break
                    }
                }
                if same { return e }
            }
            return nil
        }
        let key = Array(AnswerLabel.key(String(decoding: cell, as: UTF8.self)).utf8)
        return entry(forKey: key)
    }

    @inline(__always)
    private static func isASCIISpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    static func key(_ label: String) -> [UInt8] { Array(AnswerLabel.key(label).utf8) }

    /// The labels of `scale`: each anchor's label (read as its value) and each declared code's
    /// label and token (read as that code: missing or not applicable).
    ///
    /// - Throws: ``DataError`` `ambiguous-label` (exit 1) when two of them fold to the same
    ///   text with different meanings, naming the item, the label and the fix.
    static func anchors(of scale: ResponseScale, item: String, file: String?) throws(DataError) -> LabelTable {
        var t = LabelTable()
        var candidates: [Entry] = scale.anchors.map {
            Entry(key: key($0.label), label: $0.label, value: $0.value, status: .answered, reading: .label,
                  origin: "anchor")
        }
        for c in scale.codes {
            let status: CellStatus = c.meaning == .notApplicable ? .notApplicable : .missing
            for text in [c.label, c.token].compactMap({ $0 }) {
                candidates.append(Entry(key: key(text), label: text, value: .nan, status: status, reading: .label,
                                        origin: "code"))
            }
        }
        for e in candidates where !e.key.isEmpty {
            if let old = t.entry(forKey: e.key) {
                if old.status == e.status && (old.status != .answered || old.value == e.value) { continue }
                throw DataError(.ambiguousLabel, file: file, item: item,
                                message: "the labels \(old.describe) and \(e.describe) of response scale \(scale.id) read alike (case, surrounding space and Unicode normalisation are ignored), so a cell \"\(e.label)\" cannot be read; give them distinct labels in the definition")
            }
            t.add(e)
        }
        return t
    }
}

extension LabelTable.Entry {
    /// `"Always" (7)`, `"Does not apply" (not applicable)`.
    var describe: String {
        let meaning = status == .answered ? ChunkParser.format(value) : (status == .notApplicable ? "not applicable" : "missing")
        return "\"\(label)\" (\(meaning))"
    }
}

extension DataError.Code {
    /// Two labels of an item's response scale read alike with different meanings (exit 1).
    public static let ambiguousLabel = DataError.Code(rawValue: "ambiguous-label")
}

extension ChunkParser {
    /// `5`, `7.3`: a number as messages show it.
    static func format(_ x: Double) -> String { BlockBuilder<ValueCells>.format(x) }
}
