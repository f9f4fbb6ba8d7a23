/// The screening of a whole input: every row's indices and flags, in file order, with the
/// counts a report needs and the row mask `--exclude-flagged` uses.
public struct ScreeningResult: Sendable {
    /// Every row's indices in file order; empty when only the flags were kept.
    public let rows: [ScreeningRow]
    /// What the screener said once (indices not computed and why).
    public let notes: [String]
    /// The counts and the flagged lines (``ScreeningTally``, lines kept).
    public let tally: ScreeningTally

    public init(rows: [ScreeningRow], notes: [String] = []) {
        var tally = ScreeningTally(keepingLines: true)
        tally.add(rows)
        self.init(rows: rows, notes: notes, tally: tally)
    }

    init(rows: [ScreeningRow], notes: [String], tally: ScreeningTally) {
        precondition(tally.flaggedLines != nil, "ScreeningResult: the tally must keep the flagged lines")
        self.rows = rows
        self.notes = notes
        self.tally = tally
    }

    /// Rows screened.
    public var rowCount: Int { tally.rows }
    /// Rows flagged by each index (a row flagged by two indices counts under both).
    public var countsByIndex: [ScreeningIndex: Int] { tally.countsByIndex }
    /// Starting lines of the flagged rows (never IDs).
    public var flaggedLines: Set<Int> { tally.flaggedLines ?? [] }
    public var flaggedCount: Int { tally.flagged }

    /// Whether the row starting at `line` was flagged by any index.
    public func isFlagged(line: Int) -> Bool { flaggedLines.contains(line) }

    /// For `--exclude-flagged`: `true` for each row of `block` to keep (not flagged), matched
    /// by line number, so the mask fits any block of the same file however it was chunked.
    public func keepMask(for block: ResponseBlock) -> [Bool] {
        block.lines.map { !flaggedLines.contains($0) }
    }

    /// A copy of `block` without its flagged rows (``ResponseBlock/keepingRows(where:)``), for
    /// statistics that read whole blocks.
    public func excludingFlagged(_ block: ResponseBlock) -> ResponseBlock {
        block.keepingRows { !flaggedLines.contains($0) }
    }
}
