import Dispatch
import Foundation
import RapportStatistics

/// The mergeable result of reading (part of) a file: one ``ScaleMoments`` per plan entry
/// and the data report. This is what a shard writes and `rapport merge` combines.
public struct ReliabilityAccumulation: Sendable, Codable, Equatable {
    public var plan: ReliabilityPlan
    public var moments: [ScaleMoments]
    public var data: DataReport
    /// Per plan entry, the scores the instrument defines (``ReliabilityScores``); `nil` when
    /// the run did not score rows.
    public var scores: [ValueTally]?
    /// Which bytes of which file were read (set for state files; see ``InputCoverage``).
    public var coverage: InputCoverage?
    /// Per plan entry, the category tables for polychoric correlations (`nil` unless asked).
    public var polychoric: [PolychoricTables]?

    public init(plan: ReliabilityPlan, moments: [ScaleMoments], data: DataReport, scores: [ValueTally]? = nil,
                coverage: InputCoverage? = nil, polychoric: [PolychoricTables]? = nil) {
        self.plan = plan
        self.moments = moments
        self.data = data
        self.scores = scores
        self.coverage = coverage
        self.polychoric = polychoric
    }

    /// Adds another part's moments and counts (parts must be merged in shard order for the
    /// data report's examples to stay in file order). Moments are merged with
    /// `ScaleMoments.mergeChecked`, so parts of other scales, keys or grids are refused.
    public mutating func merge(_ other: ReliabilityAccumulation) throws(ReliabilityError) {
        guard plan == other.plan, moments.count == other.moments.count else {
            throw ReliabilityError("the parts analyse different scales or items; they cannot be merged")
        }
        for i in moments.indices {
            do {
                try moments[i].mergeChecked(other.moments[i])
            } catch {
                throw ReliabilityError("scale '\(plan.entries[i].id)': \(error.description); the parts cannot be merged")
            }
            moments[i]._checkInvariants()
        }
        data.merge(other.data)
        if let o = other.scores, let s = scores, s.count == o.count {
            for i in o.indices { scores![i].merge(o[i]) }
        } else {
            scores = nil
        }
        if let a = coverage, let b = other.coverage {
            coverage = InputCoverage(fileSize: a.fileSize, dataStart: a.dataStart, start: min(a.start, b.start),
                                     end: max(a.end, b.end), sha256: a.sha256)
        }
        if let o = other.polychoric, polychoric != nil {
            for i in o.indices { polychoric![i].merge(o[i]) }
        } else {
            polychoric = nil
        }
    }
}

/// The part of an input file an accumulation was read from: `[start, end)` of a file of
/// `fileSize` bytes whose rows begin at `dataStart`, and the file's SHA-256. It sits inside
/// the accumulation so that moments moved into another file's state are recognised.
public struct InputCoverage: Sendable, Hashable, Codable {
    public var fileSize: Int
    public var dataStart: Int
    public var start: Int
    public var end: Int
    public var sha256: String?

    public init(fileSize: Int, dataStart: Int, start: Int, end: Int, sha256: String?) {
        self.fileSize = fileSize
        self.dataStart = dataStart
        self.start = start
        self.end = end
        self.sha256 = sha256
    }
}

/// Reads a response file once and computes every scale's reliability.
///
/// Each chunk is accumulated into its own moments on a worker thread; the partial moments
/// are merged in chunk order. Integer-coded data accumulate exactly (Int64), so the result
/// is the same bytes at any thread count and any sharding.
public enum ReliabilityEngine {
    /// Rows kept in memory for the bootstrap: the union of the plan's slots, row-major.
    public struct RetainedRows: Sendable {
        public var slots: [Int]
        public var values: [Double]
        public var count: Int { slots.isEmpty ? 0 : values.count / slots.count }
    }

