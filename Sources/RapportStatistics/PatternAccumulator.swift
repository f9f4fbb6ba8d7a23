/// Sums of grid-coded rows over a group of items, by missingness pattern: one pass over a
/// block gives what every scale built from these items needs to update its ``ScaleMoments``
/// exactly (``ScaleMoments/add(_:mapping:)``), instead of one pass per scale.
///
/// **Input.** Row `r`, item `i` is the byte `codes[r·rowStride + offsets[i]]`: the item's
/// grid index `0…252` when answered, any code `≥ ` ``firstAbsentCode`` when not.
///
/// **What it holds**, per distinct pattern `P` (bit `i` set when item `i` is answered), in
/// code space (`c` = grid index, `0` for an unanswered item):
/// - `n_P` rows, `S_P[i] = Σ c_i`, `G_P[i][j] = Σ c_i c_j` (full square);
/// - `F_P[i][c]`: rows with code `c` on item `i`.
///
/// Every row's outer product `x xᵀ` (with a constant `1` appended to `x`, so the same
/// products give `Σ c_i` and `n`) is added to its pattern's accumulator with SIMD integer
/// lanes, which are widened into `Int64` totals before they can overflow. All sums are exact
/// integers, so the moments derived from them equal the row-by-row ones bit for bit.
///
/// At most ``capacity`` patterns are held: ``add(codes:rows:rowStride:offsets:)`` stops at a
/// row of a new pattern when the table is full; the caller derives the moments, calls
/// ``reset()`` and continues from there. Owns raw memory (hence `~Copyable`).
public struct PatternAccumulator: ~Copyable {
    /// Codes at or above this are not answers (missing, not applicable, invalid).
    public static let firstAbsentCode: UInt8 = 0xFD
    /// Largest group the accumulator handles (a pattern is a `UInt64` bit mask).
    public static let maxItems = 63

    /// Items in the group, `K`.
    public let itemCount: Int
    /// Codes per item (`0..<codeCount`); the frequency table has one more bin for "absent".
    public let codeCount: Int
    /// Patterns held before the caller must derive and ``reset()``.
    public let capacity: Int

    /// `K + 1` (the appended constant lane).
    let side: Int
    /// SIMD vectors per row of the outer product: `⌈(K + 1) / 16⌉`.
    let width: Int
    /// `true`: 16-bit lanes (small codes), else 32-bit lanes.
    let narrow: Bool
    /// Rows a pattern may add to its lanes before they must be widened.
    let flushEvery: Int32

    private let tableSize: Int
    /// `64 − log2(tableSize)`: slots come from the top bits of a multiplicative hash.
    private let tableShift: UInt64
    private let hash: UnsafeMutablePointer<Int32>
    private let patternMasks: UnsafeMutablePointer<UInt64>
    private let pending: UnsafeMutablePointer<Int32>
    /// Per pattern: `side · width` SIMD16 vectors of lanes.
    private let lanes: UnsafeMutableRawPointer
    private let laneBytesPerPattern: Int
    /// Per pattern: `side × side` Int64 totals.
    private let totalsStorage: UnsafeMutablePointer<Int64>
    /// Per pattern: `K × (codeCount + 1)` counts (last bin: absent).
    private let frequencyStorage: UnsafeMutablePointer<Int64>
    /// Row scratch: `width` SIMD16 vectors of the current row's codes (as lanes).
    private let row: UnsafeMutableRawPointer

    /// Patterns held now.
    public private(set) var patternCount = 0
    /// Rows added since the last ``reset()``.
    public private(set) var rowCount: Int64 = 0
    private var lastMask: UInt64 = .max
    private var lastPattern = -1

