import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// Response ranges and steps beyond what exact integer arithmetic holds are refused before any
/// arithmetic runs (issue 11, failure 2): `max="1e19"` trapped at an Int64 conversion,
/// `max="9e18"` wrapped a sum into a negative mean, an infinite step count passed the lint, and
/// `max="300000000"` overflowed `k·k·b·b` in the exact row limit.
@Suite struct DefinitionBoundsTests {
    /// The lint base fixture with its response scale's attributes replaced (the code 99, the
    /// anchor at 5 and the interpretation are dropped so only the range can be at fault).
    static func definition(_ attributes: String) throws -> String {
        let base = try String(contentsOfFile: InstrumentFixtures.path("lint/valid-base.xml"), encoding: .utf8)
        return base
            .replacingOccurrences(of: "min=\"1\" max=\"5\" step=\"1\"", with: attributes)
            .replacingOccurrences(of: "      <anchor value=\"1\">Never</anchor>\n", with: "")
            .replacingOccurrences(of: "      <anchor value=\"5\">Always</anchor>\n", with: "")
            .replacingOccurrences(of: "token=\"99\"", with: "token=\"x\"")
            .replacingOccurrences(of: #"(?s)      <interpretation>.*</interpretation>\n"#, with: "",
                                  options: .regularExpression)
    }

    static let refused: [(attributes: String, limit: String)] = [
        ("min=\"1\" max=\"1e19\" step=\"1\"", "±1000000000"),
        ("min=\"1\" max=\"9e18\" step=\"1\"", "±1000000000"),
        ("min=\"-2e9\" max=\"1\" step=\"1\"", "±1000000000"),
        ("min=\"0\" max=\"200000000\" step=\"0.1\"", "±100000000"),
        ("min=\"0\" max=\"1\" step=\"1e-320\"", "0.000001"),
        ("min=\"0\" max=\"1\" step=\"1e-7\"", "0.000001"),
    ]

    @Test(arguments: refused.indices)
    func lintRefusesWithTheLimit(_ i: Int) throws {
        let (attributes, limit) = Self.refused[i]
        let check = InstrumentLoader.check(data: Array(try Self.definition(attributes).utf8), file: "wide.xml")
        #expect(check.instrument == nil, "\(attributes) was accepted")
        let hit = try #require(check.errors.first { $0.code == .responseGrid }, "\(check.diagnostics)")
        #expect(hit.message.contains(limit), "\(hit.message)")
        #expect(hit.line != nil)
    }

    @Test(arguments: ["min=\"1\" max=\"1000000000\" step=\"1\"", "min=\"0\" max=\"10\" step=\"0.000001\"",
                      "min=\"-100000000\" max=\"100000000\" step=\"0.1\""])
    func theLimitItselfIsAccepted(_ attributes: String) throws {
        let check = InstrumentLoader.check(data: Array(try Self.definition(attributes).utf8), file: "edge.xml")
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