    /// Reads every row of `reader` (or its shard) into moments.
    ///
    /// - Parameters:
    ///   - retain: keep the item values of every row (for the bootstrap).
    ///   - excludingLines: when given, a second accumulation is made in the same pass from
    ///     the rows whose starting line is **not** in the set (`--exclude-flagged`); rows are
    ///     matched by line number, so the result does not depend on chunking.
    ///   - scoring: when given, every row is also scored by the instruments' rules into
    ///     ``ReliabilityAccumulation/scores``.
    ///   - layout: ``CellLayout/compact`` (the default) reads grid items as codes and
    ///     accumulates each instrument's scales from one pass over its missingness patterns
    ///     (``ReliabilityPatterns``); ``CellLayout/values`` accumulates each scale row by row.
    ///     The moments are equal either way.
    ///   - polychoric: also tally each scale's category tables (``ReliabilityAccumulation/polychoric``),
    ///     for both accumulations: the kept rows get tables of their own.
    public static func accumulate(reader: ResponseReader, columns: ColumnPlan, plan: ReliabilityPlan,
                                  retain: Bool = false, excludingLines: Set<Int>? = nil,
                                  scoring: ReliabilityScores? = nil, layout: CellLayout = .compact,
                                  polychoric: Bool = false)
        throws -> (all: ReliabilityAccumulation, kept: ReliabilityAccumulation?, retained: RetainedRows?)
    {
        var total = plan.emptyMoments()
        var keptTotal = excludingLines == nil ? nil : plan.emptyMoments()
        var keptRows = 0
        let union = Array(Set(plan.entries.flatMap(\.slots))).sorted()
        var kept = retain ? RetainedRows(slots: union, values: []) : nil
        let entries = plan.entries
        struct Part: Sendable {
            var all: [ScaleMoments]
            var kept: [ScaleMoments]?
            var keptRows: Int
            var block: ResponseBlock?
            var scores: [ValueTally]?
            var keptScores: [ValueTally]?
            var tables: [PolychoricTables]?
            var keptTables: [PolychoricTables]?
        }
        @Sendable func tables(of block: ResponseBlock) -> [PolychoricTables] {
            var parts = entries.map { PolychoricTables(itemCount: $0.itemIDs.count, categories: $0.categories, decimals: $0.decimals) }
            let block = block.expanded()
            block.values.withUnsafeBufferPointer { buf in
                for (i, e) in entries.enumerated() {
                    parts[i].add(values: buf, rowCount: block.rowCount, rowStride: block.itemCount, offsets: e.slots)
                }
            }
            return parts
        }
        var tableTotal: [PolychoricTables]? = polychoric
            ? entries.map { PolychoricTables(itemCount: $0.itemIDs.count, categories: $0.categories, decimals: $0.decimals) }
            : nil
        var scoreTotal = scoring?.emptyTallies()
        var keptScoreTotal = excludingLines == nil ? nil : scoring?.emptyTallies()
        // The kept rows' own category tables: their polychoric matrix is not the whole file's.
        var keptTableTotal = excludingLines == nil ? nil : tableTotal
        let patterns = layout == .compact ? columns.codeGrids.map { ReliabilityPatterns(plan: plan, grids: $0) } : nil
        @Sendable func moments(of block: ResponseBlock) -> [ScaleMoments] {
            var parts = plan.emptyMoments()
            if let compact = block.compact, let patterns {
                patterns.add(block, compact: compact, plan: plan, to: &parts)
                return parts
            }
            let block = block.expanded()
            block.values.withUnsafeBufferPointer { buf in
                for (i, e) in entries.enumerated() {
                    parts[i].add(values: buf, rowCount: block.rowCount, rowStride: block.itemCount, offsets: e.slots)
                }
            }
            return parts
        }
        let data = try reader.read(plan: columns, layout: patterns == nil ? .values : .compact,
                                   transform: { block -> Part in
            var part = Part(all: moments(of: block), kept: nil, keptRows: 0, block: retain ? block : nil,
                            scores: scoring?.tally(block), tables: polychoric ? tables(of: block) : nil)
            if let excludingLines {
                let filtered = block.keepingRows { !excludingLines.contains($0) }
                part.kept = moments(of: filtered)
                part.keptRows = filtered.rowCount
                part.keptScores = scoring?.tally(filtered)
                if polychoric { part.keptTables = tables(of: filtered) }
            }
            return part
        }, sink: { part in
            for i in total.indices { total[i].merge(part.all[i]) }
            if let s = part.scores { for i in s.indices { scoreTotal![i].merge(s[i]) } }
            if let t = part.tables { for i in t.indices { tableTotal![i].merge(t[i]) } }
            if let s = part.keptScores { for i in s.indices { keptScoreTotal![i].merge(s[i]) } }
            if let t = part.keptTables { for i in t.indices { keptTableTotal![i].merge(t[i]) } }
            if let k = part.kept {
                for i in k.indices { keptTotal![i].merge(k[i]) }
                keptRows += part.keptRows
            }
            if let block = part.block, kept != nil {
                for r in 0..<block.rowCount {
                    for s in union { kept!.values.append(block.value(row: r, slot: s)) }
                }
            }
        })
        for m in total + (keptTotal ?? []) { m._checkInvariants() }
        let all = ReliabilityAccumulation(plan: plan, moments: total, data: data, scores: scoreTotal,
                                          polychoric: tableTotal)
        var keptAcc: ReliabilityAccumulation? = nil
        if let keptTotal {
            var d = data
            d.rowsScored = keptRows
            keptAcc = ReliabilityAccumulation(plan: plan, moments: keptTotal, data: d, scores: keptScoreTotal,
                                              polychoric: keptTableTotal)
        }
        return (all, keptAcc, kept)
    }

