import Foundation
import Testing
@testable import Rapport

/// The documents `validate` and `instruments list|show` print, built in Rapport and tested
/// in-process (they were written in the CLI): the JSON writer, the text table, the
/// validation report with its exit code, and the files a validated path names.
@Suite struct CommandDocumentsTests {
    struct Sample: Encodable {
        var zeta = 1
        var alpha = "a/b"
        var list = [1.5, 2]
    }

    @Test func jsonIsSortedUnescapedAndEndsInANewline() throws {
        #expect(try JSONOutput.encode(Sample(), pretty: false) == #"{"alpha":"a/b","list":[1.5,2],"zeta":1}"# + "\n")
        let pretty = try JSONOutput.encode(Sample())
        #expect(pretty.hasPrefix("{\n  \"alpha\" : \"a/b\",\n") && pretty.hasSuffix("}\n"))
        #expect(Array(try JSONOutput.data(Sample())) == Array(pretty.utf8))
    }

    @Test func textTablePadsColumnsAndRightAligns() {
        let table = TextTable(header: ["ID", "N", "NAME"], rows: [["a", "7", "short"], ["long-id", "12", "x"]],
                              rightAligned: [1])
        #expect(table.render() == "ID        N  NAME\na         7  short\nlong-id  12  x\n")
    }

    static func check(_ file: String, _ diagnostics: [InstrumentError]) -> InstrumentCheck {
        InstrumentCheck(file: file, instrument: nil, diagnostics: diagnostics)
    }

    static let warning = InstrumentError(code: .duplicateID, severity: .warning, file: "w.xml", line: 3, message: "w")
    static let error = InstrumentError(code: .unknownReference, file: "e.xml", line: 4, column: 2, message: "e")
    static let unreadable = InstrumentError(code: .unreadable, file: "gone.xml", message: "no such file or folder")

    /// 0 when every file passes, 1 for an invalid definition (or a warning under --strict), 2
    /// when a path could not be read — whatever else failed.
    @Test func validationExitCodesAndVerdicts() throws {
        let ok = Self.check("ok.xml", []), warned = Self.check("w.xml", [Self.warning])
        let invalid = Self.check("e.xml", [Self.error]), gone = Self.check("gone.xml", [Self.unreadable])
        #expect(ValidationReport(results: [ok, warned], strict: false).exitCode == 0)
        #expect(ValidationReport(results: [ok, warned], strict: true).exitCode == 1)
        #expect(ValidationReport(results: [ok, invalid], strict: false).exitCode == 1)
        #expect(ValidationReport(results: [invalid, gone], strict: false).exitCode == 2)
        let text = ValidationReport(results: [ok, warned, invalid, gone], strict: false).text()
        #expect(text.contains("ok.xml: valid\n") && text.contains("w.xml: valid (1 warning)\n"))
        #expect(text.contains("e.xml: invalid (1 error, 0 warnings)\n") && text.contains("gone.xml: unreadable\n"))
        #expect(text.hasSuffix("4 files: 2 passed, 2 failed; 2 errors, 1 warning\n"))
        #expect(ValidationReport(results: [warned], strict: true).text()
                    .contains("w.xml: fails under --strict (1 warning)\n"))
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(ValidationReport(results: [ok, gone], strict: false).json().utf8)) as? [String: Any])
        #expect(json["exitCode"] as? Int == 2 && json["strict"] as? Bool == false)
        #expect(json["summary"] as? [String: Int] == ["files": 2, "passed": 1, "failed": 1, "errors": 1, "warnings": 0])
        let junit = ValidationReport(results: [ok, invalid, gone], strict: false).junit()
        #expect(junit.contains("<failure") && junit.contains("<error") && junit.contains("name=\"ok.xml\""))
    }

    @Test func aValidatedPathNamesItsDefinitionFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-defs-\(getpid())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["b.xml", "sub/a.XML", "notes.txt", ".hidden.xml"] {
            try Data("<x/>".utf8).write(to: dir.appendingPathComponent(name))
        }
        let found = InstrumentLoader.definitionFiles(at: dir.path)
        #expect(found.map(\.path) == [dir.path + "/b.xml", dir.path + "/sub/a.XML"] && found.allSatisfy { $0.problem == nil })
        let file = InstrumentLoader.definitionFiles(at: dir.path + "/notes.txt")
        #expect(file.count == 1 && file[0].path == dir.path + "/notes.txt" && file[0].problem == nil)
        let missing = InstrumentLoader.definitionFiles(at: dir.path + "/nowhere")
        #expect(missing.first?.problem?.code == .unreadable && missing.first?.problem?.message == "no such file or folder")
        let empty = InstrumentLoader.definitionFiles(at: dir.path + "/empty")
        #expect(empty.first?.problem?.message == "the folder contains no .xml files")
    }

    @Test func instrumentListingAndDescription() throws {
        let builtins = InstrumentCatalog.builtins
        let table = InstrumentListing.table(builtins)
        #expect(table.hasPrefix("ID ") && table.hasSuffix(
            "\n\(builtins.count) built-in instruments. Show one with `rapport instruments show ID`.\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(InstrumentListing.json(builtins).utf8))
                                as? [String: [[String: Any]]])
        #expect(json["instruments"]?.count == builtins.count)
        #expect(Set(json["instruments"]?.first?.keys.map { $0 } ?? []) == [
            "id", "version", "name", "abbreviation", "construct", "respondent", "keys", "licence", "sha256", "items",
            "scales", "unverifiedScales"])
        let wai = try #require(InstrumentCatalog.builtin("wai-sr"))
        let text = InstrumentDescription.text(wai)
        #expect(text.hasPrefix("\(wai.abbreviation) — \(wai.name)\nid wai-sr · definition version \(wai.version)"))
        #expect(text.contains("\nResponse scales\n") && text.contains("\nItems (\(wai.items.count))\n"))
        #expect(text.contains("\nScales (\(wai.scales.count))\n") && text.contains("\nProvenance\n"))
        #expect(InstrumentDescription.num(2) == "2" && InstrumentDescription.num(0.5) == "0.5")
    }
}
