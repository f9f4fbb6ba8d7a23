import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// The one fixed-decimals formatter (``ReportNumber/fixed(_:_:rounding:)``) at both of its
/// former homes: the text report (``ReliabilityText``, half away from zero) and Markdown, HTML
/// and `check` (`printf`'s exact rounding). Expected strings are worked by hand from the
/// binary value (e.g. 0.125 is exact, so it is a true tie; 0.15 is 0.1499999999999999944…,
/// and 0.15 · 10 rounds to exactly 1.5 in double precision).
@Suite struct ReportNumberFixedTests {
    typealias N = ReportNumber

    /// What the text report always printed (the former `ReliabilityText.fixed`).
    @Test func halfAwayFromZeroAsTheTextReport() {
        let cases: [(Double, Int, String)] = [
            (0.5349, 2, "0.53"), (0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (2.5, 0, "3"), (-2.5, 0, "-3"),
            (0.15, 1, "0.2"), (-0.001, 2, "0.00"), (-0.0, 2, "0.00"), (0, 0, "0"), (12.4, 2, "12.40"),
            (0.05, 3, "0.050"), (1234.5678, 3, "1234.568"), (0.999, 2, "1.00"),
            // The last values below Int64's grid (scaled < 9e18) and the first above it.
            (8.99e16, 2, "89900000000000000.00"), (-8.99e16, 2, "-89900000000000000.00"),
            (9.2e16, 2, "92000000000000000.00"), (1e19, 2, "10000000000000000000.00"),
            (-2.5e20, 0, "-250000000000000000000"),
        ]
        for (x, d, expected) in cases {
            #expect(N.fixed(x, d, rounding: .halfAwayFromZero) == expected, "\(x) to \(d)")
        }
    }

    /// What Markdown, HTML and `check` always printed (`printf`: ties to even on the exact value).
    @Test func exactAsMarkdownAndHTML() {
        let cases: [(Double, Int, String)] = [
            (0.5349, 2, "0.53"), (0.125, 2, "0.12"), (-0.125, 2, "-0.12"), (2.5, 0, "2"), (3.5, 0, "4"),
            (0.15, 1, "0.1"), (-0.004, 2, "0.00"), (-0.0, 2, "0.00"), (12.4, 2, "12.40"), (0.7, 4, "0.7000"),
            (8.99e16, 2, "89900000000000000.00"), (1e19, 2, "10000000000000000000.00"),
            (-2.5e20, 0, "-250000000000000000000"),
        ]
        for (x, d, expected) in cases {
            #expect(N.fixed(x, d) == expected, "\(x) to \(d)")
            #expect(N.fixed(x, d, rounding: .exact) == expected, "\(x) to \(d)")
        }
    }

    /// Huge and non-finite values: every finite double prints all its digits under both
    /// roundings, identically; NaN, ±∞ and `nil` print the placeholder (the text report's `NA`
    /// and `—%` come from its own cells).
    @Test func hugeAndNonFinite() {
        let max = N.fixed(.greatestFiniteMagnitude, 1, rounding: .halfAwayFromZero)
        #expect(max == N.fixed(.greatestFiniteMagnitude, 1) && max.hasPrefix("17976931348623157") && max.count == 311)
        #expect(N.fixed(-.greatestFiniteMagnitude, 0, rounding: .halfAwayFromZero).count == 310)
        for rounding in [ReportNumber.Rounding.exact, .halfAwayFromZero] {
            for x in [Double.nan, .infinity, -.infinity] { #expect(N.fixed(x, 2, rounding: rounding) == "—") }
            #expect(N.fixed(nil, 2, rounding: rounding) == "—")
        }
        #expect(ReliabilityText.f(.nan, 5) == "   NA" && ReliabilityText.f(nil, 4) == "  NA")
        #expect(ReliabilityText.f(.infinity, 3) == " NA" && ReliabilityText.f(1e19, 0, 0) == "10000000000000000000")
        #expect(ReliabilityText.f(0.125, 6) == "  0.13" && ReliabilityText.f(-0.004, 6, 2) == "  0.00")
        #expect(ReliabilityText.pct(0.95) == "95%" && ReliabilityText.pct(0.975) == "97.5%")
        #expect(ReliabilityText.pct(.nan) == "—%" && ReliabilityText.pct(.infinity) == "—%")
        #expect(ReliabilityText.pct(1e17) == "10000000000000000000.0%")
    }

    /// Away from ties the two roundings agree: 20,000 seeded values on a grid of 1e-2 and
    /// 1e-4 with offsets from ties of at least 1e-9 of a unit.
    @Test func theRoundingsAgreeAwayFromTies() {
        var g = SeededGenerator(seed: 12)
        var compared = 0
        for _ in 0..<20_000 {
            let digits = g.nextUniform() < 0.5 ? 2 : 4
            let x = (g.nextUniform() * 2 - 1) * 1_000
            var p = 1.0
            for _ in 0..<digits { p *= 10 }
            let frac = abs(x * p) - (abs(x * p)).rounded(.down)
            guard abs(frac - 0.5) > 1e-6 else { continue }
            compared += 1
            #expect(N.fixed(x, digits, rounding: .halfAwayFromZero) == N.fixed(x, digits), "\(x) to \(digits)")
        }
        #expect(compared > 19_900)
    }
}
