/// Mergeable sufficient statistics of one scale's `k` items: everything psych's `alpha`
/// needs under pairwise or listwise deletion, accumulated in one pass and merged across
/// chunks, threads and shards.
///
/// What it holds (see ``MomentSums`` for the layout):
/// - pairwise counts `n_ij`, sums `Σx_i`, `Σx_j`, sums of squares and cross-products over the
///   rows where both `i` and `j` are answered — exactly what `cov(x, use = "pairwise")` and
///   `cor(x, use = "pairwise")` need;
/// - the same over complete rows only (listwise);
/// - person-score terms for `raw.r` and the score mean/SD, where the score is the mean of the
///   available keyed items (`rowMeans(na.rm = TRUE)`), keyed with a reversal constant chosen
///   at analysis time (declared or observed range);
/// - response counts per item per declared category, missing counts, observed minima/maxima.
///
/// **Exactness.** Values are scaled by `10^decimals` and accumulated as `Int64` while every
/// value lies on that grid within the declared range and the row count keeps every sum below
/// `Int64.max / 2`; integer addition is associative, so any chunking and merge order gives
/// identical sums and identical output bytes. Otherwise (a value off the grid or outside the
/// range) the moments switch, once and for good, to compensated `Double` sums.
///
/// Missing values are NaN.
public struct ScaleMoments: Sendable, Codable, Equatable {
    /// Number of items `k`.
    public let itemCount: Int
    /// Decimal places of the response grid (0 for integer codes, 1 for 0.1 steps).
    public let decimals: Int
    /// The declared response categories, ascending (e.g. `[1, 2, 3, 4, 5]`).
    public let categories: [Double]
    /// Which items are reverse-keyed in this scale.
    public let reversed: [Bool]

    /// Rows seen (including rows with no answer).
    public internal(set) var rows: Int64 = 0
    /// Rows with every item answered.
    public internal(set) var completeRows: Int64 = 0
    /// Rows with no item answered.
    public internal(set) var emptyRows: Int64 = 0
    /// Pairwise counts over incomplete rows, `k×k` (add `completeRows` for the total).
    var pairCountIncomplete: [Int64]
    /// Rows per number of answered items `m = 1…k−1` (incomplete rows).
    var bucketCount: [Int64]
    /// Counts per item per category, all rows and complete rows: `k × categories.count`.
    var frequency: [Int64]
    var frequencyComplete: [Int64]
    /// Answered values not on the declared grid, per item.
    var offGrid: [Int64]
    /// Observed range per item (raw values), all rows and complete rows.
    var observedMin: [Double]
    var observedMax: [Double]
    var observedMinComplete: [Double]
    var observedMaxComplete: [Double]

    var exact: MomentSums<Int64>?
    var float: MomentSums<CompensatedSum>?
    /// `[0, 1, …, k−1]`: the offsets of a plain row (kept to avoid an allocation per row).
    let slots: [Int]

    /// Creates empty moments.
    /// - Parameters:
    ///   - itemCount: `k ≥ 1`.
    ///   - decimals: decimal places of the grid; values are scaled by `10^decimals`.
    ///   - categories: the declared response values, ascending; their extremes also bound
    ///     exact accumulation.
    ///   - reversed: reverse-keyed items (default none).
    public init(itemCount: Int, decimals: Int, categories: [Double], reversed: [Bool] = []) {
        precondition(itemCount >= 1, "a scale needs at least one item")
        precondition(decimals >= 0 && decimals <= 6, "decimals must be in 0…6")
        let k = itemCount
        self.itemCount = k
        self.decimals = decimals
        self.categories = categories.sorted()
        self.reversed = reversed.isEmpty ? Array(repeating: false, count: k) : reversed
        precondition(self.reversed.count == k, "reversed must have one flag per item")
        pairCountIncomplete = Array(repeating: 0, count: k * k)
        bucketCount = Array(repeating: 0, count: k)
        frequency = Array(repeating: 0, count: k * categories.count)
        frequencyComplete = Array(repeating: 0, count: k * categories.count)
        offGrid = Array(repeating: 0, count: k)
        observedMin = Array(repeating: .infinity, count: k)
        observedMax = Array(repeating: -.infinity, count: k)
        observedMinComplete = observedMin
        observedMaxComplete = observedMax
        exact = MomentSums<Int64>(k: k)
        slots = Array(0..<k)
    }

