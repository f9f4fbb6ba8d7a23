import Foundation
import Testing
import Rapport
@testable import RapportCLI

/// End-to-end tests of `rapport screen` on simulated data with planted careless rows.
@Suite struct ScreenCommandTests {
    /// 12 items q1…q12 on 1–5 in three sub-scales of four, q2, q7, q12 reverse-keyed, with the
    /// alliance ceiling skew; the same structure as the quick scales in ``quickScales``.
    static func instrument() -> Instrument {
        let key = KeyProvenance(source: "test", verification: .primary)
        let items = (1...12).map { n in
            Item(id: "q\(n)", number: n, column: "q\(n)", responseScale: "r5", reversed: [2, 7, 12].contains(n))
        }
        let subs = (0..<3).map { s in
            Scale(id: "s\(s + 1)", name: "S\(s + 1)",
                  members: (1...4).map { .init(kind: .item, ref: "q\(s * 4 + $0)") }, scoring: .mean, key: key)
        }
        return Instrument(id: "t", version: "1", name: "T", abbreviation: "T", construct: .alliance,
                          respondent: .client, responseScales: [ResponseScale(id: "r5", min: 1, max: 5)],
                          items: items, scales: subs, provenance: Provenance(citation: "test"),
                          licence: Licence(use: .free, terms: "test"),
                          simulation: Simulation(defaultLoading: 0.75, factorCorrelation: 0.75))
    }

    static let quickScales = ["--scale", "s1=q1,-q2,q3,q4", "--scale", "s2=q5,q6,-q7,q8",
                              "--scale", "s3=q9,q10,q11,-q12", "--range", "1-5"]

