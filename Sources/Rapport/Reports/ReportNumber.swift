import Foundation

/// Number formatting shared by every report (text, Markdown, HTML, `check`'s gates): the one
/// fixed-decimals formatter.
///
/// APA 7 conventions: a statistic that cannot exceed 1 in absolute value (α, ω, r, a
/// proportion) is written **without** a leading zero (`.87`, `-.12`); other values keep it
/// (`0.53`, `12.40`). Counts get a thousands separator (`1,984`). Rounding is `printf`'s
/// `%.*f` (correctly rounded from the binary double, as R prints) in every format; a value
/// that rounds to zero loses its sign (`-0.001` →
/// `.00`). Non-finite or absent values print `—` (Markdown/HTML) so a table never shows `nan`.
package enum ReportNumber {
    /// The placeholder for an absent or undefined value.
    package static let missing = "—"

    /// `value` with `digits` decimals and a leading zero (`0.53`, `-1.20`), never `-0.00`;
    /// ``missing`` for `nil`, NaN and ±∞. Rounded as `printf("%.*f")` and R's `round` and
    /// `sprintf` do: correctly from the exact binary value, ties to even (`0.125` → `0.12`,
    /// `2.5` → `2`; `0.15` is 0.1499… in binary, so `0.1`). Any finite value prints all its
    /// digits (`1e19` → `10000000000000000000.00`): no integer conversion can overflow.
    package static func fixed(_ value: Double?, _ digits: Int = 2) -> String {
        guard let value, value.isFinite else { return missing }
        var s = String(format: "%.\(digits)f", value)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
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
