import Foundation

/// How scores are written as text: deterministic, locale-independent.
///
/// - ``shortest`` (the default): the shortest decimal that reads back as the same `Double`
///   (Swift's round-trip `description`), with integral values written without a fraction
///   (`14`, not `14.0`) and `-0` written as `0`. Lossless, so a file can be compared with
///   R to full precision; the same on every platform and thread count.
/// - ``fixed(_:)``: exactly `n` decimals, rounded from the exact binary value (C `printf`
///   `%.nf`), for tables meant for people.
///
/// A missing score is written as an empty field (`null` in JSON lines).
public enum ScoreFormat: Sendable, Hashable {
    case shortest
    case fixed(Int)

    /// The text of `x` (empty for NaN).
    public func string(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        switch self {
        case .shortest:
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
            return x.description
        case .fixed(let n):
            let s = String(format: "%.\(max(0, n))f", x)
            // "-0.00" → "0.00": a rounded-away negative zero is not a negative score.
            if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
                return String(s.dropFirst())
            }
            return s
        }
    }

    /// Appends the UTF-8 text of `x` to `buffer` (nothing for NaN). Integral values up to
    /// 10^15 are written digit by digit without allocating.
    public func append(_ x: Double, to buffer: inout [UInt8]) {
        guard x.isFinite else { return }
        if case .shortest = self, x == x.rounded(), abs(x) < 1e15 {
            var v = Int64(x)
            if v < 0 {
                buffer.append(UInt8(ascii: "-"))
                v = -v
            }
            if v < 10 {
                buffer.append(UInt8(48 + v))
                return
            }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { d in
                while v > 0 {
                    d[count] = UInt8(48 + v % 10)
                    v /= 10
                    count += 1
                }
                for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(d[i]) }
            }
            return
        }
        buffer.append(contentsOf: string(x).utf8)
    }
}
