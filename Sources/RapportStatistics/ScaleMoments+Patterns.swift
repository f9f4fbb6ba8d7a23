/// How one scale's items sit in a ``PatternAccumulator`` group, and what their codes are
/// worth in the scale's ``ScaleMoments``.
///
/// Built once per read. `nil` when the scale cannot take the codes exactly: a code's value
/// off the scale's declared categories or beyond its exact bound, or scaled values that are
/// not an affine function `α + β·c` of the code (the cross-products are derived in code space).
/// Such a scale keeps the row-by-row path.
public struct PatternMapping: Sendable, Hashable {
    /// Group index of each of the scale's items, in the scale's order.
    public let items: [Int]
    /// Codes per item in the group (``PatternAccumulator/codeCount``).
    public let codeCount: Int
    /// Scaled value of item `a`'s code `c`: `alpha[a] + beta[a]·c`.
    let alpha: [Int64]
    let beta: [Int64]
    /// Category index of item `a`'s code `c` at `a·codeCount + c`; −1 for codes beyond the item's grid.
    let category: [Int32]

    /// - Parameters:
    ///   - moments: moments of the scale (decimals, categories and bound are read from it).
    ///   - items: group index of each of the scale's items.
    ///   - codeValues: per scale item, the raw value of each of its codes (its response grid).
    ///   - codeCount: codes per item in the group (≥ every `codeValues[a].count`).
    public init?(moments: ScaleMoments, items: [Int], codeValues: [[Double]], codeCount: Int) {
        guard items.count == moments.itemCount, codeValues.count == items.count,
              codeValues.allSatisfy({ !$0.isEmpty && $0.count <= codeCount }) else { return nil }
        let scale = moments.scale
        let integerGrid = moments.decimals == 0
        let bound = Double(moments.exactBound)
        let grid = CategoryGrid(categories: moments.categories, scale: scale)
        var alpha: [Int64] = [], beta: [Int64] = []
        var category = [Int32](repeating: -1, count: items.count * codeCount)
        for (a, values) in codeValues.enumerated() {
            var scaled: [Int64] = []
            for (c, v) in values.enumerated() {
                guard v.isFinite,
                      let t = ScaleMoments.exactScaled(v, scale: scale, integerGrid: integerGrid, bound: bound),
                      let cat = grid.index(ofScaled: t) else { return nil }
                scaled.append(t)
                category[a * codeCount + c] = Int32(cat)
            }
            let a0 = scaled[0], b0 = scaled.count > 1 ? scaled[1] - scaled[0] : 0
            for (c, t) in scaled.enumerated() where t != a0 + b0 * Int64(c) { return nil }
            alpha.append(a0)
            beta.append(b0)
        }
        self.items = items
        self.codeCount = codeCount
        self.alpha = alpha
        self.beta = beta
        self.category = category
    }
}

extension ScaleMoments {
    /// Whether ``add(_:mapping:)`` can take `rows` more rows on the exact path.
    public func acceptsPatternRows(_ rows: Int64) -> Bool {
        exact != nil && self.rows + rows <= exactRowLimit
    }

