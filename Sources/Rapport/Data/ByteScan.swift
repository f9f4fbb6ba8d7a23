/// Byte-level scans used to cut the input into chunks: counting newlines and quotes, and
/// finding the next row boundary.
///
/// Row boundaries follow the quote-parity rule that the record scanner also obeys: every
/// `"` byte toggles the quoted state (a doubled `""` toggles twice), so a `\n` ends a record
/// exactly when an even number of quotes precedes it since the start of the input. Because
/// the rule depends only on a count, the parity at any offset can be computed by counting,
/// and chunks can be cut without parsing the bytes before them.
enum ByteScan {
    static let newline: UInt8 = 0x0A
    static let quote: UInt8 = 0x22
    static let carriageReturn: UInt8 = 0x0D

    /// Number of `\n` and of `"` bytes in `[p, p + count)`.
    ///
    /// SIMD on 16-byte vectors for the bulk; SWAR on 8-byte words for the tail: for `y = word ^ pattern`, the high bit of
    /// `~(((y & 0x7F…) + 0x7F…) | y | 0x7F…)` is set exactly in the bytes where `y` is zero.
    static func countNewlinesAndQuotes(_ p: UnsafePointer<UInt8>, count: Int) -> (newlines: Int, quotes: Int) {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let nlPattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let qPattern: UInt64 = 0x2222_2222_2222_2222
        var newlines = 0
        var quotes = 0
        var i = 0
        let raw = UnsafeRawPointer(p)
        // SIMD: byte lanes count matches (up to 4 per round) for 63 rounds (≤ 252), then widen.
        let nlv = SIMD16<UInt8>(repeating: newline)
        let qv = SIMD16<UInt8>(repeating: quote)
        let one = SIMD16<UInt8>(repeating: 1)
        let zero = SIMD16<UInt8>(repeating: 0)
        while i &+ 64 <= count {
            var accN = zero
            var accQ = zero
            var rounds = 0
            while rounds < 63 && i &+ 64 <= count {
                for k in 0..<4 {
                    let v = raw.loadUnaligned(fromByteOffset: i &+ k &* 16, as: SIMD16<UInt8>.self)
                    accN &+= zero.replacing(with: one, where: v .== nlv)
                    accQ &+= zero.replacing(with: one, where: v .== qv)
                }
                i &+= 64
                rounds &+= 1
            }
            newlines &+= Int(SIMD16<UInt16>(truncatingIfNeeded: accN).wrappedSum())
            quotes &+= Int(SIMD16<UInt16>(truncatingIfNeeded: accQ).wrappedSum())
        }
        while i &+ 32 <= count {
            // Four words per iteration keeps the dependency chains short.
            var n = 0, q = 0
            for k in 0..<4 {
                let w = raw.loadUnaligned(fromByteOffset: i &+ k &* 8, as: UInt64.self)
                let yn = w ^ nlPattern
                let tn = ~(((yn & low) &+ low) | yn | low)
                let yq = w ^ qPattern
                let tq = ~(((yq & low) &+ low) | yq | low)
                n &+= tn.nonzeroBitCount
                q &+= tq.nonzeroBitCount
            }
            newlines &+= n
            quotes &+= q
            i &+= 32
        }
        while i &+ 8 <= count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let yn = w ^ nlPattern
            newlines &+= (~(((yn & low) &+ low) | yn | low)).nonzeroBitCount
            let yq = w ^ qPattern
            quotes &+= (~(((yq & low) &+ low) | yq | low)).nonzeroBitCount
            i &+= 8
        }
        while i < count {
            let b = p[i]
            if b == newline { newlines &+= 1 } else if b == quote { quotes &+= 1 }
            i &+= 1
        }
        return (newlines, quotes)
    }

    /// Scans `[p, p + count)` for the first `\n` that ends a record, given the quote parity
    /// at `p`. Returns the offset just past that newline, or `nil` with the number of
    /// newlines seen and the parity at the end when there is none.
    static func nextRecordEnd(_ p: UnsafePointer<UInt8>, count: Int, inQuotes: Bool)
        -> (end: Int?, newlines: Int, inQuotes: Bool)
    {
        var odd = inQuotes
        var newlines = 0
        var i = 0
        while i < count {
            let b = p[i]
            if b == quote {
                odd.toggle()
            } else if b == newline {
                newlines &+= 1
                if !odd { return (i &+ 1, newlines, odd) }
            }
            i &+= 1
        }
        return (nil, newlines, odd)
    }
}
