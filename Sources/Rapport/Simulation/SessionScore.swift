/// The score `rapport simulate` tracks per session for one instrument: its widest scale
/// (most items after expanding sub-scales; the later one on a tie, i.e. the total), computed
/// from complete keyed answers by the scale's own rule.
///
/// ```
/// sum, prorated-sum:  Σ keyed items         mean:  Σ keyed items / n
/// keyed = min + max − raw  for items reversed in this scale; then the scale's transform
/// ```
/// Sums are formed in integers (units of 10^-decimals) so 0.1-step totals are exact.
struct SessionScore: Sendable {
    var scaleID: String
    /// (model item slot, reversed in this scale)
    var members: [(slot: Int, reversed: Bool)]
    var mean: Bool
    var transform: Scale.Transform?
    var decimals: Int
    /// Smallest possible difference between two scores (grid step of the score).
    var resolution: Double
    var maximum: Double
    var minimum: Double
    var interpretation: Interpretation

    init(instrument: Instrument, model: SimulationModel) throws {
        guard let scale = instrument.scales.enumerated().max(by: { a, b in
            let na = instrument.expandedItems(of: a.element).count
            let nb = instrument.expandedItems(of: b.element).count
            return na != nb ? na < nb : a.offset < b.offset
        })?.element else {
            throw SimulationError(.parameter, "\(instrument.id) declares no scale to track over sessions")
        }
        scaleID = scale.id
        var m: [(Int, Bool)] = []
        for (item, reversed) in instrument.expandedItems(of: scale) where !item.isAttentionCheck {
            if let slot = model.items.firstIndex(where: { $0.id == item.id }) { m.append((slot, reversed)) }
        }
        guard !m.isEmpty else {
            throw SimulationError(.parameter, "\(instrument.id): scale \(scale.id) has no scored items")
        }
        members = m
        mean = scale.scoring == .mean
        transform = scale.transform
        interpretation = scale.interpretation
        decimals = m.map { model.items[$0.0].decimals }.max() ?? 0
        var step = Double.infinity
        for (slot, _) in m {
            let it = model.items[slot]
            step = min(step, Double(it.scaledStep) / Self.pow10(it.decimals))
        }
        var r = mean ? step / Double(m.count) : step
        if let t = transform { r *= abs((t.toMax - t.toMin) / (t.fromMax - t.fromMin)) }
        resolution = r
        maximum = 0
        minimum = 0
        maximum = score(keyed: { $0.categories - 1 }, model: model)
        minimum = score(keyed: { _ in 0 }, model: model)
    }

    private static func pow10(_ d: Int) -> Double {
        var x = 1.0
        for _ in 0..<d { x *= 10 }
        return x
    }

    /// The score when every member is at the keyed category `keyed(item)`.
    private func score(keyed: (SimulationModel.Item) -> Int, model: SimulationModel) -> Double {
        var raw = [Int](repeating: 0, count: model.items.count)
        for (slot, reversed) in members {
            let it = model.items[slot]
            raw[slot] = reversed ? it.categories - 1 - keyed(it) : keyed(it)
        }
        return score(raw: raw, model: model)
    }

    /// Score from raw categories (indexed by model slot); every member must be answered.
    func score(raw: [Int], model: SimulationModel, offset: Int = 0) -> Double {
        var sum = 0
        for (slot, reversed) in members {
            let it = model.items[slot]
            var f = 1
            for _ in 0..<(decimals - it.decimals) { f *= 10 }
            let c = reversed ? it.categories - 1 - raw[offset + slot] : raw[offset + slot]
            sum += (it.scaledMin + c * it.scaledStep) * f
        }
        var s = Double(sum) / Self.pow10(decimals)
        if mean { s /= Double(members.count) }
        if let t = transform { s = t.apply(s) }
        return s
    }

    /// Reliable-change threshold in score points: the scale's declared `reliableChange`,
    /// else Jacobson–Truax from its first norm with an SD and a reliability
    /// (1.96 · √2 · SD · √(1 − r)), else nil.
    var declaredReliableChange: Double? {
        if let rc = interpretation.reliableChange { return rc.points }
        for n in interpretation.norms {
            if let r = n.reliability, n.sd > 0, r < 1 { return 1.96 * 2.0.squareRoot() * n.sd * (1 - r).squareRoot() }
        }
        return nil
    }
}
