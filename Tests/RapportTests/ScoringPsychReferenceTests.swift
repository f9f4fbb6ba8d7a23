import Testing
@testable import Rapport

/// Scores equal `psych::scoreItems(keys, items, impute = "none")` mean scores.
///
/// Reference files come from `Fixtures/scoring/make-scoreitems-reference.R` (psych 2.2.9).
/// psych reverses with the observed item range unless `min`/`max` are given; for bfi the
/// observed range is 1..6, the same as the declared one, and for the synthetic file the R
/// script passes `min = 0, max = 4`, so both follow the declared-range rule Rapport uses.
/// Tolerance: 1e-12 relative (psych's matrix products and our exact integer sums differ in
/// rounding order only).
@Suite struct ScoringPsychReferenceTests {
    func compare(data: String, reference: String, scales: [String], range: String) throws {
        let (header, rows) = try scReadCSV(data)
        let (refHeader, refRows) = try scReadCSV(reference)
        let quick = try scales.map { try QuickScale.parse($0) }
        let inst = try QuickScale.instrument(scales: quick, range: .parse(range), scoring: .mean)
        let columns = inst.items.map(\.column)
        let block = scBlockFrom(header, rows, columns: columns)
        let out = try scScorer(inst).score(block)
        #expect(out.rowCount == refRows.count)
        var compared = 0, missing = 0
        for (j, scale) in inst.scales.enumerated() {
            let rc = try #require(refHeader.firstIndex(of: scale.id))
            for r in 0..<refRows.count {
                let got = out.score(row: r, scale: j)
                let want = refRows[r][rc]
                if want.isEmpty {
                    #expect(got.isNaN, "row \(r + 1) \(scale.id)")
                    missing += 1
                } else {
                    let w = try #require(Double(want))
                    #expect(abs(got - w) <= 1e-12 * max(1, abs(w)), "row \(r + 1) \(scale.id): \(got) vs \(w)")
                    compared += 1
                }
            }
        }
        #expect(compared > 0)
    }

    @Test func bfiFiveScales() throws {
        // psychTools::bfi.keys
        try compare(data: "bfi.csv", reference: "bfi-scoreitems.csv", scales: [
            "agree=-A1,A2,A3,A4,A5",
            "conscientious=C1,C2,C3,-C4,-C5",
            "extraversion=-E1,-E2,E3,E4,E5",
            "neuroticism=N1,N2,N3,N4,N5",
            "openness=O1,-O2,O3,O4,-O5",
        ], range: "1-6")
    }

    @Test func syntheticWithWholeScalesMissing() throws {
        try compare(data: "synthetic.csv", reference: "synthetic-scoreitems.csv", scales: [
            "first=s1,s2,-s3,s4",
            "second=s5,-s6,s7,s8",
        ], range: "0-4")
    }
}
