import Foundation

/// `--recode FILE`: what the labels and vendor codes of an export mean, item by item.
///
/// The file is CSV (or `;`/tab-separated, detected from its header) with the header row
/// `item,label,value` and one row per label:
///
/// ```
/// item,label,value
/// *,-99,
/// *,Not answered,NA
/// wai-sr:wai3,Hardly ever,2
/// q7,Does not apply,N/A
/// ```
/// - `item`: `*` (every item read), an item id (`wai3`, every instrument's item of that id) or
///   `INSTRUMENT:ITEM`.
/// - `label`: the cell text, compared as anchor labels are (``AnswerLabel``: case, surrounding
///   space and Unicode normalisation ignored). A number (`-99`) is a label too.
/// - `value`: a number on the item's response grid; empty or `NA` for **missing**; or a code
///   token the item's response scale declares (`N/A`), read as that code (missing or not
///   applicable).
///
/// A recode reads only cells that are not answers as written: a valid number, a token, an
/// anchor label or a declared code's label is never recoded. A row naming an item that would
/// recode such a cell is an error; a `*` row leaves such items alone (the definition wins).
/// An item row beats a `*` row for the same label. Rows may be quoted (RFC 4180); blank rows
/// and rows whose item starts with `#` are skipped.
public struct RecodeTable: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case number(Double)
        case missing
        /// A declared code token of the item's response scale.
        case code(String)
    }

    public struct Rule: Sendable, Hashable {
        /// `*`, an item id or `INSTRUMENT:ITEM`.
        public var item: String
        public var label: String
        public var value: Value
        /// 1-based line of the row in the file.
        public var line: Int
        /// The value as written (for messages).
        public var valueText: String
    }

    /// The file's path, as given.
    public var file: String
    public var rules: [Rule]
    /// SHA-256 (hex) of the file's bytes as read (``read(_:)``), so state files of sharded runs
    /// can tell recode files apart by content; `nil` for a table parsed from bytes.
    public var sha256: String?

    public init(file: String, rules: [Rule]) {
        self.file = file
        self.rules = rules
    }

    /// Reads and parses a recode file, registering it as an input (no output may replace it).
    ///
    /// - Throws: ``DataError`` `invalid-recode` (exit 2) naming the file, line and column.
    public static func read(_ path: String) throws(DataError) -> RecodeTable {
        InputFiles.register(path)
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DataError(.io, file: path, message: "cannot read the recode file (--recode): \(error.localizedDescription)")
        }
        var table = try parse(Array(data), file: path)
        table.sha256 = FileDigest.sha256(data)
        return table
    }

    /// Parses recode-file bytes (UTF-8, with or without a byte-order mark); `file` names it in messages.
    public static func parse(_ bytes: [UInt8], file: String) throws(DataError) -> RecodeTable {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        guard String(validating: body, as: UTF8.self) != nil else {
            throw DataError(.invalidRecode, file: file, message: "the recode file is not UTF-8 text; save it as UTF-8")
        }
        var records: [CSVRecordCollector.Record] = []
        body.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return }
            var end = 0
            while end < buf.count && buf[end] != ByteScan.newline { end += 1 }
            let delimiter = Delimiter.detect(header: UnsafeBufferPointer(rebasing: buf[0..<end]))
            var collector = CSVRecordCollector()
            CSVRecordScanner(delimiter: delimiter.byte, skipBlankLines: true)
                .scan(base, count: buf.count, firstLine: 1, into: &collector)
            records = collector.records
        }
        func fail(_ line: Int, _ column: Int? = nil, _ message: String) -> DataError {
            DataError(.invalidRecode, file: file, line: line, column: column,
                      columnName: column.map { ["item", "label", "value"][$0 - 1] }, message: message)
        }
        let header = ["item", "label", "value"]
        guard let first = records.first,
              first.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header else {
            throw fail(records.first?.line ?? 1, nil, "the first row must be the header item,label,value")
        }
        var rules: [Rule] = []
        var seen: [String: Rule] = [:]
        for r in records.dropFirst() {
            if r.unterminated || r.strayQuote {
                throw fail(r.line, nil, "a broken quote: quote a whole field, and write \"\" for a quote inside it")
            }
            let item = r.fields[0].trimmingCharacters(in: .whitespaces)
            if item.hasPrefix("#") || (r.fields.count == 1 && item.isEmpty) { continue }
            guard r.fields.count == 3 else {
                throw fail(r.line, nil, "the row has \(r.fields.count) field\(r.fields.count == 1 ? "" : "s"); each row is item,label,value (quote a label that holds a comma)")
            }
            guard !item.isEmpty else { throw fail(r.line, 1, "the item is empty: write an item id, INSTRUMENT:ITEM, or * for every item") }
            let label = r.fields[1]
            guard !AnswerLabel.key(label).isEmpty else {
                throw fail(r.line, 2, "the label is empty: an empty cell is read as missing already")
            }
            let text = r.fields[2].trimmingCharacters(in: .whitespaces)
            let value: Value
            if text.isEmpty || text.uppercased() == "NA" {
                value = .missing
            } else if let x = Array(text.utf8).withUnsafeBufferPointer({ CellClassifier.parseNumber($0) }) {
                value = .number(x)
            } else {
                value = .code(text)
            }
            let rule = Rule(item: item, label: label, value: value, line: r.line, valueText: text)
            let key = item + "\u{0}" + AnswerLabel.key(label)
            if let old = seen[key] {
                if old.value == value { continue }
                throw fail(r.line, 3, "label \"\(label)\" of item \(item) is recoded to \(rule.describeValue) here and to \(old.describeValue) on line \(old.line): keep one of the rows")
            }
            seen[key] = rule
            rules.append(rule)
        }
        return RecodeTable(file: file, rules: rules)
    }
}

extension RecodeTable.Rule {
    /// `2`, `missing`, `N/A`.
    var describeValue: String {
        switch value {
        case let .number(x): ChunkParser.format(x)
        case .missing: "missing"
        case let .code(t): "\"\(t)\""
        }
    }

    /// Whether the rule applies to the plan's item `name` (`wai-sr:wai3`, or `q1` outside the CLI).
    func applies(to name: String) -> Bool {
        item == "*" || item == name || name.hasSuffix(":" + item)
    }
}

extension DataError.Code {
    /// `--recode FILE` cannot be used: malformed, or a row conflicts with the items it names
    /// (exit 2).
    public static let invalidRecode = DataError.Code(rawValue: "invalid-recode")
}
