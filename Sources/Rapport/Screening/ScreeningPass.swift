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
        var flagged = plans.map { _ in Set<Int>() }
        var counts = plans.map { _ in [ScreeningIndex: Int]() }
        var screened = 0
        let report = try reader.read(plan: columns, transform: { block in
            screeners.map { $0.screen(block) }
        }, sink: { parts in
            screened += parts.first?.count ?? 0
            for (i, p) in parts.enumerated() {
                for row in p where row.isFlagged {
                    flagged[i].insert(row.line)
                    for f in row.flags { counts[i][f, default: 0] += 1 }
                }
                if keepRows { rows[i].append(contentsOf: p) }
            }
        })
        let results = screeners.indices.map {
            ScreeningResult(rows: rows[$0], notes: screeners[$0].notes, rowCount: screened,
                            countsByIndex: counts[$0], flaggedLines: flagged[$0])
        }
        return (results, report)
    }
}
