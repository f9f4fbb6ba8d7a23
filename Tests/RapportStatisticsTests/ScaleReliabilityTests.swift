import Foundation
import RapportTestSupport
import Testing
@testable import RapportStatistics

/// The JSON contract of a scale's section of the reliability report (issue 4 §6) and the
/// warnings psych users rely on. The report around the scales is tested in RapportTests.
@Suite struct ScaleReliabilityTests {
    static func agreeableness(reversed: [Bool] = [true, false, false, false, false]) throws -> ScaleMoments {
        let bfi = try readFixtureCSV("bfi-items.csv")
        return fixtureMoments(bfi, items: ["A1", "A2", "A3", "A4", "A5"], reversed: reversed,
                              categories: [1, 2, 3, 4, 5, 6])
    }

    static func encode<T: Encodable>(_ v: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(v)
    }

    @Test func scaleContractKeysAndDeterministicBytes() throws {
        let m = try Self.agreeableness()
        let ids = ["A1", "A2", "A3", "A4", "A5"]
        let scale = ScaleReliability.analyze(id: "agreeableness", itemIDs: ids, moments: m)
        let data = try Self.encode(scale)
        #expect(try Self.encode(scale) == data)
        let s = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(s.keys) == ["id", "reversed", "excluded", "n", "alpha", "omega", "splitHalf", "score", "sem", "items", "multilevel"])
        #expect(s["reversed"] as? [String] == ["A1"])
        let n = try #require(s["n"] as? [String: Any])
        #expect(n["rows"] as? Int == 2800 && n["complete"] as? Int == 2709)
        let alpha = try #require(s["alpha"] as? [String: Any])
        #expect(Set(alpha.keys) == ["raw", "standardized", "g6", "averageR", "medianR", "signalToNoise", "ase", "ci"])
        let ci = try #require(alpha["ci"] as? [[String: Any]])
        #expect(ci.map { $0["method"] as? String } == ["feldt", "duhachek"])
        #expect(ci.allSatisfy { $0["n"] as? Int == 2800 && $0["level"] as? Double == 0.95 })
        let omega = try #require(s["omega"] as? [String: Any])
        #expect(Set(omega.keys) == ["total", "totalModelImplied", "loadings", "method", "omegaH", "hierarchical", "ci"])
        #expect(omega["omegaH"] is NSNull && omega["hierarchical"] is NSNull)
        // psych 2.2.9 omega on bfi agreeableness (Fixtures/omega-reference.json, made by
        // make-omega-reference.R); minres is iterative: 1e-5.
        let psych = try #require(OmegaReference.shared.sets["agreeableness"]).omega
        #expect(isClose(omega["total"] as? Double, psych.total, absolute: 1e-5))
        #expect(isClose(omega["totalModelImplied"] as? Double, psych.totalModelImplied, absolute: 1e-5))
        let split = try #require(s["splitHalf"] as? [String: Any])
        #expect(Set(split.keys) == ["max", "min", "mean", "lambda2", "lambda6", "splits", "exhaustive"])
        let item = try #require((s["items"] as? [[String: Any]])?.first)
        #expect(Set(item.keys) == ["id", "reversed", "n", "mean", "sd", "rawR", "stdR", "rCor", "rDrop",
                                   "alphaIfDropped", "frequencies"])
        let freq = try #require(item["frequencies"] as? [String: Any])
        #expect(Set(freq.keys) == ["1", "2", "3", "4", "5", "6", "missing"])
        let drop = try #require(item["alphaIfDropped"] as? [String: Any])
        #expect(Set(drop.keys) == ["raw", "standardized", "g6", "averageR", "signalToNoise", "ase", "varR", "medianR"])
        // Round trip.
        let back = try JSONDecoder().decode(ScaleReliability.self, from: data)
        #expect(try Self.encode(back) == data)
    }

    @Test func undefinedNumbersAreNullNotMissing() throws {
        var m = ScaleMoments(itemCount: 1, decimals: 0, categories: [1, 2, 3])
        for v in [1.0, 2, 3, 2] { m.add(row: [v]) }
        let s = ScaleReliability.analyze(id: "one", itemIDs: ["Q1"], moments: m)
        let obj = try #require(try JSONSerialization.jsonObject(with: Self.encode(s)) as? [String: Any])
        let alpha = try #require(obj["alpha"] as? [String: Any])
        #expect(alpha["raw"] is NSNull)
        #expect(obj["omega"] is NSNull)
        #expect(s.warnings.contains { $0.kind == .fewerThanThreeItems })
    }

    @Test func misKeyedItemIsFlagged() throws {
        // A1 is reverse-worded; scoring it forwards should trigger psych's warning for A1.
        let m = try Self.agreeableness(reversed: [false, false, false, false, false])
        let r = AlphaAnalysis.analyze(m, itemIDs: ["A1", "A2", "A3", "A4", "A5"])
        let w = try #require(r.warnings.first { $0.kind == .probablyMisKeyed })
        #expect(w.items == [0])
        #expect(w.message.contains("A1"))
        let keyed = AlphaAnalysis.analyze(try Self.agreeableness())
        #expect(!keyed.warnings.contains { $0.kind == .probablyMisKeyed })
    }

    @Test func zeroVarianceAndTooFewCompleteCases() {
        var m = ScaleMoments(itemCount: 4, decimals: 0, categories: [1, 2, 3, 4, 5])
        let rows: [[Double]] = [[1, 3, 2, 2], [2, 3, 3, 2], [4, 3, 5, 4], [5, 3, .nan, 5], [3, 3, 4, .nan]]
        for r in rows { m.add(row: r) }
        let r = AlphaAnalysis.analyze(m, itemIDs: ["a", "b", "c", "d"])
        #expect(r.analysedItems == [0, 2, 3])
        #expect(r.warnings.contains { $0.kind == .zeroVariance && $0.items == [1] && $0.message.contains("b") })
        #expect(r.warnings.contains { $0.kind == .tooFewCompleteCases })
        #expect(r.items.map(\.index) == [0, 2, 3])
        let s = ScaleReliability(id: "s", itemIDs: ["a", "b", "c", "d"], alpha: r)
        #expect(s.excluded == ["b"])
    }

    @Test func intervalSampleSizeOptionsAreStated() throws {
        let m = try Self.agreeableness()
        for (opt, n) in [(IntervalSampleSize.allRows, 2800), (.completeCases, 2709),
                         (.pairwiseMinimum, Int(m.pairwiseCountRange.min))] {
            let r = AlphaAnalysis.analyze(m, options: AlphaOptions(intervalSampleSize: opt))
            #expect(r.aseN == n && r.intervals.allSatisfy { $0.n == n })
        }
        #expect(ScaleReliability.label(0.5, decimals: 1) == "0.5")
        #expect(ScaleReliability.label(-1, decimals: 0) == "-1")
        #expect(ScaleReliability.label(10, decimals: 1) == "10.0")
    }
}
