import Foundation
import Testing
@testable import Rapport

/// SPSS and Stata files read through ReadStat give the same cells as the CSV they were made
/// from (Fixtures/formats, written by scripts/reference/make-format-fixtures.R with haven;
/// the .por, which haven cannot write, by scripts/reference/make-por-fixture.c).
/// Needs ReadStat installed (`libreadstat1`); `.ci/run` installs it.
@Suite struct ReadStatReaderTests {
    static let wai = InstrumentCatalog.builtin("wai-sr")!
    static let csvColumns = (1...12).map { "waisr_\($0)" }

    static func fixture(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/formats/\(name)")
    }

    /// The WAI-SR items read from `columns`, with `id` passed through and checked.
    static func read(_ name: String, columns: [String] = csvColumns, id: String = "id",
                     options: ReaderOptions = ReaderOptions()) throws -> CSVTest.Collected {
        try read(url: fixture(name), columns: columns, id: id, options: options)
    }

    static func read(url: URL, columns: [String] = csvColumns, id: String = "id",
                     options: ReaderOptions = ReaderOptions()) throws -> CSVTest.Collected {
        let reader = try ResponseReader(.file(url.path), options: options)
        let scale = wai.responseScales[0]
        let plan = try ColumnPlan(header: reader.header,
                                  requests: columns.enumerated().map { .init(item: "i\($0 + 1)", column: $1, scale: scale) },
                                  passthrough: [id], id: id)
        return try CSVTest.collect(reader, plan: plan)
    }

    @Test(arguments: ["wai-sr-240.sav", "wai-sr-240.zsav", "wai-sr-240.dta", "wai-sr-240.por"])
    func cellsEqualTheCSV(name: String) throws {
        let csv = try Self.read("wai-sr-240.csv")
        let columns = name.hasSuffix(".dta") ? (1...12).map { "wai_\($0)" }
            : name.hasSuffix(".por") ? (1...12).map { "WAISR_\($0)" } : Self.csvColumns
        let other = try Self.read(name, columns: columns, id: name.hasSuffix(".por") ? "ID" : "id")
        #expect(other.values.count == csv.values.count)
        #expect(zip(other.values, csv.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(other.status == csv.status)
        #expect(other.passthrough == csv.passthrough)
        // CSV rows start on line 2 (after the header); SPSS/Stata rows count from 1.
        #expect(other.lines == csv.lines.map { $0 - 1 })
        #expect(other.report.rowsRead == 240 && other.report.rowsScored == 240)
        #expect(other.report.findingTotal == 0)
        // 118 empty CSV cells: in the .sav 40 are 9 (discrete user-missing), 39 are 98 (in the
        // 97–99 range), 39 system-missing; in the .dta 40 are `.a`, 78 plain missing.
        #expect(csv.status.filter { $0 == .missing }.count == 118)
        #expect(other.report.missingCodes == (name.hasSuffix(".dta") ? 40 : 79))
        #expect(other.report.format == InputFormat(path: name))
    }

    @Test func batchesAndThreadsDoNotChangeTheBlocks() throws {
        var one = ReaderOptions(threads: 1)
        one.gridSize = 64 * 16 // 16 rows per batch: 15 batches
        var four = ReaderOptions(threads: 4)
        four.gridSize = 64 * 16
        four.maxInFlight = 5
        let a = try Self.read("wai-sr-240.sav", options: one)
        let b = try Self.read("wai-sr-240.sav", options: four)
        let whole = try Self.read("wai-sr-240.sav")
        #expect(a.firstRows.count == 15)
        #expect(a.firstRows == Array(stride(from: 0, to: 240, by: 16)))
        #expect(a == b)
        #expect(a.values.count == whole.values.count && a.status == whole.status && a.lines == whole.lines)
    }

