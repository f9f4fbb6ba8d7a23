import Foundation

/// Number formatting shared by every report (text, Markdown, HTML, `check`'s gates): the one
/// fixed-decimals formatter.
///
/// APA 7 conventions: a statistic that cannot exceed 1 in absolute value (α, ω, r, a
/// proportion) is written **without** a leading zero (`.87`, `-.12`); other values keep it
/// (`0.53`, `12.40`). Counts get a thousands separator (`1,984`). Rounding is `printf`'s
/// `%.*f` (correctly rounded from the binary double) unless the text report asks for
/// ``Rounding/halfAwayFromZero``; a value that rounds to zero loses its sign (`-0.001` →
/// `.00`). Non-finite or absent values print `—` (Markdown/HTML) so a table never shows `nan`.
package enum ReportNumber {
    /// The placeholder for an absent or undefined value.
    package static let missing = "—"

    /// Where a value between two printable ones goes. The two differ only at (near-)ties:
    /// `0.125` → `0.12` or `0.13`, `0.15` to one decimal → `0.1` or `0.2`.
    package enum Rounding: Sendable {
        /// Correctly rounded from the exact binary value, ties to even: C's `printf("%.*f")`
        /// (Markdown, HTML, `check`).
        case exact
        /// Half away from zero of `|x| · 10^digits` as computed in double precision (the
        /// plain-text report, psych-like since it began; changing it changes its bytes).
        case halfAwayFromZero
    }

    /// `value` with `digits` decimals and a leading zero (`0.53`, `-1.20`), never `-0.00`;
    /// ``missing`` for `nil`, NaN and ±∞. Any finite value prints its digits (`1e19` →
    /// `10000000000000000000.00`): from 9·10^18 grid units up, beyond what `Int64` holds, a
    /// double has no fraction left to round, so both roundings print `printf`'s exact digits.
    package static func fixed(_ value: Double?, _ digits: Int = 2, rounding: Rounding = .exact) -> String {
        guard let value, value.isFinite else { return missing }
        if rounding == .halfAwayFromZero, let s = halfAwayFromZero(value, digits) { return s }
        var s = String(format: "%.\(digits)f", value)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }

    /// ``Rounding/halfAwayFromZero`` in integer arithmetic, without Foundation's formatting;
    /// `nil` when `|x| · 10^digits` is 9·10^18 or more (beyond `Int64`: a FuzzState crash,
    /// docs/fuzzing.md).
    private static func halfAwayFromZero(_ x: Double, _ digits: Int) -> String? {
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        let scaled = (abs(x) * p).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return nil }
        let neg = x < 0 && scaled != 0
        let whole = Int64(scaled)
        var s = String(whole / Int64(p))
        if digits > 0 {
            var frac = String(whole % Int64(p))
            while frac.count < digits { frac = "0" + frac }
            s += "." + frac
        }
        return neg ? "-" + s : s
    }

    /// A coefficient bounded by 1, APA style: no leading zero (`.87`, `-.12`, `1.00`).
    package static func apa(_ value: Double?, _ digits: Int = 2) -> String {
        let s = fixed(value, digits)
        if s.hasPrefix("0.") { return String(s.dropFirst()) }
        if s.hasPrefix("-0.") { return "-" + s.dropFirst(2) }
        return s
    }

    /// A count with a comma every three digits (`1,984`, `12,345,678`).
    package static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A proportion as a percentage with `digits` decimals (`0.0432` → `4.3%`).
    package static func percent(_ p: Double?, _ digits: Int = 1) -> String {
        guard let p, p.isFinite else { return missing }
        return fixed(p * 100, digits) + "%"
    }

    /// A confidence level as a percentage without needless decimals (`0.95` → `95%`, `0.975` → `97.5%`).
    package static func level(_ level: Double) -> String {
        let pct = level * 100
        if abs(pct - pct.rounded()) < 1e-9 { return String(Int(pct.rounded())) + "%" }
        var s = String(format: "%.2f", pct)
        while s.hasSuffix("0") { s.removeLast() }
        return s + "%"
    }
}
