import Foundation
import RapportTestSupport
import Testing
@testable import RapportStatistics

/// A fixture written by `Fixtures/careless/make-careless-reference.R` (careless 1.2.1, R 4.2).
struct CarelessFixture {
    let rows: [[Double]]
    let json: [String: Any]

    init(_ name: String) throws {
        let dir = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/careless")
        let csv = try String(contentsOf: dir.appendingPathComponent("\(name).csv"), encoding: .utf8)
        rows = csv.split(separator: "\n").dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan }
        }
        let data = try Data(contentsOf: dir.appendingPathComponent("\(name)-reference.json"))
        json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A numeric vector with `null` (R's NA) as NaN.
    func vector(_ key: String) -> [Double] {
        (json[key] as! [Any]).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }
    func ints(_ key: String) -> [Int] { (json[key] as! [Any]).map { ($0 as! NSNumber).intValue } }

    var subscales: [[Int]] {
        var start = 0
        return ints("factors").map { n in
            defer { start += n }
            return Array(start..<(start + n))
        }
    }
    var keyedRows: [[Double]] {
        let rev = Set(ints("reversed")), range = vector("range")
        return rows.map { row in
            row.enumerated().map { rev.contains($0.offset) ? range[0] + range[1] - $0.element : $0.element }
        }
    }
}

@Suite struct CarelessTests {
    static let datasets = ["bfi25", "synthetic12"]

    @Test(arguments: datasets) func longstringMatchesCareless(_ name: String) throws {
        let f = try CarelessFixture(name)
        let longest = f.ints("longstring"), average = f.vector("averageString")
        let longestK = f.ints("longstringKeyed"), averageK = f.vector("averageStringKeyed")
        let keyed = f.keyedRows
        #expect(f.rows.count == longest.count)
        for (i, row) in f.rows.enumerated() {
            let raw = Careless.longstring(row), k = Careless.longstring(keyed[i])
            #expect(raw.longest == longest[i], "row \(i + 1)")
            #expect(isClose(raw.average, average[i], relative: 1e-9, absolute: 1e-9), "row \(i + 1)")
            #expect(k.longest == longestK[i], "row \(i + 1)")
            #expect(isClose(k.average, averageK[i], relative: 1e-9, absolute: 1e-9), "row \(i + 1)")
        }
    }

    @Test(arguments: datasets) func irvMatchesCarelessOnCompleteRows(_ name: String) throws {
        let f = try CarelessFixture(name)
        let reference = f.vector("irv")
        var compared = 0
        for (i, row) in f.rows.enumerated() {
            if row.contains(where: \.isNaN) {
                // careless returns NA for any missing answer; Rapport uses the answered items.
                #expect(reference[i].isNaN)
                #expect(!Careless.irv(row).isNaN)
            } else {
                #expect(isClose(Careless.irv(row), reference[i], relative: 1e-9, absolute: 1e-9), "row \(i + 1)")
                compared += 1
            }
        }
        #expect(compared > f.rows.count / 2)
    }

    @Test(arguments: datasets) func mahalanobisMatchesCareless(_ name: String) throws {
        let f = try CarelessFixture(name)
        let means = f.vector("mahadMeans"), inverse = f.vector("mahadInverse")
        let reference = f.vector("mahad")
        for (i, row) in f.rows.enumerated() {
            let (d2, answered) = Careless.mahalanobis(row, means: means, inverseCovariance: inverse)
            #expect(isClose(d2, reference[i], relative: 1e-9, absolute: 1e-9), "row \(i + 1): \(d2) vs \(reference[i])")
            #expect(answered == row.filter { !$0.isNaN }.count)
        }
    }

