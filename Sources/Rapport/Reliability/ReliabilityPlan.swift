import RapportStatistics

/// Which scales a reliability run analyses, and where each scale's items sit in a
/// ``ResponseBlock``.
///
/// Every scale of every instrument is analysed on its **expanded items** (a scale built from
/// sub-scales is analysed on all their items), keyed as the definition says. Attention-check
/// items are never part of a scale.
public struct ReliabilityPlan: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        /// `<instrument>.<scale>` when several instruments are analysed, else the scale id.
        public var id: String
        public var instrument: String
        public var scale: String
        public var itemIDs: [String]
        /// Slot of each item in the block (the column plan's order).
        public var slots: [Int]
        public var reversed: [Bool]
        /// Decimals of the finest response grid among the scale's items.
        public var decimals: Int
        /// Every declared response value of the scale's items, ascending.
        public var categories: [Double]
        /// For a scale built from sub-scales: how many (the default number of group factors
        /// of ω hierarchical); `nil` for a scale of items.
        public var subscales: Int?
        /// How the instrument scores the scale, as reported in `score.metric`: `sum`, `mean`,
        /// `prorated-sum`, followed by ` → MIN–MAX` when a transform applies.
        public var scoreMetric: String?
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Builds the plan.
    ///
    /// - Parameters:
    ///   - instruments: the instruments, in command-line order.
    ///   - itemSlots: per instrument, item id → slot (``ColumnMapping/itemSlots``).
    ///   - only: scale ids to keep (`--scale-only`); a bare id matches that scale in every
    ///     instrument, `instrument.scale` one scale. Empty keeps all.
    /// - Throws: ``ReliabilityError`` when `only` names no scale.
    public init(instruments: [Instrument], itemSlots: [[String: Int]], only: [String] = []) throws(ReliabilityError) {
        var entries: [Entry] = []
        let qualify = instruments.count > 1
        var matched = Set<String>()
        for (ii, inst) in instruments.enumerated() {
            for scale in inst.scales {
                let qualified = "\(inst.id).\(scale.id)"
                if !only.isEmpty {
                    guard let hit = only.first(where: { $0 == scale.id || $0 == qualified }) else { continue }
                    matched.insert(hit)
                }
                let expanded = inst.expandedItems(of: scale).filter { !$0.item.isAttentionCheck }
                guard !expanded.isEmpty else { continue }
                var slots: [Int] = [], ids: [String] = [], rev: [Bool] = []
                var decimals = 0
                var cats = Set<Double>()
                for (item, reversed) in expanded {
                    guard let slot = itemSlots[ii][item.id] else {
                        throw ReliabilityError("scale '\(qualified)': item '\(item.id)' has no column")
                    }
                    slots.append(slot)
                    ids.append(item.id)
                    rev.append(reversed)
                    if let rs = inst.responseScale(for: item) {
                        decimals = max(decimals, rs.decimals)
                        for v in Self.grid(rs) { cats.insert(v) }
                    }
                }
                let subscaleMembers = scale.members.filter { $0.kind == .scale }.count
                entries.append(Entry(id: qualify ? qualified : scale.id, instrument: inst.id, scale: scale.id,
                                     itemIDs: ids, slots: slots, reversed: rev, decimals: decimals,
                                     categories: cats.sorted(),
                                     subscales: subscaleMembers >= 2 ? subscaleMembers : nil,
                                     scoreMetric: Self.metric(scale)))
            }
        }
        for name in only where !matched.contains(name) {
            let known = instruments.flatMap { i in i.scales.map { "\(i.id).\($0.id)" } }
            throw ReliabilityError("--scale-only \(name): no such scale; known scales: \(known.joined(separator: ", "))")
        }
        self.entries = entries
    }

    /// `sum`, `mean`, `prorated-sum`, and ` → 0–100` for a transformed score.
    static func metric(_ scale: Scale) -> String {
        var m = scale.scoring.rawValue
        if let t = scale.transform {
            func num(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x) }
            m += " → \(num(t.toMin))–\(num(t.toMax))"
        }
        return m
    }

    /// The declared response values `min, min+step, …, max`, rounded to the grid's decimals.
    static func grid(_ rs: ResponseScale) -> [Double] {
        // Compared as a double first: a span beyond Int (an unchecked definition) cannot be
        // converted.
        let span = ((rs.max - rs.min) / rs.step).rounded()
        guard span >= 0, span <= 100_000 else { return [rs.min, rs.max] }
        let steps = Int(span)
        var p = 1.0
        for _ in 0..<rs.decimals { p *= 10 }
        return (0...steps).map { ((rs.min + Double($0) * rs.step) * p).rounded() / p }
    }

    /// Fresh, empty moments for every entry.
    public func emptyMoments() -> [ScaleMoments] {
        entries.map {
            ScaleMoments(itemCount: $0.itemIDs.count, decimals: $0.decimals, categories: $0.categories,
                         reversed: $0.reversed)
        }
    }
}

/// A reliability run that cannot proceed: names the scale or item, never a participant.
public struct ReliabilityError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