    /// `10^decimals`.
    public var scale: Double { Self.power10(decimals) }

    /// Whether the sums are still exact integers.
    public var isExact: Bool { exact != nil }

    static func power10(_ d: Int) -> Double {
        var s = 1.0
        for _ in 0..<d { s *= 10 }
        return s
    }

    /// Largest |scaled value| allowed on the exact path; 0 when the declared grid is too wide
    /// for exact products (beyond 2^31 units), so the moments are kept in `Double` from the start.
    var exactBound: Int64 {
        let m = (categories.map { abs($0) }.max() ?? 0) * scale
        guard m.isFinite, m <= 0x1p31 else { return 0 }
        return Int64(m.rounded()) + 1
    }

    /// Rows the exact path may hold before any sum could reach `Int64.max / 2` (`k²·b²` per
    /// row, computed with overflow checks: 0 when even one row could overflow).
    var exactRowLimit: Int64 {
        let bound = exactBound
        guard bound > 0 else { return 0 }
        let b = bound + 1
        let k = Int64(itemCount)
        let (kk, o1) = k.multipliedReportingOverflow(by: k)
        let (bb, o2) = b.multipliedReportingOverflow(by: b)
        let (perRow, o3) = kk.multipliedReportingOverflow(by: bb)
        guard !o1, !o2, !o3 else { return 0 }
        return (Int64.max / 2) / max(perRow, 1)
    }

    // MARK: - Adding rows

    /// Adds one row of `k` raw (unreversed) values; NaN = missing.
    public mutating func add(row: [Double]) {
        precondition(row.count == itemCount, "row has \(row.count) values, scale has \(itemCount) items")
        row.withUnsafeBufferPointer { add(row: $0) }
    }

    /// Adds one row of `k` raw values; NaN = missing.
    public mutating func add(row: UnsafeBufferPointer<Double>) {
        precondition(row.count == itemCount, "row has \(row.count) values, scale has \(itemCount) items")
        add(values: row, rowCount: 1, rowStride: itemCount, offsets: slots)
    }

    /// Adds a block of rows: row `r`, item `i` is `values[r·rowStride + offsets[i]]`
    /// (the layout of ``ResponseBlock`` when `offsets` are the scale's item slots).
    public mutating func add(values: UnsafeBufferPointer<Double>, rowCount: Int, rowStride: Int,
                             offsets: [Int]) {
        precondition(offsets.count == itemCount, "one offset per item")
        if rowCount == 0 { return }
        precondition(offsets.allSatisfy { $0 >= 0 }
                     && values.count >= (rowCount - 1) * rowStride + (offsets.max() ?? 0) + 1,
                     "values too short for rowCount × rowStride")
        if exact != nil, rows + Int64(rowCount) > exactRowLimit { switchToFloat() }
        var r = 0
        if exact != nil {
            r = addExactRows(values, rowCount: rowCount, rowStride: rowStride, offsets: offsets)
            if r < rowCount { switchToFloat() }
        }
        if r < rowCount {
            addFloatRows(values, from: r, rowCount: rowCount, rowStride: rowStride, offsets: offsets)
        }
    }

