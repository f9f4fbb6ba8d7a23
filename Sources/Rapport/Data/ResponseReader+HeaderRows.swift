/// Rows between the header and the responses: Qualtrics' question-text and ImportId rows,
/// or `--skip-rows N` for other survey tools.
public struct HeaderRows: Sendable, Hashable, Codable {
    /// First and last line skipped (file lines, quoted newlines counted).
    public var firstLine: Int
    public var lastLine: Int
    /// Rows skipped.
    public var count: Int
    /// `qualtrics` (detected) or `--skip-rows`.
    public var reason: String

    /// For the summary: `lines 2–3 skipped: …`.
    var summaryLine: String {
        let lines = firstLine == lastLine ? "line \(firstLine)" : "lines \(firstLine)–\(lastLine)"
        if reason == "qualtrics" {
            return "  Qualtrics export: row 1 is the header, \(lines) (question text, ImportId) skipped (--skip-rows 0 reads them)"
        }
        return "  \(lines) skipped (--skip-rows \(count))"
    }
}

extension ResponseReader {
    /// Whether a record is Qualtrics' ImportId row: at least half of its non-empty cells are
    /// `{"ImportId":…}` objects.
    static func isImportIdRow(_ fields: [String]) -> Bool {
        let cells = fields.map { ColumnPlan.trim($0) }.filter { !$0.isEmpty }
        let ids = cells.filter { $0.hasPrefix("{\"ImportId\"") }.count
        return ids > 0 && 2 * ids >= cells.count
    }

    /// Finds where the responses start after the header (which ends at `from`, before `line`):
    /// `skip` rows when given, otherwise the rows up to Qualtrics' ImportId row when row 2 or
    /// 3 is one, otherwise none. `window` grows to hold the rows looked at.
    ///
    /// - Returns: the offset of the first response byte, the newlines skipped, and what was skipped.
    static func skipHeaderRows(source: any ByteSource, window w: inout ByteWindow, from: Int, line: Int,
                               delimiter: UInt8, skip: Int?) throws(DataError) -> (end: Int, newlines: Int, rows: HeaderRows?) {
        // Record ends after `from`, as many as needed (up to 2 when detecting).
        let wanted = skip ?? 2
        var ends: [(end: Int, newlines: Int)] = []
        var pos = from
        var newlines = 0
        while ends.count < wanted {
            let r = ByteScan.nextRecordEnd(w.pointer(pos), count: w.end - pos, inQuotes: false)
            if let e = r.end {
                pos += e
                newlines += r.newlines
                ends.append((pos, newlines))
                continue
            }
            if w.reachesEnd {
                if w.end > pos {
                    // A last row without a newline.
                    ends.append((w.end, newlines + r.newlines))
                }
                break
            }
            w = try source.window(from: 0, minimum: 2 * w.count)
        }
        var count = 0
        var reason = "--skip-rows"
        if let skip {
            count = min(skip, ends.count)
        } else if !ends.isEmpty {
            var collector = CSVRecordCollector(limit: ends.count)
            CSVRecordScanner(delimiter: delimiter, skipBlankLines: false)
                .scan(w.pointer(from), count: ends.last!.end - from, firstLine: line, into: &collector)
            if let i = collector.records.indices.last(where: { isImportIdRow(collector.records[$0].fields) }) {
                count = i + 1
                reason = "qualtrics"
            }
        }
        guard count > 0 else { return (from, 0, nil) }
        let end = ends[count - 1]
        let lastLine = line + end.newlines - 1
        return (end.end, end.newlines, HeaderRows(firstLine: line, lastLine: max(line, lastLine), count: count, reason: reason))
    }
}
