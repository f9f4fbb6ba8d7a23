import Foundation
import Testing
@testable import Rapport
import RapportStatistics

/// `rapport check`'s gates, evaluated in the library: the limits, the invalid rate, each gate's
/// outcome on a known report, and the result documents. End-to-end runs are in
/// RapportCLITests.
@Suite struct QualityCheckTests {
    @Test func limitsAskOnlyForTheGatesGiven() {
        #expect(QualityCheck.Limits().byGate == [.minAlpha: 0.70, .maxMissingRate: 0.10, .maxInvalidRate: 0.05])
        let all = QualityCheck.Limits(minAlpha: 0.8, minOmega: 0.75, maxMissingRate: 0.2, maxInvalidRate: 0.01,
                                      maxFlaggedRate: 0.1)
        #expect(all.byGate == [.minAlpha: 0.8, .minOmega: 0.75, .maxMissingRate: 0.2, .maxInvalidRate: 0.01,
                               .maxFlaggedRate: 0.1])
    }

    @Test func invalidRateCountsTheThreeInvalidKindsOverEveryItemCell() {
        var data = DataReport(file: "x.csv", policy: .missing)
        #expect(QualityCheck.invalidRate(data, itemColumns: 4) == nil)
        data.rowsRead = 50
        data.findingCounts = ["non-numeric": 3, "out-of-range": 2, "off-grid": 5, "ragged-row": 7]
        // (3 + 2 + 5) of 50 rows × 4 items; ragged rows are not invalid cells.
        #expect(QualityCheck.invalidRate(data, itemColumns: 4) == 10.0 / 200)
        #expect(QualityCheck.invalidRate(data, itemColumns: 0) == nil)
    }

    @Test func gatesPassFailAndUndefined() throws {
        let report = ReportSample.report()
        let lowest = try #require(report.scales.compactMap(\.alpha.raw).min())
        let check = QualityCheck(report: report, limits: QualityCheck.Limits(minAlpha: lowest).byGate,
                                 invalidRate: nil, flaggedRates: [("sample", 0.2)])
        #expect(check.results.filter { $0.gate == .minAlpha }.allSatisfy { $0.outcome == .passed })
        // An undefined invalid rate fails: it cannot show the data are fit.
        let invalid = try #require(check.results.first { $0.gate == .maxInvalidRate })
        #expect(invalid.outcome == .failed && invalid.value == nil && invalid.reason == "the value is undefined")
        #expect(!check.results.contains { $0.gate == .maxFlaggedRate })  // not asked for
        let flagged = QualityCheck(report: report, limits: [.maxFlaggedRate: 0.1], invalidRate: 0,
                                   flaggedRates: [("sample", 0.2)])
        #expect(flagged.results.map(\.outcome) == [.failed] && !flagged.passed)
        #expect(flagged.failures.first?.message == "sample: max-flagged-rate failed: flagged rate = 0.2 > 0.1")
    }

    @Test func documentsCarryTheVerdictAndTheReport() throws {
        let report = ReportSample.report()
        let check = QualityCheck(report: report, limits: QualityCheck.Limits().byGate, invalidRate: 0)
        let json = try check.document(.json, report: report, stamp: nil)
        let top = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(top.keys) == ["passed", "gates", "report"] && json.hasSuffix("}\n"))
        #expect((top["gates"] as? [Any])?.count == check.results.count)
        #expect(try check.document(.text, report: report, stamp: nil) == check.text())
        #expect(try check.document(.junit, report: report, stamp: nil) == check.junit().xml())
        let md = try check.document(.markdown, report: report, stamp: nil)
        #expect(md.hasPrefix("## Quality gates\n") && md.contains("\n## Reliability\n") && !md.contains("# Reliability report"))
        #expect(QualityCheck.Format.allCases.map(\.rawValue) == ["text", "json", "md", "junit"])
    }
}
