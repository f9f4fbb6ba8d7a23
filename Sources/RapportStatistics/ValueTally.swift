/// An exact, mergeable distribution of values: how many times each distinct value occurred.
///
/// Used for the mean and SD of the scores an instrument defines (sum, mean, prorated,
/// transformed), which are not linear in the item moments when validity rules drop rows.
/// Counts are integers, so any chunking, thread count or shard order gives the same tally;
/// the summaries sum over the values in ascending order (Neumaier-compensated), so they are
/// the same bytes too. Memory grows with the number of *distinct* values: scores of items on a
/// grid take few (a 0–40 sum in 0.1 steps has 401).
public struct ValueTally: Sendable, Equatable, Codable {
    /// Value (by bit pattern, −0 folded into +0) → count.
    private var counts: [UInt64: Int64] = [:]
    /// Values that were NaN (an undefined score: too few items answered).
    public private(set) var missing: Int64 = 0

    public init() {}

    public mutating func add(_ x: Double) {
        guard !x.isNaN else { missing += 1; return }
        counts[(x == 0 ? 0.0 : x).bitPattern, default: 0] += 1
    }

    /// Adds `values[0]`, `values[stride]`, `values[2·stride]`, … (a column of a row-major
    /// table), with the result ``add(_:)`` one by one gives. Repeats are counted in a small
    /// local table first: scores take few distinct values, so the dictionary is touched once
    /// per distinct value instead of once per row.
    public mutating func add(contentsOf values: UnsafeBufferPointer<Double>, stride: Int = 1) {
        precondition(stride >= 1, "stride must be positive")
        let size = 256
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: size) { keys in
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: size) { local in
            local.initialize(repeating: 0)
            var used = 0
            var i = 0
            while i < values.count {
                let x = values[i]
                i &+= stride
                if x.isNaN {
                    missing += 1
                    continue
                }
                let key = (x == 0 ? 0.0 : x).bitPattern
                var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56)
                var counted = false
                for _ in 0..<8 {
                    if local[h] == 0 {
                        if used < size / 2 {
                            keys[h] = key
                            local[h] = 1
                            used += 1
                            counted = true
                        }
                        break
                    }
                    if keys[h] == key {
                        local[h] += 1
                        counted = true
                        break
                    }
                    h = (h + 1) & (size - 1)
                }
                if !counted { counts[key, default: 0] += 1 }
            }
            for h in 0..<size where local[h] > 0 { counts[keys[h], default: 0] += local[h] }
        }}
    }

    public mutating func merge(_ other: ValueTally) {
        for (k, c) in other.counts { counts[k, default: 0] += c }
        missing += other.missing
    }

    /// Values counted (NaN excluded).
    public var count: Int64 { counts.values.reduce(0, +) }

    /// Distinct values, ascending, with their counts.
    public var sorted: [(value: Double, count: Int64)] {
        counts.map { (Double(bitPattern: $0.key), $0.value) }.sorted { $0.0 < $1.0 }
    }

    /// Mean and sample SD (divisor n − 1) of the counted values; NaN when undefined.
    ///
    /// Two passes over the ascending values: the mean, then `Σ cᵢ(xᵢ − x̄)²`.
    public var meanAndSD: (mean: Double, sd: Double, n: Int64) {
        let values = sorted
        let n = values.reduce(Int64(0)) { $0 + $1.count }
        guard n > 0 else { return (.nan, .nan, 0) }
        var sum = 0.0, comp = 0.0
        for (x, c) in values {
            let term = x * Double(c)
            let t = sum + term
            comp += abs(sum) >= abs(term) ? (sum - t) + term : (term - t) + sum
            sum = t
        }
        let mean = (sum + comp) / Double(n)
        guard n > 1 else { return (mean, .nan, n) }
        var ss = 0.0, ssComp = 0.0
        for (x, c) in values {
            let term = (x - mean) * (x - mean) * Double(c)
            let t = ss + term
            ssComp += abs(ss) >= abs(term) ? (ss - t) + term : (term - t) + ss
            ss = t
        }
        return (mean, ((ss + ssComp) / Double(n - 1)).squareRoot(), n)
    }

    enum CodingKeys: String, CodingKey { case values, counts, missing }

    /// Encoded as two parallel arrays in ascending value order (deterministic bytes).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let s = sorted
        try c.encode(s.map(\.value), forKey: .values)
        try c.encode(s.map(\.count), forKey: .counts)
        try c.encode(missing, forKey: .missing)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let values = try c.decode([Double].self, forKey: .values)
        let cs = try c.decode([Int64].self, forKey: .counts)
        guard values.count == cs.count else {
            throw DecodingError.dataCorruptedError(forKey: .counts, in: c, debugDescription: "values and counts differ in length")
        }
        // What `add` can produce: distinct finite values, positive counts, a total (with the
        // missing ones) that fits an Int64 — so merging and summarising cannot trap.
        var total: Int64 = 0
        for (v, n) in zip(values, cs) {
            let key = (v == 0 ? 0.0 : v).bitPattern
            guard v.isFinite, n > 0, counts[key] == nil else {
                throw DecodingError.dataCorruptedError(forKey: .counts, in: c,
                    debugDescription: "values must be distinct finite numbers with positive counts")
            }
            let (t, overflow) = total.addingReportingOverflow(n)
            guard !overflow, t <= Int64.max / 4 else {
                throw DecodingError.dataCorruptedError(forKey: .counts, in: c, debugDescription: "counts too large")
            }
            total = t
            counts[key] = n
        }
        missing = try c.decode(Int64.self, forKey: .missing)
        guard missing >= 0, missing <= Int64.max / 4 else {
            throw DecodingError.dataCorruptedError(forKey: .missing, in: c, debugDescription: "\(missing) is not a count")
        }
    }
}
