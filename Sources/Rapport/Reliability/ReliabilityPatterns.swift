import RapportStatistics

/// How a reliability plan's scales are accumulated from compact blocks: the scales of one
/// instrument share one ``PatternAccumulator`` over the union of their items (one outer
/// product per row for the whole instrument), and each scale's ``ScaleMoments`` is derived
/// from it by its subset of items. Scales that cannot (more than 63 items in the instrument,
/// a grid the moments cannot take exactly) keep the row-by-row path on decoded values.
struct ReliabilityPatterns: Sendable {
    struct Group: Sendable {
        /// Block slots of the group's items, ascending.
        var slots: [Int]
        var codeCount: Int
        /// Plan entry index and its mapping into the group.
        var entries: [(entry: Int, mapping: PatternMapping)]
    }

    var groups: [Group] = []
    /// Plan entries accumulated row by row.
    var rowByRow: [Int] = []

    /// - Parameter grids: the column plan's ``ColumnPlan/codeGrids``.
    init(plan: ReliabilityPlan, grids: [CodeGrid]) {
        let empty = plan.emptyMoments()
        var instruments: [String] = []
        for e in plan.entries where !instruments.contains(e.instrument) { instruments.append(e.instrument) }
        for instrument in instruments {
            let members = plan.entries.indices.filter { plan.entries[$0].instrument == instrument }
            let slots = Set(members.flatMap { plan.entries[$0].slots }).sorted()
            guard slots.count <= PatternAccumulator.maxItems else {
                rowByRow += members
                continue
            }
            let codeCount = slots.map { grids[$0].values.count }.max() ?? 1
            var group = Group(slots: slots, codeCount: codeCount, entries: [])
            for i in members {
                let e = plan.entries[i]
                let items = e.slots.map { slots.firstIndex(of: $0)! }
                if let m = PatternMapping(moments: empty[i], items: items,
                                          codeValues: e.slots.map { grids[$0].values }, codeCount: codeCount) {
                    group.entries.append((i, m))
                } else {
                    rowByRow.append(i)
                }
            }
            if !group.entries.isEmpty { groups.append(group) }
        }
        rowByRow.sort()
    }

    /// Adds a compact block's rows to `moments` (one per plan entry).
    func add(_ block: ResponseBlock, compact: CompactCells, plan: ReliabilityPlan, to moments: inout [ScaleMoments]) {
        var decoded: ResponseBlock?
        var rowByRow = self.rowByRow
        compact.codes.withUnsafeBufferPointer { codes in
            for group in groups {
                var acc = PatternAccumulator(itemCount: group.slots.count, codeCount: group.codeCount)
                var failed = Set<Int>()
                var r = 0
                while r < block.rowCount {
                    r = acc.add(codes: codes, rows: r..<block.rowCount, rowStride: block.itemCount,
                                offsets: group.slots)
                    for (entry, mapping) in group.entries where !failed.contains(entry) {
                        if !moments[entry].add(acc, mapping: mapping) { failed.insert(entry) }
                    }
                    acc.reset()
                }
                // Moments the pattern path refused (only past the exact row limit): start again
                // row by row.
                for entry in failed {
                    moments[entry] = plan.emptyMoments()[entry]
                    rowByRow.append(entry)
                }
            }
        }
        guard !rowByRow.isEmpty else { return }
        decoded = block.expanded()
        decoded!.values.withUnsafeBufferPointer { buf in
            for i in rowByRow {
                moments[i].add(values: buf, rowCount: block.rowCount, rowStride: block.itemCount,
                               offsets: plan.entries[i].slots)
            }
        }
    }
}
