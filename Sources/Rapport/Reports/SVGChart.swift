import Foundation

/// Small building blocks of the HTML report's inline SVG charts: coordinates, escaping,
/// colour ramps, hatching patterns and axes. Every chart is plain SVG 1.1 markup (no
/// script, no external reference), titled and described for screen readers, and readable
/// without colour: series differ by lightness **and** by pattern or marker shape, and
/// values are printed as labels.
package enum SVGChart {
    /// A coordinate with one decimal (`12.5`), never `-0.0`.
    package static func n(_ x: Double) -> String {
        let s = String(format: "%.1f", x)
        return s == "-0.0" ? "0.0" : s
    }

    /// The opening tag, `<title>` and `<desc>` of an accessible chart.
    package static func open(id: String, width: Double, height: Double, title: String, desc: String) -> String {
        """
        <svg id="\(id)" class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" \
        viewBox="0 0 \(n(width)) \(n(height))" width="\(n(width))" height="\(n(height))">
        <title id="\(id)-title">\(XMLText.escape(title))</title>
        <desc id="\(id)-desc">\(XMLText.escape(desc))</desc>

        """
    }

    /// A diagonal hatching pattern `id` of `colour` strokes on `background`.
    package static func hatch(id: String, colour: String, background: String, angle: Int = 45) -> String {
        """
        <pattern id="\(id)" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(\(angle))">\
        <rect width="6" height="6" fill="\(background)"/><line x1="0" y1="0" x2="0" y2="6" stroke="\(colour)" stroke-width="2"/>\
        </pattern>
        """
    }

    /// `count` colours from light to dark blue (ordered by lightness, so they read in grey).
    package static func ramp(_ count: Int) -> [String] {
        let light = (222.0, 235.0, 247.0), dark = (8.0, 48.0, 107.0)
        return (0..<count).map { i in
            let t = count == 1 ? 1.0 : Double(i) / Double(count - 1)
            let c = [light.0 + (dark.0 - light.0) * t, light.1 + (dark.1 - light.1) * t,
                     light.2 + (dark.2 - light.2) * t]
            return "#" + c.map { String(format: "%02x", Int($0.rounded())) }.joined()
        }
    }

    /// Whether text on `colour` (a `#rrggbb` from ``ramp(_:)``) should be white.
    package static func needsLightText(_ colour: String) -> Bool {
        let hex = colour.dropFirst()
        guard hex.count == 6, let v = Int(hex, radix: 16) else { return false }
        let r = Double((v >> 16) & 0xff), g = Double((v >> 8) & 0xff), b = Double(v & 0xff)
        return 0.299 * r + 0.587 * g + 0.114 * b < 140
    }

    /// Tick values covering `[lo, hi]` at a "nice" step (1, 2 or 5 × 10^k), about `target` ticks.
    package static func ticks(_ lo: Double, _ hi: Double, target: Int = 6) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(max(1, target))
        let mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var t = (lo / step).rounded(.up) * step
        var out: [Double] = []
        while t <= hi + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// A tick label: integers plainly, else up to two decimals without trailing zeros
    /// (`1.5`, `4.25`; `.5` with `apa`).
    package static func tickLabel(_ v: Double, apa: Bool = false) -> String {
        if abs(v - v.rounded()) < 1e-9, abs(v) < 1e15 { return String(Int(v.rounded())) }
        var s = apa ? ReportNumber.apa(v) : ReportNumber.fixed(v)
        if apa, s.hasSuffix("0"), s.count > 3 { s.removeLast() }
        else if !apa { while s.hasSuffix("0") { s.removeLast() } }
        return s
    }
}
