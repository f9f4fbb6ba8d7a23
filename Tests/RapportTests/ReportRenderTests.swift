import Foundation
import Testing
@testable import Rapport
import RapportStatistics

/// A small, fully determined report: two scales on seeded synthetic data (one reversed
/// item, one weak item whose removal raises α, 2% missing cells), and a histogram.
enum ReportSample {
    static func report() -> ReliabilityReport {
        var g = SeededGenerator(seed: 7)
        let rows = 1_250
        let cats: [Double] = [1, 2, 3, 4, 5]
        var task = ScaleMoments(itemCount: 4, decimals: 0, categories: cats, reversed: [false, false, true, false])
        var bond = ScaleMoments(itemCount: 3, decimals: 0, categories: cats, reversed: [false, false, false])
        func item(_ latent: Double, _ loading: Double, _ g: inout SeededGenerator) -> Double {
            let v = (3 + loading * latent + (1 - loading * loading).squareRoot() * g.nextNormal()).rounded()
            return g.nextUniform() < 0.02 ? .nan : min(5, max(1, v))
        }
        for _ in 0..<rows {
            let t = g.nextNormal(), b = 0.5 * t + 0.87 * g.nextNormal()
            var r1 = [item(t, 0.8, &g), item(t, 0.7, &g), item(-t, 0.75, &g), item(t, 0.1, &g)]
            r1[2] = r1[2].isNaN ? .nan : r1[2]
            task.add(row: r1)
            bond.add(row: [item(b, 0.8, &g), item(b, 0.7, &g), item(b, 0.65, &g)])
        }
        let options = AlphaOptions()
        let scales = [
            ScaleReliability.analyze(id: "task", itemIDs: ["t1", "t2", "t3r", "t4"], moments: task, options: options),
            ScaleReliability.analyze(id: "bond", itemIDs: ["b1", "b2", "b3"], moments: bond, options: options),
        ]
        return ReliabilityReport(
            version: "0.1.0",
            input: .init(path: "sample.csv", rows: rows, sha256: String(repeating: "ab", count: 32)),
            instrument: .init(id: "sample", version: "1.0", sha256: String(repeating: "cd", count: 32)),
            options: .init(alpha: options, seed: 1), scales: scales)
    }

    static func histogram() -> ScoreHistogram {
        var h = ScoreHistogram(scale: "task", range: 4...20, integral: true,
                               cutoffs: [.init(value: 10, label: "low alliance")],
                               bands: [.init(lower: 4, upper: 9.5, label: "low"), .init(lower: 9.5, upper: 20, label: "adequate")])
        var g = SeededGenerator(seed: 3)
        for _ in 0..<1_250 {
            let s = (14 + 3 * g.nextNormal()).rounded()
            h.add(g.nextUniform() < 0.03 ? .nan : min(20, max(4, s)))
        }
        return h
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reports")
    }

    /// Compares `actual` with the committed snapshot; `RAPPORT_UPDATE_SNAPSHOTS=1` rewrites it.
    static func expectSnapshot(_ actual: String, named name: String) throws {
        let url = fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RAPPORT_UPDATE_SNAPSHOTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(name) differs; rerun with RAPPORT_UPDATE_SNAPSHOTS=1 and review the diff")
    }
}

@Suite struct ReportNumberTests {
    @Test func apaDropsTheLeadingZeroOfBoundedCoefficients() {
        #expect(ReportNumber.apa(0.8712) == ".87")
        #expect(ReportNumber.apa(-0.123) == "-.12")
        #expect(ReportNumber.apa(1) == "1.00")
        #expect(ReportNumber.apa(-0.001) == ".00")
        #expect(ReportNumber.apa(nil) == "—")
        #expect(ReportNumber.apa(.nan) == "—")
        #expect(ReportNumber.fixed(0.5349) == "0.53")
        #expect(ReportNumber.fixed(-0.004) == "0.00")
    }

