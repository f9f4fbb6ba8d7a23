import Foundation
import Testing
@testable import Rapport

/// Issue 13 §2: `--recode FILE` (`item,label,value`, `*` for every item) reads other labels and
/// vendor codes; a malformed or conflicting row is an error naming the file, line and column.
@Suite struct RecodeTableTests {
    static let frequency = AnswerLabelTests.frequency

    private func table(_ text: String) throws -> RecodeTable {
        try RecodeTable.parse(Array(text.utf8), file: "recode.csv")
    }

    private func plan(_ recode: String, items: [String] = ["w:q1", "w:q2"],
                      scale: ResponseScale = frequency) throws -> ColumnPlan {
        let header = items.map { String($0.split(separator: ":").last!) }
        let p = try ColumnPlan(header: header, requests: zip(items, header).map { .init(item: $0, column: $1, scale: scale) })
        return try p.reading(decimalComma: false, recodes: try table(recode))
    }

    private func failure(_ body: () throws -> Any) -> DataError? {
        do {
            _ = try body()
            return nil
        } catch let e as DataError {
            return e
        } catch {
            return nil
        }
    }

    @Test func parsesRowsWithQuotesBOMAndComments() throws {
        let t = try table("\u{FEFF}Item,Label,Value\r\n*,-99,\r\n# vendor codes\r\n\"q1\",\"Hardly, ever\",2\r\n\r\n*,Not answered,NA\nq2,Skip,N/A\n")
        #expect(t.rules.map(\.item) == ["*", "q1", "*", "q2"])
        #expect(t.rules.map(\.value) == [.missing, .number(2), .missing, .code("N/A")])
        #expect(t.rules.map(\.line) == [2, 4, 6, 7])
        #expect(t.rules[1].label == "Hardly, ever")
        // ';'-separated works too.
        #expect(try table("item;label;value\nq1;Oft;4\n").rules.map(\.value) == [.number(4)])
    }

    @Test func malformedFilesNameFileLineAndColumn() throws {
        let noHeader = try #require(failure { try table("q1,Often,4\n") })
        #expect(noHeader.code == .invalidRecode && noHeader.exitStatus == .unusable && noHeader.line == 1)
        #expect(noHeader.description.contains("recode.csv:1: the first row must be the header item,label,value"))
        let fields = try #require(failure { try table("item,label,value\nq1,Often\n") })
        #expect(fields.line == 2 && fields.message.contains("the row has 2 fields"))
        let emptyLabel = try #require(failure { try table("item,label,value\nq1, ,3\n") })
        #expect(emptyLabel.description.contains("recode.csv:2: column 2 \"label\": the label is empty"))
        let twice = try #require(failure { try table("item,label,value\nq1,Often,4\nq1,often,3\n") })
        #expect(twice.line == 3 && twice.column == 3 && twice.message.contains("on line 2: keep one of the rows"))
        let quote = try #require(failure { try table("item,label,value\nq1,Of\"ten,4\n") })
        #expect(quote.line == 2 && quote.message.contains("broken quote"))
    }

    @Test func starAndItemRowsReadLabelsAndVendorCodes() throws {
        let p = try plan("item,label,value\n*,-99,\n*,Hardly ever,2\nq2,Hardly ever,1\n*,Skipped,N/A\nw:q1,0,NA\n")
        // `*` rows for every item, the item row beats the `*` row.
        #expect(p.classify("hardly EVER", slot: 0).value == 2)
        #expect(p.classify("Hardly ever", slot: 1).value == 1)
        #expect(p.classify("-99", slot: 0).status == .missing && p.classify("-99", slot: 1).status == .missing)
        #expect(p.classify(" -99 ", slot: 1).status == .missing)
        #expect(p.classify("skipped", slot: 1).status == .notApplicable)
        // A digit recoded for q1 only; q2 still finds it out of range.
        #expect(p.classify("0", slot: 0).status == .missing)
        #expect(p.classify("0", slot: 1).finding == .outOfRange)
        // Valid answers and anchors are never recoded.
        #expect(p.classify("3", slot: 0).value == 3 && p.classify("Always", slot: 0).value == 5)
        // The recoded digit sends its column to the general path (it is counted there).
        #expect(!p.classifiers[0].digitsPlain && p.classifiers[1].digitsPlain)
    }