    /// - Parameters:
    ///   - itemCount: `1…63` items.
    ///   - codeCount: codes per item, `1…253`.
    ///   - capacity: patterns held at once (default: as many as fit in about 1 MB, 16…256).
    public init(itemCount: Int, codeCount: Int, capacity: Int? = nil) {
        precondition(itemCount >= 1 && itemCount <= Self.maxItems, "1…63 items")
        precondition(codeCount >= 1 && codeCount <= Int(Self.firstAbsentCode), "1…253 codes")
        self.itemCount = itemCount
        self.codeCount = codeCount
        side = itemCount + 1
        width = (side + 15) / 16
        let maxProduct = Int64(codeCount - 1) * Int64(codeCount - 1)
        narrow = maxProduct <= 2047
        let laneMax: Int64 = narrow ? Int64(Int16.max) : Int64(Int32.max)
        flushEvery = Int32(clamping: laneMax / max(1, maxProduct))
        laneBytesPerPattern = side * width * (narrow ? 32 : 64)
        let perPattern = laneBytesPerPattern + 8 * side * side + 8 * itemCount * (codeCount + 1) + 16
        self.capacity = capacity ?? max(16, min(256, (1 << 20) / perPattern))
        var t = 16, bits: UInt64 = 4
        while t < 2 * self.capacity { t <<= 1; bits += 1 }
        tableSize = t
        tableShift = 64 - bits
        hash = .allocate(capacity: t)
        hash.initialize(repeating: -1, count: t)
        patternMasks = .allocate(capacity: self.capacity)
        pending = .allocate(capacity: self.capacity)
        lanes = .allocate(byteCount: self.capacity * laneBytesPerPattern, alignment: 64)
        totalsStorage = .allocate(capacity: self.capacity * side * side)
        frequencyStorage = .allocate(capacity: self.capacity * itemCount * (codeCount + 1))
        row = .allocate(byteCount: width * 64, alignment: 64)
        row.initializeMemory(as: UInt8.self, repeating: 0, count: width * 64)
    }

    deinit {
        hash.deallocate()
        patternMasks.deallocate()
        pending.deallocate()
        lanes.deallocate()
        totalsStorage.deallocate()
        frequencyStorage.deallocate()
        row.deallocate()
    }

    /// Forgets every pattern (storage is kept).
    public mutating func reset() {
        hash.update(repeating: -1, count: tableSize)
        patternCount = 0
        rowCount = 0
        lastMask = .max
        lastPattern = -1
    }

    // MARK: - Reading the sums

    /// Bit mask of pattern `p` (bit `i`: item `i` answered).
    public func mask(_ p: Int) -> UInt64 { patternMasks[p] }
    /// Rows of pattern `p`.
    public func rows(_ p: Int) -> Int64 { totals(p)[side * side - 1] }
    /// `Σ c_i` over the rows of pattern `p`.
    public func sum(_ p: Int, _ i: Int) -> Int64 { totals(p)[i * side + itemCount] }
    /// `Σ c_i c_j` over the rows of pattern `p`.
    public func product(_ p: Int, _ i: Int, _ j: Int) -> Int64 { totals(p)[i * side + j] }
    /// Rows of pattern `p` with code `c` on item `i`.
    public func frequency(_ p: Int, _ i: Int, _ c: Int) -> Int64 {
        frequencyStorage[(p * itemCount + i) * (codeCount + 1) + c]
    }

    /// Pattern `p`'s counts: item `i`, code `c` at `i · (codeCount + 1) + c`.
    func frequencies(_ p: Int) -> UnsafePointer<Int64> {
        UnsafePointer(frequencyStorage + p * itemCount * (codeCount + 1))
    }

    /// The `side × side` totals of pattern `p` (row `i`, column `j`: `Σ c_i c_j`; column
    /// `K`: `Σ c_i`; `[K][K]`: `n`). Valid after ``add(codes:rows:rowStride:offsets:)`` returns.
    func totals(_ p: Int) -> UnsafePointer<Int64> { UnsafePointer(totalsStorage + p * side * side) }

    // MARK: - Adding rows

    /// Adds rows `rows.lowerBound…` until the end of the range or a row whose pattern does not
    /// fit (the table is full). Returns the first row not added.
    ///
    /// - Precondition: every read `codes[r·rowStride + offsets[i]]` is inside `codes`.
    public mutating func add(codes: UnsafeBufferPointer<UInt8>, rows: Range<Int>, rowStride: Int,
                             offsets: [Int]) -> Int {
        precondition(offsets.count == itemCount, "one offset per item")
        guard !rows.isEmpty else { return rows.lowerBound }
        precondition(offsets.allSatisfy { $0 >= 0 }
                     && codes.count >= (rows.upperBound - 1) * rowStride + (offsets.max() ?? 0) + 1,
                     "codes too short for the rows")
        let done = narrow ? addRows(Int16.self, codes, rows, rowStride, offsets)
                          : addRows(Int32.self, codes, rows, rowStride, offsets)
        for p in 0..<patternCount {
            if narrow { flushLanes(p, Int16.self) } else { flushLanes(p, Int32.self) }
        }
        return done
    }