    @Test func countsGetThousandsSeparators() {
        #expect(ReportNumber.grouped(1_984) == "1,984")
        #expect(ReportNumber.grouped(999) == "999")
        #expect(ReportNumber.grouped(12_345_678) == "12,345,678")
        #expect(ReportNumber.grouped(-1_000) == "-1,000")
        #expect(ReportNumber.grouped(0) == "0")
    }

    @Test func levelsAndPercentages() {
        #expect(ReportNumber.level(0.95) == "95%")
        #expect(ReportNumber.level(0.975) == "97.5%")
        #expect(ReportNumber.percent(0.0432) == "4.3%")
    }
}

@Suite struct ReportMarkdownTests {
    @Test func apaSentenceStatesCoefficientsCIAndN() throws {
        let s = ReportSample.report().scales[0]
        let ci = try #require(s.primaryInterval)
        #expect(ci.method == .feldt)
        let expected = "Cronbach's α = \(ReportNumber.apa(s.alpha.raw)), 95% CI [\(ReportNumber.apa(ci.lower)), "
            + "\(ReportNumber.apa(ci.upper))], N = 1,250; ω = \(ReportNumber.apa(s.omega?.total))."
        #expect(s.apaSentence == expected)
        #expect(!s.apaSentence.contains("0."))
        let note = s.apaNote(options: ReportSample.report().options)
        #expect(note.contains("CI: Feldt"))
        #expect(note.contains("N: all rows read"))
    }

    @Test func markdownMatchesSnapshot() throws {
        let md = ReliabilityMarkdown.render(ReportSample.report())
        try ReportSample.expectSnapshot(md, named: "sample.md")
        #expect(!md.contains("Generated"))
        let stamped = ReliabilityMarkdown.render(ReportSample.report(), stamp: "2026-11-26T16:00:00Z")
        #expect(stamped.contains("| Generated | 2026-11-26T16:00:00Z |"))
    }

    @Test func markdownCarriesProvenance() {
        let md = ReliabilityMarkdown.render(ReportSample.report())
        for needle in ["| Rapport | 0.1.0 |", "| Instrument | sample 1.0 |", "`" + String(repeating: "cd", count: 32) + "`",
                       "| Input | sample.csv (1,250 rows) |", "missing=pairwise", "| Seed | 1 |"] {
            #expect(md.contains(needle), "missing \(needle)")
        }
    }

    @Test func tableCellsEscapePipes() {
        var r = ReportSample.report()
        r.scales[0].itemStatistics[0].id = "a|b"
        #expect(ReliabilityMarkdown.render(r).contains("| a\\|b |"))
    }
}

@Suite struct ReportHistogramTests {
    @Test func integralScoresGetOneBinPerPoint() {
        var h = ScoreHistogram(scale: "s", range: 4...20, integral: true)
        #expect(h.counts.count == 17)
        #expect(h.binWidth == 1)
        for v in [4.0, 4, 20, 12, .nan, 21] { h.add(v) }
        #expect(h.counts[0] == 2 && h.counts[16] == 1 && h.counts[8] == 1)
        #expect(h.missing == 1 && h.outOfRange == 1 && h.total == 4)
    }

    @Test func meansGetEqualBinsAndTheTopEdgeIsClosed() {
        var h = ScoreHistogram(scale: "s", range: 1...5, bins: 8)
        #expect(h.counts.count == 8 && h.binWidth == 0.5)
        for v in [1.0, 1.49, 1.5, 5.0] { h.add(v) }
        #expect(h.counts == [2, 1, 0, 0, 0, 0, 0, 1])
    }

    @Test func mergeInAnyOrderGivesTheSameCounts() {
        let values = (0..<500).map { Double(($0 * 7919) % 17 + 4) }
        var whole = ScoreHistogram(scale: "s", range: 4...20, integral: true)
        values.forEach { whole.add($0) }
        var a = ScoreHistogram(scale: "s", range: 4...20, integral: true)
        var b = a
        values[..<123].forEach { a.add($0) }
        values[123...].forEach { b.add($0) }
        var ba = b
        ba.merge(a)
        a.merge(b)
        #expect(a == whole && ba == whole)
    }
}
