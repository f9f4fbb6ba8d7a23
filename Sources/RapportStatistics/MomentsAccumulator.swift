/// One running sum inside ``ScaleMoments``: exact `Int64` for responses on a decimal grid,
/// compensated `Double` otherwise.
///
/// Values are pre-scaled by `10^decimals`, so on a grid every value, product and sum is an
/// integer: `Int64` sums are associative, and merge order (chunking, thread count, shards)
/// cannot change a single bit. The `Double` fallback uses Neumaier summation.
protocol MomentAccumulator: Sendable, Codable, Equatable {
    associatedtype Value: Numeric & Sendable
    static var zero: Self { get }
    mutating func add(_ v: Value)
    mutating func merge(_ other: Self)
    /// The sum as a double (correctly rounded for `Int64`).
    var double: Double { get }
    /// `n·sxy − sx·sy` as a double, exact before the final rounding where possible.
    static func centered(n: Int64, sxy: Self, sx: Self, sy: Self) -> Double
    static func value(_ count: Int) -> Value
}

extension Int64: MomentAccumulator {
    typealias Value = Int64
    @inline(__always) mutating func add(_ v: Int64) { self &+= v }
    @inline(__always) mutating func merge(_ other: Int64) { self &+= other }
    var double: Double { Double(self) }
    static func centered(n: Int64, sxy: Int64, sx: Int64, sy: Int64) -> Double {
        let v = Int128(n) * Int128(sxy) - Int128(sx) * Int128(sy)
        return Double(v)
    }
    @inline(__always) static func value(_ count: Int) -> Int64 { Int64(count) }
}

/// A Neumaier-compensated double sum (`s + c` is the running total).
struct CompensatedSum: MomentAccumulator {
    typealias Value = Double
    var s: Double = 0
    var c: Double = 0
    static var zero: CompensatedSum { CompensatedSum() }

    @inline(__always) mutating func add(_ v: Double) {
        let t = s + v
        if abs(s) >= abs(v) { c += (s - t) + v } else { c += (v - t) + s }
        s = t
    }
    mutating func merge(_ other: CompensatedSum) {
        add(other.s)
        c += other.c
    }
    var double: Double { s + c }
    static func centered(n: Int64, sxy: CompensatedSum, sx: CompensatedSum, sy: CompensatedSum) -> Double {
        let nd = Double(n)
        return nd * sxy.double - sx.double * sy.double
    }
    @inline(__always) static func value(_ count: Int) -> Double { Double(count) }
}

/// The sums of one ``ScaleMoments`` in one numeric mode. `k` items; matrices row-major `k×k`.
///
/// - complete rows (every item answered): `sumC[i] = Σx_i`, `prodC[i·k+j] = Σx_i x_j` (`i ≤ j`);
/// - incomplete rows with at least one answer, pairwise over rows where both `i` and `j` are
///   answered: `sumP[i·k+j] = Σx_i`, `sqP[i·k+j] = Σx_i²`, `prodP[i·k+j] = Σx_i x_j` (`i ≤ j`);
/// - person-score terms for incomplete rows, by the number `m` of answered items (bucket
///   `m−1`): with `W = Σ s_j x_j` over answered items (`s_j = −1` when reverse-keyed) and
///   `R` = answered reverse-keyed items, the score is `T = (W + c·R)/m` for the reversal
///   constant `c` chosen at analysis time. Per bucket `ΣW, ΣW², ΣR, ΣR², ΣWR`; per item and
///   bucket (rows where the item is answered) the same plus `Σx_i W, Σx_i R`.
struct MomentSums<A: MomentAccumulator>: Sendable, Codable, Equatable {
    var sumC: [A]
    var prodC: [A]
    var sumP: [A]
    var sqP: [A]
    var prodP: [A]
    /// Per bucket: W, W², R, R², WR (5 per bucket).
    var bucket: [A]
    /// Per item × bucket: W, W², R, R², WR, xW, xR (7 per cell).
    var itemBucket: [A]

