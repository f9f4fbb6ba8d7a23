import Foundation

/// The counts of one instrument's screening over a whole input: rows screened, rows flagged,
/// rows flagged by each index and (when kept) the flagged rows' starting lines.
///
/// The one tally behind `rapport screen`'s summary, `--exclude-flagged`'s rows and notes,
/// `check --max-flagged-rate` and ``ScreeningResult``. A row flagged by two indices counts
/// once in ``flagged`` and under both indices in ``countsByIndex``. Lines, never IDs.
public struct ScreeningTally: Sendable, Hashable {
    /// Rows screened.
    public private(set) var rows = 0
    /// Rows flagged by at least one index.
    public private(set) var flagged = 0
    /// Rows flagged by each index.
    public private(set) var countsByIndex: [ScreeningIndex: Int] = [:]
    /// Starting lines of the flagged rows, when kept (memory grows with the flagged rows only).
    public private(set) var flaggedLines: Set<Int>?

    /// - Parameter keepingLines: keep the flagged rows' lines (`--exclude-flagged` needs them;
    ///   a summary does not).
    public init(keepingLines: Bool = true) {
        flaggedLines = keepingLines ? [] : nil
    }

    /// Counts `rows` (one block's rows of this instrument, in file order).
    public mutating func add<C: Collection<ScreeningRow>>(_ rows: C) {
        self.rows += rows.count
        for row in rows where row.isFlagged {
            flagged += 1
            flaggedLines?.insert(row.line)
            for f in row.flags { countsByIndex[f, default: 0] += 1 }
        }
    }

    /// Share of the rows flagged (0 when nothing was screened).
    public var flaggedRate: Double { rows > 0 ? Double(flagged) / Double(rows) : 0 }

    /// `rapport screen`'s summary line: `wai-sr: 41 of 812 rows flagged (5.0%): longstring 20,
    /// mahalanobis 23` (indices in ``ScreeningIndex`` order).
    public func summaryLine(instrument id: String) -> String {
        let share = rows > 0 ? String(format: "%.1f", 100 * Double(flagged) / Double(rows)) : "0.0"
        var line = "\(id): \(flagged) of \(rows) rows flagged (\(share)%)"
        let parts = countsByIndex.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        if !parts.isEmpty { line += ": " + parts.joined(separator: ", ") }
        return line
    }

    /// The report's `--exclude-flagged` note: `wai-sr: 41 rows flagged (longstring 20,
    /// mahalanobis 23)` (indices by name).
    public func exclusionNote(instrument id: String) -> String {
        let byIndex = countsByIndex.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        return "\(id): \(flagged) rows flagged" + (byIndex.isEmpty ? "" : " (\(byIndex))")
    }
}
