import Testing
@testable import Rapport
import RapportStatistics

/// Public initialisers refuse values that would let an unsafe loop read out of bounds, and the
/// internal invariant checks are compiled into the test build (`RAPPORT_INTERNAL_CHECKS`).
@Suite struct SafetyChecksTests {
    @Test func internalChecksAreOnInTheTestBuild() {
        #if RAPPORT_INTERNAL_CHECKS
        let on = true
        #else
        let on = false
        #endif
        #expect(on, "Package.swift defines RAPPORT_INTERNAL_CHECKS for debug builds, which swift test uses")
    }

    @Test func aBlockThatDoesNotFitItsShapeIsRefused() async {
        await #expect(processExitsWith: .failure) {
            _ = ResponseBlock(firstRow: 0, rowCount: 2, itemCount: 3, values: [1, 2, 3], status: [.answered, .answered, .answered],
                              lines: [2, 3])
        }
        await #expect(processExitsWith: .failure) {
            _ = ResponseBlock(firstRow: 0, rowCount: 1, itemCount: 1, values: [1], status: [.answered], lines: [2],
                              passthrough: [["a"], ["b"]])
        }
    }

    @Test func aCellThatBreaksTheContractTrapsUnderInternalChecks() async {
        // A missing cell must hold NaN; only the cell-level check (test builds) sees this.
        await #expect(processExitsWith: .failure) {
            _ = ResponseBlock(firstRow: 0, rowCount: 1, itemCount: 1, values: [4], status: [.missing], lines: [2])
        }
    }

    /// Two items, `a` in slot 0 and `b` in slot 4.
    static func twoItemScorer(slots: [String: Int] = ["a": 0, "b": 4]) throws -> Scorer {
        let instrument = scInstrument(responseScales: [ResponseScale(id: "r", min: 1, max: 5)],
                                      items: [Item(id: "a", number: 1, column: "a", responseScale: "r"),
                                              Item(id: "b", number: 2, column: "b", responseScale: "r")],
                                      scales: [Scale(id: "s", name: "s", members: scMembers(["a", "b"]),
                                                     scoring: .sum, key: scKey)])
        return try Scorer(instrument: instrument, itemSlots: slots)
    }

    @Test func aScorerRefusesABlockNarrowerThanItsSlots() async throws {
        let scorer = try Self.twoItemScorer()
        #expect(scorer.requiredItemCount == 5)
        let wide = ResponseBlock(firstRow: 0, rowCount: 1, itemCount: 5, values: [1, .nan, .nan, .nan, 2],
                                 status: [.answered, .missing, .missing, .missing, .answered], lines: [2])
        #expect(scorer.score(wide).score(row: 0, scale: 0) == 3)
        await #expect(processExitsWith: .failure) {
            let narrow = ResponseBlock(firstRow: 0, rowCount: 1, itemCount: 2, values: [1, 2],
                                       status: [.answered, .answered], lines: [2])
            _ = try SafetyChecksTests.twoItemScorer().score(narrow)
        }
        await #expect(processExitsWith: .failure) {
            _ = try SafetyChecksTests.twoItemScorer(slots: ["a": 0, "b": -1])
        }
    }
}
