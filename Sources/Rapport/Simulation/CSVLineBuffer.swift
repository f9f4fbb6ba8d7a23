/// A growing byte buffer for CSV output without `String` formatting in the hot loop.
///
/// Fixed-point values are written from integers in units of 10^-decimals, so the text of a
/// grid value is exact (`7.3`, never `7.300000000000001`).
struct CSVLineBuffer: Sendable {
    var bytes: [UInt8] = []

    init(reservingCapacity n: Int = 0) { bytes.reserveCapacity(n) }

    @inline(__always) mutating func comma() { bytes.append(UInt8(ascii: ",")) }
    @inline(__always) mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    /// Appends a field, quoted per RFC 4180 when it contains a comma, quote or line break
    /// (``CSVFieldWriter``).
    mutating func field(_ s: String) { CSVFieldWriter.append(s, to: &bytes) }

    /// Appends `value · 10^-decimals` in plain decimal notation (`-12`, `7.3`, `0.05`).
    mutating func fixed(_ value: Int, decimals: Int) {
        var v = value
        if v < 0 {
            bytes.append(UInt8(ascii: "-"))
            v = -v
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[n] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
                n += 1
            } while v > 0 || n <= decimals
            var i = n - 1
            while i >= 0 {
                if i == decimals - 1 { bytes.append(UInt8(ascii: ".")) }
                bytes.append(buf[i])
                i -= 1
            }
        }
    }

    /// Appends a non-negative integer left-padded with zeros to `width` digits.
    mutating func padded(_ value: Int, width: Int) {
        var digits = 1
        var p = 10
        while p <= value, digits < 19 {
            digits += 1
            p = p.multipliedReportingOverflow(by: 10).overflow ? Int.max : p * 10
        }
        for _ in digits..<max(digits, width) { bytes.append(UInt8(ascii: "0")) }
        fixed(value, decimals: 0)
    }

    mutating func ascii(_ s: String) { bytes.append(contentsOf: s.utf8) }
}
