import Foundation
import Testing
@testable import Rapport

/// End-to-end: `rapport validate` output formats and exit codes 0 / 1 / 2.
@Suite struct ValidateCommandTests {
    static let example = "docs/examples/full-example.xml"
    static let hostile = "Tests/RapportTests/Fixtures/hostile"
    static let lint = "Tests/RapportTests/Fixtures/lint"

    @Test func builtinLibraryFolderIsValid() throws {
        let r = try CLI.run(["validate", "Instruments/"])
        #expect(r.status == 0, "\(r.stdout)")
        let n = BuiltinInstruments.sources.count
        #expect(r.stdout.contains("\(n) files: \(n) passed, 0 failed; 0 errors"))
    }

    /// A folder given through a symbolic link (a lab's shared definitions) is walked, and its
    /// files are named under the link.
    @Test func symlinkedFolderIsWalked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = dir.appendingPathComponent("defs")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: CLI.packageRoot.appendingPathComponent("Instruments"))
        let n = BuiltinInstruments.sources.count
        for path in ["defs/", "defs"] {
            let r = try CLI.run(["validate", path], currentDirectory: dir)
            #expect(r.status == 0, "\(r.stdout)")
            #expect(r.stdout.contains("\(n) files: \(n) passed, 0 failed; 0 errors"))
            #expect(r.stdout.contains("defs/srs.xml [srs]: valid"))
        }
    }

    @Test func validWithWarningsExitsZeroAndStrictExitsOne() throws {
        let r = try CLI.run(["validate", Self.example])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\(Self.example):58:7: warning: the key of scale \"bond\" is unverified"))
        #expect(r.stdout.contains("\(Self.example) [example-alliance]: valid (6 warnings)\n"))
        #expect(r.stdout.hasSuffix("1 file: 1 passed, 0 failed; 0 errors, 6 warnings\n"))
        let strict = try CLI.run(["validate", "--strict", Self.example])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("fails under --strict (6 warnings)"))
    }

    @Test func everyHostileFileIsInvalidNotACrash() throws {
        let r = try CLI.run(["validate", Self.hostile])
        #expect(r.status == 1, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(
            atPath: CLI.packageRoot.appendingPathComponent(Self.hostile).path).filter { $0.hasSuffix(".xml") }
        for f in files {
            #expect(r.stdout.contains("\(Self.hostile)/\(f): invalid"), "\(f)")
        }
        for code in ["xml.doctype", "xml.malformed", "xml.schema", "xml.encoding", "xml.namespace", "xml.format-version"] {
            #expect(r.stdout.contains("[\(code)]"), "\(code)")
        }
        #expect(!r.stdout.contains("root:"))   // /etc/passwd never read
        #expect(r.stderr.isEmpty)              // libxml2 never prints on its own
    }

    @Test func unreadablePathExitsTwoEvenBesideInvalidOnes() throws {
        let r = try CLI.run(["validate", "no/such/file.xml", "\(Self.lint)/scale-cycle.xml"])
        #expect(r.status == 2)
        #expect(r.stdout.contains("no/such/file.xml: error: no such file or folder [io.unreadable]"))
        #expect(r.stdout.contains("scale-cycle.xml: invalid"))
    }

    @Test func folderWithoutDefinitionsExitsTwo() throws {
        let r = try CLI.run(["validate", "Instruments/schema"])
        #expect(r.status == 2)
        #expect(r.stdout.contains("the folder contains no .xml files"))
    }

    @Test func wrongArgumentsExitTwo() throws {
        AssertErrorMessage(["validate"], "Missing expected argument '<paths> ...'")
        AssertErrorMessage(["validate", "--format", "yaml", Self.example],
                           "The value 'yaml' is invalid for '--format <text|json|junit>'. Please provide one of 'text', 'json' or 'junit'.")
    }

    @Test func jsonReportMatchesTheLibrary() throws {
        let paths = [Self.example, "\(Self.lint)/unknown-item.xml", "\(Self.hostile)/billion-laughs.xml"]
        let r = try CLI.run(["validate", "--format", "json"] + paths)
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["exitCode"] as? Int == 1)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == paths)
        var warnings = 0
        for (file, path) in zip(files, paths) {
            let check = InstrumentLoader.check(path: CLI.packageRoot.appendingPathComponent(path).path)
            warnings += check.warnings.count
            let diagnostics = try #require(file["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.compactMap { $0["code"] as? String } == check.diagnostics.map(\.code.rawValue))
            #expect(diagnostics.map { $0["line"] as? Int } == check.diagnostics.map(\.line))
            #expect(file["valid"] as? Bool == check.isValid)
        }
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["files": 3, "passed": 1, "failed": 2, "errors": 2, "warnings": warnings])
        #expect(warnings == 7)   // 6 in the example, 1 unscored item in the fixture
    }

    @Test func junitReport() throws {
        let paths = [Self.example, "\(Self.lint)/unknown-item.xml", "missing.xml"]
        let r = try CLI.run(["validate", "--format", "junit"] + paths)
        #expect(r.status == 2)
        #expect(r.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rapport validate\" tests=\"3\" failures=\"1\" errors=\"1\">"))
        #expect(r.stdout.contains("<testcase classname=\"instruments\" name=\"\(Self.lint)/unknown-item.xml\">\n      <failure type=\"lint.unknown-reference\""))
        #expect(r.stdout.contains("<error type=\"io.unreadable\" message=\"no such file or folder\">"))
        #expect(r.stdout.contains("<system-out>\(Self.example):44:5: warning"))
        // Well-formed: our own loader's parser accepts it (as an unknown namespace, not as malformed).
        let check = InstrumentLoader.check(data: Array(r.stdout.utf8), file: "junit.xml")
        #expect(check.errors.first?.code == .namespace)
        let strict = try CLI.run(["validate", "--format", "junit", "--strict", Self.example])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("failures=\"1\" errors=\"0\""))
    }

    @Test func outputIsDeterministic() throws {
        let a = try CLI.run(["validate", "--format", "json", Self.lint])
        let b = try CLI.run(["validate", "--format", "json", Self.lint])
        #expect(a.stdout == b.stdout)
        #expect(a.status == 1)
    }
}
