import RapportStatistics

/// What screening needs to know about an instrument, compiled once for the slots of a
/// ``ResponseBlock``: the order items are presented in, their declared keying and range,
/// the declared sub-scales, the antonym pairs and the attention checks.
///
/// ## Conventions
/// - **Screened items**: every item of the instrument that has a slot and is not an
///   attention check, in the order of ``Item/number`` (the order the respondent saw them).
///   Sequence indices (longstring) read them in that order.
/// - **Keying**: the item's keying inside its item-level sub-scale (a member's `reversed`
///   overrides the item's, as with quick `--scale` definitions), else its own
///   ``Item/reversed``; applied against the **declared** range (`min + max − x`), as scoring does.
/// - **Sub-scales** (even-odd, antonyms): the scales whose members are all items, in
///   declaration order, each with its items in declared member order and the member's
///   effective keying (``Instrument/expandedItems(of:)``). An item already used by an earlier
///   sub-scale is not used again. Instruments with a single item-level scale have no even-odd
///   index (it needs at least two sub-scales).
public struct ScreeningPlan: Sendable {
    public let instrument: Instrument
    /// Screened items in presentation order.
    public let items: [Item]
    /// Block slot of each screened item.
    let slots: [Int]
    /// Per screened item: declared `min + max` (for reverse keying) and whether it is reversed.
    let reflect: [Double]
    let reversed: [Bool]
    /// Per screened item: the raw answer that is the keyed maximum in every scale using it (the
    /// "ceiling"); `.nan` when scales key it both ways.
    let ceiling: [Double]
    /// Sub-scales as positions in ``items``; with their keying inside the sub-scale.
    public let subscales: [(scale: String, positions: [Int])]
    let subscaleReversed: [Int: Bool]
    /// Antonym pairs as positions in ``items`` (reversed item, partner).
    let antonymPairs: [(reversed: Int, partner: Int)]
    /// Attention checks: block slot, item id and expected answer.
    public let attentionChecks: [(item: String, slot: Int, expected: Double)]

    /// Compiles `instrument` for a block whose item `id` sits in slot `itemSlots[id]`.
    /// Items without a slot are left out (a warning for the caller to give, not an error).
    public init(instrument: Instrument, itemSlots: [String: Int]) {
        self.instrument = instrument
        let screened = instrument.items
            .filter { !$0.isAttentionCheck && itemSlots[$0.id] != nil }
            .sorted { ($0.number, $0.id) < ($1.number, $1.id) }
        items = screened
        slots = screened.map { itemSlots[$0.id]! }
        reflect = screened.map { item in
            instrument.responseScale(for: item).map { $0.min + $0.max } ?? .nan
        }
        var position: [String: Int] = [:]
        for (p, item) in screened.enumerated() { position[item.id] = p }
        var used = Set<String>()
        var subs: [(String, [Int])] = []
        var subReversed: [Int: Bool] = [:]
        for scale in instrument.scales where !scale.members.isEmpty
            && scale.members.allSatisfy({ $0.kind == .item }) {
            var positions: [Int] = []
            for (item, rev) in instrument.expandedItems(of: scale) {
                guard let p = position[item.id], !used.contains(item.id) else { continue }
                used.insert(item.id)
                positions.append(p)
                subReversed[p] = rev
            }
            if !positions.isEmpty { subs.append((scale.id, positions)) }
        }
        subscales = subs
        subscaleReversed = subReversed
        let keying = screened.indices.map { subReversed[$0] ?? screened[$0].reversed }
        reversed = keying
        // The ceiling: the raw answer that is the keyed maximum in every scale using the item.
        // An item keyed both ways (EBPAS Divergence: forward in its sub-scale, reversed in the
        // total) has none, so a straight line through it is never "all at the ceiling".
        var keyings: [String: Set<Bool>] = [:]
        for scale in instrument.scales {
            for (item, rev) in instrument.expandedItems(of: scale) { keyings[item.id, default: []].insert(rev) }
        }
        ceiling = screened.indices.map { p in
            guard let rs = instrument.responseScale(for: screened[p]) else { return .nan }
            let ways = keyings[screened[p].id] ?? [keying[p]]
            guard ways.count == 1 else { return .nan }
            return ways.first! ? rs.min : rs.max
        }
        antonymPairs = Careless.antonymPairs(subscales: subs.map(\.1),
                                             reversed: { subReversed[$0] ?? false })
        attentionChecks = instrument.items.compactMap { item in
            guard let expected = item.expectedAnswer, let slot = itemSlots[item.id] else { return nil }
            return (item.id, slot, expected)
        }
    }

    /// Number of screened items.
    public var itemCount: Int { items.count }

    /// Whether the even-odd index is defined for this instrument (≥ 2 sub-scales of ≥ 2 items).
    public var hasEvenOdd: Bool { subscales.filter { $0.positions.count >= 2 }.count >= 2 }

    /// Whether the antonym index is defined (≥ 3 declared reversed/partner pairs).
    public var hasAntonyms: Bool { antonymPairs.count >= 3 }

    /// The raw answers of block row `row` to the screened items, in presentation order.
    func rawRow(_ block: ResponseBlock, row: Int) -> [Double] {
        slots.map { block.value(row: row, slot: $0) }
    }

    /// Whether some longest run of identical raw answers is *not* entirely at the ceiling
    /// (every answer in it the keyed maximum of its item). Such a run is a straight line; one at
    /// the ceiling may be a genuine "everything is excellent" answer.
    func longestRunLeavesCeiling(_ raw: [Double], longest: Int) -> Bool {
        var start = 0
        while start < raw.count {
            var end = start + 1
            while end < raw.count, raw[end] == raw[start] { end += 1 }
            if end - start == longest, (start..<end).contains(where: { raw[$0] != ceiling[$0] }) {
                return true
            }
            start = end
        }
        return false
    }

    /// Reverse-keys a raw row by each item's keying (see *Keying* above).
    func keyed(_ raw: [Double]) -> [Double] {
        var out = raw
        for i in out.indices where reversed[i] { out[i] = reflect[i] - out[i] }
        return out
    }

    /// Keys a raw row the way each sub-scale scores it (member overrides included).
    func subscaleKeyed(_ raw: [Double]) -> [Double] {
        var out = raw
        for (p, rev) in subscaleReversed where rev { out[p] = reflect[p] - out[p] }
        return out
    }
}
