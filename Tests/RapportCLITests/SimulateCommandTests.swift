import Foundation
import Testing

@Suite struct SimulateCommandTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-simulate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    @Test func sameBytesAtOneTwoAndEightThreads() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [Data] = []
        var sides: [Data] = []
        for t in [1, 2, 8] {
            let out = dir.appendingPathComponent("wai-\(t).csv")
            let r = try CLI.run(["simulate", "--instrument", "wai-sr", "--rows", "10000", "--seed", "7",
                                 "--missing", "0.03", "--careless", "0.02", "--threads", "\(t)", "-o", out.path])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try Self.bytes(out))
            sides.append(try Self.bytes(dir.appendingPathComponent("wai-\(t).careless.csv")))
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
        #expect(sides[0] == sides[1] && sides[1] == sides[2])
        let lines = String(decoding: outputs[0], as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 10_001)
        #expect(lines[0] == "id," + (1...12).map { "waisr_\($0)" }.joined(separator: ","))
        #expect(String(decoding: sides[0], as: UTF8.self).split(separator: "\n").count == 201)
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func sessionModeWritesDataAndEvents() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("sessions.csv")
        let r = try CLI.run(["simulate", "--instrument", "srs", "--instrument", "ors", "--clients", "20",
                             "--therapists", "4", "--sessions-max", "8", "--rupture-points", "5",
                             "--start-date", "2026-01-05", "--seed", "3", "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let data = String(decoding: try Self.bytes(out), as: UTF8.self)
        #expect(data.hasPrefix("client,therapist,session,date,srs_1,srs_2,srs_3,srs_4,ors_1,ors_2,ors_3,ors_4\n"))
        let events = String(decoding: try Self.bytes(dir.appendingPathComponent("sessions.events.csv")), as: UTF8.self)
        #expect(events.hasPrefix("client,therapist,instrument,event,session,score,before,after,threshold\n"))
        #expect(events.contains(",srs,rupture,"))
        #expect(events.contains(",ors,reliable-improvement,"))
        #expect(r.stderr.contains("planted events in"))
    }

    @Test func standardOutputAndQuiet() throws {
        let r = try CLI.run(["simulate", "--instrument", "care", "--rows", "5", "--na-rate", "0.5",
                             "--na-items", "9,10", "--quiet"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[1].hasPrefix("P000001,"))
    }

    @Test func usageErrorsExitTwo() throws {
        let cases: [[String]] = [
            ["simulate", "--instrument", "wai-sr"],
            ["simulate", "--instrument", "wai-sr", "--rows", "5", "--clients", "5"],
            ["simulate", "--instrument", "wai-sr", "--rows", "5", "--missing", "1.5"],
            ["simulate", "--instrument", "wai-sr", "--rows", "5", "--careless", "0.1"],   // side file needs -o
            ["simulate", "--instrument", "wai-sr", "--rows", "5", "--sessions-max", "4"],
            ["simulate", "--instrument", "no-such-instrument", "--rows", "5"],
            ["simulate", "--instrument", "srs", "--clients", "5", "--sessions-max", "6", "--events-out", "/tmp/x.csv"],   // SRS has no reliable change
            ["simulate", "--instrument", "wai-sr", "--rows", "5", "--na-rate", "0.1"],     // WAI-SR has no N/A code
            ["simulate", "--instrument", "srs", "--clients", "5", "--sessions-max", "6", "--rupture-points", "5", "--start-date", "2026-02-30"],
        ]
        for args in cases {
            let r = try CLI.run(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("rapport simulate:") || r.stderr.contains("Error"), "\(args)")
        }
    }

    @Test func failedRunLeavesNoFile() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("never.csv")
        let r = try CLI.run(["simulate", "--instrument", "srs", "--clients", "5", "--sessions-max", "6",
                             "--rupture-points", "39.8", "-o", out.path])
        #expect(r.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// The built-in WAI-S reverses items 4 and 10: generated reversed, they correlate
    /// negatively with the other items before keying.
    @Test func builtInReverseKeyedItemsComeOutReversed() throws {
        let r = try CLI.run(["simulate", "--instrument", "wai-s", "--rows", "3000", "--seed", "4", "--quiet"])
        #expect(r.status == 0)
        let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").dropFirst().map { Double($0)! } }
        func cor(_ a: Int, _ b: Int) -> Double {
            let n = Double(rows.count)
            let ma = rows.reduce(0) { $0 + $1[a] } / n, mb = rows.reduce(0) { $0 + $1[b] } / n
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for x in rows {
                sab += (x[a] - ma) * (x[b] - mb)
                saa += (x[a] - ma) * (x[a] - ma)
                sbb += (x[b] - mb) * (x[b] - mb)
            }
            return sab / (saa * sbb).squareRoot()
        }
        for reversed in [3, 9] {
            for other in [0, 1, 2, 4, 5, 6, 7, 8, 10, 11] { #expect(cor(reversed, other) < -0.15) }
        }
        #expect(cor(3, 9) > 0.15)
    }
}
