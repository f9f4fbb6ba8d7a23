/// One of N parts of an input (`--shard I/N`, 1-based), cut at row boundaries on the chunk grid.
///
/// ```
/// nominal(i) = dataStart + ⌊(size − dataStart) · i / N⌋     for i = 0 … N
/// g(i)       = nominal(i) rounded down to the chunk grid
/// bound(i)   = first record start at or after max(g(i), dataStart)   (bound(N) = size)
/// shard I    = rows in [bound(I − 1), bound(I))
/// ```
/// Every shard computes the same bounds from the file alone, so the shards cover each row
/// exactly once, and each shard's chunks are chunks of the single run.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based.
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(DataError) {
        guard count >= 1, index >= 1, index <= count else {
            throw DataError(.invalidOption, message: "--shard \(index)/\(count): expected I/N with 1 ≤ I ≤ N")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    public init(parsing text: String) throws(DataError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw DataError(.invalidOption, message: "--shard \(text): expected I/N, for example 2/8")
        }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    enum CodingKeys: String, CodingKey { case index, count }

    /// Decodes through the validating initializer: a state file cannot carry shard `0/0`,
    /// `3/2` or a negative count.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let index = try c.decode(Int.self, forKey: .index)
        let count = try c.decode(Int.self, forKey: .count)
        do {
            try self.init(index: index, count: count)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.count],
                debugDescription: "\(index)/\(count) is not a shard: expected I/N with 1 ≤ I ≤ N"))
        }
    }

    /// The nominal cut before part `i` (0 … count), on the grid, not yet moved to a row start.
    static func nominalCut(_ i: Int, count: Int, dataStart: Int, size: Int, gridSize: Int) -> Int {
        if i <= 0 { return dataStart }
        if i >= count { return size }
        let span = size - dataStart
        let exact = dataStart + count.dividingFullWidth(span.multipliedFullWidth(by: i)).quotient
        return max(dataStart, exact / gridSize * gridSize)
    }
}
