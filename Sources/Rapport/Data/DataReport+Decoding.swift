/// What the reader did to a file's text before classifying its cells (encoding, header rows,
/// decimal commas, answer labels, recodes, row filters), so the summary can say so: nothing
/// is decoded silently. Every field is absent when its step did nothing.
public struct DataDecoding: Sendable, Hashable, Codable {
    /// The encoding the file was transcoded from (absent for UTF-8, read as is).
    public var encoding: TextEncoding?
    /// How that encoding was chosen: `byte-order mark` or `--encoding`.
    public var encodingFrom: String?
    /// Rows under the header that are not responses, skipped (Qualtrics, `--skip-rows`).
    public var headerRows: HeaderRows?
    /// The `--where` conditions rows had to meet.
    public var filters: [String]?

    public init() {}

    /// Whether any step did something.
    public var isEmpty: Bool { self == DataDecoding() }

    /// Adds the counts of a later part of the same input.
    mutating func merge(_ other: DataDecoding) {
        if encoding == nil { encoding = other.encoding; encodingFrom = other.encodingFrom }
        if headerRows == nil { headerRows = other.headerRows }
        if filters == nil { filters = other.filters }
    }

    /// Lines for the summary, indented by two spaces.
    var summaryLines: [String] {
        var out: [String] = []
        if let encoding {
            out.append("  read as \(encoding.displayName) (\(encodingFrom ?? "--encoding")), transcoded to UTF-8")
        }
        if let headerRows { out.append(headerRows.summaryLine) }
        return out
    }
}

extension DataReport {
    /// ` + 12 filtered out by --where Finished=1` for the summary's first line.
    var filteredPart: String {
        guard let rowsFilteredOut else { return "" }
        let conditions = decoding?.filters.map { " by " + $0.map { "--where \($0)" }.joined(separator: " ") } ?? ""
        return " + \(rowsFilteredOut) filtered out\(conditions)"
    }

    /// Records what a read decoded, for the summary and `--report`.
    mutating func setDecoding(_ d: DataDecoding) {
        decoding = d.isEmpty ? nil : d
    }
}
