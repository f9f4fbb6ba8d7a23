import Foundation
import Testing

/// `--correlations polychoric` end to end: α and ω of bfi agreeableness (A1 reversed) from the
/// polychoric matrix equal psych 2.2.9 `alpha(polychoric(x)$rho)` and `omega(…, 1)` to 1e-4
/// (Tests/RapportStatisticsTests/Fixtures/make-polychoric-reference.R).
@Suite struct PolychoricCommandTests {
    @Test func bfiAgreeablenessEqualsPsych() throws {
        let data = try Data(contentsOf: CLI.packageRoot.appendingPathComponent(
            "Tests/RapportStatisticsTests/Fixtures/polychoric-reference.json"))
        let ref = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["bfiA"] as? [String: Any])
        let r = try CLI.run(["reliability", "Tests/RapportStatisticsTests/Fixtures/bfi-items.csv",
                             "--scale", "agree=-A1,A2,A3,A4,A5", "--range", "1-6", "--correlations", "polychoric",
                             "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rep = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((rep["options"] as? [String: Any])?["correlations"] as? String == "polychoric")
        let s = try #require((rep["scales"] as? [[String: Any]])?.first)
        let a = try #require(s["alpha"] as? [String: Any])
        #expect(abs((a["raw"] as! Double) - (ref["alpha"] as! Double)) < 1e-4)
        #expect(abs((a["standardized"] as! Double) - (ref["alpha"] as! Double)) < 1e-4)
        #expect(abs((a["averageR"] as! Double) - (ref["averageR"] as! Double)) < 1e-4)
        let o = try #require(s["omega"] as? [String: Any])
        #expect(abs((o["total"] as! Double) - (ref["omega"] as! Double)) < 1e-4)
        // No coefficient mixes the correlation kinds: split-half, λ2/λ6 (psych's enumeration, so
        // the mean is comparable) and the α-if-dropped table also come from the polychoric matrix.
        let psychSplits = try CLI.run(["reliability", "Tests/RapportStatisticsTests/Fixtures/bfi-items.csv",
                                       "--scale", "agree=-A1,A2,A3,A4,A5", "--range", "1-6", "--correlations", "polychoric",
                                       "--split-half", "psych", "--format", "json"])
        let ps = try #require(((try JSONSerialization.jsonObject(with: Data(psychSplits.stdout.utf8)) as? [String: Any])?["scales"]
                               as? [[String: Any]])?.first)
        let sh = try #require(ps["splitHalf"] as? [String: Any])
        for (key, refKey) in [("max", "splitMax"), ("min", "splitMin"), ("mean", "splitMean"), ("lambda2", "lambda2"), ("lambda6", "lambda6")] {
            #expect(abs((sh[key] as! Double) - (ref[refKey] as! Double)) < 1e-4, "\(key)")
        }
        let drops = (ref["alphaDrop"] as! [Double])
        let items = try #require(s["items"] as? [[String: Any]])
        #expect(items.count == drops.count)
        for (it, d) in zip(items, drops) {
            #expect(abs(((it["alphaIfDropped"] as! [String: Any])["raw"] as! Double) - d) < 1e-4)
        }
        // Pearson α differs (the point of the option), and --bootstrap is refused with it.
        let pearson = try CLI.run(["reliability", "Tests/RapportStatisticsTests/Fixtures/bfi-items.csv",
                                   "--scale", "agree=-A1,A2,A3,A4,A5", "--range", "1-6", "--format", "json"])
        #expect(pearson.stdout != r.stdout)
        let boot = try CLI.run(["reliability", "Tests/RapportStatisticsTests/Fixtures/bfi-items.csv",
                                "--scale", "agree=-A1,A2,A3,A4,A5", "--range", "1-6", "--correlations", "polychoric",
                                "--bootstrap", "10"])
        #expect(boot.status != 0)
    }

    /// `--exclude-flagged` with polychoric correlations: both columns equal psych 2.2.9 on their
    /// rows — the whole file, and the kept rows only (the 30 straight-lined rows the long-string
    /// rule flags left out) — to 1e-6 (measured: ≤ 3e-9). Before, the kept column was the kept
    /// rows' Pearson α under a polychoric label.
    /// (scripts/reference/make-exclude-flagged-polychoric-reference.R)
    @Test func excludeFlaggedKeptRowsEqualPsychOnTheKeptSubset() throws {
        let dir = "Tests/RapportCLITests/Fixtures/exclude-flagged/"
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: CLI.packageRoot
            .appendingPathComponent(dir + "polychoric-reference.json"))) as? [String: Any])
        let r = try CLI.run(["reliability", dir + "polychoric.csv", "--scale", "s=q1,q2,q3,q4,q5,q6", "--range", "1-5",
                             "--exclude-flagged", "--no-flag", "mahalanobis", "--correlations", "polychoric",
                             "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rep = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let ex = try #require(rep["excludingFlagged"] as? [String: Any])
        #expect(ex["rowsExcluded"] as? Int == ref["rowsExcluded"] as? Int)
        #expect(ex["rowsKept"] as? Int == (ref["rows"] as! Int) - (ref["rowsExcluded"] as! Int))
        let columns: [(String, [String: Any])] = [
            ("all", try #require((rep["scales"] as? [[String: Any]])?.first)),
            ("kept", try #require((ex["scales"] as? [[String: Any]])?.first)),
        ]
        for (key, s) in columns {
            let want = try #require(ref[key] as? [String: Any])
            let a = try #require(s["alpha"] as? [String: Any])
            for (got, name) in [("raw", "alpha"), ("averageR", "averageR"), ("g6", "g6")] {
                #expect(abs((a[got] as! Double) - (want[name] as! Double)) < 1e-6, "\(key) \(name)")
            }
            #expect(abs(((s["omega"] as! [String: Any])["total"] as! Double) - (want["omega"] as! Double)) < 1e-6, "\(key) ω")
            let drops = want["alphaDrop"] as! [Double]
            let items = try #require(s["items"] as? [[String: Any]])
            #expect(items.count == drops.count)
            for (it, d) in zip(items, drops) {
                #expect(abs(((it["alphaIfDropped"] as! [String: Any])["raw"] as! Double) - d) < 1e-6, "\(key) α if dropped")
            }
        }
        // The same kept rows under Pearson correlations: psych's alpha() of the kept subset.
        let pearson = try CLI.run(["reliability", dir + "polychoric.csv", "--scale", "s=q1,q2,q3,q4,q5,q6", "--range", "1-5",
                                   "--exclude-flagged", "--no-flag", "mahalanobis", "--format", "json"])
        let pk = try #require((((try JSONSerialization.jsonObject(with: Data(pearson.stdout.utf8)) as? [String: Any])?["excludingFlagged"]
                                as? [String: Any])?["scales"] as? [[String: Any]])?.first)
        #expect(abs(((pk["alpha"] as! [String: Any])["raw"] as! Double) - (ref["keptPearsonAlpha"] as! Double)) < 1e-6)
    }
}
