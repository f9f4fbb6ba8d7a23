import Foundation
import Testing
@testable import Rapport

/// Issue 13 §2: a cell holding an anchor label of its item's response scale reads as the
/// anchor's value (case, surrounding space and Unicode normalisation ignored), is counted in
/// the summary, and a label two anchors share is an error.
@Suite struct AnswerLabelTests {
    /// A 1–5 frequency scale with labels, one not-applicable code with a label.
    static let frequency = ResponseScale(
        id: "freq", min: 1, max: 5,
        anchors: [.init(value: 1, label: "Never"), .init(value: 2, label: "Rarely"),
                  .init(value: 3, label: "Sometimes"), .init(value: 4, label: "Very often"),
                  .init(value: 5, label: "Always")],
        codes: [.init(token: "N/A", meaning: .notApplicable, label: "Does not apply")])

    private func plan(_ scale: ResponseScale = frequency) throws -> ColumnPlan {
        try ColumnPlan(header: ["q1"], requests: [.init(item: "q1", column: "q1", scale: scale)])
    }

    @Test func anchorLabelsReadAsTheirValuesIgnoringCaseSpaceAndNormalisation() throws {
        let p = try plan()
        for (cell, value) in [("Always", 5.0), ("always", 5), (" ALWAYS ", 5), ("Very often", 4), ("very OFTEN", 4),
                              ("\u{00A0}Never\t", 1), ("Ａｌｗａｙｓ", 5), ("RARELY", 2)] {
            let r = p.classify(cell, slot: 0)
            #expect(r.status == .answered && r.value == value, "\(cell.debugDescription)")
        }
        // White space inside a label counts; a label of another scale is not an answer.
        #expect(p.classify("Very  often", slot: 0).finding == .nonNumeric)
        #expect(p.classify("Often", slot: 0).finding == .nonNumeric)
        // A declared code's label (and its token in another case) reads as that code.
        #expect(p.classify("does not apply", slot: 0).status == .notApplicable)
        #expect(p.classify("n/a", slot: 0).status == .notApplicable)
    }

    @Test func decomposedAccentsMatchPrecomposedAnchors() throws {
        let scale = ResponseScale(id: "fr", min: 1, max: 2, anchors: [.init(value: 1, label: "Très souvent"),
                                                                      .init(value: 2, label: "Déjà")])
        let p = try plan(scale)
        #expect(p.classify("tre\u{0300}s SOUVENT", slot: 0).value == 1)
        #expect(p.classify("DÉJÀ", slot: 0).value == 2)
        #expect(p.classify("De\u{0301}ja\u{0300}", slot: 0).value == 2)
    }

    @Test func numbersAreNeverLookedUp() throws {
        // An anchor labelled with a digit string does not change what a number means.
        let scale = ResponseScale(id: "odd", min: 1, max: 3, anchors: [.init(value: 1, label: "3")])
        let p = try plan(scale)
        #expect(p.classify("3", slot: 0).value == 3)
        #expect(p.classify("1", slot: 0).value == 1)
    }

    @Test func twoAnchorsThatReadAlikeAreAnError() throws {
        let scale = ResponseScale(id: "dup", min: 1, max: 3, anchors: [.init(value: 1, label: "Often"),
                                                                       .init(value: 3, label: " OFTEN")])
        #expect {
            _ = try plan(scale)
        } throws: { error in
            guard let e = error as? DataError else { return false }
            return e.code == .ambiguousLabel && e.exitStatus == .invalid && e.item == "q1"
                && e.message.contains("\"Often\" (1) and \" OFTEN\" (3) of response scale dup read alike")
                && e.message.contains("give them distinct labels in the definition")
        }
        // The same label twice with the same value is not ambiguous.
        let same = ResponseScale(id: "same", min: 1, max: 3, anchors: [.init(value: 1, label: "Often"),
                                                                       .init(value: 1, label: "often")])
        #expect(try plan(same).classify("OFTEN", slot: 0).value == 1)
    }

    @Test func everyBuiltInInstrumentHasUnambiguousLabels() throws {
        for inst in InstrumentCatalog.builtins {
            _ = try ColumnPlan(header: inst.items.map(\.column), instrument: inst)
        }
    }

    /// A label export and its numeric twin give the same cells, at any chunking, and the
    /// labels are counted.
    @Test func aLabelFileReadsLikeItsNumericTwin() throws {
        let labels = ["Never", "Rarely", "Sometimes", "Very often", "Always"]
        var numeric = "q1,q2\n", text = "q1,q2\n"
        var expected = 0
        for i in 0..<200 {
            let a = 1 + i % 5, b = 1 + (i * 7) % 5
            numeric += "\(a),\(b)\n"
            let labelled = i % 3 != 0
            text += (labelled ? labels[a - 1].uppercased() : "\(a)") + "," + "\"\(labels[b - 1])\"\n"
            expected += (labelled ? 1 : 0) + 1
        }
        let n = try CSVTest.read(try CSVTest.temporaryFile(numeric), items: ["q1", "q2"], scale: Self.frequency)
        for (grid, threads) in [(1 << 18, 4), (64, 1), (97, 3)] {
            var o = ReaderOptions(threads: threads)
            o.gridSize = grid
            let t = try CSVTest.read(try CSVTest.temporaryFile(text), items: ["q1", "q2"], scale: Self.frequency, options: o)
            #expect(t.values == n.values && t.status == n.status && t.lines == n.lines)
            #expect(t.report.findingTotal == 0)
            #expect(t.report.decoding?.labelsRead == expected)
            #expect(t.report.summary.contains("\n  labels read as values: \(expected)"))
        }
        #expect(n.report.decoding == nil)
    }

    @Test func labelsInRejectedRowsAreNotCounted() throws {
        let url = try CSVTest.temporaryFile("q1,q2\nAlways,1\nNever,2,3\nAlways,x\n")
        var o = ReaderOptions(onInvalid: .rejectRow)
        o.threads = 1
        let c = try CSVTest.read(url, items: ["q1", "q2"], scale: Self.frequency, options: o)
        #expect(c.report.rowsScored == 1 && c.report.decoding?.labelsRead == 1)
    }

    @Test func labelsReadJSONKey() throws {
        let url = try CSVTest.temporaryFile("q1\nAlways\n3\n")
        let c = try CSVTest.read(url, items: ["q1"], scale: Self.frequency)
        let json = try #require(String(data: try c.report.jsonData(), encoding: .utf8))
        #expect(json.contains("\"decoding\" : {\n    \"labelsRead\" : 1\n  }"))
    }
}
