import Foundation
import RapportTestSupport
import Testing
@testable import RapportStatistics

/// Reads a fixture CSV (header row, numbers, empty = missing) into rows of doubles.
func readFixtureCSV(_ name: String) throws -> (header: [String], rows: [[Double]]) {
    let lines = try Fixture.text(name).split(whereSeparator: \.isNewline)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        .map { $0.replacingOccurrences(of: "\"", with: "") }
    let rows = lines.dropFirst().map { line in
        line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan }
    }
    return (header, rows)
}

/// The moments of `items` (column names) of a fixture dataset.
func fixtureMoments(_ data: (header: [String], rows: [[Double]]), items: [String], reversed: [Bool],
                    categories: [Double]) -> ScaleMoments {
    let cols = items.map { data.header.firstIndex(of: $0)! }
    var m = ScaleMoments(itemCount: items.count, decimals: 0, categories: categories, reversed: reversed)
    for r in data.rows { m.add(row: cols.map { r[$0] }) }
    return m
}

/// psych 2.2.9 `alpha` on psychTools' bfi (five scales) and on seeded synthetic data,
/// pairwise and listwise (`make-alpha-reference.R` → alpha-reference.json).
///
/// Tolerance: closed-form statistics 1e-9 relative (absolute floor 1e-12 for values near 0);
/// response frequencies exact up to the division (1e-15).
@Suite struct AlphaReferenceTests {
    static let tol = 1e-9

    func check(_ label: String, _ what: String, _ got: Double, _ want: Double,
               tol: Double = AlphaReferenceTests.tol, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(isClose(got, want, relative: tol, absolute: 1e-12), "\(label) \(what): got \(got), psych \(want)",
                sourceLocation: sourceLocation)
    }

    @Test func psychAlphaCases() throws {
        let ref = try Fixture.json("alpha-reference.json")
        let bfi = try readFixtureCSV("bfi-items.csv")
        let syn = try readFixtureCSV("synthetic-items.csv")
        let cases = ref.list("cases")
        #expect(cases.count == 12)
        for c in cases {
            let label = c["label"] as! String
            let items = c["items"] as! [String]
            let reversed = c["reversed"] as! [Bool]
            let isBFI = (c["data"] as! String) == "bfi"
            let policy = MissingPolicy(rawValue: c["missing"] as! String)!
            let m = fixtureMoments(isBFI ? bfi : syn, items: items, reversed: reversed,
                                   categories: isBFI ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5])
            #expect(m.isExact)
            let r = AlphaAnalysis.analyze(m, options: AlphaOptions(missing: policy))
            let rows = Int(c.d("rows"))
            // psych's listwise reference ran on na.omit(x): its "rows" are our complete rows.
            #expect((policy == .pairwise ? r.n.rows : r.n.complete) == rows, "\(label) rows")
            #expect(r.n.complete == Int(c.d("complete")), "\(label) complete")
            check(label, "raw", r.coefficients.raw, c.d("raw"))
            check(label, "std", r.coefficients.standardized, c.d("std"))
            check(label, "G6", r.coefficients.g6, c.d("g6"))
            check(label, "average_r", r.coefficients.averageR, c.d("averageR"))
            check(label, "median_r", r.coefficients.medianR, c.d("medianR"))
            check(label, "var.r", r.coefficients.varR, c.d("varR"))
            check(label, "S/N", r.coefficients.signalToNoise, c.d("sn"))
            check(label, "ase", r.ase, c.d("ase"))
            check(label, "mean", r.scoreMean, c.d("mean"))
            check(label, "sd", r.scoreSD, c.d("sd"))
            let feldt = r.intervals.first { $0.method == .feldt }!
            let duh = r.intervals.first { $0.method == .duhachek }!
            #expect(feldt.n == rows && duh.n == rows && r.aseN == rows)
            check(label, "feldt lower", feldt.lower, c.doubles("feldt95")[0])
            check(label, "feldt upper", feldt.upper, c.doubles("feldt95")[1])
            check(label, "duhachek lower", duh.lower, c.doubles("duhachek95")[0])
            check(label, "duhachek upper", duh.upper, c.doubles("duhachek95")[1])
            let r90 = AlphaAnalysis.analyze(m, options: AlphaOptions(missing: policy, confidenceLevel: 0.90))
            let f90 = r90.intervals.first { $0.method == .feldt }!
            check(label, "feldt90 lower", f90.lower, c.doubles("feldt90")[0])
            check(label, "feldt90 upper", f90.upper, c.doubles("feldt90")[1])

            let drop = c.obj("drop"), stats = c.obj("stats")
            let freqValues = c.doubles("freqValues")
            let freq = (c["freq"] as! [Any]).map { ($0 as! [Any]).map { $0 as! Double } }
            let miss = c.doubles("miss")
            #expect(r.items.count == items.count)
            #expect(freqValues.count == m.categories.count && freq.count == items.count)
            #expect(drop.doubles("raw_alpha").count == items.count && stats.doubles("raw.r").count == items.count)
            for (i, it) in r.items.enumerated() {
                let l = "\(label) item \(items[i])"
                check(l, "drop raw", it.alphaIfDropped.raw, drop.doubles("raw_alpha")[i])
                check(l, "drop std", it.alphaIfDropped.standardized, drop.doubles("std.alpha")[i])
                check(l, "drop G6", it.alphaIfDropped.g6, drop.doubles("G6(smc)")[i])
                check(l, "drop average_r", it.alphaIfDropped.averageR, drop.doubles("average_r")[i])
                check(l, "drop S/N", it.alphaIfDropped.signalToNoise, drop.doubles("S/N")[i])
                check(l, "drop alpha se", it.aseIfDropped, drop.doubles("alpha se")[i])
                check(l, "drop var.r", it.alphaIfDropped.varR, drop.doubles("var.r")[i])
                check(l, "drop med.r", it.alphaIfDropped.medianR, drop.doubles("med.r")[i])
                #expect(it.n == Int(stats.doubles("n")[i]), "\(l) n")
                check(l, "raw.r", it.rawR, stats.doubles("raw.r")[i])
                check(l, "std.r", it.stdR, stats.doubles("std.r")[i])
                check(l, "r.cor", it.rCor, stats.doubles("r.cor")[i])
                check(l, "r.drop", it.rDrop, stats.doubles("r.drop")[i])
                check(l, "mean", it.mean, stats.doubles("mean")[i])
                check(l, "sd", it.sd, stats.doubles("sd")[i])
                for (v, p) in zip(freqValues, freq[i]) {
                    let ci = m.categories.firstIndex(of: v)!
                    check(l, "freq \(v)", it.frequencies[ci], p, tol: 1e-15)
                }
                check(l, "miss", it.missing, miss[i], tol: 1e-12)
            }
            // Pairwise covariance and correlation matrices (cor(x, use="pairwise") for ω & co.).
            if policy == .pairwise {
                let k = items.count
                let cov = m.covariance(.pairwise).covariance
                let cor = m.correlation(.pairwise)
                let rc = c.doubles("covPairwise"), rr = c.doubles("corPairwise")
                for i in 0..<k { for j in 0..<k {
                    // R matrices are column-major; ours row-major (both symmetric).
                    check(label, "cov[\(i),\(j)]", cov[i * k + j], rc[j * k + i])
                    check(label, "cor[\(i),\(j)]", cor[i * k + j], rr[j * k + i])
                } }
            }
        }
    }
}
