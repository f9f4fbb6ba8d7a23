import Foundation
import Testing
@testable import Rapport

/// How `rapport audit` reads a session export (``AuditReading``) and chooses its format
/// (``AuditRender/Format``), in-process. The audit's results are tested against R in
/// AuditTests and end to end in AuditCommandTests and AuditREDCapTests.
@Suite struct AuditReadingTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RapportCLITests/Fixtures/redcap")

    @Test func idColumnsComeOnceInOrder() {
        let c = AuditReading.Columns(client: "c", sessions: ["e", "i", "c"], therapist: "t")
        #expect(c.all == ["c", "e", "i", "t"])
        #expect(AuditReading.Columns(client: "c", sessions: ["s"], therapist: nil).all == ["c", "s"])
    }

    @Test func formatIsTheOptionElseTheExtensionElseMarkdown() {
        typealias F = AuditRender.Format
        for (output, format) in [("a.json", F.json), ("a.JSON", .json), ("a.md", .md), ("a.markdown", .md),
                                 ("a.html", .html), ("a.htm", .md), ("a.txt", .md), ("noext", .md)] {
            #expect(F.chosen(nil, output: output) == format, "\(output)")
        }
        #expect(F.chosen(nil, output: nil) == .md && F.chosen(.html, output: "a.json") == .html)
    }

    @Test func repeatInstanceHintOnlyWhenTheColumnIsNotASession() {
        let header = ["record_id", "redcap_event_name", "Redcap_Repeat_Instance"]
        #expect(AuditReading.duplicateHint(header: header, sessionColumns: ["redcap_event_name"])
                == "add --session redcap_repeat_instance after --session redcap_event_name to order a repeating event's instances")
        #expect(AuditReading.duplicateHint(header: header,
                                           sessionColumns: ["redcap_event_name", "redcap_repeat_instance"]) == nil)
        #expect(AuditReading.duplicateHint(header: ["record_id", "session"], sessionColumns: ["session"]) == nil)
    }

    /// One row per data row with both measures' total scores and items, IDs as read (never
    /// printed: outputs use pseudonyms).
    @Test func readsEveryRowWithEachMeasuresTotal() throws {
        let path = Self.dir.appendingPathComponent("srs-ors-twin.csv").path
        let instruments = try ["srs", "ors"].map { try InstrumentCatalog.resolve($0) }
        let reader = try ResponseReader(.file(path), options: ReaderOptions(threads: 2))
        let read = try AuditReading.read(reader, instruments: instruments, mapping: MappingOptions(), naTokens: [],
                                         columns: .init(client: "CLIENT", sessions: ["session"], therapist: "therapist"),
                                         pointOverrides: [.drop: 2], skip: [.ceiling], file: path)
        #expect(read.rows.count == 97 && read.report.rowsRead == 97)
        #expect(read.measures.map(\.instrument) == ["srs", "ors"] && read.measures.map(\.scale) == ["total", "total"])
        #expect(read.measures.allSatisfy { m in !m.alerts.contains { $0.kind == .ceiling } })
        let first = try #require(read.rows.first)
        #expect(first.line == 2 && first.client == "101-0001" && first.therapist == "T05" && first.sessions == ["1"])
        #expect(first.scores == [40, 23.4] && first.items.map(\.count) == [4, 4] && first.hasAnswer)
    }
}
