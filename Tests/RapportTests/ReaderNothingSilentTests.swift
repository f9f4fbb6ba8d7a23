import Foundation
import Testing
@testable import Rapport

/// Issue 13 §1: a read that leaves an item without a single valid answer stops (exit 1) with the
/// likely cause and its fix; an item with more than 5 % invalid cells is warned about.
@Suite struct ReaderNothingSilentTests {
    private func error(_ text: String, items: [String], scale: ResponseScale = CSVTest.likert(),
                       options: ReaderOptions = ReaderOptions()) throws -> DataError? {
        let url = try CSVTest.temporaryFile(text)
        do {
            _ = try CSVTest.read(url, items: items, scale: scale, options: options)
            return nil
        } catch let e as DataError {
            return e
        }
    }

    @Test func anEmptyItemStopsTheRunWithExitOne() throws {
        let e = try #require(try error("q1,q2\n1,\n2,NA\n", items: ["q1", "q2"]))
        #expect(e.code == .noValidAnswers && e.exitStatus == .invalid)
        #expect(e.message.hasPrefix("no valid answer for 1 of 2 items on any of the 2 rows scored:"))
        #expect(e.message.contains("item q2 (column \"q2\"): every cell is empty or a missing code"))
        #expect(e.message.contains("--allow-empty"))
    }

    @Test func answerLabelsAreNamedWithTheAnchorsAndExamples() throws {
        let scale = ResponseScale(id: "freq", min: 1, max: 3, anchors: [.init(value: 1, label: "Never"),
                                                                        .init(value: 3, label: "Always")])
        let e = try #require(try error("q1\nSeldom\nOften\nSeldom\nOften\nNearly\n", items: ["q1"], scale: scale))
        #expect(e.message.contains("no valid answer for any item"))
        #expect(e.message.contains("look like answer labels (\"Seldom\", \"Often\", \"Nearly\") that are not the anchors of its response scale (1 \"Never\", 3 \"Always\")"))
    }

    @Test func decimalCommasAndEncodingDamageAreRecognised() throws {
        let vas = ResponseScale(id: "vas", min: 0, max: 10, step: 0.1)
        // A ';'-separated file reads them (DecimalCommaTests); a comma-separated one points at the option.
        let comma = try #require(try error("a,b\n\"7,3\",1\n\"8,1\",2\n", items: ["a", "b"], scale: vas))
        #expect(comma.message.contains("item a (column \"a\"): most invalid cells are numbers with a decimal comma (\"7,3\"); read them with --decimal-comma"))
        let nul = try #require(try error("a,b\n\u{0}1,1\n\u{0}2,2\n", items: ["a", "b"]))
        #expect(nul.message.contains("another encoding"))
    }

    @Test func outOfRangeNumbersPointAtTheColumn() throws {
        let e = try #require(try error("a,b\n1001,1\n1002,2\n", items: ["a", "b"]))
        #expect(e.message.contains("numbers outside the response range 1–5 or off its grid"))
        #expect(e.message.contains("--map ITEM=COLUMN"))
    }

    @Test func everyRowRaggedSaysTheHeaderMayBeShifted() throws {
        let e = try #require(try error("a,b\n1,2,3\n4,5,1\n", items: ["a", "b"]))
        #expect(e.message.hasPrefix("no row is left to score: 2 rows read = 0 scored + 2 rejected"))
        #expect(e.message.contains("is the header shifted"))
    }

    @Test func rejectRowLeavingNothingIsAnError() throws {
        let e = try #require(try error("a,b\n1,x\n2,y\n", items: ["a", "b"], options: ReaderOptions(onInvalid: .rejectRow)))
        #expect(e.message.contains("--on-invalid reject-row left out every row"))
    }

    @Test func allowEmptyTurnsTheErrorIntoAWarning() throws {
        var options = ReaderOptions()
        options.allowEmpty = true
        let url = try CSVTest.temporaryFile("q1,q2\n1,\n2,\n")
        let c = try CSVTest.read(url, items: ["q1", "q2"], options: options)
        #expect(c.report.summary.contains("  warning: item q2 (column \"q2\") has no valid answer on any of the 2 rows scored; every cell is empty"))
    }

    @Test func moreThanFivePercentInvalidIsWarnedAbout() throws {
        // 2 of 20 cells (10 %) invalid in q1; 1 of 20 (5 %, not more) in q2.
        var text = "q1,q2\n"
        for i in 0..<20 { text += (i < 2 ? "Often" : "3") + "," + (i == 5 ? "9" : "2") + "\n" }
        let url = try CSVTest.temporaryFile(text)
        let c = try CSVTest.read(url, items: ["q1", "q2"])
        let warnings = c.report.itemWarnings
        #expect(warnings == ["item q1 (column \"q1\"): 2 of 20 cells (10.0 %) are invalid; most invalid cells look like answer labels (\"Often\"); say what each label means in a --recode FILE (CSV item,label,value; '*' for every item), or export the answers as numbers"])
        #expect(c.report.summary.hasSuffix("\n  warning: " + warnings[0]))
    }

    @Test func shardsDoNotJudgeButTheMergedReportDoes() throws {
        var text = "q1,q2\n"
        for i in 0..<400 { text += "\(i % 5 + 1),\n" }
        let url = try CSVTest.temporaryFile(text)
        var merged: DataReport?
        for i in 1...2 {
            var options = ReaderOptions(shard: try Shard(parsing: "\(i)/2"))
            options.gridSize = 256
            let part = try CSVTest.read(url, items: ["q1", "q2"], options: options).report
            if merged == nil { merged = part } else { merged!.merge(part) }
        }
        let e = try #require(merged?.noValidAnswerError(plan: nil))
        #expect(e.message.contains("item q2 (column \"q2\")") && !e.message.contains("item q1"))
        #expect(merged?.items?.map(\.answered) == [true, false])
    }

    @Test func tallyDoesNotDependOnThreadsOrChunks() throws {
        var text = "q1,q2\n"
        for i in 0..<3000 { text += (i % 7 == 0 ? "Seldom" : "\(i % 5 + 1)") + "," + (i % 11 == 0 ? "7,5" : "2") + "\n" }
        let url = try CSVTest.temporaryFile(text.replacingOccurrences(of: "7,5", with: "\"7,5\""))
        var reference: [ItemTally]?
        for (threads, grid) in [(1, 1 << 18), (2, 64), (8, 300)] {
            var options = ReaderOptions(threads: threads)
            options.gridSize = grid
            let items = try CSVTest.read(url, items: ["q1", "q2"], options: options).report.items
            if reference == nil { reference = items } else { #expect(items == reference) }
        }
        #expect(reference?[0].looks.text == 429 && reference?[1].looks.decimalComma == 273)
        #expect(reference?[0].examples == ["Seldom"])
    }

    @Test func cellLooks() {
        func look(_ s: String) -> CellLook { Array(s.utf8).withUnsafeBufferPointer { CellLook.of($0) } }
        #expect(look("7,3") == .decimalComma && look("-0,5") == .decimalComma)
        #expect(look("7,") == .other && look("1,2,3") == .other)
        #expect(look("Always") == .text && look("Très souvent") == .text && look("x") == .text)
        #expect(look("12") == .number && look("1e3") == .number && look("2.5") == .number)
        #expect(look("M\u{FFFD}ller") == .encoding && look("\u{0}1") == .encoding)
        #expect(look("MÃ¼ller") == .encoding)
        #expect(look("?") == .other && look("--") == .other)
    }
}