    private mutating func addRows<L: FixedWidthInteger & SIMDScalar>(
        _: L.Type, _ codes: UnsafeBufferPointer<UInt8>, _ rows: Range<Int>, _ rowStride: Int, _ offsets: [Int]
    ) -> Int {
        let k = itemCount
        let side = self.side, w = self.width
        let bins = codeCount + 1
        let absent = Int(codeCount)
        let x = row.assumingMemoryBound(to: L.self)
        x[k] = 1
        let firstAbsent = Self.firstAbsentCode
        var r = rows.lowerBound
        offsets.withUnsafeBufferPointer { off in
            let base = codes.baseAddress!
            while r < rows.upperBound {
                let cells = base + r &* rowStride
                var mask: UInt64 = 0
                for i in 0..<k {
                    let c = cells[off[i]]
                    let present = c < firstAbsent
                    mask |= present ? (1 &<< UInt64(i)) : 0
                    x[i] = present ? L(truncatingIfNeeded: c) : 0
                }
                let p: Int
                if mask == lastMask {
                    p = lastPattern
                } else {
                    guard let q = pattern(for: mask, L.self) else { return }
                    p = q
                    lastMask = mask
                    lastPattern = q
                }
                // Outer product, row by row of the accumulator (lanes ≥ K+1 stay zero).
                let acc = (lanes + p &* laneBytesPerPattern).assumingMemoryBound(to: SIMD16<L>.self)
                let xv = UnsafeRawPointer(row).assumingMemoryBound(to: SIMD16<L>.self)
                for i in 0..<side {
                    let xi = SIMD16<L>(repeating: x[i])
                    let a = acc + i &* w
                    for v in 0..<w { a[v] &+= xv[v] &* xi }
                }
                let f = frequencyStorage + p &* k &* bins
                for i in 0..<k {
                    let c = Int(cells[off[i]])
                    f[i &* bins &+ (c < Int(firstAbsent) ? c : absent)] &+= 1
                }
                pending[p] &+= 1
                if pending[p] == flushEvery { flushLanes(p, L.self) }
                rowCount &+= 1
                r &+= 1
            }
        }
        return r
    }

    /// The index of pattern `mask`, adding it when new; `nil` when the table is full.
    private mutating func pattern<L: FixedWidthInteger & SIMDScalar>(for mask: UInt64, _: L.Type) -> Int? {
        var h = Int(truncatingIfNeeded: (mask &* 0x9E37_79B9_7F4A_7C15) >> tableShift)
        while true {
            let p = Int(hash[h])
            if p < 0 { break }
            if patternMasks[p] == mask { return p }
            h = (h + 1) & (tableSize - 1)
        }
        guard patternCount < capacity else { return nil }
        let p = patternCount
        patternCount += 1
        hash[h] = Int32(p)
        patternMasks[p] = mask
        pending[p] = 0
        (lanes + p * laneBytesPerPattern).initializeMemory(as: UInt8.self, repeating: 0, count: laneBytesPerPattern)
        (totalsStorage + p * side * side).initialize(repeating: 0, count: side * side)
        (frequencyStorage + p * itemCount * (codeCount + 1)).initialize(repeating: 0, count: itemCount * (codeCount + 1))
        return p
    }

    /// Widens pattern `p`'s lanes into its `Int64` totals and clears them.
    private func flushLanes<L: FixedWidthInteger & SIMDScalar>(_ p: Int, _: L.Type) {
        guard pending[p] > 0 else { return }
        let acc = (lanes + p * laneBytesPerPattern).assumingMemoryBound(to: L.self)
        let t = totalsStorage + p * side * side
        for i in 0..<side {
            let a = acc + i * width * 16
            for j in 0..<side { t[i * side + j] &+= Int64(a[j]) }
            for j in 0..<(width * 16) { a[j] = 0 }
        }
        pending[p] = 0
    }
}