    /// Writes a simulated file (10% careless rows, 2% missing cells) with a `secs` column.
    static func simulatedFile(rows: Int = 1500) throws -> (url: URL, careless: [ResponseSimulator.CarelessRow]) {
        let sim = try ResponseSimulator(instrument: instrument(),
                                        options: .init(rows: rows, seed: 5, missingRate: 0.02, carelessRate: 0.1))
        var bytes: [UInt8] = []
        try sim.write { bytes += $0 }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        lines[0] += ",secs"
        for i in 1..<lines.count { lines[i] += i == 7 ? ",10" : ",240" }   // line 8: 10 s for 12 items
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("screen-\(UUID().uuidString).csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return (url, sim.carelessRows)
    }

    static func table(_ text: String) -> (header: [String], rows: [[String]]) {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], Array(lines.dropFirst()))
    }

    @Test func flagsPlantedRowsAndNamesTheIndex() throws {
        let (url, careless) = try Self.simulatedFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try CLI.run(["screen", url.path, "--id", "id", "--duration", "secs"] + Self.quickScales)
        #expect(r.status == 0, "\(r.stderr)")
        let (header, rows) = Self.table(r.stdout)
        #expect(header == ["id"] + ScreeningRow.columnNames.map { "quick.screen.\($0)" })
        #expect(rows.count == 1500)
        let flags = header.firstIndex(of: "quick.screen.flags")!
        let straight = careless.filter { $0.kind == .straightLine }
        let caught = straight.filter { rows[$0.row - 1][flags].contains("longstring") }.count
        #expect(Double(caught) >= 0.9 * Double(straight.count))
        #expect(rows[6][flags].split(separator: ";").contains("duration"))
        #expect(r.stderr.contains("rows flagged"))
        #expect(!r.stderr.contains("P000001"))          // IDs never reach the log
    }

    @Test func outputDoesNotDependOnThreads() throws {
        let (url, _) = try Self.simulatedFile(rows: 3000)
        defer { try? FileManager.default.removeItem(at: url) }
        let one = try CLI.run(["screen", url.path, "--threads", "1"] + Self.quickScales)
        let two = try CLI.run(["screen", url.path, "--threads", "2"] + Self.quickScales)
        #expect(one.status == 0 && two.status == 0)
        #expect(one.stdout == two.stdout)
    }

    @Test func thresholdsAndSwitches() throws {
        let (url, careless) = try Self.simulatedFile(rows: 600)
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try CLI.run(["screen", url.path, "--no-flag", "longstring", "--mahalanobis-p", "0.000001",
                             "--decimals", "3"] + Self.quickScales)
        #expect(r.status == 0, "\(r.stderr)")
        let (header, rows) = Self.table(r.stdout)
        let flags = header.firstIndex(of: "quick.screen.flags")!
        #expect(!rows.contains { $0[flags].contains("longstring") })
        let irv = header.firstIndex(of: "quick.screen.irv")!
        let straight = careless.first { $0.kind == .straightLine }!
        #expect(rows[straight.row - 1][irv] == "0.000")
    }

    @Test func standardInputNeedsNoSampleIndices() throws {
        let (url, _) = try Self.simulatedFile(rows: 50)
        defer { try? FileManager.default.removeItem(at: url) }
        let data = try Data(contentsOf: url)
        let refused = try CLI.run(["screen", "-"] + Self.quickScales, stdin: data)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--no-sample-indices"))
        let ok = try CLI.run(["screen", "-", "--no-sample-indices"] + Self.quickScales, stdin: data)
        #expect(ok.status == 0, "\(ok.stderr)")
        let (header, rows) = Self.table(ok.stdout)
        let d2 = header.firstIndex(of: "quick.screen.mahal_d2")!
        #expect(rows.count == 50 && rows.allSatisfy { $0[d2].isEmpty })
    }

    @Test func scoreScreenAppendsTheSameColumnsAsScreen() throws {
        let (url, _) = try Self.simulatedFile(rows: 400)
        defer { try? FileManager.default.removeItem(at: url) }
        let screened = try CLI.run(["screen", url.path, "--id", "id", "--duration", "secs"] + Self.quickScales)
        let scored = try CLI.run(["score", url.path, "--id", "id", "--screen", "--duration", "secs"] + Self.quickScales)
        #expect(screened.status == 0 && scored.status == 0, "\(scored.stderr)")
        let a = Self.table(screened.stdout), b = Self.table(scored.stdout)
        let names = ScreeningRow.columnNames.map { "quick.screen.\($0)" }
        #expect(Array(b.header.suffix(names.count)) == names)
        #expect(b.header.contains("quick.s1"))
        #expect(b.rows.map { Array($0.suffix(names.count)) } == a.rows.map { Array($0.suffix(names.count)) })
        // JSON lines: numbers stay numbers, undefined indices are null, flags an array.
        let json = try CLI.run(["score", url.path, "--screen", "--format", "json-lines"] + Self.quickScales)
        #expect(json.status == 0)
        let first = try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as! [String: Any]
        #expect(first["quick.screen.longstring"] is NSNumber)
        #expect(first["quick.screen.flags"] is [Any])
        #expect(first["quick.screen.attention_failed"] is NSNull)
        // Screening options without --screen are refused.
        AssertErrorMessage(["score", url.path, "--no-flag", "longstring"] + Self.quickScales,
                           "Screening options (--duration, thresholds, --no-flag, --no-sample-indices) need --screen.")
    }

    @Test func ceilingLinesOnWaiSrFromRapportSimulate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("screen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("wai.csv").path, side = dir.appendingPathComponent("careless.csv").path
        let sim = try CLI.run(["simulate", "--instrument", "wai-sr", "--rows", "2000", "--seed", "3",
                               "--careless", "0.1", "-o", data, "--careless-out", side, "--quiet"])
        #expect(sim.status == 0, "\(sim.stderr)")
        let planted = try String(contentsOfFile: side, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",") }.filter { $0[2] == "straight-line" }.map { Int($0[0])! }
        func longstringRows(_ extra: [String]) throws -> Set<Int> {
            let r = try CLI.run(["screen", data, "--instrument", "wai-sr"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let (header, rows) = Self.table(r.stdout)
            let f = header.firstIndex(of: "wai-sr.screen.flags")!
            return Set(rows.indices.filter { rows[$0][f].contains("longstring") }.map { $0 + 1 })
        }
        let byDefault = try longstringRows([]), withCeiling = try longstringRows(["--flag-ceiling-lines"])
        #expect(byDefault.isStrictSubset(of: withCeiling))
        #expect(planted.allSatisfy { withCeiling.contains($0) })
        // Only the top-category straight-liners are missed by default (about one in five).
        let missed = planted.filter { !byDefault.contains($0) }.count
        #expect(missed > 0 && Double(missed) < 0.35 * Double(planted.count))
    }

    @Test func attentionChecksAndDurationFromAnXMLDefinition() throws {
        // docs/examples/full-example.xml: item chk (column eas_check) expects 2; eas_2 reversed.
        let csv = """
        pid,eas_1,eas_2,eas_3,eas_4,eas_5,eas_check,secs
        a,4,2,4,5,7.5,2,60
        b,3,3,4,4,6.0,4,60
        c,5,1,5,5,9.1,,60
        d,2,4,2,3,3.3,2,5

        """
        let r = try CLI.run(["screen", "-", "--instrument", "docs/examples/full-example.xml", "--id", "pid",
                             "--duration", "secs", "--no-sample-indices"], stdin: Data(csv.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let (header, rows) = Self.table(r.stdout)
        func column(_ name: String) -> [String] {
            let i = header.firstIndex(of: "example-alliance.screen.\(name)")!
            return rows.map { $0[i] }
        }
        #expect(column("attention_failed") == ["0", "1", "1", "0"])
        #expect(column("flags") == ["", "attention", "attention", "duration"])
        #expect(column("sec_per_item") == ["12", "12", "12", "1"])   // 5 screened items, check excluded
        #expect(column("longstring_keyed")[0] == "3")                   // 4, 6−2, 4 run after keying
        #expect(r.stderr.contains("attention 2, duration 1"))
        #expect(!r.stderr.contains(",a,") && !r.stdout.isEmpty)
    }

    @Test func badArgumentsExitTwo() throws {
        let (url, _) = try Self.simulatedFile(rows: 20)
        defer { try? FileManager.default.removeItem(at: url) }
        let missing = try CLI.run(["screen", url.path, "--duration", "no_such_column"] + Self.quickScales)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no_such_column"))
        AssertErrorMessage(["screen", url.path, "--mahalanobis-p", "2"] + Self.quickScales, "--mahalanobis-p must be in (0, 1].")
        do {
            _ = try RapportCommand.parseAsRoot(["screen", url.path, "--no-flag", "nonsense"] + Self.quickScales)
            Issue.record("--no-flag nonsense was accepted")
        } catch {
            #expect(RapportCommand.exitStatus(for: error) == 2)
            #expect(RapportCommand.message(for: error).contains("'nonsense' is invalid for '--no-flag <INDEX>'"))
        }
    }
}
