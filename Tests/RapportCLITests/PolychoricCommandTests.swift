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
}
