import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// Response ranges and steps beyond what exact integer arithmetic holds are refused before any
/// arithmetic runs (issue 11, failure 2): `max="1e19"` trapped at an Int64 conversion,
/// `max="9e18"` wrapped a sum into a negative mean, an infinite step count passed the lint, and
/// `max="300000000"` overflowed `k·k·b·b` in the exact row limit.
@Suite struct DefinitionBoundsTests {
    /// `Fixtures/lint/bounds/NAME.xml`: the lint base fixture (`lint/valid-base.xml`) with its
    /// response scale's range replaced, and the code 99, the anchors at 1 and 5 and the
    /// interpretation dropped, so only the range can be at fault. The CLI tests read the same files.
    static func definition(_ name: String) throws -> String {
        try String(contentsOfFile: InstrumentFixtures.path("lint/bounds/\(name).xml"), encoding: .utf8)
    }

    /// Fixture, and the limit the message must name.
    static let refused: [(fixture: String, limit: String)] = [
        ("max-1e19", "±1000000000"),                  // min="1" max="1e19" step="1"
        ("max-9e18", "±1000000000"),                  // min="1" max="9e18" step="1"
        ("min-minus-2e9", "±1000000000"),             // min="-2e9" max="1" step="1"
        ("max-2e8-step-0.1", "±100000000"),           // min="0" max="200000000" step="0.1"
        ("step-1e-320", "0.000001"),                  // min="0" max="1" step="1e-320"
        ("step-1e-7", "0.000001"),                    // min="0" max="1" step="1e-7"
    ]

    @Test(arguments: refused.indices)
    func lintRefusesWithTheLimit(_ i: Int) throws {
        let (fixture, limit) = Self.refused[i]
        let check = InstrumentLoader.check(data: Array(try Self.definition(fixture).utf8), file: "wide.xml")
        #expect(check.instrument == nil, "\(fixture) was accepted")
        let hit = try #require(check.errors.first { $0.code == .responseGrid }, "\(check.diagnostics)")
        #expect(hit.message.contains(limit), "\(hit.message)")
        #expect(hit.line != nil)
    }

    /// min="1" max="1000000000" step="1"; min="0" max="10" step="0.000001";
    /// min="-100000000" max="100000000" step="0.1".
    @Test(arguments: ["limit-max-1e9", "limit-step-1e-6", "limit-1e8-step-0.1"])
    func theLimitItselfIsAccepted(_ fixture: String) throws {
        let check = InstrumentLoader.check(data: Array(try Self.definition(fixture).utf8), file: "edge.xml")
        #expect(check.errors.isEmpty, "\(check.diagnostics)")
    }

    @Test func quickRangeRefusesWithTheLimit() throws {
        for text in ["1-1e19", "1-9e18", "0-1:1e-320"] {
            #expect(throws: QuickScaleError.self, "\(text)") { try QuickScale.Range.parse(text) }
        }
        do {
            _ = try QuickScale.Range.parse("1-9e18")
        } catch {
            #expect(error.description.contains("±1000000000"))
        }
        #expect(try QuickScale.Range.parse("0-1000000000").max == 1e9)
    }

    /// An instrument built in code skips the lint: the scorer refuses it instead of trapping.
    @Test func scorerRefusesAnUncheckedRange() throws {
        for rs in [ResponseScale(id: "w", min: 1, max: 1e19), ResponseScale(id: "w", min: 1, max: 9e18),
                   ResponseScale(id: "w", min: 0, max: 1, step: 1e-320)] {
            let inst = scInstrument(responseScales: [rs], items: scItems("i", 2, scale: "w"),
                                    scales: [Scale(id: "s", name: "s", members: scMembers(["i1", "i2"]), scoring: .mean,
                                                   key: scKey)])
            #expect(throws: ScoringError.self) {
                _ = try Scorer(instrument: inst, itemSlots: ["i1": 0, "i2": 1])
            }
        }
    }

    /// A block built by hand with answers beyond the limit: counted missing, never wrapped.
    @Test func scorerNeverWrapsAHandBuiltBlock() throws {
        let rs = ResponseScale(id: "w", min: 0, max: 1_000_000_000)
        let inst = scInstrument(responseScales: [rs], items: scItems("i", 2, scale: "w"),
                                scales: [Scale(id: "s", name: "s", members: scMembers(["i1", "i2"]), scoring: .mean,
                                               key: scKey)])
        let scorer = try Scorer(instrument: inst, itemSlots: ["i1": 0, "i2": 1])
        let out = scorer.score(scBlock([[9e18, 9e18], [1e9, 1e9], [9e18, 1e9]]))
        #expect(out.scores[0].isNaN)
        #expect(out.scores[1] == 1e9)
        #expect(out.scores[2] == 1e9)
        #expect(out.scores.allSatisfy { $0.isNaN || $0 > 0 })
    }

    /// `k·k·b·b` with 12 items and answers up to 3·10^8 is 1.3·10^19: the row limit is computed
    /// with overflow checks, and the moments go to compensated doubles instead of trapping.
    @Test func scaleMomentsWithAWideGridDoNotTrap() {
        var m = ScaleMoments(itemCount: 12, decimals: 0, categories: [1, 300_000_000])
        var g = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            m.add(row: (0..<12).map { _ in Double(1 + g.nextInt(below: 300_000_000)) })
        }
        #expect(!m.isExact)
        #expect(m.rows == 50)
        // Categories far beyond Int64 are kept in doubles too.
        var huge = ScaleMoments(itemCount: 2, decimals: 0, categories: [1, 1e19])
        huge.add(row: [1, 1e19])
        huge.add(row: [5e18, 2])
        #expect(!huge.isExact)
        #expect(huge.rows == 2)
    }

    /// The reliability plan's category grid of an unchecked scale does not trap either.
    @Test func reliabilityGridOfAnUncheckedScale() {
        #expect(ReliabilityPlan.grid(ResponseScale(id: "w", min: 1, max: 1e19)) == [1, 1e19])
        #expect(ReliabilityPlan.grid(ResponseScale(id: "w", min: 0, max: 1, step: 1e-320)) == [0, 1])
    }
}
