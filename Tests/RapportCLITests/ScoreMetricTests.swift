import Foundation
import RapportTestSupport
import Testing

/// The score `rapport reliability` reports is the one the instrument defines (issue 15 §5),
/// with psych's item-mean score beside it; references from
/// scripts/reference/make-score-metric-reference.R (psych 2.2.9), tolerance 1e-9 relative.
@Suite struct ScoreMetricTests {
    static var reference: [String: [String: Double]] {
        let data = try! Data(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/RapportCLITests/Fixtures/score-metric.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: [String: Double]]
    }

    func scales(_ args: [String]) throws -> [String: [String: Any]] {
        let r = try CLI.run(["reliability"] + args + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rep = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        var out: [String: [String: Any]] = [:]
        for s in try #require(rep["scales"] as? [[String: Any]]) { out[s["id"] as! String] = s }
        return out
    }

    /// SRS: the 0–40 sum (35.1, SD 3.49, SEM 0.90), not the item mean (8.78, 0.87, 0.22).
    @Test func srsReportsTheSum() throws {
        let e = try #require(Self.reference["srs"])
        let s = try #require(try scales(["Datasets/srs-ors-sessions.csv", "--instrument", "srs"])["total"])
        let score = try #require(s["score"] as? [String: Any])
        #expect(score["metric"] as? String == "sum")
        #expect(isClose(score["mean"] as? Double, e["mean"], relative: 1e-9, absolute: 1e-9))
        #expect(isClose(score["sd"] as? Double, e["sd"], relative: 1e-9, absolute: 1e-9))
        #expect(isClose(score["sem"] as? Double, e["sem"], relative: 1e-9, absolute: 1e-9))
        #expect(isClose(s["sem"] as? Double, e["sem"], relative: 1e-9, absolute: 1e-9))
        #expect(score["n"] as? Int == Int(e["n"]!))
        let im = try #require(score["itemMean"] as? [String: Any])
        #expect(isClose(im["mean"] as? Double, e["itemMean"], relative: 1e-9, absolute: 1e-9))
        #expect(isClose(im["sd"] as? Double, e["itemSD"], relative: 1e-9, absolute: 1e-9))
        #expect(isClose(im["sem"] as? Double, e["itemSEM"], relative: 1e-9, absolute: 1e-9))
    }

    /// WAI-SR: sub-scale means with ≥ 3 of 4 items, total = mean of the three sub-scale means.
    @Test func waiSubScaleRules() throws {
        let all = try scales(["Datasets/wai-sr-2000.csv", "--instrument", "wai-sr"])
        for (id, key) in [("total", "waiTotal"), ("task", "waiTask")] {
            let e = try #require(Self.reference[key])
            let score = try #require(all[id]?["score"] as? [String: Any])
            #expect(score["metric"] as? String == "mean")
            #expect(isClose(score["mean"] as? Double, e["mean"], relative: 1e-9, absolute: 1e-9), "\(id)")
            #expect(isClose(score["sd"] as? Double, e["sd"], relative: 1e-9, absolute: 1e-9), "\(id)")
            #expect(score["n"] as? Int == Int(e["n"]!))
            let im = try #require(score["itemMean"] as? [String: Any])
            #expect(isClose(im["mean"] as? Double, e["itemMean"], relative: 1e-9, absolute: 1e-9))
        }
    }

    /// TPS is reported on its 0–100 metric; the text report shows both when they differ.
    @Test func transformedMetricAndText() throws {
        let r = try CLI.run(["reliability", "Datasets/srs-ors-sessions.csv", "--instrument", "srs"])
        #expect(r.stdout.contains("score (sum): mean 35.11, SD 3.49, SEM 0.90 (N = 467)"))
        #expect(r.stdout.contains("psych's item mean: mean 8.78, SD 0.87, SEM 0.22"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-tps-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tps.csv")
        let sim = try CLI.run(["simulate", "--instrument", "tps", "--rows", "300", "--seed", "5", "-o", file.path])
        #expect(sim.status == 0, "\(sim.stderr)")
        let s = try #require(try scales([file.path, "--instrument", "tps"])["total"])
        let score = try #require(s["score"] as? [String: Any])
        #expect(score["metric"] as? String == "mean → 0–100")
        let mean = try #require(score["mean"] as? Double)
        let itemMean = try #require((score["itemMean"] as? [String: Any])?["mean"] as? Double)
        // 0–100 = (mean − 1)/4 × 100 on rows with ≥ 9 items; close to the item-mean transform.
        #expect(mean >= 0 && mean <= 100)
        #expect(abs(mean - (itemMean - 1) / 4 * 100) < 2)
    }
}
