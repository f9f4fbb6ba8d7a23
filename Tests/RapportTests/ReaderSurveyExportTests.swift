import Foundation
import Testing
@testable import Rapport

/// Issue 13 §5–6: Qualtrics' header rows, `--skip-rows`, `--where`, and header names matched
/// ignoring case.
@Suite struct ReaderSurveyExportTests {
    /// A Qualtrics export: BOM, CRLF, question text with a quoted line break, the ImportId row.
    static let qualtrics = "\u{FEFF}StartDate,Finished,ResponseId,Q1,Q2\r\n"
        + "Start Date,Finished,Response ID,\"How often?\r\n(Q1)\",Q2 text\r\n"
        + "\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"Europe/Paris\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\r\n"
        + "2024-01-01,1,R_1,1,2\r\n2024-01-01,0,R_2,4,\r\n2024-01-02,1,R_3,5,5\r\n"

    private func read(_ text: String, items: [String] = ["Q1", "Q2"], passthrough: [String] = [],
                      options: ReaderOptions = ReaderOptions()) throws -> CSVTest.Collected {
        try CSVTest.read(try CSVTest.temporaryFile(text), items: items, passthrough: passthrough, options: options)
    }

    @Test func qualtricsRowsTwoAndThreeAreSkipped() throws {
        let c = try read(Self.qualtrics, passthrough: ["ResponseId"])
        #expect(c.passthrough == [["R_1"], ["R_2"], ["R_3"]])
        #expect(c.lines == [5, 6, 7])
        #expect(c.report.rowsRead == 3 && c.report.findingTotal == 0)
        let rows = try #require(c.report.decoding?.headerRows)
        #expect(rows == HeaderRows(firstLine: 2, lastLine: 4, count: 2, reason: "qualtrics"))
        #expect(c.report.summary.contains("\n  Qualtrics export: row 1 is the header, lines 2–4 (question text, ImportId) skipped (--skip-rows 0 reads them)"))
        // The same from standard input, and in shards.
        for i in 1...2 {
            var o = ReaderOptions(shard: try Shard(parsing: "\(i)/2"))
            o.gridSize = 16
            let part = try CSVTest.read(try CSVTest.temporaryFile(Self.qualtrics), items: ["Q1"], options: o)
            #expect(part.lines.allSatisfy { $0 >= 5 })
        }
    }

    @Test func skipRowsOverridesDetection() throws {
        var o = ReaderOptions()
        o.skipRows = 0
        o.allowEmpty = true
        let all = try read(Self.qualtrics, options: o)
        #expect(all.report.rowsRead == 5 && all.report.decoding?.headerRows == nil)
        #expect(all.report.count(.nonNumeric) == 4)
        o.skipRows = 3
        let three = try read(Self.qualtrics, options: o)
        #expect(three.lines == [6, 7])
        #expect(three.report.decoding?.headerRows?.reason == "--skip-rows")
        #expect(three.report.summary.contains("\n  lines 2–5 skipped (--skip-rows 3)"))
        // Rows skipped past the end: a header-only file.
        o.skipRows = 9
        let none = try read(Self.qualtrics, options: o)
        #expect(none.report.rowsRead == 0 && none.report.count(.headerOnly) == 1)
    }

    @Test func otherFilesAreNotTouched() throws {
        let plain = "Q1,Q2\nStart,End\n{\"x\":1},2\n1,2\n"
        var o = ReaderOptions()
        o.allowEmpty = true
        #expect(try read(plain, options: o).report.rowsRead == 3)
        // The older two-row form: ImportId on row 2.
        let two = "Q1,Q2\n\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\n1,2\n"
        let c = try read(two)
        #expect(c.lines == [3] && c.report.decoding?.headerRows?.count == 1)
    }

