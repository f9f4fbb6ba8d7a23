import RapportStatistics

/// Scores every row by the instrument's own rules (``Scorer``: validity, replacement,
/// sub-scales, transform — exactly as `rapport score`) during the reliability pass, so the
/// report can give the mean, SD and SEM of the score the instrument defines beside psych's
/// item-mean score. One ``ValueTally`` per plan entry: exact counts, so the result does not
/// depend on threads, chunking or shards.
public struct ReliabilityScores: Sendable {
    let scorers: [Scorer]
    /// Per plan entry: which scorer and which of its scales.
    let spots: [(scorer: Int, scale: Int)?]

    /// - Throws: ``ScoringError`` when an instrument cannot be compiled for these slots.
    public init(instruments: [Instrument], itemSlots: [[String: Int]], plan: ReliabilityPlan) throws {
        var scorers: [Scorer] = []
        for (i, inst) in instruments.enumerated() {
            scorers.append(try Scorer(instrument: inst, itemSlots: itemSlots[i]))
        }
        self.scorers = scorers
        spots = plan.entries.map { e in
            guard let si = instruments.firstIndex(where: { $0.id == e.instrument }),
                  let k = scorers[si].scales.firstIndex(where: { $0.id == e.scale }) else { return nil }
            return (si, k)
        }
    }

    /// Empty tallies, one per plan entry.
    func emptyTallies() -> [ValueTally] { spots.map { _ in ValueTally() } }

    /// The tallies of one block.
    func tally(_ block: ResponseBlock) -> [ValueTally] {
        var out = emptyTallies()
        var scored: [Int: ScoredBlock] = [:]
        for spot in spots.compactMap({ $0 }) where scored[spot.scorer] == nil {
            scored[spot.scorer] = scorers[spot.scorer].scoresOnly(block)
        }
        for (i, spot) in spots.enumerated() {
            guard let spot, let s = scored[spot.scorer] else { continue }
            s.scores.withUnsafeBufferPointer { scores in
                out[i].add(contentsOf: UnsafeBufferPointer(rebasing: scores[min(spot.scale, scores.count)...]),
                           stride: s.scaleCount)
            }
        }
        return out
    }
}
