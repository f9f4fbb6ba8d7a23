import Foundation
import Testing
@testable import Rapport

/// Every hostile payload is refused with its code and the line that carries it, with no
/// crash, no hang, and no file read besides the one asked for.
@Suite struct InstrumentsHostileTests {
    static let marked = InstrumentFixtures.files(in: "hostile").filter {
        InstrumentFixtures.markedLine(InstrumentFixtures.path("hostile/\($0)")) != nil
    }

    @Test(arguments: marked)
    func refusedWithCodeAndLine(_ name: String) throws {
        let path = InstrumentFixtures.path("hostile/\(name)")
        let expected = try #require(InstrumentFixtures.markedLine(path))
        let check = InstrumentLoader.check(path: path)
        #expect(check.instrument == nil)
        let first = try #require(check.errors.first)
        #expect(first.code.rawValue == expected.code, "\(name): \(first)")
        #expect(first.line == expected.line, "\(name): \(first)")
        #expect(first.file == path)
    }

    @Test func everyHostileFixtureIsCovered() {
        let all = Set(InstrumentFixtures.files(in: "hostile"))
        #expect(all.subtracting(Self.marked) == ["utf16.xml", "utf16-no-bom.xml"])
        #expect(all.count >= 15)
    }

    @Test(arguments: ["utf16.xml", "utf16-no-bom.xml"])
    func utf16IsRefusedAtLineOne(_ name: String) throws {
        let check = InstrumentLoader.check(path: InstrumentFixtures.path("hostile/\(name)"))
        let first = try #require(check.errors.first)
        #expect(first.code == .encoding)
        #expect(first.line == 1)
        #expect(first.message.contains("UTF-8"))
    }

    @Test func latin1ErrorPointsAtTheByte() throws {
        let check = InstrumentLoader.check(path: InstrumentFixtures.path("hostile/latin1-bytes.xml"))
        let e = try #require(check.errors.first)
        #expect(e.column == 34)   // `      <anchor value="1">Jamais, d` is 33 bytes
        #expect(e.message.contains("0xE9"))
    }

    /// The XXE payload names a real file; its contents must appear nowhere.
    @Test func externalEntityNeverReadsTheFile() throws {
        let dir = try InstrumentFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = dir.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET-7f3a".utf8).write(to: secret)
        let base = try String(contentsOfFile: InstrumentFixtures.path("lint/valid-base.xml"), encoding: .utf8)
        let rest = base.split(separator: "\n", maxSplits: 1)[1]
        let payloads = [
            "<!DOCTYPE instrument [<!ENTITY s SYSTEM \"file://\(secret.path)\">]>\n",
            "<!DOCTYPE instrument [<!ENTITY % p SYSTEM \"file://\(secret.path)\"> %p;]>\n",
            "<!DOCTYPE instrument SYSTEM \"\(secret.path)\">\n",
        ]
        for payload in payloads {
            let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + payload
                + rest.replacingOccurrences(of: "<name>Lint base</name>", with: "<name>&s;</name>")
            let check = InstrumentLoader.check(data: Array(xml.utf8), file: "xxe.xml")
            #expect(check.instrument == nil)
            #expect(check.errors.map(\.code) == [.doctype])
            #expect(check.errors.first?.line == 2)
            #expect(!check.diagnostics.contains { $0.message.contains("TOP-SECRET") })
        }
    }

    /// A document without DOCTYPE that still names an entity: undefined, refused as malformed.
    @Test func undeclaredEntityIsMalformed() throws {
        let base = try String(contentsOfFile: InstrumentFixtures.path("lint/valid-base.xml"), encoding: .utf8)
        let xml = base.replacingOccurrences(of: "<name>Lint base</name>", with: "<name>&passwd;</name>")
        let check = InstrumentLoader.check(data: Array(xml.utf8), file: "entity.xml")
        #expect(check.errors.first?.code == .malformed)
        #expect(check.errors.first?.line == 5)
    }

    @Test func hundredThousandDeepNestingIsRefusedWithoutCrash() throws {
        let dir = try InstrumentFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("deep.xml").path
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<instrument xmlns=\"https://rapport.dev/ns/instrument/1\" formatVersion=\"1\" id=\"deep\" version=\"1\">\n"
        xml += String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        xml += "\n</instrument>\n"
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        let check = InstrumentLoader.check(path: path)
        let e = try #require(check.errors.first)
        #expect(e.code == .tooDeep)
        #expect(e.line == 3)
        #expect(check.instrument == nil)
    }

    @Test func fiftyMegabyteFileIsRefusedUnread() throws {
        let dir = try InstrumentFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.xml")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data("<?xml version=\"1.0\"?>\n<instrument>".utf8))
        let chunk = Data(String(repeating: "<!-- padding -->\n", count: 65_536).utf8)
        var written = 0
        while written < 50 * 1_048_576 {
            try handle.write(contentsOf: chunk)
            written += chunk.count
        }
        try handle.close()
        let check = InstrumentLoader.check(path: url.path)
        #expect(check.errors.map(\.code) == [.tooLarge])
        #expect(check.errors[0].message.contains("1048576 bytes"))
        #expect(!check.errors[0].code.isUnreadable)
        // The same limit holds for bytes handed over in memory.
        let inMemory = InstrumentLoader.check(data: [UInt8](repeating: 0x20, count: InstrumentLoader.maximumSize + 1),
                                              file: "mem.xml")
        #expect(inMemory.errors.map(\.code) == [.tooLarge])
    }

    @Test func emptyAndNonXMLFilesAreMalformed() {
        for text in ["", "just text", "<instrument"] {
            let check = InstrumentLoader.check(data: Array(text.utf8), file: "x.xml")
            #expect(check.errors.first?.code == .malformed, "\(text)")
            #expect(check.instrument == nil)
        }
    }
}
