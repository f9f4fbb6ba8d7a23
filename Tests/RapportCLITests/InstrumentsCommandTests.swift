import Foundation
import Testing
@testable import Rapport

/// End-to-end: `rapport instruments list|show|export` through the built binary.
@Suite struct InstrumentsCommandTests {
    static let example = "docs/examples/full-example.xml"

    @Test func listShowsEveryBuiltinFromAnyDirectory() throws {
        let elsewhere = FileManager.default.temporaryDirectory
        let r = try CLI.run(["instruments", "list"], currentDirectory: elsewhere)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID ") == true)
        for column in ["NAME", "CONSTRUCT", "RESPONDENT", "ITEMS", "SCALES", "KEYS", "LICENCE"] {
            #expect(lines.first?.contains(column) == true)
        }
        let builtins = InstrumentCatalog.builtins
        #expect(builtins.count >= 11)
        #expect(lines.count == builtins.count + 2)
        for (line, instrument) in zip(lines.dropFirst(), builtins) {
            #expect(line.hasPrefix(instrument.id + " "))
            #expect(line.contains(" \(instrument.construct.rawValue) "))
            #expect(line.hasSuffix(instrument.licence.use.rawValue))
        }
    }

    @Test func listAsJSON() throws {
        let r = try CLI.run(["instruments", "list", "--format", "json"])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let rows = try #require(object?["instruments"] as? [[String: Any]])
        #expect(rows.compactMap { $0["id"] as? String } == InstrumentCatalog.builtins.map(\.id))
        #expect(rows.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
    }

    @Test func showACustomFile() throws {
        let r = try CLI.run(["instruments", "show", Self.example])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("EAS — Example Alliance Scale\n"))
        #expect(r.stdout.contains("  goal — Goal\n    mean of: 1, 2R"))
        #expect(r.stdout.contains("cutoff low-alliance: score < 36 — Below the clinical cutoff"))
        #expect(r.stdout.contains("norm outpatients (clinical): mean 60.2, SD 12.1, n = 435, reliability 0.88 (alpha)"))
        #expect(r.stdout.contains("up to 2 not-applicable or missing answers replaced by the mean"))
        #expect(r.stdout.contains("EAS — Licence (permission-required, Example University): "))
        #expect(r.stdout.contains("Unverified (5)"))
    }

    @Test func showEachBuiltinWithItsLicence() throws {
        for instrument in InstrumentCatalog.builtins {
            let r = try CLI.run(["instruments", "show", instrument.id.uppercased()])
            #expect(r.status == 0, "\(instrument.id): \(r.stderr)")
            #expect(r.stdout.contains(instrument.licenceNotice))
            #expect(r.stdout.contains("Unverified") == !instrument.verificationWarnings.isEmpty)
        }
    }

    @Test func unknownIdExitsTwo() throws {
        let r = try CLI.run(["instruments", "show", "no-such-scale"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("no-such-scale: error: is neither a built-in instrument"))
        #expect(r.stderr.contains("[io.unreadable]"))
    }

    @Test func invalidDefinitionExitsOne() throws {
        let path = "Tests/RapportTests/Fixtures/lint/scale-cycle.xml"
        let r = try CLI.run(["instruments", "show", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(path):29:5: error: scales contain each other in a cycle"))
        #expect(r.stderr.contains("[lint.scale-cycle]"))
    }

    @Test func exportBuiltinIsTheFileCompiledIn() throws {
        for (file, _) in BuiltinInstruments.sources {
            let id = String(file.dropLast(4))
            let r = try CLI.run(["instruments", "export", id])
            #expect(r.status == 0)
            let onDisk = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Instruments/\(file)"), encoding: .utf8)
            #expect(r.stdout == onDisk, "\(file)")
        }
    }

    @Test func exportCustomFileRoundTripsAndRefusesToOverwrite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("mine.xml").path
        let r = try CLI.run(["instruments", "export", Self.example, "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("Wrote \(out)."))
        var exported = try InstrumentLoader.load(path: out)
        let original = try InstrumentLoader.load(path: CLI.packageRoot.appendingPathComponent(Self.example).path)
        exported.sha256 = original.sha256
        #expect(exported == original)
        let again = try CLI.run(["instruments", "export", Self.example, "-o", out])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }
}
