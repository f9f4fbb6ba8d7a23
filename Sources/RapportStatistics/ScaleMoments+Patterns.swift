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
        let bins = codes + 1
        guard mapping.items.count == k, mapping.codeCount == codes, acceptsPatternRows(sums.rowCount) else {
            return false
        }
        for p in 0..<sums.patternCount {
            let f = sums.frequencies(p)
            for a in 0..<k {
                let fa = f + mapping.items[a] * bins
                for c in 0..<codes where fa[c] != 0 && mapping.category[a * codes + c] < 0 { return false }
            }
        }
        var ex = exact!
        exact = nil
        var lo = [Int](repeating: .max, count: k), hi = [Int](repeating: -1, count: k)
        var loC = lo, hiC = hi
        // Every array is moved into a local (uniquely referenced) and written through pointers.
        var freq = frequency, freqC = frequencyComplete, pairs = pairCountIncomplete, buckets = bucketCount
        frequency = []; frequencyComplete = []; pairCountIncomplete = []; bucketCount = []
        var nEmpty = emptyRows, nComplete = completeRows
        mapping.items.withUnsafeBufferPointer { items in
        mapping.alpha.withUnsafeBufferPointer { alpha in
        mapping.beta.withUnsafeBufferPointer { beta in
        mapping.category.withUnsafeBufferPointer { category in
        reversed.withUnsafeBufferPointer { signs in
        freq.withUnsafeMutableBufferPointer { freq in
        freqC.withUnsafeMutableBufferPointer { freqC in
        pairs.withUnsafeMutableBufferPointer { pairs in
        buckets.withUnsafeMutableBufferPointer { buckets in
        ex.sumC.withUnsafeMutableBufferPointer { sumC in
        ex.prodC.withUnsafeMutableBufferPointer { prodC in
        ex.sumP.withUnsafeMutableBufferPointer { sumP in
        ex.sqP.withUnsafeMutableBufferPointer { sqP in
        ex.prodP.withUnsafeMutableBufferPointer { prodP in
        ex.bucket.withUnsafeMutableBufferPointer { bucket in
        ex.itemBucket.withUnsafeMutableBufferPointer { itemBucket in
        lo.withUnsafeMutableBufferPointer { lo in
        hi.withUnsafeMutableBufferPointer { hi in
        loC.withUnsafeMutableBufferPointer { loC in
        hiC.withUnsafeMutableBufferPointer { hiC in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { present in
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: k) { sx in
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: k) { xw in
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: k * k) { sxx in
            let g = categories.count
            let side = sums.itemCount + 1
            let constant = sums.itemCount
            for p in 0..<sums.patternCount {
                let mask = sums.mask(p)
                let t = sums.totals(p)
                let f = sums.frequencies(p)
                let n = t[side &* side &- 1]
                var m = 0
                for a in 0..<k where mask & (1 &<< UInt64(items[a])) != 0 {
                    present[m] = a
                    m &+= 1
                }
                if m == 0 {
                    nEmpty &+= n
                    continue
                }
                // Scaled sums and cross-products of the answered items.
                for u in 0..<m {
                    let a = present[u], ga = items[a]
                    let sa = t[ga &* side &+ constant]
                    let aa = alpha[a], ba = beta[a]
                    sx[a] = aa &* n &+ ba &* sa
                    let row = ga &* side
                    for v in 0..<m {
                        let b = present[v], gb = items[b]
                        let sb = t[gb &* side &+ constant]
                        let ab = alpha[b], bb = beta[b]
                        let constantPart: Int64 = aa &* ab &* n
                        let linearPart: Int64 = (aa &* bb &* sb) &+ (ba &* ab &* sa)
                        let productPart: Int64 = ba &* bb &* t[row &+ gb]
                        sxx[a &* k &+ b] = constantPart &+ linearPart &+ productPart
                    }
                }
                let complete = m == k
                for u in 0..<m {
                    let a = present[u]
                    let fa = f + items[a] &* (codes &+ 1)
                    for c in 0..<codes {
                        let count = fa[c]
                        guard count != 0 else { continue }
                        let cat = Int(category[a &* codes &+ c])
                        freq[a &* g &+ cat] &+= count
                        if cat < lo[a] { lo[a] = cat }
                        if cat > hi[a] { hi[a] = cat }
                        if complete {
                            freqC[a &* g &+ cat] &+= count
                            if cat < loC[a] { loC[a] = cat }
                            if cat > hiC[a] { hiC[a] = cat }
                        }
                    }
                }
                if complete {
                    nComplete &+= n
                    for a in 0..<k {
                        sumC[a] &+= sx[a]
                        for b in a..<k { prodC[a &* k &+ b] &+= sxx[a &* k &+ b] }
                    }
                    continue
                }
                buckets[m &- 1] &+= n
                // Person-score terms: W = Σ s_a x_a over the answered items, R = reversed answered.
                var r: Int64 = 0
                var sw: Int64 = 0
                var sww: Int64 = 0
                for u in 0..<m {
                    let a = present[u]
                    if signs[a] { r &+= 1; sw &-= sx[a] } else { sw &+= sx[a] }
                    var row: Int64 = 0
                    for v in 0..<m {
                        let b = present[v]
                        if signs[b] { row &-= sxx[a &* k &+ b] } else { row &+= sxx[a &* k &+ b] }
                    }
                    xw[a] = row
                    if signs[a] { sww &-= row } else { sww &+= row }
                }
                let sr = r &* n, srr = r &* r &* n, swr = r &* sw
                let b5 = 5 &* (m &- 1)
                bucket[b5] &+= sw
                bucket[b5 &+ 1] &+= sww
                bucket[b5 &+ 2] &+= sr
                bucket[b5 &+ 3] &+= srr
                bucket[b5 &+ 4] &+= swr
                for u in 0..<m {
                    let a = present[u]
                    let base = a &* k
                    let sa = sx[a], qa = sxx[base &+ a]
                    for v in 0..<m {
                        let b = present[v]
                        pairs[base &+ b] &+= n
                        sumP[base &+ b] &+= sa
                        sqP[base &+ b] &+= qa
                        if b >= a { prodP[base &+ b] &+= sxx[base &+ b] }
                    }
                    let ib = 7 &* (base &+ (m &- 1))
                    itemBucket[ib] &+= sw
                    itemBucket[ib &+ 1] &+= sww
                    itemBucket[ib &+ 2] &+= sr
                    itemBucket[ib &+ 3] &+= srr
                    itemBucket[ib &+ 4] &+= swr
                    itemBucket[ib &+ 5] &+= xw[a]
                    itemBucket[ib &+ 6] &+= r &* sa
                }
            }
        }}}}}}}}}}}}}}}}}}}}}}}}
        frequency = freq
        frequencyComplete = freqC
        pairCountIncomplete = pairs
        bucketCount = buckets
        emptyRows = nEmpty
        completeRows = nComplete
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
