import Testing
@testable import Rapport

@Suite struct ReportColourTests {
    @Test func onlyOnATerminalAndNeverWithNoColor() {
        #expect(ReportColour.enabled(isTerminal: true, environment: ["TERM": "xterm-256color"]))
        #expect(!ReportColour.enabled(isTerminal: false, environment: [:]))
        #expect(!ReportColour.enabled(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!ReportColour.enabled(isTerminal: true, environment: ["NO_COLOR": "1", "TERM": "xterm"]))
        #expect(!ReportColour.enabled(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    @Test func colourOnlyAddsEscapeCodes() {
        let plain = "Reliability analysis — x\n\nScale task: 4 items\n  N: rows 10\n\nWarnings\n- [task] item i3 may be mis-keyed\n"
        let coloured = ReportColour.apply(to: plain)
        #expect(coloured.contains("\u{1B}[1mScale task: 4 items\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[33m- [task] item i3 may be mis-keyed\u{1B}[0m"))
        let stripped = coloured.replacing(/\x{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == plain)
    }
}