    /// The exact path: every array it touches is moved into a local (so it is uniquely
    /// referenced and accessed through raw pointers), complete rows update only the
    /// upper-triangle cross-products. Returns the index of the first row with a value off the
    /// grid (not consumed), or `rowCount`.
    private mutating func addExactRows(_ values: UnsafeBufferPointer<Double>, rowCount: Int,
                                       rowStride: Int, offsets: [Int]) -> Int {
        let k = itemCount
        let g = categories.count
        let scale = self.scale
        let integerGrid = decimals == 0
        let bound = Double(exactBound)
        let grid = CategoryGrid(categories: categories, scale: scale)
        let signs = reversed
        var ex = exact!
        exact = nil
        var sumC = ex.sumC, prodC = ex.prodC
        ex.sumC = []
        ex.prodC = []
        var freq = frequency, freqC = frequencyComplete
        // On the batched path complete rows count only into freqC; their increase is added
        // to the all-rows counts after the block.
        let freqCBefore = frequencyComplete
        frequency = []
        frequencyComplete = []
        var nRows = rows, nComplete = completeRows, nEmpty = emptyRows
        var offGridCounts = offGrid
        var done = 0
        // Category lookup table over the scaled grid span (declared grids are small).
        let lut = grid.lookupTable
        let lutMin = grid.scaled.first ?? 0
        let lutCount = Int64(lut.count)
        // Observed ranges per block, in scaled integers.
        var lo = [Int64](repeating: .max, count: k), hi = [Int64](repeating: .min, count: k)
        var loC = lo, hiC = hi
        // Complete rows are buffered column-wise as doubles and reduced per batch with SIMD dot
        // products. Values are integers and every partial sum stays below 2^53, so the
        // doubles are exact and the Int64 totals are unchanged (batchExact).
        let batchRows = 256
        let batchExact = Double(bound) * Double(bound) * Double(batchRows) < 0x1p52
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k * batchRows) { batch in
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: k) { x in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { cat in
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: k) { present in
        offsets.withUnsafeBufferPointer { off in
        lut.withUnsafeBufferPointer { lt in
        sumC.withUnsafeMutableBufferPointer { sc in
        prodC.withUnsafeMutableBufferPointer { pc in
        freq.withUnsafeMutableBufferPointer { fq in
        freqC.withUnsafeMutableBufferPointer { fc in
        lo.withUnsafeMutableBufferPointer { lo in
        hi.withUnsafeMutableBufferPointer { hi in
        loC.withUnsafeMutableBufferPointer { loC in
        hiC.withUnsafeMutableBufferPointer { hiC in
            let bp = batch.baseAddress!
            var nb = 0
            func flush() {
                // Pad to a multiple of 8 rows with zeros.
                let padded = (nb + 7) & ~7
                for i in 0..<k { for t in nb..<padded { bp[i &* batchRows &+ t] = 0 } }
                for i in 0..<k {
                    let ci = bp + i &* batchRows
                    var acc = SIMD4<Double>()
                    var t = 0
                    while t < padded {
                        acc += UnsafeRawPointer(ci + t).loadUnaligned(as: SIMD4<Double>.self)
                        acc += UnsafeRawPointer(ci + t + 4).loadUnaligned(as: SIMD4<Double>.self)
                        t &+= 8
                    }
                    sc[i] &+= Int64(acc.sum())
                    let rowBase = i &* k
                    for j in i..<k {
                        let cj = bp + j &* batchRows
                        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
                        var u = 0
                        while u < padded {
                            a0 += UnsafeRawPointer(ci + u).loadUnaligned(as: SIMD4<Double>.self)
                                * UnsafeRawPointer(cj + u).loadUnaligned(as: SIMD4<Double>.self)
                            a1 += UnsafeRawPointer(ci + u + 4).loadUnaligned(as: SIMD4<Double>.self)
                                * UnsafeRawPointer(cj + u + 4).loadUnaligned(as: SIMD4<Double>.self)
                            u &+= 8
                        }
                        pc[rowBase &+ j] &+= Int64((a0 + a1).sum())
                    }
                }
                nb = 0
            }
            var r = 0
            rowLoop: while r < rowCount {
                let base = r &* rowStride
                var m = 0
                for i in 0..<k {
                    let v = values[base &+ off[i]]
                    if v.isNaN { present[i] = false; continue }
                    present[i] = true
                    m &+= 1
                    guard let t = Self.exactScaled(v, scale: scale, integerGrid: integerGrid, bound: bound) else {
                        break rowLoop
                    }
                    x[i] = t
                    let d = t &- lutMin
                    cat[i] = d >= 0 && d < lutCount ? Int(lt[Int(d)])
                        : (lutCount > 0 ? -1 : (grid.index(ofScaled: t) ?? -1))
                }
                nRows &+= 1
                r &+= 1
                if m == 0 { nEmpty &+= 1; continue }
                if m == k && batchExact {
                    nComplete &+= 1
                    for i in 0..<k {
                        let xi = x[i]
                        bp[i &* batchRows &+ nb] = Double(xi)
                        let c = cat[i]
                        if c >= 0 {
                            // Added to the all-rows counts at the end of the block.
                            fc[i &* g &+ c] &+= 1
                        } else {
                            // Off the declared categories: ranges tracked here; on-grid
                            // extremes come from the counts at the end of the block.
                            offGridCounts[i] &+= 1
                            if xi < loC[i] { loC[i] = xi }
                            if xi > hiC[i] { hiC[i] = xi }
                        }
                    }
                    nb &+= 1
                    if nb == batchRows { flush() }
                } else if m == k {
                    nComplete &+= 1
                    for i in 0..<k {
                        let xi = x[i]
                        sc[i] &+= xi
                        let rowBase = i &* k
                        var j = i
                        while j < k { pc[rowBase &+ j] &+= xi &* x[j]; j &+= 1 }
                        let c = cat[i]
                        if c >= 0 { fq[i &* g &+ c] &+= 1; fc[i &* g &+ c] &+= 1 } else { offGridCounts[i] &+= 1 }
                        if xi < loC[i] { loC[i] = xi }
                        if xi > hiC[i] { hiC[i] = xi }
                    }
                } else {
                    for i in 0..<k where present[i] {
                        let xi = x[i]
                        if xi < lo[i] { lo[i] = xi }
                        if xi > hi[i] { hi[i] = xi }
                        let c = cat[i]
                        if c >= 0 { fq[i &* g &+ c] &+= 1 } else { offGridCounts[i] &+= 1 }
                    }
                    bucketCount[m - 1] &+= 1
                    pairCountIncomplete.withUnsafeMutableBufferPointer { pn in
                        for i in 0..<k where present[i] {
                            let base = i &* k
                            for j in 0..<k { pn[base &+ j] &+= present[j] ? 1 : 0 }
                        }
                    }
                    ex.addIncomplete(x, present: present, signs: signs, k: k, m: m)
                }
            }
            if nb > 0 { flush() }
            done = r
        }}}}}}}}}}}}}}
        if batchExact {
            for t in freq.indices { freq[t] &+= freqC[t] &- freqCBefore[t] }
        }
        for i in 0..<k {
            // On-grid extremes from the category counts (categories are ascending).
            let row = freq[(i * g)..<((i + 1) * g)], rowC = freqC[(i * g)..<((i + 1) * g)]
            if let f = row.firstIndex(where: { $0 > 0 }), let l = row.lastIndex(where: { $0 > 0 }) {
                lo[i] = min(lo[i], grid.scaled[f - i * g])
                hi[i] = max(hi[i], grid.scaled[l - i * g])
            }
            if let f = rowC.firstIndex(where: { $0 > 0 }), let l = rowC.lastIndex(where: { $0 > 0 }) {
                loC[i] = min(loC[i], grid.scaled[f - i * g])
                hiC[i] = max(hiC[i], grid.scaled[l - i * g])
            }
            // Complete rows count towards the all-rows range too.
            let l = min(lo[i], loC[i]), h = max(hi[i], hiC[i])
            if l <= h {
                observedMin[i] = min(observedMin[i], Double(l) / scale)
                observedMax[i] = max(observedMax[i], Double(h) / scale)
            }
            if loC[i] <= hiC[i] {
                observedMinComplete[i] = min(observedMinComplete[i], Double(loC[i]) / scale)
                observedMaxComplete[i] = max(observedMaxComplete[i], Double(hiC[i]) / scale)
            }
        }
        ex.sumC = sumC
        ex.prodC = prodC
        exact = ex
        frequency = freq
        frequencyComplete = freqC
        rows = nRows
        completeRows = nComplete
        emptyRows = nEmpty
        offGrid = offGridCounts
        return done
    }

    /// The exact path's integer for an answered raw value `v`: `v · 10^decimals`, when that is an
    /// integer (within 1e-9 relative on a decimal grid) no larger than `bound` in magnitude;
    /// `nil` sends the moments to the compensated-`Double` path.
    @inline(__always)
    static func exactScaled(_ v: Double, scale: Double, integerGrid: Bool, bound: Double) -> Int64? {
        let s = integerGrid ? v : v * scale
        guard abs(s) <= bound else { return nil }
        if integerGrid {
            let t = Int64(s)
            return Double(t) == s ? t : nil
        }
        let t = Int64(s.rounded())
        return abs(s - Double(t)) <= 1e-9 * max(1, abs(s)) ? t : nil
    }

    /// The compensated-`Double` path, row by row.
    private mutating func addFloatRows(_ values: UnsafeBufferPointer<Double>, from start: Int,
                                       rowCount: Int, rowStride: Int, offsets: [Int]) {
        let k = itemCount
        let scale = self.scale
        let grid = CategoryGrid(categories: categories, scale: scale)
        let signs = reversed
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { raw in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { xd in
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: k) { present in
            for r in start..<rowCount {
                let base = r * rowStride
                var m = 0
                for i in 0..<k {
                    let v = values[base + offsets[i]]
                    raw[i] = v
                    present[i] = !v.isNaN
                    if present[i] { m += 1 }
                }
                rows += 1
                if m == 0 { emptyRows += 1; continue }
                let complete = m == k
                if complete { completeRows += 1 } else { bucketCount[m - 1] += 1 }
                countCommon(raw: raw, present: present, complete: complete, grid: grid, k: k)
                for i in 0..<k { xd[i] = present[i] ? raw[i] * scale : 0 }
                if complete {
                    float!.addComplete(xd, k: k)
                } else {
                    addIncompleteCounts(present: present, k: k)
                    float!.addIncomplete(xd, present: present, signs: signs, k: k, m: m)
                }
            }
        }}}
    }

    private mutating func addIncompleteCounts(present: UnsafeMutableBufferPointer<Bool>, k: Int) {
        for i in 0..<k where present[i] {
            for j in 0..<k where present[j] { pairCountIncomplete[i * k + j] += 1 }
        }
    }

    private mutating func countCommon(raw: UnsafeMutableBufferPointer<Double>,
                                      present: UnsafeMutableBufferPointer<Bool>,
                                      complete: Bool, grid: CategoryGrid, k: Int) {
        let g = categories.count
        for i in 0..<k where present[i] {
            let v = raw[i]
            if v < observedMin[i] { observedMin[i] = v }
            if v > observedMax[i] { observedMax[i] = v }
            if complete {
                if v < observedMinComplete[i] { observedMinComplete[i] = v }
                if v > observedMaxComplete[i] { observedMaxComplete[i] = v }
            }
            if let c = grid.index(of: v) {
                frequency[i * g + c] += 1
                if complete { frequencyComplete[i * g + c] += 1 }
            } else {
                offGrid[i] += 1
            }
        }
    }

    private mutating func switchToFloat() {
        guard let e = exact else { return }
        float = e.asFloat
        exact = nil
    }

    // MARK: - Merging

    /// Why two moments cannot be merged (e.g. shards written for different scales).
    public struct MergeError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Whether `other` describes the same items, grid and keys, so it can be merged.
    public func mergeIncompatibility(with other: ScaleMoments) -> MergeError? {
        if itemCount != other.itemCount {
            return MergeError(description: "item counts differ (\(itemCount) vs \(other.itemCount))")
        }
        if decimals != other.decimals || categories != other.categories {
            return MergeError(description: "response grids differ")
        }
        if reversed != other.reversed { return MergeError(description: "reverse keys differ") }
        return nil
    }

    /// Merges `other`, or throws when it belongs to a different scale (use for shards read
    /// from files; ``merge(_:)`` is for moments the caller built itself).
    public mutating func mergeChecked(_ other: ScaleMoments) throws(MergeError) {
        if let e = mergeIncompatibility(with: other) { throw e }
        // Every count is at most `rows` (see invariantViolation()), so rows that add up
        // without overflow keep every count in range too.
        guard case (_, false) = rows.addingReportingOverflow(other.rows) else {
            throw MergeError(description: "row counts overflow")
        }
        merge(other)
    }

    /// Adds the rows accumulated in `other` (same items, grid and keys — a precondition; see
    /// ``mergeChecked(_:)``). Merging in a fixed order (chunk order, shard order) is
    /// deterministic; on the exact path any order gives the same result.
    public mutating func merge(_ other: ScaleMoments) {
        precondition(mergeIncompatibility(with: other) == nil, "merging moments of different scales")
        if exact != nil, other.exact != nil, rows + other.rows <= exactRowLimit {
            exact!.merge(other.exact!)
        } else {
            switchToFloat()
            float!.merge(other.float ?? other.exact!.asFloat)
        }
        rows += other.rows
        completeRows += other.completeRows
        emptyRows += other.emptyRows
        func add(_ a: inout [Int64], _ b: [Int64]) { for i in a.indices { a[i] += b[i] } }
        add(&pairCountIncomplete, other.pairCountIncomplete)
        add(&bucketCount, other.bucketCount)
        add(&frequency, other.frequency)
        add(&frequencyComplete, other.frequencyComplete)
        add(&offGrid, other.offGrid)
        for i in 0..<itemCount {
            observedMin[i] = min(observedMin[i], other.observedMin[i])
            observedMax[i] = max(observedMax[i], other.observedMax[i])
            observedMinComplete[i] = min(observedMinComplete[i], other.observedMinComplete[i])
            observedMaxComplete[i] = max(observedMaxComplete[i], other.observedMaxComplete[i])
        }
    }
}