    @Test func valueLabelsAndMissingCodesAreReported() throws {
        let r = try Self.read("wai-sr-240.sav").report
        let vars = try #require(r.variables)
        #expect(vars.map(\.name) == Self.csvColumns)
        let v = vars[0]
        #expect(v.items == ["i1"])
        #expect(v.label == "WAI-SR item 1")
        #expect(v.type == "numeric")
        #expect(v.missingValues == [9])
        #expect(v.missingRanges == [[97, 99]])
        #expect(v.valueLabels.map(\.value) == ["1", "2", "3", "4", "5", "9", "98"])
        #expect(v.valueLabels.first?.label == "Seldom")
        #expect(v.labelsMatchAnchors == true)
        #expect(r.summary.contains("SPSS .sav: 12 item variables; value labels on 12 (matching the definition's anchors: 12); user-missing codes on 12"))
        #expect(r.summary.contains("missing codes read as missing: 79 cells"))
        // The ID variable is never described: its labels could name people.
        #expect(!vars.contains { $0.name == "id" })

        let d = try #require(try Self.read("wai-sr-240.dta", columns: (1...12).map { "wai_\($0)" }).report.variables)
        #expect(d[0].valueLabels.map(\.value) == ["1", "2", "3", "4", "5", ".a"])
        #expect(d.allSatisfy { $0.labelsMatchAnchors == true })
    }

    @Test func labelsServeAsAnswerLabelsOnlyWhenAsked() throws {
        // wai-sr-coded0.sav: the first 40 rows coded 0–4, labelled with the anchors.
        let csv = try Self.read("wai-sr-240.csv")
        var options = ReaderOptions()
        options.valueLabels = true
        let labelled = try Self.read("wai-sr-coded0.sav", options: options)
        let n = 40 * 12
        #expect(labelled.values.count == n)
        #expect(zip(labelled.values, csv.values.prefix(n)).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(labelled.status == Array(csv.status.prefix(n)))

        // Codes as stored: every 0 is out of range, and the summary says the labels disagree.
        let codes = try Self.read("wai-sr-coded0.sav")
        // Each 0 (a "Seldom" answer) is now out of range, and only those.
        let seldom = csv.values.prefix(n).filter { $0 == 1 }.count
        #expect(seldom > 0)
        #expect(codes.report.count(.outOfRange) == seldom)
        #expect(codes.status.filter { $0 == .invalid }.count == seldom)
        let v = try #require(codes.report.variables?.first)
        #expect(v.labelsMatchAnchors == false)
        #expect(v.labelMismatch == "1 = \"Sometimes\" in the file, \"Seldom\" in the definition")
        #expect(codes.report.summary.contains("warning: variable \"waisr_1\" (item i1): its value labels do not match the definition's anchors"))
    }

    @Test func aLabelThatMatchesNoAnchorStopsTheRead() throws {
        // The .sav labels 9 "No answer" and 98 "Refused", but both are user-missing: skipped.
        var options = ReaderOptions()
        options.valueLabels = true
        let ok = try Self.read("wai-sr-240.sav", options: options)
        #expect(ok.report.rowsRead == 240)
        // A scale without those anchors: "Seldom" matches nothing.
        let reader = try ResponseReader(.file(Self.fixture("wai-sr-240.sav").path), options: options)
        let scale = ResponseScale(id: "agree", min: 1, max: 5, anchors: [.init(value: 1, label: "Disagree")])
        let plan = try ColumnPlan(header: reader.header, requests: [.init(item: "q1", column: "waisr_1", scale: scale)])
        do {
            _ = try reader.forEachBlock(plan: plan) { _ in }
            Issue.record("expected an error")
        } catch let e as DataError {
            #expect(e.code == .unsupported)
            #expect(e.description.contains("variable \"waisr_1\" (item q1): --value-labels: value 1 is labelled \"Seldom\""))
        }
    }

    @Test func anInvalidCellNamesTheVariableAndTheRow() throws {
        let r = try Self.read("invalid.sav")
        #expect(r.report.count(.outOfRange) == 1)
        let f = try #require(r.report.examples.first)
        #expect(f.line == 4 && f.columnName == "waisr_3" && f.item == "i3")
        #expect(r.report.summary.contains("  row 4: variable \"waisr_3\" (item i3): \"7\" is outside the response range 1–5 [out-of-range]"))
        do {
            _ = try Self.read("invalid.sav", options: ReaderOptions(onInvalid: .fail))
            Issue.record("expected an error")
        } catch let e as DataError {
            #expect(e.description.hasSuffix("invalid.sav: row 4: variable \"waisr_3\" (item i3): \"7\" is outside the response range 1–5 [out-of-range]"))
        }
    }

    @Test(arguments: [100, 2_000, 6_000, 9_000])
    func aTruncatedFileIsUnreadable(bytes: Int) throws {
        let whole = try Data(contentsOf: Self.fixture("wai-sr-240.sav"))
        let url = try CSVTest.temporaryFile(whole.prefix(bytes), name: "cut.sav")
        do {
            _ = try Self.read(url: url)
            Issue.record("expected an error")
        } catch let e as DataError {
            #expect(e.code == .unreadable)
            #expect(e.description.contains("may be truncated or damaged"))
        }
    }

