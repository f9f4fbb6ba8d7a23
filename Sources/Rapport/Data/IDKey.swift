/// A 128-bit fingerprint of an ID cell, so duplicate IDs can be found without keeping the
/// IDs themselves. Two independent 64-bit hashes; for a million distinct IDs the chance
/// that two share a fingerprint is about 10⁻²⁶.
struct IDKey: Hashable, Sendable {
    var a: UInt64
    var b: UInt64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var h1: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a offset basis
        var h2: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        for b in bytes {
            h1 = (h1 ^ UInt64(b)) &* 0x0000_0100_0000_01B3
            h2 = (h2 ^ UInt64(b)) &* 0xBF58_476D_1CE4_E5B9
            h2 ^= h2 >> 29
        }
        a = Self.mix(h1 ^ UInt64(bytes.count) &* 0x94D0_49BB_1331_11EB)
        b = Self.mix(h2)
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Finds repeated IDs in input order and reports the second row by line, naming the line of
/// the first — never the ID. Memory grows with the number of distinct IDs (about 40 bytes
/// each), which is why it only runs when an ID column is named.
struct DuplicateIDDetector {
    private var firstLine: [IDKey: Int] = [:]

    /// Returns the line of the earlier row with the same ID, or `nil`.
    mutating func check(_ key: IDKey, line: Int) -> Int? {
        if let earlier = firstLine[key] { return earlier }
        firstLine[key] = line
        return nil
    }
}
