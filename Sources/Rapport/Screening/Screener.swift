import Foundation
import RapportStatistics

/// The screening indices and flags of one row.
public struct ScreeningRow: Sendable, Hashable {
    /// 1-based line in the file where the row starts.
    public var line: Int
    /// Answered screened items (attention checks excluded).
    public var answered: Int
    public var longstring: Int
    public var averageString: Double
    public var longstringKeyed: Int
    public var averageStringKeyed: Double
    public var irv: Double
    /// `.nan` when the index was not computed (no first pass, or singular covariance).
    public var mahalanobisD2: Double
    public var mahalanobisP: Double
    public var evenOdd: Double
    public var antonym: Double
    public var personTotal: Double
    /// Attention checks failed (answered otherwise than expected, or skipped) and present.
    public var attentionFailed: Int
    public var attentionChecks: Int
    /// Seconds per answered item (`.nan` without `--duration` or when the cell is not a number).
    public var secondsPerItem: Double
    /// The indices that flagged this row, in ``ScreeningIndex`` order.
    public var flags: [ScreeningIndex]

    public var isFlagged: Bool { !flags.isEmpty }
}

/// Computes the screening indices of every row of a block.
///
/// Two passes when an active or reported index compares a row with the sample
/// (Mahalanobis D², person–total): pass 1 accumulates ``CarelessMoments`` with
/// ``firstPass(_:)`` per block, merged in block order; pass 2 calls ``screen(_:)`` per block.
/// Blocks may be screened on any thread; results depend only on the block and the merged
/// moments, so the output is the same at any thread count.
public struct Screener: Sendable {
    public let plan: ScreeningPlan
    public let thresholds: ScreeningThresholds
    /// Pass-through position of the duration column (`--duration`), if any.
    public let durationColumn: Int?
    let means: [Double]?
    let keyedMeans: [Double]?
    let inverse: [Double]?
    /// Things the caller should tell the user once (e.g. why D² is missing).
    public let notes: [String]

    /// - Parameters:
    ///   - moments: pass 1 over the whole input, or `nil` to skip Mahalanobis D² and
    ///     person–total (reported as `.nan`, never flagging).
    public init(plan: ScreeningPlan, thresholds: ScreeningThresholds = ScreeningThresholds(),
                moments: CarelessMoments?, durationColumn: Int? = nil) {
        self.plan = plan
        self.thresholds = thresholds
        self.durationColumn = durationColumn
        var notes: [String] = []
        if let moments {
            let m = moments.means
            means = m
            keyedMeans = plan.keyed(m)
            inverse = moments.inverseCovariance()
            if inverse == nil {
                notes.append("Mahalanobis D² not computed: the items' pairwise covariance matrix is singular (a constant item, identical items, or too few rows)")
            }
        } else {
            means = nil
            keyedMeans = nil
            inverse = nil
        }
        if !plan.hasEvenOdd {
            notes.append("even-odd not computed: \(plan.instrument.abbreviation) declares fewer than two item-level sub-scales of two or more items")
        }
        if !plan.hasAntonyms {
            notes.append("antonym consistency not computed: \(plan.instrument.abbreviation) declares fewer than three reverse-keyed items with a forward-keyed partner in their sub-scale")
        }
        self.notes = notes
    }

    /// Whether ``firstPass(_:)`` is needed for the thresholds in force.
    public static func needsFirstPass(_ thresholds: ScreeningThresholds, report: Bool = true) -> Bool {
        report || thresholds.activeIndices.contains(where: \.needsSampleMoments)
    }

    /// Pass 1: the moments of one block's screened items.
    public static func firstPass(_ block: ResponseBlock, plan: ScreeningPlan) -> CarelessMoments {
        var m = CarelessMoments(itemCount: plan.itemCount)
        for r in 0..<block.rowCount { m.add(plan.rawRow(block, row: r)) }
        return m
    }

    /// Pass 2: indices and flags of every row of `block`.
    public func screen(_ block: ResponseBlock) -> [ScreeningRow] {
        (0..<block.rowCount).map { screenRow(block, row: $0) }
    }

    func screenRow(_ block: ResponseBlock, row r: Int) -> ScreeningRow {
        let raw = plan.rawRow(block, row: r)
        let keyed = plan.keyed(raw)
        let answered = raw.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
        let ls = Careless.longstring(raw)
        let lsk = Careless.longstring(keyed)
        let irv = Careless.irv(raw)

        var d2 = Double.nan, p = Double.nan
        if let means, let inverse, answered > 0 {
            d2 = Careless.mahalanobis(raw, means: means, inverseCovariance: inverse).d2
            p = Careless.mahalanobisPValue(d2, answered: answered)
        }
        let evenOdd = plan.hasEvenOdd
            ? Careless.evenOdd(plan.subscaleKeyed(raw), subscales: plan.subscales.map(\.positions)) : .nan
        let antonym = plan.hasAntonyms ? Careless.antonym(raw, pairs: plan.antonymPairs) : .nan
        let personTotal = keyedMeans.map { Careless.personTotal(keyed, itemMeans: $0) } ?? .nan

        var failed = 0
        for check in plan.attentionChecks {
            let x = block.value(row: r, slot: check.slot)
            if x.isNaN || abs(x - check.expected) > 1e-9 { failed += 1 }
        }
        var perItem = Double.nan
        if let durationColumn, durationColumn < block.passthrough[r].count, answered > 0,
           let seconds = Double(block.passthrough[r][durationColumn].trimmingCharacters(in: .whitespaces)),
           seconds.isFinite {
            perItem = seconds / Double(answered)
        }

        let t = thresholds
        var flags: [ScreeningIndex] = []
        if let f = t.longstringFraction, answered > 0,
           ls.longest >= min(t.longstringMinimumRun, plan.itemCount),
           Double(ls.longest) >= f * Double(answered),
           t.longstringAtCeiling || plan.longestRunLeavesCeiling(raw, longest: ls.longest) {
            flags.append(.longstring)
        }
        if !irv.isNaN, (t.irvBelow.map { irv < $0 } ?? false) || (t.irvAbove.map { irv > $0 } ?? false) {
            flags.append(.irv)
        }
        if let cut = t.mahalanobisP, !p.isNaN, p < cut { flags.append(.mahalanobis) }
        if let cut = t.evenOddAbove, !evenOdd.isNaN, evenOdd > cut { flags.append(.evenOdd) }
        if let cut = t.antonymAbove, !antonym.isNaN, antonym > cut { flags.append(.antonym) }
        if let cut = t.personTotalBelow, !personTotal.isNaN, answered >= t.personTotalMinimumItems,
           personTotal < cut {
            flags.append(.personTotal)
        }
        if let n = t.attentionFailures, !plan.attentionChecks.isEmpty, failed >= n {
            flags.append(.attention)
        }
        if let cut = t.secondsPerItem, !perItem.isNaN, perItem < cut { flags.append(.duration) }

        return ScreeningRow(
            line: block.lines[r], answered: answered,
            longstring: ls.longest, averageString: ls.average,
            longstringKeyed: lsk.longest, averageStringKeyed: lsk.average, irv: irv,
            mahalanobisD2: d2, mahalanobisP: p, evenOdd: evenOdd, antonym: antonym,
            personTotal: personTotal, attentionFailed: failed,
            attentionChecks: plan.attentionChecks.count, secondsPerItem: perItem, flags: flags)
    }
}