    @Test func aStarRowLeavesWhatAnItemReadsAlone() throws {
        // "Always" is an anchor (5), "3" a valid answer, "N/A" a declared code: a `*` row does not touch them.
        let p = try plan("item,label,value\n*,always,1\n*,3,1\n*,n/a,\n")
        #expect(p.classify("Always", slot: 0).value == 5)
        #expect(p.classify("3", slot: 0).value == 3)
        #expect(p.classify("N/A", slot: 0).status == .notApplicable)
    }

    @Test func conflictingRowsAreErrorsNamingItemAndLabel() throws {
        let anchor = try #require(failure { try plan("item,label,value\nq1,ALWAYS,4\n") })
        #expect(anchor.code == .invalidRecode && anchor.line == 2 && anchor.column == 2)
        #expect(anchor.message.contains("label \"ALWAYS\" of item w:q1 is the label \"Always\" (5) of its response scale freq"))
        #expect(anchor.message.contains("remove the row"))
        let valid = try #require(failure { try plan("item,label,value\nq2,4,1\n") })
        #expect(valid.message.contains("label \"4\" of item w:q2 is a valid answer (1–5)"))
        let bare = try #require(failure { try plan("item,label,value\nq1,Often,4\nw:q1,often,3\n") })
        #expect(bare.line == 3 && bare.message.contains("label \"often\" of item w:q1 is recoded to 3 here and to 4 on line 2"))
    }

    @Test func valuesMustBeAnswersOfTheItem() throws {
        let range = try #require(failure { try plan("item,label,value\n*,Lots,7\n") })
        #expect(range.line == 2 && range.column == 3 && range.message.contains("value 7 is not an answer of item w:q1 (1–5)"))
        let code = try #require(failure { try plan("item,label,value\nq1,Skip,DK\n") })
        #expect(code.message.contains("value \"DK\" is neither a number, empty or NA (missing), nor a code response scale freq of item w:q1 declares (\"N/A\")"))
        let unknown = try #require(failure { try plan("item,label,value\nq9,Often,4\n") })
        #expect(unknown.message.contains("no item q9 is read in this run (items: w:q1, w:q2)"))
    }

    @Test func recodedCellsAreCountedAndReadLikeTheirTwin() throws {
        let recode = try CSVTest.temporaryFile("item,label,value\n*,-99,\n*,Hardly ever,2\nq1,0,NA\n", name: "recode.csv")
        let text = "q1,q2\nHardly ever,3\n-99,Always\n0,0\n2,-99\n"
        let twin = "q1,q2\n2,3\n,5\n,0\n2,\n"
        var o = ReaderOptions(threads: 2)
        o.recodeFile = recode.path
        o.allowEmpty = true
        let r = try CSVTest.read(try CSVTest.temporaryFile(text), items: ["q1", "q2"], scale: Self.frequency, options: o)
        var plain = ReaderOptions()
        plain.allowEmpty = true
        let n = try CSVTest.read(try CSVTest.temporaryFile(twin), items: ["q1", "q2"], scale: Self.frequency, options: plain)
        #expect(r.values.count == n.values.count && zip(r.values, n.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        // q2's "0" is out of range in both.
        #expect(r.report.count(.outOfRange) == 1 && n.report.count(.outOfRange) == 1)
        let d = try #require(r.report.decoding)
        #expect(d.recoded == 4 && d.labelsRead == 1 && d.recodeFile == recode.path)
        #expect(r.report.summary.contains("\n  labels read as values: 1\n  recoded by --recode \(recode.path): 4 cells"))
        #expect(InputFiles.all.contains(recode.path))
    }
}