/// Maps a raw value to its category index on the declared grid.
struct CategoryGrid {
    let scaled: [Int64]
    let scale: Double

    init(categories: [Double], scale: Double) {
        self.scale = scale
        // A category beyond 2^53 units (an unchecked definition) is clamped: it can then match
        // no answer, which is counted off the grid.
        scaled = categories.map {
            let s = ($0 * scale).rounded()
            return s.magnitude < 0x1p53 ? Int64(s) : (s < 0 ? Int64.min : Int64.max)
        }
    }

    @inline(__always) func index(of v: Double) -> Int? {
        let s = v * scale
        let r = s.rounded()
        guard abs(s - r) <= 1e-9 * max(1, abs(s)), abs(r) < 9e15 else { return nil }
        return index(ofScaled: Int64(r))
    }

    /// `table[v − scaled[0]]` = category index of scaled value `v`, or −1 (span ≤ 65 536).
    var lookupTable: [Int32] {
        guard let first = scaled.first, let last = scaled.last,
              case let (span, overflow) = last.subtractingReportingOverflow(first), !overflow, span < 65_536
        else { return [] }
        var t = [Int32](repeating: -1, count: Int(last - first) + 1)
        for (c, v) in scaled.enumerated() { t[Int(v - first)] = Int32(c) }
        return t
    }

    @inline(__always) func index(ofScaled key: Int64) -> Int? {
        // Categories are few (≤ ~101): binary search.
        var lo = 0, hi = scaled.count - 1
        while lo <= hi {
            let mid = (lo + hi) >> 1
            let x = scaled[mid]
            if x == key { return mid }
            if x < key { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }
}
