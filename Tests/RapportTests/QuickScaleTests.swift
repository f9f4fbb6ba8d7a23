import Testing
@testable import Rapport

@Suite struct QuickScaleTests {
    @Test func parsesReverseMarks() throws {
        let q = try QuickScale.parse("agree=-A1,A2, A3 ,-A4")
        #expect(q.name == "agree")
        #expect(q.entries == [.init(column: "A1", reversed: true), .init(column: "A2"),
                              .init(column: "A3"), .init(column: "A4", reversed: true)])
    }

    @Test func rejectsMalformedScales() {
        for bad in ["agree", "=A1", "agree=A1,,A2", "agree=A1,A1", "a b=A1", "agree=-"] {
            #expect(throws: QuickScaleError.self, "\(bad)") { try QuickScale.parse(bad) }
        }
    }

    @Test func parsesRanges() throws {
        #expect(try QuickScale.Range.parse("1-6") == .init(min: 1, max: 6))
        #expect(try QuickScale.Range.parse("0-10:0.1") == .init(min: 0, max: 10, step: 0.1))
        #expect(try QuickScale.Range.parse("-3-3") == .init(min: -3, max: 3))
        for bad in ["6-1", "1", "1-", "a-b", "0-1:0.3", "1-5:0", "1-1"] {
            #expect(throws: QuickScaleError.self, "\(bad)") { try QuickScale.Range.parse(bad) }
        }
    }

    @Test func buildsAnOrdinaryInstrument() throws {
        let inst = try QuickScale.instrument(
            scales: [QuickScale.parse("agree=-A1,A2"), QuickScale.parse("both=A2,-C1")],
            range: .parse("1-6"), scoring: .sum)
        #expect(inst.id == "quick")
        #expect(inst.items.map(\.id) == ["A1", "A2", "C1"])
        #expect(inst.items.map(\.column) == ["A1", "A2", "C1"])
        #expect(inst.items.map(\.number) == [1, 2, 3])
        #expect(inst.items.allSatisfy { !$0.reversed })
        #expect(inst.scales.map(\.id) == ["agree", "both"])
        #expect(inst.scales[0].members.map(\.reversed) == [true, nil])
        #expect(inst.scales.allSatisfy { $0.scoring == .sum && $0.key.verification == .primary
                && $0.key.source == "command line" })
        #expect(inst.licence.use == .unknown && inst.licence.terms.isEmpty)
        #expect(inst.description == "Defined on the command line: --scale agree=-A1,A2 --scale both=A2,-C1 --range 1-6 --scoring sum")
        // It scores like any instrument: A1 reversed on 1–6 → 7 − x.
        let out = try scScorer(inst).score(scBlock([[2, 3, 4]]))
        #expect(out.scores == [8, 6])
    }

    @Test func duplicateScaleNames() {
        #expect(throws: QuickScaleError.self) {
            try QuickScale.instrument(scales: [QuickScale.parse("a=X"), QuickScale.parse("a=Y")],
                                      range: .parse("1-5"))
        }
    }
}
