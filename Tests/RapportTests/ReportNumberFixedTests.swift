import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// The one fixed-decimals formatter (``ReportNumber/fixed(_:_:)``), one rounding for the text
/// report (``ReliabilityText``) and Markdown, HTML and `check`. Expected strings are worked by hand from the
/// binary value (e.g. 0.125 is exact, so it is a true tie; 0.15 is 0.1499999999999999944…,
/// and 0.15 · 10 rounds to exactly 1.5 in double precision).
@Suite struct ReportNumberFixedTests {
    typealias N = ReportNumber

    /// Every format (text, Markdown, HTML, `check`) rounds as `printf` and R's `round` do: ties
    /// to even on the exact binary value (R 4.x: round(0.125, 2) = 0.12, round(2.5) = 2,
    /// round(0.15, 1) = 0.1). The text report rounded half away from zero until this change
    /// (0.125 → 0.13 beside Markdown's 0.12 in the same run).
    @Test func exactAsMarkdownAndHTML() {
        let cases: [(Double, Int, String)] = [
            (0.5349, 2, "0.53"), (0.125, 2, "0.12"), (-0.125, 2, "-0.12"), (2.5, 0, "2"), (3.5, 0, "4"),
            (0.15, 1, "0.1"), (-0.004, 2, "0.00"), (-0.0, 2, "0.00"), (12.4, 2, "12.40"), (0.7, 4, "0.7000"),
            (8.99e16, 2, "89900000000000000.00"), (1e19, 2, "10000000000000000000.00"),
            (-2.5e20, 0, "-250000000000000000000"),
        ]
        for (x, d, expected) in cases {
            #expect(N.fixed(x, d) == expected, "\(x) to \(d)")
            #expect(ReliabilityText.f(x, 0, d) == expected, "text report: \(x) to \(d)")
        }
    }

    /// Huge and non-finite values: every finite double prints all its digits; NaN, ±∞ and
    /// `nil` print the placeholder (the text report's `NA` and `—%` come from its own cells).
    @Test func hugeAndNonFinite() {
        let max = N.fixed(.greatestFiniteMagnitude, 1)
        #expect(max.hasPrefix("17976931348623157") && max.count == 311)
        #expect(N.fixed(-.greatestFiniteMagnitude, 0).count == 310)
        for x in [Double.nan, .infinity, -.infinity] { #expect(N.fixed(x, 2) == "—") }
        #expect(N.fixed(nil, 2) == "—")
        #expect(ReliabilityText.f(.nan, 5) == "   NA" && ReliabilityText.f(nil, 4) == "  NA")
        #expect(ReliabilityText.f(.infinity, 3) == " NA" && ReliabilityText.f(1e19, 0, 0) == "10000000000000000000")
        #expect(ReliabilityText.f(0.125, 6) == "  0.12" && ReliabilityText.f(-0.004, 6, 2) == "  0.00")
        #expect(ReliabilityText.pct(0.95) == "95%" && ReliabilityText.pct(0.975) == "97.5%")
        // The text report names a level as Markdown and HTML do (it printed 0.9999 as "100.0%").
        for level in [0.5, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9999, 1.0] {
            #expect(ReliabilityText.pct(level) == ReportNumber.level(level), "\(level)")
        }
        #expect(ReliabilityText.pct(0.9999) == "99.99%")
        #expect(ReliabilityText.pct(.nan) == "—%" && ReliabilityText.pct(.infinity) == "—%")
        #expect(ReliabilityText.pct(1e17) == "10000000000000000000.0%")
    }
}
