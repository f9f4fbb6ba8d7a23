/// Reads a response file once more to fill one ``ScoreHistogram`` per analysed scale.
///
/// The reliability run accumulates moments, which cannot give the distribution of scale
/// scores; the HTML report's histograms come from this separate pass, which scores every
/// row by the instrument's own rules (``Scorer``: validity, replacement, transform) exactly
/// like `rapport score`. Standard input can be read only once, so callers skip this pass
/// for `-`. Partial histograms are merged in block order; counts are integers, so the
/// result is the same at any thread count.
public enum ScoreHistogramPass {
    /// A scale to histogram: its id in the report and where it is in the instruments.
    public struct Target: Sendable, Hashable {
        public var reportID: String
        public var instrument: Int
        public var scale: String
        public init(reportID: String, instrument: Int, scale: String) {
            self.reportID = reportID
            self.instrument = instrument
            self.scale = scale
        }
    }

    /// One target per entry of a reliability plan, in the plan's order: the entry's report id,
    /// its instrument's index in `instruments` and its scale.
    public static func targets(_ plan: ReliabilityPlan, instruments: [Instrument]) -> [Target] {
        plan.entries.map { entry in
            Target(reportID: entry.id, instrument: instruments.firstIndex { $0.id == entry.instrument } ?? 0,
                   scale: entry.scale)
        }
    }

    /// - Parameters:
    ///   - itemSlots: per instrument, item id → slot in the blocks of `columns`
    ///     (``ColumnMapping/itemSlots``).
    public static func run(reader: ResponseReader, columns: ColumnPlan, instruments: [Instrument],
                           itemSlots: [[String: Int]], targets: [Target]) throws -> [ScoreHistogram] {
        var scorers: [Scorer] = []
        for (i, inst) in instruments.enumerated() {
            scorers.append(try Scorer(instrument: inst, itemSlots: itemSlots[i]))
        }
        var located: [(scorer: Int, scale: Int)] = []
        var empty: [ScoreHistogram] = []
        for t in targets {
            let sc = scorers[t.instrument]
            guard let k = sc.scales.firstIndex(where: { $0.id == t.scale }) else { continue }
            located.append((t.instrument, k))
            empty.append(histogram(for: sc.scales[k], instrument: sc.instrument, id: t.reportID,
                                   range: sc.possibleRange(ofScale: k)))
        }
        var total = empty
        let used = Array(Set(located.map(\.scorer))).sorted()
        let sc = scorers
        let spots = located
        let blank = empty
        _ = try reader.read(plan: columns, transform: { block -> [ScoreHistogram] in
            var parts = blank
            var scored: [Int: ScoredBlock] = [:]
            for i in used { scored[i] = sc[i].score(block) }
            for (h, spot) in spots.enumerated() {
                let s = scored[spot.scorer]!
                for r in 0..<s.rowCount { parts[h].add(s.score(row: r, scale: spot.scale)) }
            }
            return parts
        }, sink: { parts in
            for i in total.indices { total[i].merge(parts[i]) }
        })
        return total
    }

    /// An empty histogram with the scale's cutoffs and bands; one bin per possible score when
    /// the scores lie on a grid: an untransformed sum of integer-coded items (step 1) or
    /// their mean (step 1/k for k items).
    static func histogram(for scale: Scale, instrument: Instrument, id: String,
                          range: ClosedRange<Double>) -> ScoreHistogram {
        let items = instrument.expandedItems(of: scale).filter { !$0.item.isAttentionCheck }
        let integerItems = items.allSatisfy { (instrument.responseScale(for: $0.item)?.decimals ?? 1) == 0 }
        var step: Double? = nil
        if integerItems && scale.transform == nil && !items.isEmpty {
            switch scale.scoring {
            case .sum: step = 1
            case .mean: step = 1 / Double(items.count)
            case .proratedSum: step = nil
            }
        }
        return ScoreHistogram(
            scale: id, range: range, step: step,
            cutoffs: scale.interpretation.cutoffs.map { .init(value: $0.value, label: $0.label) },
            bands: scale.interpretation.bands.map { .init(lower: $0.lower, upper: $0.upper, label: $0.label) })
    }
}
