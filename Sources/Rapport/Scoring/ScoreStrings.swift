/// The text of a fixed set of numbers, made once and shared by every thread: the values a
/// scale can take (``Scorer/possibleScores(ofScale:limit:)``), or the counts.
///
/// An open-addressing table keyed by the `Double`'s bit pattern; each entry holds up to 32
/// bytes of text, copied with two vector stores. A number not in the table (or whose text is
/// longer) is not found, and the caller formats it. Immutable after `init` (hence `Sendable`);
/// owns its memory, read in the hot loop through a ``Lookup`` of plain pointers.
final class ScoreStrings: @unchecked Sendable {
    static let entryBytes = 32
    private let mask: Int
    /// `64 − log2(size)`: slots come from the top bits of a multiplicative hash.
    private let shift: UInt64
    private let keys: UnsafeMutablePointer<UInt64>
    /// Text length per slot; 0 = empty slot.
    private let lengths: UnsafeMutablePointer<UInt8>
    private let text: UnsafeMutableRawPointer

    init(_ values: [Double], format: ScoreFormat) {
        var size = 16, bits: UInt64 = 4
        while size < 2 * values.count { size <<= 1; bits += 1 }
        mask = size - 1
        shift = 64 - bits
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        lengths = .allocate(capacity: size)
        lengths.initialize(repeating: 0, count: size)
        text = .allocate(byteCount: size * Self.entryBytes, alignment: 16)
        text.initializeMemory(as: UInt8.self, repeating: 0, count: size * Self.entryBytes)
        var scratch: [UInt8] = []
        for x in values where x.isFinite {
            scratch.removeAll(keepingCapacity: true)
            format.append(x, to: &scratch)
            guard !scratch.isEmpty, scratch.count <= Self.entryBytes else { continue }
            var h = Lookup.slot(x.bitPattern, shift)
            while lengths[h] != 0 && keys[h] != x.bitPattern { h = (h + 1) & mask }
            keys[h] = x.bitPattern
            lengths[h] = UInt8(scratch.count)
            for (k, b) in scratch.enumerated() { text.storeBytes(of: b, toByteOffset: h * Self.entryBytes + k, as: UInt8.self) }
        }
    }

    deinit {
        keys.deallocate()
        lengths.deallocate()
        text.deallocate()
    }

    /// The table as plain pointers, valid while this object lives.
    var lookup: Lookup { Lookup(mask: mask, shift: shift, keys: keys, lengths: lengths, text: text) }

    /// Reads a ``ScoreStrings`` table without reference counting.
    struct Lookup {
        let mask: Int
        let shift: UInt64
        let keys: UnsafePointer<UInt64>
        let lengths: UnsafePointer<UInt8>
        let text: UnsafeRawPointer

        init(mask: Int, shift: UInt64, keys: UnsafeMutablePointer<UInt64>, lengths: UnsafeMutablePointer<UInt8>,
             text: UnsafeMutableRawPointer) {
            self.mask = mask
            self.shift = shift
            self.keys = UnsafePointer(keys)
            self.lengths = UnsafePointer(lengths)
            self.text = UnsafeRawPointer(text)
        }

        @inline(__always)
        static func slot(_ key: UInt64, _ shift: UInt64) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        }

        /// Appends the text of `x` and returns `true`, or returns `false` when `x` is not in the table.
        @inline(__always)
        func append(_ x: Double, to out: inout ScoreOutputBytes) -> Bool {
            let key = x.bitPattern
            var h = Self.slot(key, shift)
            while true {
                let len = Int(lengths[h])
                if len == 0 { return false }
                if keys[h] == key {
                    out.append(entry: text + h &* ScoreStrings.entryBytes, length: len)
                    return true
                }
                h = (h &+ 1) & mask
            }
        }
    }
}

/// Formats each distinct number once per block, then copies its bytes.
///
/// For the numbers no ``ScoreStrings`` table holds: a small open-addressing table keyed by
/// the bit pattern replaces most formatting work. When the table is half full, further
/// numbers are formatted directly. Output bytes are the same either way. Owns its memory
/// (`~Copyable`, freed on deinit).
struct NumberCache: ~Copyable {
    private static let capacity = 1024
    private static let entryBytes = 32
    private let format: ScoreFormat
    private let keys: UnsafeMutablePointer<UInt64>
    /// Length of each entry's text; 0 = empty slot.
    private let lengths: UnsafeMutablePointer<UInt8>
    private let text: UnsafeMutablePointer<UInt8>
    private var filled = 0
    private var scratch: [UInt8] = []

    init(format: ScoreFormat) {
        self.format = format
        keys = .allocate(capacity: Self.capacity)
        lengths = .allocate(capacity: Self.capacity)
        lengths.initialize(repeating: 0, count: Self.capacity)
        text = .allocate(capacity: Self.capacity * Self.entryBytes)
        text.initialize(repeating: 0, count: Self.capacity * Self.entryBytes)
        scratch.reserveCapacity(64)
    }

    deinit {
        keys.deallocate()
        lengths.deallocate()
        text.deallocate()
    }

    @inline(__always)
    mutating func append(_ x: Double, to out: inout ScoreOutputBytes) {
        guard x.isFinite else { return }
        let key = x.bitPattern
        var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54) & (Self.capacity - 1)
        for _ in 0..<8 {
            let len = Int(lengths[h])
            if len == 0 {
                guard filled < Self.capacity / 2 else { break }
                scratch.removeAll(keepingCapacity: true)
                format.append(x, to: &scratch)
                out.append(scratch)
                guard !scratch.isEmpty, scratch.count <= Self.entryBytes else { return }
                keys[h] = key
                lengths[h] = UInt8(scratch.count)
                scratch.withUnsafeBufferPointer { b in
                    (text + h * Self.entryBytes).update(from: b.baseAddress!, count: b.count)
                }
                filled += 1
                return
            }
            if keys[h] == key {
                out.append(entry: UnsafeRawPointer(text + h * Self.entryBytes), length: len)
                return
            }
            h = (h &+ 1) & (Self.capacity - 1)
        }
        scratch.removeAll(keepingCapacity: true)
        format.append(x, to: &scratch)
        out.append(scratch)
    }
}
