/// A growable byte buffer for the output hot loop: appends are a bounds check and a store,
/// with none of `Array`'s uniqueness checks. Owns its memory (`~Copyable`, freed on deinit).
struct ScoreOutputBytes: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.update(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let src = bytes.baseAddress, bytes.count > 0 else { return }
        if count &+ bytes.count > capacity { grow(count &+ bytes.count) }
        if bytes.count <= 24 {
            // Numbers are short: a byte loop beats a call to memmove.
            let dst = base + count
            for k in 0..<bytes.count { dst[k] = src[k] }
        } else {
            (base + count).update(from: src, count: bytes.count)
        }
        count &+= bytes.count
    }

    /// Appends the first `length` (≤ 32) bytes of a 32-byte table entry with two vector
    /// stores (the bytes past `length` are written, then overwritten by what follows).
    @inline(__always)
    mutating func append(entry: UnsafeRawPointer, length: Int) {
        if count &+ 32 > capacity { grow(count &+ 32) }
        let dst = UnsafeMutableRawPointer(base + count)
        dst.storeBytes(of: entry.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
        (dst + 16).storeBytes(of: (entry + 16).loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
        count &+= length
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(_ text: String) {
        var t = text
        t.withUTF8 { append($0) }
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    /// The bytes from `start` to the end.
    func bytes(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: count - start)
    }

    mutating func truncate(to newCount: Int) { count = min(count, max(0, newCount)) }
}