    init(k: Int) {
        sumC = Array(repeating: .zero, count: k)
        prodC = Array(repeating: .zero, count: k * k)
        sumP = Array(repeating: .zero, count: k * k)
        sqP = Array(repeating: .zero, count: k * k)
        prodP = Array(repeating: .zero, count: k * k)
        bucket = Array(repeating: .zero, count: 5 * k)
        itemBucket = Array(repeating: .zero, count: 7 * k * k)
    }

    mutating func merge(_ o: MomentSums<A>) {
        func m(_ a: inout [A], _ b: [A]) { for i in a.indices { a[i].merge(b[i]) } }
        m(&sumC, o.sumC); m(&prodC, o.prodC); m(&sumP, o.sumP); m(&sqP, o.sqP)
        m(&prodP, o.prodP); m(&bucket, o.bucket); m(&itemBucket, o.itemBucket)
    }

    /// Adds one complete row `x` (scaled values).
    @inline(__always)
    mutating func addComplete(_ x: UnsafeMutableBufferPointer<A.Value>, k: Int) {
        sumC.withUnsafeMutableBufferPointer { s in
            for i in 0..<k { s[i].add(x[i]) }
        }
        prodC.withUnsafeMutableBufferPointer { p in
            for i in 0..<k {
                let xi = x[i]
                let base = i &* k
                for j in i..<k { p[base &+ j].add(xi * x[j]) }
            }
        }
    }

    /// Adds one incomplete row: `present[i]` marks answered items, `m` of them (1 ≤ m < k).
    mutating func addIncomplete(_ x: UnsafeMutableBufferPointer<A.Value>,
                                present: UnsafeMutableBufferPointer<Bool>,
                                signs: [Bool], k: Int, m: Int) {
        var w = A.Value.zero
        var r = 0
        for i in 0..<k where present[i] {
            if signs[i] { w -= x[i]; r += 1 } else { w += x[i] }
        }
        let rv = A.value(r)
        let ww = w * w, rr = rv * rv, wr = w * rv
        withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { idx in
        // The answered items, ascending, so the pair loops run without tests.
        var count = 0
        for i in 0..<k where present[i] { idx[count] = i; count &+= 1 }
        sumP.withUnsafeMutableBufferPointer { sp in
        sqP.withUnsafeMutableBufferPointer { qp in
        prodP.withUnsafeMutableBufferPointer { pp in
        itemBucket.withUnsafeMutableBufferPointer { ibp in
            for a in 0..<count {
                let i = idx[a]
                let xi = x[i]
                let xx = xi * xi
                let base = i &* k
                for b in 0..<count {
                    let j = idx[b]
                    sp[base &+ j].add(xi)
                    qp[base &+ j].add(xx)
                }
                for b in a..<count {
                    let j = idx[b]
                    pp[base &+ j].add(xi * x[j])
                }
                let ib = 7 &* (base &+ (m &- 1))
                ibp[ib].add(w)
                ibp[ib &+ 1].add(ww)
                ibp[ib &+ 2].add(rv)
                ibp[ib &+ 3].add(rr)
                ibp[ib &+ 4].add(wr)
                ibp[ib &+ 5].add(xi * w)
                ibp[ib &+ 6].add(xi * rv)
            }
        }}}}}
        let b = 5 * (m - 1)
        bucket[b].add(w)
        bucket[b + 1].add(ww)
        bucket[b + 2].add(rv)
        bucket[b + 3].add(rr)
        bucket[b + 4].add(wr)
    }
}

extension MomentSums where A == Int64 {
    /// The same sums as compensated doubles (used when exact accumulation must stop).
    var asFloat: MomentSums<CompensatedSum> {
        func f(_ a: [Int64]) -> [CompensatedSum] { a.map { CompensatedSum(s: Double($0), c: 0) } }
        var out = MomentSums<CompensatedSum>(k: sumC.count)
        out.sumC = f(sumC); out.prodC = f(prodC); out.sumP = f(sumP); out.sqP = f(sqP)
        out.prodP = f(prodP); out.bucket = f(bucket); out.itemBucket = f(itemBucket)
        return out
    }
}
