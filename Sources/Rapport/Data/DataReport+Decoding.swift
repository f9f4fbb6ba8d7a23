/// What the reader did to a file's text before classifying its cells (encoding, header rows,
/// decimal commas, answer labels, recodes, row filters), so the summary can say so: nothing
/// is decoded silently. Every field is absent when its step did nothing.
public struct DataDecoding: Sendable, Hashable, Codable {
    /// The encoding the file was transcoded from (absent for UTF-8, read as is).
    public var encoding: TextEncoding?
    /// How that encoding was chosen: `byte-order mark` or `--encoding`.
    public var encodingFrom: String?
    /// Read as Latin-1: the file's bytes 0x80–0x9F, which Latin-1 makes C1 control characters
    /// but a Windows-1252 file (Excel's) uses for € ‘ ’ “ ” – Š Œ and others; absent when
    /// there are none. A property of the whole file, counted once. The summary warns.
    public var latin1ControlBytes: Int?
    /// How many of those Windows-1252 defines (all but 0x81, 0x8D, 0x8F, 0x90, 0x9D).
    public var latin1ControlBytesInWindows1252: Int?
    /// Rows under the header that are not responses, skipped (Qualtrics, `--skip-rows`).
    public var headerRows: HeaderRows?
    /// The `--where` conditions rows had to meet.
    public var filters: [String]?
    /// Item cells read as the value of the anchor (or the declared code) whose label they hold.
    public var labelsRead: Int?
    /// `--recode FILE`: the file, and the item cells its rows read.
    public var recodeFile: String?
    public var recoded: Int?
    /// How decimal commas came to be read: `detected` (a `;`-separated file with item cells
    /// like `7,3`) or `--decimal-comma`; and the item cells read with one.
    public var decimalComma: String?
    public var decimalCommaCells: Int?

    public init() {}

    /// Whether any step did something.
    public var isEmpty: Bool { self == DataDecoding() }

    /// Adds the counts of a later part of the same input.
    mutating func merge(_ other: DataDecoding) {
        if encoding == nil { encoding = other.encoding; encodingFrom = other.encodingFrom }
        if latin1ControlBytes == nil {
            latin1ControlBytes = other.latin1ControlBytes
            latin1ControlBytesInWindows1252 = other.latin1ControlBytesInWindows1252
        }
        if headerRows == nil { headerRows = other.headerRows }
        if filters == nil { filters = other.filters }
        labelsRead = Self.sum(labelsRead, other.labelsRead)
        recoded = Self.sum(recoded, other.recoded)
        decimalCommaCells = Self.sum(decimalCommaCells, other.decimalCommaCells)
        if recodeFile == nil { recodeFile = other.recodeFile }
        if decimalComma == nil { decimalComma = other.decimalComma }
    }

    /// The counts it holds, by JSON key (state files check them).
    var counts: [(key: String, count: Int)] {
        [("labelsRead", labelsRead), ("recoded", recoded), ("decimalCommaCells", decimalCommaCells),
         ("latin1ControlBytes", latin1ControlBytes),
         ("latin1ControlBytesInWindows1252", latin1ControlBytesInWindows1252)].compactMap { k, n in n.map { (k, $0) } }
    }

    /// Lines for the summary, indented by two spaces.
    var summaryLines: [String] {
        var out: [String] = []
        if let encoding {
            out.append("  read as \(encoding.displayName) (\(encodingFrom ?? "--encoding")), transcoded to UTF-8")
        }
        if let n = latin1ControlBytes, n > 0 {
            let bytes = "\(n) byte\(n == 1 ? "" : "s") in 0x80–0x9F \(n == 1 ? "was" : "were") read as Latin-1 control characters"
            if (latin1ControlBytesInWindows1252 ?? 0) > 0 {
                out.append("  warning: \(bytes), which text almost never holds: the file is probably Windows-1252 (as Excel saves it, where these bytes are € ‘ ’ “ ” – Š Œ …); give --encoding windows-1252")
            } else {
                out.append("  warning: \(bytes), which text almost never holds (and Windows-1252 leaves these undefined): check the encoding the file was saved in")
            }
        }
        if let headerRows { out.append(headerRows.summaryLine) }
        if let labelsRead { out.append("  labels read as values: \(labelsRead)") }
        if let recodeFile {
            let n = recoded ?? 0
            out.append("  recoded by --recode \(recodeFile): \(n) cell\(n == 1 ? "" : "s")")
        }
        if let decimalComma {
            let n = decimalCommaCells ?? 0
            let how = decimalComma == "detected" ? "decimal comma detected (';'-separated file)" : "decimal comma (--decimal-comma)"
            out.append("  \(how): \(n) cell\(n == 1 ? "" : "s") like 7,3 read as 7.3")
        }
        return out
    }
}

extension DataDecoding {
    /// A count that is absent when nothing was counted.
    static func sum(_ a: Int?, _ b: Int?) -> Int? {
        a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0)
    }
}

extension DataReport {
    /// ` + 12 filtered out by --where Finished=1` for the summary's first line.
    var filteredPart: String {
        guard let rowsFilteredOut else { return "" }
        let conditions = decoding?.filters.map { " by " + $0.map { "--where \($0)" }.joined(separator: " ") } ?? ""
        return " + \(rowsFilteredOut) filtered out\(conditions)"
    }

    /// Adds a block's cells read through labels, recodes or decimal commas.
    mutating func add(readings r: ReadingCounts) {
        guard r != ReadingCounts() else { return }
        var d = decoding ?? DataDecoding()
        if r.labels > 0 { d.labelsRead = (d.labelsRead ?? 0) + r.labels }
        if r.recoded > 0 { d.recoded = (d.recoded ?? 0) + r.recoded }
        if r.decimalComma > 0 { d.decimalCommaCells = (d.decimalCommaCells ?? 0) + r.decimalComma }
        decoding = d
    }

    /// Names the options that decoded cells, once the counts are in: `--recode` (always, with
    /// its count), decimal commas (`--decimal-comma` always; `detected` when some cell was read
    /// with one).
    mutating func noteDecoding(recodeFile: String?, decimalCommaOption: Bool) {
        var d = decoding ?? DataDecoding()
        if let recodeFile {
            d.recodeFile = recodeFile
            d.recoded = d.recoded ?? 0
        }
        if decimalCommaOption {
            d.decimalComma = "--decimal-comma"
            d.decimalCommaCells = d.decimalCommaCells ?? 0
        } else if d.decimalCommaCells != nil {
            d.decimalComma = "detected"
        }
        decoding = d.isEmpty ? nil : d
    }

    /// Records what a read decoded, for the summary and `--report`.
    mutating func setDecoding(_ d: DataDecoding) {
        decoding = d.isEmpty ? nil : d
    }
}
