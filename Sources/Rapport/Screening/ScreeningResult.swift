/// The screening of a whole input: every row's indices and flags, in file order, with the
/// counts a report needs and the row mask `--exclude-flagged` uses.
public struct ScreeningResult: Sendable {
    /// Every row's indices in file order; empty when only the flags were kept.
    public let rows: [ScreeningRow]
    /// What the screener said once (indices not computed and why).
    public let notes: [String]
    /// Rows screened.
    public let rowCount: Int
    /// Rows flagged by each index (a row flagged by two indices counts under both).
    public let countsByIndex: [ScreeningIndex: Int]
    /// Starting lines of the flagged rows (never IDs).
    public let flaggedLines: Set<Int>

    public init(rows: [ScreeningRow], notes: [String] = []) {
        var counts: [ScreeningIndex: Int] = [:]
        for row in rows { for f in row.flags { counts[f, default: 0] += 1 } }
        self.init(rows: rows, notes: notes, rowCount: rows.count, countsByIndex: counts,
                  flaggedLines: Set(rows.lazy.filter(\.isFlagged).map(\.line)))
    }

    init(rows: [ScreeningRow], notes: [String], rowCount: Int, countsByIndex: [ScreeningIndex: Int],
         flaggedLines: Set<Int>) {
        self.rows = rows
        self.notes = notes
        self.rowCount = rowCount
        self.countsByIndex = countsByIndex
        self.flaggedLines = flaggedLines
    }

    public var flaggedCount: Int { flaggedLines.count }

    /// Whether the row starting at `line` was flagged by any index.
    public func isFlagged(line: Int) -> Bool { flaggedLines.contains(line) }

    /// For `--exclude-flagged`: `true` for each row of `block` to keep (not flagged), matched
    /// by line number, so the mask fits any block of the same file however it was chunked.
    public func keepMask(for block: ResponseBlock) -> [Bool] {
        block.lines.map { !flaggedLines.contains($0) }
    }

    /// A copy of `block` without its flagged rows (values, status, lines and pass-through
    /// kept in step), for statistics that read whole blocks.
    public func excludingFlagged(_ block: ResponseBlock) -> ResponseBlock {
        let keep = keepMask(for: block)
        guard keep.contains(false) else { return block }
        var out = block
        out.values = []; out.status = []; out.lines = []; out.passthrough = []
        let k = block.itemCount
        for r in 0..<block.rowCount where keep[r] {
            out.values.append(contentsOf: block.values[(r * k)..<((r + 1) * k)])
            out.status.append(contentsOf: block.status[(r * k)..<((r + 1) * k)])
            out.lines.append(block.lines[r])
            if r < block.passthrough.count { out.passthrough.append(block.passthrough[r]) }
        }
        out.rowCount = out.lines.count
        return out
    }
}