    @Test func skippedRowsAreCheckedForEncoding() throws {
        var bytes = Array("Q1,Q2\r\nQuestion ".utf8) + [0xE9] + Array(",x\r\n\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\r\n1,2\r\n".utf8)
        let url = try CSVTest.temporaryFile(Data(bytes))
        #expect {
            _ = try ResponseReader(.file(url.path))
        } throws: { e in
            guard let e = e as? DataError else { return false }
            return e.code == .invalidEncoding && e.line == 2 && e.message.hasPrefix("byte 10 of the line (byte 17 of the file) is 0xE9")
        }
        bytes[16] = 0x65
        #expect(try ResponseReader(.file(try CSVTest.temporaryFile(Data(bytes)).path)).header == ["Q1", "Q2"])
    }

    @Test func whereKeepsMatchingRowsAndCountsTheRest() throws {
        var o = ReaderOptions()
        o.filters = [try RowFilter(parsing: "finished=1")]
        let c = try read(Self.qualtrics, passthrough: ["ResponseId"], options: o)
        #expect(c.passthrough == [["R_1"], ["R_3"]] && c.lines == [5, 7])
        #expect(c.report.rowsRead == 3 && c.report.rowsScored == 2 && c.report.rowsRejected == 0 && c.report.rowsFilteredOut == 1)
        #expect(c.report.summary.hasPrefix("\(c.report.file): 3 rows read = 2 scored + 0 rejected + 1 filtered out by --where finished=1 (--on-invalid missing)"))
        o.filters.append(try RowFilter(parsing: "ResponseId != R_3"))
        let both = try read(Self.qualtrics, passthrough: ["ResponseId"], options: o)
        #expect(both.passthrough == [["R_1"]] && both.report.rowsFilteredOut == 2)
    }

    @Test func filteredRowsAreNotJudgedButRaggedRowsAreRejected() throws {
        let text = "id,event,q1,q2\nA,screening,x,99\nA,s1,1,2\nA,screening,y\nB,s1,3,4\nB,screening,,\n"
        var o = ReaderOptions(onInvalid: .fail)
        o.filters = [RowFilter(column: "event", value: "screening", equal: false)]
        #expect {
            _ = try CSVTest.read(try CSVTest.temporaryFile(text), items: ["q1", "q2"], id: "id", options: o)
        } throws: { ($0 as? DataError)?.code == .finding(.raggedRow) && ($0 as? DataError)?.line == 4 }
        o.onInvalid = .missing
        let c = try CSVTest.read(try CSVTest.temporaryFile(text), items: ["q1", "q2"], id: "id", options: o)
        #expect(c.values == [1, 2, 3, 4] && c.lines == [3, 5])
        #expect(c.report.rowsFilteredOut == 3 - 1 && c.report.rowsRejected == 1 && c.report.rowsRead == 5)
        #expect(c.report.findingCounts == ["ragged-row": 1], "no finding from a filtered row, no duplicate ID")
        #expect(c.report.items?.map(\.invalid) == [0, 0])
    }

    @Test func whereOnAnItemColumnAndAnEmptyValue() throws {
        var o = ReaderOptions()
        o.filters = [try RowFilter(parsing: "Q2!=")]
        let c = try read(Self.qualtrics, options: o)
        #expect(c.values == [1, 2, 5, 5] && c.report.rowsFilteredOut == 1)
    }

    @Test func noRowLeftByWhereIsAnError() throws {
        var o = ReaderOptions()
        o.filters = [try RowFilter(parsing: "Finished=True")]
        #expect {
            _ = try read(Self.qualtrics, options: o)
        } throws: { e in
            guard let e = e as? DataError else { return false }
            return e.code == .noValidAnswers && e.message.contains("3 rows were left out by --where Finished=True: check the column and the value")
        }
    }

    @Test func whereErrors() throws {
        #expect(throws: DataError.self) { try RowFilter(parsing: "Finished") }
        #expect(throws: DataError.self) { try RowFilter(parsing: "=1") }
        #expect(try RowFilter(parsing: "a=b!=c") == RowFilter(column: "a", value: "b!=c"))
        #expect(try RowFilter(parsing: "a!=b=c") == RowFilter(column: "a", value: "b=c", equal: false))
        var o = ReaderOptions()
        o.filters = [try RowFilter(parsing: "Finishd=1")]
        #expect {
            _ = try ResponseReader(.file(try CSVTest.temporaryFile(Self.qualtrics).path), options: o)
        } throws: { e in
            guard let e = e as? DataError else { return false }
            return e.code == .missingColumn && e.exitStatus == .unusable && e.message.contains("did you mean 'Finished'?")
        }
    }

    // MARK: Header names

    @Test func headerNamesMatchIgnoringCaseAndNormalisation() throws {
        let header = ["ID", "Qualit\u{E9}", "SRS_1", "q1", "Q1", "Item", "ITEM"]
        let index = HeaderIndex(header)
        #expect(index.find("id") == .found(0))
        #expect(index.find("Qualite\u{301}") == .found(1), "NFD finds NFC")
        #expect(index.find("srs_1") == .found(2))
        #expect(index.find("Q1") == .found(4) && index.find("q1") == .found(3), "an exact name wins")
        #expect(index.find("item") == .ambiguous([5, 6]))
        #expect(index.find("nope") == .missing)
        let scale = CSVTest.likert()
        let plan = try ColumnPlan(header: header, requests: [.init(item: "s1", column: "srs_1", scale: scale)], id: "id")
        #expect(plan.items[0].column == 2 && plan.items[0].columnName == "SRS_1" && plan.idColumn == 0)
        #expect {
            _ = try ColumnPlan(header: header, requests: [.init(item: "i", column: "iTeM", scale: scale)])
        } throws: { e in
            (e as? DataError)?.message == "column \"iTeM\" matches 2 header names that differ only in case: columns 6, 7 (\"Item\", \"ITEM\"); name one exactly"
        }
    }

    @Test func mappingFindsDefinitionColumnsInAnyCase() throws {
        let srs = try #require(InstrumentCatalog.builtin("srs"))
        let columns = srs.items.map(\.column)
        let header = ["client"] + columns.map { $0.uppercased() }
        let mapping = try ColumnMapping.resolve(instruments: [srs], header: header, file: "d.csv",
                                                options: MappingOptions(idColumn: "CLIENT"))
        #expect(mapping.slots.map(\.column) == Array(1...columns.count))
        #expect(mapping.slots.map(\.columnName) == columns.map { $0.uppercased() })
        #expect(mapping.idColumn == 0)
        #expect {
            _ = try ColumnMapping.resolve(instruments: [srs], header: header + [columns[0].capitalized],
                                          file: "d.csv")
        } throws: { ($0 as? MappingError)?.message.contains("differ only in case") == true }
    }
}