    /// Adds the rows held by `sums`, as if each row had been added with ``add(values:rowCount:rowStride:offsets:)``:
    /// the result is equal, field for field, whatever the row order.
    ///
    /// Per pattern, the scale's answered items and their count `m` decide where the rows go
    /// (complete, empty, or incomplete bucket `m`); sums and cross-products in the scale's
    /// scaled integers follow from the code-space sums,
    /// `Σx_i x_j = n α_i α_j + α_i β_j Σc_j + β_i α_j Σc_i + β_i β_j Σc_i c_j`, and the
    /// person-score terms from them (`W = Σ s_i x_i` is constant in form over a pattern's rows).
    ///
    /// - Returns: `false`, with nothing added, when the moments are not exact, the rows would
    ///   exceed the exact row limit, or a code has no category (the caller then adds the rows
    ///   the ordinary way).
    public mutating func add(_ sums: borrowing PatternAccumulator, mapping: PatternMapping) -> Bool {
        let k = itemCount
        let codes = sums.codeCount
        guard mapping.items.count == k, mapping.codeCount == codes, acceptsPatternRows(sums.rowCount) else {
            return false
        }
        for p in 0..<sums.patternCount {
            for a in 0..<k {
                for c in 0..<codes where mapping.category[a * codes + c] < 0 {
                    if sums.frequency(p, mapping.items[a], c) != 0 { return false }
                }
            }
        }
        let g = categories.count
        let side = sums.itemCount + 1
        let constant = sums.itemCount
        var ex = exact!
        exact = nil
        var lo = [Int](repeating: .max, count: k), hi = [Int](repeating: -1, count: k)
        var loC = lo, hiC = hi
        let signs = reversed
        withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { present in
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: k) { sx in
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: k * k) { sxx in
            for p in 0..<sums.patternCount {
                let mask = sums.mask(p)
                let t = sums.totals(p)
                let n = t[side * side - 1]
                var m = 0
                for a in 0..<k where mask & (1 << UInt64(mapping.items[a])) != 0 {
                    present[m] = a
                    m += 1
                }
                if m == 0 {
                    emptyRows &+= n
                    continue
                }
                // Scaled sums and cross-products of the answered items.
                for u in 0..<m {
                    let a = present[u], ga = mapping.items[a]
                    let sa = t[ga * side + constant]
                    sx[a] = mapping.alpha[a] &* n &+ mapping.beta[a] &* sa
                    for v in 0..<m {
                        let b = present[v], gb = mapping.items[b]
                        let sb = t[gb * side + constant]
                        let gab = t[ga * side + gb]
                        sxx[a * k + b] = mapping.alpha[a] &* mapping.alpha[b] &* n
                            &+ mapping.alpha[a] &* mapping.beta[b] &* sb
                            &+ mapping.beta[a] &* mapping.alpha[b] &* sa
                            &+ mapping.beta[a] &* mapping.beta[b] &* gab
                    }
                }
                let complete = m == k
                for u in 0..<m {
                    let a = present[u], ga = mapping.items[a]
                    for c in 0..<codes {
                        let count = sums.frequency(p, ga, c)
                        guard count != 0 else { continue }
                        let cat = Int(mapping.category[a * codes + c])
                        frequency[a * g + cat] &+= count
                        lo[a] = Swift.min(lo[a], cat)
                        hi[a] = Swift.max(hi[a], cat)
                        if complete {
                            frequencyComplete[a * g + cat] &+= count
                            loC[a] = Swift.min(loC[a], cat)
                            hiC[a] = Swift.max(hiC[a], cat)
                        }
                    }
                }
                if complete {
                    completeRows &+= n
                    for a in 0..<k {
                        ex.sumC[a] &+= sx[a]
                        for b in a..<k { ex.prodC[a * k + b] &+= sxx[a * k + b] }
                    }
                    continue
                }
                bucketCount[m - 1] &+= n
                var r: Int64 = 0
                var sw: Int64 = 0
                for u in 0..<m {
                    let a = present[u]
                    if signs[a] { r &+= 1; sw &-= sx[a] } else { sw &+= sx[a] }
                }
                var sww: Int64 = 0
                for u in 0..<m {
                    let a = present[u]
                    var row: Int64 = 0
                    for v in 0..<m {
                        let b = present[v]
                        if signs[b] { row &-= sxx[a * k + b] } else { row &+= sxx[a * k + b] }
                    }
                    if signs[a] { sww &-= row } else { sww &+= row }
                }
                let sr = r &* n, srr = r &* r &* n, swr = r &* sw
                let b5 = 5 * (m - 1)
                ex.bucket[b5] &+= sw
                ex.bucket[b5 + 1] &+= sww
                ex.bucket[b5 + 2] &+= sr
                ex.bucket[b5 + 3] &+= srr
                ex.bucket[b5 + 4] &+= swr
                for u in 0..<m {
                    let a = present[u]
                    let base = a * k
                    var xw: Int64 = 0
                    for v in 0..<m {
                        let b = present[v]
                        pairCountIncomplete[base + b] &+= n
                        ex.sumP[base + b] &+= sx[a]
                        ex.sqP[base + b] &+= sxx[base + a]
                        if b >= a { ex.prodP[base + b] &+= sxx[base + b] }
                        if signs[b] { xw &-= sxx[base + b] } else { xw &+= sxx[base + b] }
                    }
                    let ib = 7 * (base + (m - 1))
                    ex.itemBucket[ib] &+= sw
                    ex.itemBucket[ib + 1] &+= sww
                    ex.itemBucket[ib + 2] &+= sr
                    ex.itemBucket[ib + 3] &+= srr
                    ex.itemBucket[ib + 4] &+= swr
                    ex.itemBucket[ib + 5] &+= xw
                    ex.itemBucket[ib + 6] &+= r &* sx[a]
                }
            }
        }}}
        rows &+= sums.rowCount
        exact = ex
        // Observed ranges, as the row-by-row path finds them: extremes of the categories met.
        let grid = CategoryGrid(categories: categories, scale: scale)
        for a in 0..<k {
            if lo[a] <= hi[a] {
                observedMin[a] = Swift.min(observedMin[a], Double(grid.scaled[lo[a]]) / scale)
                observedMax[a] = Swift.max(observedMax[a], Double(grid.scaled[hi[a]]) / scale)
            }
            if loC[a] <= hiC[a] {
                observedMinComplete[a] = Swift.min(observedMinComplete[a], Double(grid.scaled[loC[a]]) / scale)
                observedMaxComplete[a] = Swift.max(observedMaxComplete[a], Double(grid.scaled[hiC[a]]) / scale)
            }
        }
        return true
    }
}
