import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// The convention presets (`--compat`) and the correlations choice as library values
/// (``ReliabilityOptions/Preset``, ``ReliabilityOptions/Correlations``): what each preset
/// decides, how explicit choices override it, and the bytes they keep in reports and state
/// files (docs/reliability-conventions.md, "Presets"; docs/state-file keys).
@Suite struct ReliabilityOptionsTests {
    typealias Preset = ReliabilityOptions.Preset

    /// The table of docs/reliability-conventions.md, "Presets", preset by preset.
    @Test(arguments: [
        (Preset.rapport, MissingPolicy.pairwise, ReverseKeyingRange.declared, IntervalSampleSize.allRows,
         DuhachekQuantile.exact),
        (.psych, .pairwise, .observed, .allRows, .psych),
        (.spss, .listwise, .declared, .completeCases, .exact),
        (.jasp, .listwise, .observed, .completeCases, .exact),
    ])
    func eachPresetDecidesItsConventions(preset: Preset, missing: MissingPolicy, reverse: ReverseKeyingRange,
                                         n: IntervalSampleSize, z: DuhachekQuantile) {
        #expect(preset.alphaOptions() == AlphaOptions(missing: missing, reverseKeying: reverse, confidenceLevel: 0.95,
                                                      intervalSampleSize: n, duhachekQuantile: z))
    }

    /// `--missing`, `--reverse-range`, `--ci-n` and `--confidence` override any preset; the
    /// Duhachek z has no option and stays the preset's.
    @Test(arguments: Preset.allCases)
    func explicitChoicesOverrideThePreset(preset: Preset) {
        let o = preset.alphaOptions(missing: .listwise, reverseKeying: .observed,
                                    intervalSampleSize: .pairwiseMinimum, confidenceLevel: 0.9)
        #expect(o == AlphaOptions(missing: .listwise, reverseKeying: .observed, confidenceLevel: 0.9,
                                  intervalSampleSize: .pairwiseMinimum, duhachekQuantile: preset.duhachekQuantile))
        let one = preset.alphaOptions(missing: .pairwise)
        #expect(one.missing == .pairwise && one.reverseKeying == preset.reverseKeying
                && one.intervalSampleSize == preset.intervalSampleSize)
    }

    @Test func theOptionNamesOnlyOtherToolsPresets() {
        #expect(Preset.allCases.map(\.rawValue) == ["rapport", "psych", "spss", "jasp"])
        #expect(Preset.otherTools == [.psych, .spss, .jasp])
        #expect(ReliabilityOptions.Correlations.allCases.map(\.rawValue) == ["pearson", "polychoric"])
    }

    /// The report says `rapport` and `pearson` by default and names the preset and the
    /// correlations otherwise, as strings (the JSON contract).
    @Test func reportOptionsAreTheSameStrings() throws {
        func options(_ o: ReliabilityOptions) throws -> [String: Any] {
            let report = ReliabilityReport.make(input: .init(path: "x.csv", rows: 0, sha256: nil), instrument: nil,
                                                options: o, scales: [])
            let top = try JSONSerialization.jsonObject(with: try report.jsonData()) as? [String: Any]
            return try #require(top?["options"] as? [String: Any])
        }
        let plain = try options(ReliabilityOptions())
        #expect(plain["compat"] as? String == "rapport" && plain["correlations"] as? String == "pearson")
        for preset in Preset.otherTools {
            let o = try options(ReliabilityOptions(alpha: preset.alphaOptions(), compat: preset,
                                                   correlations: .polychoric))
            #expect(o["compat"] as? String == preset.rawValue && o["correlations"] as? String == "polychoric")
        }
    }

    /// A state file keeps its keys: no `compat` and no `polychoric` for Rapport's Pearson run
    /// (`.rapport` is stored as no preset), `"compat":"jasp"` and `"polychoric":true` otherwise.
    @Test func stateFileKeysAreUnchanged() throws {
        func json(_ o: ReliabilityOptions) throws -> String {
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys]
            return String(decoding: try e.encode(o), as: UTF8.self)
        }
        let plain = try json(ReliabilityOptions())
        #expect(!plain.contains("compat") && !plain.contains("polychoric"))
        #expect(ReliabilityOptions(compat: .rapport) == ReliabilityOptions())
        var jasp = ReliabilityOptions(alpha: Preset.jasp.alphaOptions(), compat: .jasp, correlations: .polychoric)
        let text = try json(jasp)
        #expect(text.contains(#""compat":"jasp""#) && text.contains(#""polychoric":true"#))
        #expect(try JSONDecoder().decode(ReliabilityOptions.self, from: Data(text.utf8)) == jasp)
        jasp.correlations = .pearson
        #expect(!(try json(jasp)).contains("polychoric"))
    }

    /// A state file whose preset or correlations no Rapport writes is refused, naming the field.
    @Test func stateWithAnUnknownPresetIsRefused() throws {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/fuzz/state-huge-interval.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(#""psychSplits":false"#))
        let tampered = text.replacingOccurrences(of: #""psychSplits":false"#,
                                                 with: #""compat":"stata","psychSplits":false"#)
        do {
            _ = try ReliabilityState.decode(Data(tampered.utf8), file: "s.json")
            Issue.record("a state file with compat 'stata' was accepted")
        } catch {
            #expect(error.file == "s.json" && error.field == "options.compat", "\(error.description)")
            #expect(error.exitStatus == .unusable)
        }
    }
}
