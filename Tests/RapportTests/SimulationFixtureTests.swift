import Foundation
import Testing
@testable import Rapport

/// Instruments built in Swift for the simulation tests (shaped like the built-ins, so the
/// tests do not depend on the XML loader).
enum SimFixtures {
    static let key = KeyProvenance(source: "test", verification: .primary)
    static let prov = Provenance(citation: "test fixture")
    static let lic = Licence(use: .free, terms: "test")

    static func items(_ prefix: String, _ n: Int, scale: String, reversed: Set<Int> = []) -> [Item] {
        (1...n).map { Item(id: "i\($0)", number: $0, column: "\(prefix)_\($0)", responseScale: scale,
                           reversed: reversed.contains($0)) }
    }

    static func members(_ ids: [Int]) -> [Scale.Member] { ids.map { Scale.Member(kind: .item, ref: "i\($0)") } }

    /// WAI-S-like: 12 items on 1–7, items 4 and 10 reversed, Task/Goal/Bond + total.
    static var waiS: Instrument {
        Instrument(
            id: "wai-s-test", version: "1", name: "WAI-S test", abbreviation: "WAIS",
            construct: .alliance, respondent: .client,
            responseScales: [ResponseScale(id: "l7", min: 1, max: 7)],
            items: items("wais", 12, scale: "l7", reversed: [4, 10]),
            scales: [
                Scale(id: "task", name: "Task", members: members([1, 2, 8, 12]), scoring: .mean, key: key),
                Scale(id: "goal", name: "Goal", members: members([4, 6, 10, 11]), scoring: .mean, key: key),
                Scale(id: "bond", name: "Bond", members: members([3, 5, 7, 9]), scoring: .mean, key: key),
                Scale(id: "total", name: "Total", members: ["task", "goal", "bond"].map { Scale.Member(kind: .scale, ref: $0) },
                      scoring: .mean, key: key),
            ],
            provenance: prov, licence: lic,
            simulation: Simulation(defaultLoading: 0.75, factorCorrelation: 0.7))
    }

    /// CARE-like: 10 items 1–5 with an N/A code, one sum scale.
    static var care: Instrument {
        Instrument(
            id: "care-test", version: "1", name: "CARE test", abbreviation: "CARE",
            construct: .empathy, respondent: .patient,
            responseScales: [ResponseScale(id: "c5", min: 1, max: 5,
                codes: [.init(token: "N/A", meaning: .notApplicable)])],
            items: items("care", 10, scale: "c5"),
            scales: [Scale(id: "total", name: "Total", members: members(Array(1...10)), scoring: .sum, key: key)],
            provenance: prov, licence: lic, simulation: Simulation(defaultLoading: 0.8))
    }

    static func vas(id: String, construct: Instrument.Construct, prefix: String,
                    reliableChange: Double?) -> Instrument {
        var interp = Interpretation()
        if let reliableChange {
            interp.reliableChange = ReliableChange(points: reliableChange, source: "test", verification: .secondary)
        }
        return Instrument(
            id: id, version: "1", name: id, abbreviation: id.uppercased(),
            construct: construct, respondent: .client,
            responseScales: [ResponseScale(id: "vas", min: 0, max: 10, step: 0.1)],
            items: items(prefix, 4, scale: "vas"),
            scales: [Scale(id: "total", name: "Total", members: members([1, 2, 3, 4]), scoring: .sum,
                           interpretation: interp, key: key)],
            provenance: prov, licence: lic, simulation: Simulation(defaultLoading: 0.8))
    }

    static var srs: Instrument { vas(id: "srs", construct: .alliance, prefix: "srs", reliableChange: nil) }
    static var ors: Instrument { vas(id: "ors", construct: .outcome, prefix: "ors", reliableChange: 5) }

    /// Parses simulated CSV text into rows of fields (no quoting in simulated data).
    static func rows(_ bytes: [UInt8]) -> [[String]] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func generate(_ instrument: Instrument, _ options: ResponseSimulator.Options) throws -> [UInt8] {
        let sim = try ResponseSimulator(instrument: instrument, options: options)
        var out: [UInt8] = []
        try sim.write { out += $0 }
        return out
    }
}

