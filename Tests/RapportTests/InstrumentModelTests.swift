import Testing
@testable import Rapport

@Suite struct InstrumentModelTests {
    @Test func cutoffBoundary() {
        let below = Cutoff(code: "low", value: 36, direction: .below, inclusive: false,
                           label: "low", verification: .secondary)
        #expect(below.flags(35.9))
        #expect(!below.flags(36))
        let incl = Cutoff(code: "clin", value: 25, direction: .below, inclusive: true,
                          label: "clinical", verification: .primary)
        #expect(incl.flags(25))
        #expect(!incl.flags(25.1))
    }

    @Test func reverseAgainstDeclaredRange() {
        let s = ResponseScale(id: "l7", min: 1, max: 7)
        #expect(s.reversed(1) == 7)
        #expect(s.reversed(4) == 4)
        #expect(ResponseScale(id: "vas", min: 0, max: 10, step: 0.1).decimals == 1)
        #expect(s.decimals == 0)
    }
}