    @Test func shardsAreRefused() throws {
        #expect(throws: DataError.self) {
            _ = try ResponseReader(.file(Self.fixture("wai-sr-240.sav").path),
                                   options: ReaderOptions(shard: try Shard(index: 1, count: 2)))
        }
    }

    @Test func numbersBecomeTheirShortestText() {
        for x in [0.0, 1, 5, -3, 7.3, 0.1, 2.5e-7, 1e16, 123456789012345, 9.75] {
            var c = RecordCells(columns: [0])
            c.append(number: x)
            let text = String(decoding: c.text, as: UTF8.self)
            #expect(Double(text) == x, "\(x) → \(text)")
            let parsed = c.text.withUnsafeBufferPointer { CellClassifier.parseNumber($0) }
            #expect(parsed == x, "\(text) parses to \(String(describing: parsed))")
        }
    }
}

/// FHIR R4: the exported Questionnaire's grid and codes, and responses read back through it.
@Suite struct FHIRFormatTests {
    @Test func theQuestionnaireCoversTheWholeGrid() {
        let srs = InstrumentCatalog.builtin("srs")!
        let q = FHIRQuestionnaireWriter.questionnaire(srs)
        let options = q.item[0].answerOption.map(\.valueCoding)
        // SRS lines: 0–10 in steps of 0.1, every grid value exact (7.3 is the literal 7.3).
        #expect(options.count == 101)
        #expect(options.first?.code == "0" && options.last?.code == "10")
        #expect(options.contains { $0.code == "7.3" && $0.extension?.first?.valueDecimal == 7.3 })
        #expect(q.item.map(\.linkId) == srs.items.map(\.id))
        #expect(q.name.first?.isUppercase == true && q.name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    /// CARE's "does not apply" code is an answer option without a weight; answered by its
    /// code it reads as not applicable, as the CSV token does.
    @Test func declaredCodesRoundTrip() throws {
        let care = InstrumentCatalog.builtin("care")!
        let q = FHIRQuestionnaireWriter.questionnaire(care)
        let na = try #require(q.item[0].answerOption.map(\.valueCoding).first { $0.code == "N/A" })
        #expect(na.extension == nil && na.display == "Does not apply")
        let line = #"{"resourceType":"QuestionnaireResponse","subject":{"reference":"Patient/9"},"item":["#
            + #"{"linkId":"\#(care.items[0].id)","answer":[{"valueCoding":{"code":"N/A"}}]},"#
            + #"{"linkId":"\#(care.items[1].id)","answer":[{"valueCoding":{"code":"4","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/ordinalValue","valueDecimal":4}]}}]}]}"#
        let url = try CSVTest.temporaryFile(line + "\n", name: "care.ndjson")
        // One response, whose first item is "does not apply": allowed to have no answer.
        var readerOptions = ReaderOptions()
        readerOptions.allowEmpty = true
        let reader = try ResponseReader(.file(url.path), options: readerOptions)
        #expect(reader.format == .fhirNDJSON)
        #expect(reader.header == FHIRResponseSource.metaColumns + [care.items[0].id, care.items[1].id])
        var options = MappingOptions(idColumn: "subject")
        options.itemIDColumns = true
        // Only the two answered items: a quick instrument over them.
        let two = Instrument(id: "care2", version: "1", name: "two", abbreviation: "C2", construct: .empathy,
                             respondent: .patient, responseScales: care.responseScales,
                             items: Array(care.items.prefix(2)), scales: [],
                             provenance: care.provenance, licence: care.licence)
        let mapping = try ColumnMapping.resolve(instruments: [two], header: reader.header, file: url.path, options: options)
        #expect(mapping.slots.map(\.origin) == ["linkId", "linkId"])
        let plan = try ColumnPlan(header: reader.header,
                                  requests: mapping.slots.map { .init(item: $0.item, column: $0.columnName, scale: $0.responseScale) },
                                  passthrough: ["subject"], id: "subject")
        let got = try CSVTest.collect(reader, plan: plan)
        #expect(got.status == [.notApplicable, .answered])
        #expect(got.values[1] == 4)
        #expect(got.passthrough == [["Patient/9"]])
        #expect(got.lines == [1])
    }
}
