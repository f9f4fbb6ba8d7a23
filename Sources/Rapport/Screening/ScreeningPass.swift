import RapportStatistics

/// The first screening pass over a file: item means and pairwise covariances of each plan's
/// screened items, for Mahalanobis D² and the person–total correlation.
///
/// Blocks are reduced on the reader's workers and merged in input order, so the moments (and
/// every index computed from them in the second pass) are the same at any thread count.
/// Run it only when ``Screener/needsFirstPass(_:report:)`` says so; standard input can be read
/// once, so a caller screening it must skip this pass.
public enum ScreeningPass {
    /// Reads `reader` once with `columns` and returns one ``CarelessMoments`` per plan.
    public static func firstPass(reader: ResponseReader, columns: ColumnPlan,
                                 plans: [ScreeningPlan]) throws -> [CarelessMoments] {
        var total = plans.map { CarelessMoments(itemCount: $0.itemCount) }
        _ = try reader.read(plan: columns, transform: { block in
            plans.map { Screener.firstPass(block, plan: $0) }
        }, sink: { parts in
            for (i, p) in parts.enumerated() { total[i].merge(p) }
        })
        return total
    }

    /// One ``Screener`` per plan, after the first pass when `sampleIndices` is true.
    public static func screeners(reader: ResponseReader, columns: ColumnPlan, plans: [ScreeningPlan],
                                 thresholds: ScreeningThresholds, durationColumn: Int? = nil,
                                 sampleIndices: Bool = true) throws -> [Screener] {
        let moments: [CarelessMoments?] = sampleIndices
            ? try firstPass(reader: reader, columns: columns, plans: plans)
            : plans.map { _ in nil }
        return zip(plans, moments).map {
            Screener(plan: $0, thresholds: thresholds, moments: $1, durationColumn: durationColumn)
        }
    }

    /// Screens a whole file into one ``ScreeningResult`` per plan: the first pass when
    /// `sampleIndices` is true, then the second. The data report is the second pass's.
    ///
    /// With `keepRows: false` only the flagged line numbers and the counts are kept (memory
    /// proportional to the flagged rows, for `--exclude-flagged` on large files).
    public static func screen(reader: ResponseReader, columns: ColumnPlan, plans: [ScreeningPlan],
                              thresholds: ScreeningThresholds, durationColumn: Int? = nil,
                              sampleIndices: Bool = true,
                              keepRows: Bool = true) throws -> (results: [ScreeningResult], report: DataReport) {
        let screeners = try Self.screeners(reader: reader, columns: columns, plans: plans,
                                           thresholds: thresholds, durationColumn: durationColumn,
                                           sampleIndices: sampleIndices)
        var rows = plans.map { _ in [ScreeningRow]() }
        let (tallies, report) = try count(reader: reader, columns: columns, screeners: screeners,
                                          keepingLines: true) { i, p in
            if keepRows { rows[i].append(contentsOf: p) }
        }
        let results = screeners.indices.map {
            ScreeningResult(rows: rows[$0], notes: screeners[$0].notes, tally: tallies[$0])
        }
        return (results, report)
    }

    /// Screens a whole file into one ``ScreeningTally`` per plan (the first pass when
    /// `sampleIndices` is true, then the second), keeping no row: memory grows with the flagged
    /// rows when `keepingLines`, and not at all otherwise (`check --max-flagged-rate`). The notes
    /// are each screener's (``Screener/notes``).
    public static func tallies(reader: ResponseReader, columns: ColumnPlan, plans: [ScreeningPlan],
                               thresholds: ScreeningThresholds, sampleIndices: Bool = true,
                               keepingLines: Bool) throws -> (tallies: [ScreeningTally], notes: [[String]]) {
        let screeners = try Self.screeners(reader: reader, columns: columns, plans: plans,
                                           thresholds: thresholds, sampleIndices: sampleIndices)
        let (tallies, _) = try count(reader: reader, columns: columns, screeners: screeners,
                                     keepingLines: keepingLines) { _, _ in }
        return (tallies, screeners.map(\.notes))
    }

    /// The second pass: screens each block on the workers, tallies the rows in input order and
    /// hands each instrument's rows to `rows` (in the sink, in input order).
    private static func count(reader: ResponseReader, columns: ColumnPlan, screeners: [Screener],
                              keepingLines: Bool,
                              rows: (_ instrument: Int, _ rows: [ScreeningRow]) -> Void) throws
        -> (tallies: [ScreeningTally], report: DataReport) {
        var tallies = screeners.map { _ in ScreeningTally(keepingLines: keepingLines) }
        let report = try reader.read(plan: columns, transform: { block in
            screeners.map { $0.screen(block) }
        }, sink: { parts in
            for (i, p) in parts.enumerated() {
                tallies[i].add(p)
                rows(i, p)
            }
        })
        return (tallies, report)
    }

    /// `--exclude-flagged`: screens the whole input (counts and flagged lines only) and returns
    /// the lines to leave out — the union over instruments — and the notes the report prints:
    /// per instrument the rows flagged by index and what its screener said, then the thresholds.
    public static func exclusion(reader: ResponseReader, columns: ColumnPlan, plans: [ScreeningPlan],
                                 instrumentIDs: [String], thresholds: ScreeningThresholds,
                                 sampleIndices: Bool = true) throws -> (lines: Set<Int>, notes: [String]) {
        let (tallies, screenerNotes) = try Self.tallies(reader: reader, columns: columns, plans: plans,
                                                         thresholds: thresholds, sampleIndices: sampleIndices,
                                                         keepingLines: true)
        var lines = Set<Int>()
        var notes: [String] = []
        for (i, id) in instrumentIDs.enumerated() {
            lines.formUnion(tallies[i].flaggedLines ?? [])
            notes.append(tallies[i].exclusionNote(instrument: id))
            notes += screenerNotes[i].map { "\(id): \($0)" }
        }
        notes.append("thresholds: \(thresholds.summary)")
        return (lines, notes)
    }
}
