/// An error that stops reading a response file: what went wrong, where, and why.
///
/// The location is always a file (or `-` for standard input), a 1-based line and, for cell
/// problems, a 1-based column with its header name and the item it feeds. The description
/// never contains the value of an ID or pass-through column: rows are named by line number.
public struct DataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is. Open-ended: new codes can be added without breaking callers.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file cannot be opened, mapped or read.
        public static let io = Code(rawValue: "io")
        /// An option is malformed (`--shard 3/2`, an empty `--na`, …).
        public static let invalidOption = Code(rawValue: "invalid-option")
        /// A second pass was asked of standard input.
        public static let notRewindable = Code(rawValue: "not-rewindable")
        /// The file shrank, grew or was rewritten while it was being read.
        public static let inputChanged = Code(rawValue: "input-changed")
        /// The finding kind that stopped the read (`--on-invalid fail`, or a file-level problem).
        public static func finding(_ kind: Finding.Kind) -> Code { Code(rawValue: kind.rawValue) }

        public static let emptyFile = finding(.emptyFile)
        public static let missingColumn = finding(.missingColumn)
        public static let duplicateColumn = finding(.duplicateColumn)
    }

    public var code: Code
    /// Path of the input, `-` for standard input, `nil` when not known yet.
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var columnName: String?
    public var item: String?
    public var message: String
    /// The input's format: what `line` and `column` count (rows and variables of an SPSS or
    /// Stata file, lines or Bundle entries and linkIds of FHIR input).
    public var format: InputFormat

    public init(_ code: Code, file: String? = nil, line: Int? = nil, column: Int? = nil,
                columnName: String? = nil, item: String? = nil, message: String,
                format: InputFormat = .csv) {
        self.code = code
        self.format = format
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.item = item
        self.message = message
    }

    /// The error a finding becomes when the policy is `fail`.
    public init(_ finding: Finding, file: String?, format: InputFormat = .csv) {
        self.init(.finding(finding.kind), file: file, line: finding.line, column: finding.column,
                  columnName: finding.columnName, item: finding.item, message: finding.message,
                  format: format)
    }

    /// `data.csv:12: column 4 "wai_3" (item wai3): value "9" is outside 1–5 [out-of-range]`
    ///
    /// Other formats name their own units: `data.sav: row 12: variable "wai_3" (item wai3): …`,
    /// `data.ndjson:12: linkId "i3" (item wai3): …`, `bundle.json: entry 12: …`.
    public var description: String {
        var location = file ?? "<input>"
        if let line {
            location += format == .csv || format.recordUnit == .line ? ":\(line)" : ": \(format.recordUnit.rawValue) \(line)"
        }
        // CSV names a cell by its column number (and header); other formats by variable/linkId.
        let cell: String? = format == .csv
            ? column.map { "column \($0)" + (columnName.map { " \"\($0)\"" } ?? "") }
            : columnName.map { "\(format.columnNoun) \"\($0)\"" }
        var parts = [location + ":"]
        if let cell {
            parts.append(cell + (item.map { " (item \($0))" } ?? "") + ":")
        } else if let item {
            parts.append("item \(item):")
        }
        parts.append("\(message) [\(code.rawValue)]")
        return parts.joined(separator: " ")
    }
}