@Suite struct SimulationModelTests {
    @Test func normalQuantileMatchesR() {
        // R: qnorm(c(1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999))
        let ps = [1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999]
        let r = [-6.36134090240405570, -3.09023230616781319, -1.95996398454005383, -0.52440051270804067,
                 0, 0.84162123357291441, 1.95996398454005361, 4.75342430881708911]
        for (p, q) in zip(ps, r) {
            #expect(abs(StandardNormal.quantile(p) - q) <= 1e-12 * max(1, abs(q)))
            #expect(abs(StandardNormal.cdf(q) - p) <= 1e-12)
        }
    }

    @Test func defaultSkewHitsTargetMean() {
        for k in [2, 5, 7, 101] {
            for m in [0.5, 0.65, 0.8] {
                let g = SimulationModel.skew(categories: k, meanPosition: m)
                let t = SimulationModel.defaultThresholds(categories: k, gamma: g)
                #expect(abs(SimulationModel.meanPosition(thresholds: t) - m) < 1e-9)
                #expect(zip(t, t.dropFirst()).allSatisfy { $0 < $1 })
            }
        }
        // Likert grid at γ = 1: equal-probability quantiles.
        #expect(abs(SimulationModel.skew(categories: 5, meanPosition: 0.5) - 1) < 1e-9)
        let t = SimulationModel.defaultThresholds(categories: 4, gamma: 1)
        #expect(t.map { StandardNormal.cdf($0) }.enumerated().allSatisfy { abs($1 - Double($0 + 1) / 4) < 1e-12 })
    }

    @Test func factorsFollowSubscales() throws {
        let m = try SimulationModel(SimFixtures.waiS)
        #expect(m.factorNames == ["task", "goal", "bond"])
        #expect(m.items.map(\.factor) == [0, 0, 2, 1, 2, 1, 2, 0, 2, 1, 1, 0])
        #expect(m.items.filter(\.reversed).map(\.number) == [4, 10])
        let single = try SimulationModel(SimFixtures.care)
        #expect(single.factorNames == ["care-test"])
        #expect(single.items.allSatisfy { $0.notApplicableToken == "N/A" })
        let vas = try SimulationModel(SimFixtures.srs)
        #expect(vas.items[0].categories == 101)
        #expect(vas.items[0].decimals == 1)
    }

    @Test func reversedSubscaleGetsNegativeFactorCorrelation() throws {
        var inst = SimFixtures.waiS
        inst.scales[3].members[1].reversed = true
        let m = try SimulationModel(inst)
        #expect(m.factorSigns == [1, -1, 1])
        // Φ = L Lᵀ has −ρ between task and goal.
        let l = m.cholesky
        let phi01 = l[3] * l[0]
        #expect(abs(phi01 + 0.7) < 1e-12)
    }

    @Test func badParametersAreErrors() {
        var inst = SimFixtures.care
        inst.simulation = Simulation(defaultLoading: 1.2)
        #expect(throws: SimulationError.self) { try SimulationModel(inst) }
        inst.simulation = Simulation(thresholds: [0, -1, 1, 2])
        #expect(throws: SimulationError.self) { try SimulationModel(inst) }
        inst = SimFixtures.waiS
        inst.simulation = Simulation(factorCorrelation: -0.6)
        #expect(throws: SimulationError.self) { try SimulationModel(inst) }
    }

    @Test func fixedPointText() {
        var b = CSVLineBuffer()
        b.fixed(73, decimals: 1); b.comma()
        b.fixed(5, decimals: 1); b.comma()
        b.fixed(100, decimals: 1); b.comma()
        b.fixed(0, decimals: 0); b.comma()
        b.fixed(-12, decimals: 0); b.comma()
        b.fixed(7, decimals: 2); b.comma()
        b.padded(42, width: 6)
        #expect(String(decoding: b.bytes, as: UTF8.self) == "7.3,0.5,10.0,0,-12,0.07,000042")
    }

    @Test func civilDates() {
        #expect(CivilDate(iso: "2026-02-29") == nil)
        #expect(CivilDate(iso: "2024-02-29")?.adding(days: 1).description == "2024-03-01")
        #expect(CivilDate(iso: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(CivilDate(iso: "2026-12-28")?.adding(days: 7).description == "2027-01-04")
        #expect(CivilDate(iso: "26-1-1") == nil)
    }
}