    @Test(arguments: datasets) func momentsGiveRsMeansAndInversePairwiseCovariance(_ name: String) throws {
        let f = try CarelessFixture(name)
        let k = f.rows[0].count
        // Accumulate in uneven chunks and merge in order, as the pipeline does.
        var total = CarelessMoments(itemCount: k)
        var start = 0
        for size in [1, 7, 100, 3] + Array(repeating: 500, count: 10) where start < f.rows.count {
            var part = CarelessMoments(itemCount: k)
            for row in f.rows[start..<min(start + size, f.rows.count)] { part.add(row) }
            total.merge(part)
            start += size
        }
        #expect(start >= f.rows.count)
        let means = f.vector("mahadMeans"), inverse = f.vector("mahadInverse")
        for (a, b) in zip(total.means, means) { #expect(isClose(a, b, relative: 1e-12, absolute: 1e-12)) }
        let inv = try #require(total.inverseCovariance())
        for i in 0..<k {
            for j in 0..<k {
                // R writes the matrix column-major; it is symmetric.
                #expect(isClose(inv[i * k + j], inverse[j * k + i], relative: 1e-9, absolute: 1e-9))
            }
        }
        let reference = f.vector("mahad")
        for (i, row) in f.rows.enumerated() {
            let d2 = Careless.mahalanobis(row, means: total.means, inverseCovariance: inv).d2
            #expect(isClose(d2, reference[i], relative: 1e-9, absolute: 1e-9), "row \(i + 1)")
        }
    }

    @Test func singularCovarianceHasNoInverse() {
        var m = CarelessMoments(itemCount: 3)
        for r in [[1.0, 2, 3], [2, 2, 4], [3, 2, 1], [4, 2, 2]] { m.add(r) }   // item 2 constant
        #expect(m.inverseCovariance() == nil)
        var few = CarelessMoments(itemCount: 2)
        few.add([1, 2])
        #expect(few.inverseCovariance() == nil)
    }

    @Test(arguments: datasets) func evenOddMatchesCareless(_ name: String) throws {
        let f = try CarelessFixture(name)
        let reference = f.vector("evenodd")
        let subscales = f.subscales
        var defined = 0
        for (i, row) in f.keyedRows.enumerated() {
            let eo = Careless.evenOdd(row, subscales: subscales)
            #expect(isClose(eo, reference[i], relative: 1e-9, absolute: 1e-9), "row \(i + 1): \(eo) vs \(reference[i])")
            if !eo.isNaN { defined += 1 }
        }
        #expect(defined > f.rows.count / 2)
    }

    @Test(arguments: datasets) func antonymPairsAndIndexMatchTheRDefinition(_ name: String) throws {
        let f = try CarelessFixture(name)
        let rev = Set(f.ints("reversed"))
        let pairs = Careless.antonymPairs(subscales: f.subscales, reversed: { rev.contains($0) })
        let expected = (f.json["antonymPairs"] as! [[NSNumber]]).map { ($0[0].intValue, $0[1].intValue) }
        #expect(pairs.map(\.reversed) == expected.map(\.0))
        #expect(pairs.map(\.partner) == expected.map(\.1))
        let reference = f.vector("antonym")
        for (i, row) in f.rows.enumerated() {
            #expect(isClose(Careless.antonym(row, pairs: pairs), reference[i], relative: 1e-9, absolute: 1e-9), "row \(i + 1)")
        }
    }

    @Test(arguments: datasets) func personTotalMatchesTheRDefinition(_ name: String) throws {
        let f = try CarelessFixture(name)
        let keyed = f.keyedRows
        let k = keyed[0].count
        let means = (0..<k).map { j -> Double in
            let v = keyed.map { $0[j] }.filter { !$0.isNaN }
            return v.reduce(0, +) / Double(v.count)
        }
        let reference = f.vector("personTotal")
        for (i, row) in keyed.enumerated() {
            #expect(isClose(Careless.personTotal(row, itemMeans: means), reference[i], relative: 1e-9, absolute: 1e-9), "row \(i + 1)")
        }
    }

    @Test func chiSquareUpperTailMatchesPchisq() throws {
        let dir = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/careless")
        let data = try Data(contentsOf: dir.appendingPathComponent("chisq-reference.json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: [Double]]
        for (i, q) in json["q"]!.enumerated() {
            let p = Careless.mahalanobisPValue(q, answered: Int(json["df"]![i]))
            let expected = json["p"]![i]
            #expect(abs(p - expected) <= 1e-12 * expected + 1e-300, "q=\(q) df=\(json["df"]![i]): \(p) vs \(expected)")
        }
    }

    @Test func edgeCases() {
        #expect(Careless.longstring([]).longest == 0)
        let broken = Careless.longstring([2, 2, .nan, .nan, 2, 2, 2])
        #expect(broken.longest == 3)
        #expect(broken.average == 7.0 / 4.0)
        #expect(Careless.irv([3]).isNaN)
        #expect(Careless.irv([1, .nan, 3]) == 2.0.squareRoot())
        #expect(Careless.mahalanobis([.nan, .nan], means: [1, 1], inverseCovariance: [1, 0, 0, 1]).d2.isNaN)
        #expect(Careless.mahalanobisPValue(.nan, answered: 3).isNaN)
        #expect(Careless.mahalanobisPValue(0, answered: 3) == 1)
        // Perfectly consistent halves: r = 1, Spearman–Brown 1, careless sign −1.
        #expect(Careless.evenOdd([1, 1, 3, 3, 5, 5], subscales: [[0, 1], [2, 3], [4, 5]]) == -1)
        // Opposed halves: r = −1 gives −∞ before the clamp; careless reports +1.
        #expect(Careless.evenOdd([1, 5, 3, 3, 5, 1], subscales: [[0, 1], [2, 3], [4, 5]]) == 1)
        #expect(Careless.evenOdd([1, 1, 3, 3], subscales: [[0, 1, 2, 3]]).isNaN)
        #expect(Careless.pearson([1.1, 1.1, 1.1], [1, 2, 3]).isNaN)
        #expect(Careless.antonym([1, 5, 2, 4], pairs: [(0, 1), (2, 3)]).isNaN)
    }
}
