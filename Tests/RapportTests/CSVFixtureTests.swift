import Foundation
import Synchronization
import Testing
@testable import Rapport

/// The committed corpus under `Fixtures/csv/`, with exact values, lines and findings, at
/// several thread counts and chunk grids (identical results required).
@Suite struct CSVFixtureTests {
    static let scale = ResponseScale(id: "l5", min: 1, max: 5)

    static func read(_ name: String, passthrough: [String] = [], id: String? = nil,
                     policy: InvalidPolicy = .missing, threads: Int = 2, grid: Int = 1 << 18) throws -> CSVTest.Collected {
        var options = ReaderOptions(onInvalid: policy, threads: threads)
        options.gridSize = grid
        return try CSVTest.read(CSVTest.fixture(name), items: ["q1", "q2", "q3"], scale: scale,
                                passthrough: passthrough, id: id, options: options)
    }

    @Test func rfc4180() throws {
        let c = try Self.read("rfc4180.csv", passthrough: ["id", "comment"])
        #expect(c.lines == [2, 3, 4, 6, 7, 10])
        #expect(c.passthrough.map { $0[1] } == ["plain", "has, comma", "two\r\nlines", "say \"hi\"", "three\nline\nnote", "last"])
        #expect(c.passthrough.map { $0[0] } == ["c01", "c02", "c03", "c04", "c05", "c06"])
        let v = c.values.map { $0.isNaN ? -1 : $0 }
        #expect(v == [1, 2, 3, 4, 5, 1, 2, -1, -1, 3, 3, 3, 5, 4, 3, 1, 1, 1])
        #expect(c.report.findingTotal == 0 && c.report.rowsRead == 6)
    }

    @Test func otherDelimiters() throws {
        for name in ["semicolon.csv", "tab.tsv"] {
            let c = try Self.read(name)
            #expect(c.values == [1, 2, 3, name == "tab.tsv" ? 5 : 4, 5, name == "tab.tsv" ? 5 : 1])
            #expect(c.lines == [2, 3])
        }
    }

    @Test func malformedUnderEachPolicy() throws {
        let missing = try Self.read("malformed.csv", id: "id")
        // Ragged rows (lines 4 and 7) and the unterminated quote (line 9) are rejected whatever the policy.
        #expect(missing.report.rowsRead == 8 && missing.report.rowsScored == 5 && missing.report.rowsRejected == 3)
        #expect(missing.lines == [2, 3, 5, 6, 8])
        let found = missing.report.examples.map { "\($0.kind.rawValue)@\($0.line):\($0.column ?? 0)" }
        #expect(found == ["out-of-range@3:3", "ragged-row@4:0", "non-numeric@5:2", "off-grid@5:3",
                          "stray-quote@6:2", "ragged-row@7:0", "duplicate-id@8:1", "unterminated-quote@9:4"])
        #expect(missing.report.examples[6].message == "the ID on this row repeats the ID on line 2")
        let text = missing.report.summary + String(decoding: try missing.report.jsonData(), as: UTF8.self)
        for id in ["m01", "m02", "m05", "m07"] { #expect(!text.contains(id)) }

        let reject = try Self.read("malformed.csv", id: "id", policy: .rejectRow)
        #expect(reject.report.rowsRead == 8 && reject.report.rowsScored == 2 && reject.report.rowsRejected == 6)
        #expect(reject.lines == [2, 8])
        #expect(reject.report.findingCounts == missing.report.findingCounts)

        #expect {
            _ = try Self.read("malformed.csv", id: "id", policy: .fail)
        } throws: { error in
            guard let e = error as? DataError else { return false }
            return e.line == 3 && e.column == 3 && e.item == "q2" && e.code == .finding(.outOfRange)
                && e.description.hasSuffix("malformed.csv:3: column 3 \"q2\" (item q2): \"9\" is outside the response range 1–5 [out-of-range]")
        }
    }

    @Test func fileLevelProblems() throws {
        let h = try Self.read("header-only.csv")
        #expect(h.report.rowsRead == 0 && h.report.count(.headerOnly) == 1)
        #expect(throws: DataError.self) { _ = try Self.read("empty.csv") }
    }

    @Test(arguments: ["rfc4180.csv", "malformed.csv"])
    func identicalAtOneTwoAndEightThreads(name: String) throws {
        let passthrough = name == "rfc4180.csv" ? ["id", "comment"] : ["id"]
        var reports: [Data] = []
        var reads: [CSVTest.Collected] = []
        for threads in [1, 2, 8] {
            for grid in [1, 7, 64, 1 << 20] {
                let c = try Self.read(name, passthrough: passthrough, id: "id", threads: threads, grid: grid)
                reads.append(c)
                reports.append(try c.report.jsonData())
            }
        }
        #expect(reads.allSatisfy { $0 == reads[0] })
        #expect(Set(reports).count == 1)
    }

    @Test func progressIsReportedInOrder() throws {
        var options = ReaderOptions(threads: 2)
        options.gridSize = 16
        let seen = ProgressLog()
        options.progress = { seen.append($0) }
        let url = CSVTest.fixture("rfc4180.csv")
        _ = try CSVTest.read(url, items: ["q1"], options: options)
        let log = seen.values
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        #expect(log.count > 1)
        #expect(log.map(\.bytesDone) == log.map(\.bytesDone).sorted())
        #expect(log.last?.bytesDone == size && log.last?.bytesTotal == size && log.last?.rowsRead == 6)
    }
}

/// Collects progress callbacks.
final class ProgressLog: Sendable {
    private let log = Mutex<[ReadProgress]>([])
    var values: [ReadProgress] { log.withLock { $0 } }
    func append(_ p: ReadProgress) { log.withLock { $0.append(p) } }
}