    /// α and ω of `s` from the polychoric matrix of its analysed, keyed items, with warnings
    /// when psych's local rule was needed or the matrix is not positive definite.
    static func usePolychoric(_ s: inout ScaleReliability, tables: PolychoricTables, entry e: ReliabilityPlan.Entry,
                              options: ReliabilityOptions) {
        let p = PolychoricMatrix(tables)
        let keep = s.itemStatistics.compactMap { it in e.itemIDs.firstIndex(of: it.id) }
        let sign = e.reversed.map { $0 ? -1.0 : 1.0 }
        let r = SymmetricMatrix(count: keep.count) { i, j in sign[keep[i]] * p.rho[keep[i], keep[j]] * sign[keep[j]] }
        s.useCorrelations(r, options: options.alpha, omega: options.omega(for: e), splitHalf: options.splitEnumeration)
        if !p.global {
            s.warnings.append(ReportWarning(scale: s.id, kind: .polychoricLocal, items: [],
                message: "the items differ in their highest observed category, so each pair's thresholds come from its own table with psych's 0.5 correction for empty cells (\(p.correctedPairs) pairs corrected)"))
        }
        if p.undefinedPairs > 0 || !p.isPositiveDefinite {
            s.warnings.append(ReportWarning(scale: s.id, kind: .polychoricNotPositiveDefinite, items: [],
                message: p.undefinedPairs > 0
                    ? "\(p.undefinedPairs) item pairs have too few categories for a polychoric correlation; α and ω are undefined"
                    : "the polychoric matrix is not positive definite (psych would smooth it with cor.smooth; Rapport does not): read α and ω with care"))
        }
    }

    /// The report's scale sections from accumulated moments (and, for the bootstrap, the
    /// retained rows).
    public static func analyze(_ acc: ReliabilityAccumulation, options: ReliabilityOptions,
                               retained: RetainedRows? = nil, threads: Int = 1) -> [ScaleReliability] {
        var out: [ScaleReliability] = []
        for (i, e) in acc.plan.entries.enumerated() {
            var s = ScaleReliability.analyze(id: e.id, itemIDs: e.itemIDs, moments: acc.moments[i],
                                             options: options.alpha, splitHalf: options.splitEnumeration,
                                             omega: options.omega(for: e))
            if let tally = acc.scores?[i], let metric = e.scoreMetric {
                s.setInstrumentScore(metric: metric, tally: tally)
            }
            if options.correlations == .polychoric, let tables = acc.polychoric?[i] {
                usePolychoric(&s, tables: tables, entry: e, options: options)
            }
            if let b = options.bootstrap, b > 0, let retained {
                bootstrap(&s, entry: e, retained: retained, replicates: b, options: options, threads: threads)
            }
            out.append(s)
        }
        return out
    }
}
