import Foundation
import Testing

/// Issue 11, failure 3: `merge` on tampered or mismatched state files. Each part is checked on
/// its own when it is read (shard, counts, moments against the plan, the bytes it covers), and
/// the set must tile the file. Every refusal is exit 2 and names the file and the field; none
/// traps, grows without bound or prints a wrong report.
@Suite(.serialized) struct StateFileTests {
    /// Four shards of a simulated file (~1.3 MB: every shard holds rows) and two of another
    /// file, written once per test run into one folder.
    final class Parts: @unchecked Sendable {
        let dir: URL
        let demo: String
        let other: String
        var quarters: [String] = []
        var otherHalves: [String] = []
        var single: String = ""

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-state-tests")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            demo = dir.appendingPathComponent("wai.csv").path
            other = dir.appendingPathComponent("other.csv").path
            for (path, rows, seed) in [(demo, "40000", "11"), (other, "30000", "12")] {
                let r = try CLI.run(["simulate", "--instrument", "wai-sr", "--rows", rows, "--seed", seed,
                                     "--missing", "0.03", "-o", path])
                #expect(r.status == 0, "\(r.stderr)")
            }
            for i in 1...4 {
                quarters.append(try Self.shard(demo, "\(i)/4", to: dir.appendingPathComponent("q\(i).json").path))
            }
            for i in 1...2 {
                otherHalves.append(try Self.shard(other, "\(i)/2", to: dir.appendingPathComponent("o\(i).json").path))
            }
            single = dir.appendingPathComponent("whole.json").path
            let r = try CLI.run(["reliability", demo, "--instrument", "wai-sr", "--state-out", single, "-o",
                                 dir.appendingPathComponent("whole.txt").path])
            #expect(r.status == 0, "\(r.stderr)")
        }

        static func shard(_ data: String, _ shard: String, to path: String, _ extra: [String] = []) throws -> String {
            let r = try CLI.run(["reliability", data, "--instrument", "wai-sr", "--shard", shard, "--state-out", path] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return path
        }

    }

    nonisolated(unsafe) static var shared: Parts?
    static func parts() throws -> Parts {
        if let p = shared { return p }
        let p = try Parts()
        shared = p
        return p
    }

    static func load(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// Writes `state` changed by `edit` next to the parts, returns its path.
    static func tampered(_ path: String, name: String, _ edit: (inout [String: Any]) throws -> Void) throws -> String {
        var state = try load(path)
        try edit(&state)
        let out = try parts().dir.appendingPathComponent(name).path
        try JSONSerialization.data(withJSONObject: state, options: [.sortedKeys]).write(to: URL(fileURLWithPath: out))
        return out
    }

    /// `merge` refuses with exit 2, naming `file` and `field`, without a trap.
    static func expectRefused(_ files: [String], file: String, field: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try CLI.run(["merge", "--format", "json"] + files)
        #expect(r.status == 2, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(r.stderr.contains(file), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(field), "expected field \(field): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    // Helpers to reach into the JSON.
    static func int(_ x: Any) -> Int {
        if let i = x as? Int { return i }
        if let n = x as? NSNumber { return n.intValue }
        return Int("\(x)") ?? Int.min
    }

    static func edit(_ state: inout [String: Any], _ path: [String], _ change: (inout Any) -> Void) {
        func go(_ node: inout Any, _ rest: ArraySlice<String>) {
            guard let key = rest.first else { change(&node); return }
            if let i = Int(key), var a = node as? [Any] {
                var child = a[i]
                go(&child, rest.dropFirst())
                a[i] = child
                node = a
            } else if var d = node as? [String: Any] {
                var child = d[key] ?? NSNull()
                go(&child, rest.dropFirst())
                d[key] = child
                node = d
            }
        }
        var root: Any = state
        go(&root, path[...])
        state = root as! [String: Any]
    }

    @Test func validPartsStillMerge() throws {
        let p = try Self.parts()
        let merged = try CLI.run(["merge", "--format", "json"] + p.quarters.reversed())
        #expect(merged.status == 0, "\(merged.stderr)")
        let single = try CLI.run(["merge", "--format", "json", p.single])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(merged.stdout == single.stdout)
    }

    @Test(arguments: [0, -4])
    func shardCountOutOfRange(_ count: Int) throws {
        let p = try Self.parts()
        let bad = try Self.tampered(p.quarters[1], name: "count\(count).json") {
            Self.edit(&$0, ["shard", "count"]) { $0 = count }
        }
        try Self.expectRefused([p.quarters[0], bad, p.quarters[2], p.quarters[3]], file: bad, field: "shard.count")
    }

    @Test func shardCountThatOverflows() throws {
        let p = try Self.parts()
        let text = try String(contentsOfFile: p.quarters[0], encoding: .utf8)
        #expect(text.contains("\"shard\":{\"count\":4,"))
        let bad = p.dir.appendingPathComponent("count-overflow.json").path
        try Data(text.replacingOccurrences(of: "\"shard\":{\"count\":4,", with: "\"shard\":{\"count\":99999999999999999999,").utf8)
            .write(to: URL(fileURLWithPath: bad))
        try Self.expectRefused([bad], file: bad, field: "shard.count")
    }

    /// A shard count of 10^12 used to make `merge` list every missing shard: memory without bound.
    @Test func hugeShardCountIsRefusedQuickly() throws {
        let p = try Self.parts()
        let bad = try Self.tampered(p.quarters[0], name: "count-huge.json") {
            Self.edit(&$0, ["shard", "count"]) { $0 = 1_000_000_000_000 }
            Self.edit(&$0, ["accumulation", "data", "shard", "count"]) { $0 = 1_000_000_000_000 }
        }
        let start = Date()
        try Self.expectRefused([bad], file: bad, field: "shard.count")
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func shortExactArray() throws {
        let p = try Self.parts()
        let bad = try Self.tampered(p.quarters[2], name: "short.json") {
            Self.edit(&$0, ["accumulation", "moments", "0", "exact", "sumC"]) { node in if let a = node as? [Any] { node = Array(a.dropLast()) } }
        }
        try Self.expectRefused(p.quarters.prefix(2) + [bad, p.quarters[3]], file: bad, field: "accumulation.moments[0].exact.sumC")
    }

    @Test func reverseFlagDiffersFromThePlan() throws {
        let p = try Self.parts()
        let bad = try Self.tampered(p.quarters[3], name: "reversed.json") {
            Self.edit(&$0, ["accumulation", "moments", "1", "reversed", "0"]) { $0 = !(($0 as? Bool) ?? false) }
        }
        try Self.expectRefused(p.quarters.prefix(3) + [bad], file: bad, field: "accumulation.moments[1].reversed")
    }

    @Test func momentsEntryMissing() throws {
        let p = try Self.parts()
        let bad = try Self.tampered(p.quarters[1], name: "missing-moments.json") {
            Self.edit(&$0, ["accumulation", "moments"]) { node in if let a = node as? [Any] { node = Array(a.dropLast()) } }
        }
        try Self.expectRefused([p.quarters[0], bad] + p.quarters.suffix(2), file: bad, field: "accumulation.moments")
    }

    /// The first quarter relabelled as the whole file (1/1), under the whole file's SHA-256:
    /// merged alone it used to print a report of 500 rows as the 2000-row file's.
    @Test func quarterRelabelledAsTheWholeFile() throws {
        let p = try Self.parts()
        let bad = try Self.tampered(p.quarters[0], name: "relabelled.json") {
            Self.edit(&$0, ["shard"]) { $0 = ["index": 1, "count": 1] }
            Self.edit(&$0, ["accumulation", "data", "shard"]) { $0 = ["index": 1, "count": 1] }
        }
        let coverage = try #require((try Self.load(p.quarters[0])["accumulation"] as? [String: Any])?["coverage"] as? [String: Any])
        #expect(Self.int(coverage["end"]!) > Self.int(coverage["start"]!), "the first quarter holds rows")
        try Self.expectRefused([bad], file: bad, field: "accumulation.coverage.end")
    }

    /// Part 2's accumulation taken from a shard of another file.
    @Test func accumulationFromAnotherFile() throws {
        let p = try Self.parts()
        let foreign = try Self.load(p.otherHalves[1])
        let swapped = try Self.tampered(p.quarters[1], name: "foreign.json") {
            $0["accumulation"] = foreign["accumulation"]
        }
        try Self.expectRefused([p.quarters[0], swapped] + p.quarters.suffix(2), file: swapped,
                               field: "accumulation.coverage.sha256")
        // Even with its SHA-256, file name, shard and row count made to match, the bytes it
        // covers do not fit the other parts.
        let mine = try Self.load(p.quarters[1])
        let disguised = try Self.tampered(swapped, name: "foreign-disguised.json") { s in
            let sha = (mine["input"] as? [String: Any])?["sha256"]
            Self.edit(&s, ["accumulation", "coverage", "sha256"]) { $0 = sha ?? NSNull() }
            Self.edit(&s, ["accumulation", "data", "file"]) { $0 = p.demo }
            Self.edit(&s, ["accumulation", "data", "shard"]) { $0 = ["index": 2, "count": 4] }
            let rows = ((s["accumulation"] as? [String: Any])?["data"] as? [String: Any])?["rowsRead"]
            Self.edit(&s, ["input", "rows"]) { $0 = rows ?? 0 }
        }
        try Self.expectRefused([p.quarters[0], disguised] + p.quarters.suffix(2), file: disguised,
                               field: "accumulation.coverage")
    }

    /// A negative count printed a response frequency of −5.15.
    @Test func negativeCount() throws {
        let p = try Self.parts()
        let bad = try Self.tampered(p.quarters[2], name: "negative.json") {
            Self.edit(&$0, ["accumulation", "moments", "0", "frequency", "0"]) { $0 = -10_000 }
        }
        try Self.expectRefused(p.quarters.prefix(2) + [bad, p.quarters[3]], file: bad, field: "accumulation.moments[0].frequency")
    }

    /// Sums near Int64.max wrapped on merge and turned raw r into null.
    @Test func overflowingSums() throws {
        let p = try Self.parts()
        let bad = try Self.tampered(p.quarters[0], name: "overflow.json") {
            Self.edit(&$0, ["accumulation", "moments", "0", "exact", "prodC", "0"]) { $0 = Int64.max - 5 }
        }
        try Self.expectRefused([bad] + p.quarters.suffix(3), file: bad, field: "accumulation.moments[0].exact.prodC")
    }

    @Test func partsThatDoNotTileTheFile() throws {
        let p = try Self.parts()
        // Shard 3 claims to start 10 bytes later (and to have read 10 bytes fewer).
        let bad = try Self.tampered(p.quarters[2], name: "gap.json") { s in
            Self.edit(&s, ["accumulation", "coverage", "start"]) { $0 = Self.int($0) + 10 }
            Self.edit(&s, ["accumulation", "data", "bytes"]) { $0 = Self.int($0) - 10 }
        }
        try Self.expectRefused(p.quarters.prefix(2) + [bad, p.quarters[3]], file: bad, field: "accumulation.coverage.start")
    }

    @Test func olderFormatAndGarbage() throws {
        let p = try Self.parts()
        let old = try Self.tampered(p.single, name: "format1.json") {
            $0["format"] = 1
            Self.edit(&$0, ["accumulation"]) { node in if var d = node as? [String: Any] { d["coverage"] = nil; node = d } }
        }
        try Self.expectRefused([old], file: old, field: "format")
        let garbage = p.dir.appendingPathComponent("garbage.json").path
        try Data("{\"format\": 2, \"shard\": [".utf8).write(to: URL(fileURLWithPath: garbage))
        let r = try CLI.run(["merge", garbage])
        #expect(r.status == 2)
        #expect(r.stderr.contains(garbage))
    }

    /// Issue 13 review: shards read with different settings merged silently into a wrong
    /// report. Every setting that changes the values read is in the state's `reading`, and
    /// `merge` names the one that differs (exit 2); a recode file counts by its content.
    @Test func readingSettingsMustAgree() throws {
        let p = try Self.parts()
        func half(_ i: Int, _ name: String, _ extra: [String]) throws -> String {
            try Parts.shard(p.demo, "\(i)/2", to: p.dir.appendingPathComponent("\(name)\(i).json").path, extra)
        }
        let plain1 = try half(1, "plain", [])
        for (name, extra, message) in [
            ("encoding", ["--encoding", "latin1"], "their --encoding settings differ (latin1 and auto)"),
            ("where", ["--where", "id!=P000017"], "their --where conditions differ"),
            ("nodecimal", ["--no-decimal-comma"], "their --decimal-comma settings differ (off and auto (not read))"),
            ("skip", ["--skip-rows", "0"], "their --skip-rows settings differ (0 and auto)"),
        ] {
            let other = try half(2, name, extra)
            try Self.expectRefused([plain1, other], file: other, field: "reading")
            let r = try CLI.run(["merge", plain1, other])
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(!r.stderr.contains("P000017"))
        }
        // The same path, edited between the shards.
        let recode = p.dir.appendingPathComponent("recode.csv")
        try Data("item,label,value\n*,-99,\n".utf8).write(to: recode)
        let r1 = try half(1, "recode", ["--recode", recode.path])
        try Data("item,label,value\n*,-98,\n".utf8).write(to: recode)
        let r2 = try half(2, "recode", ["--recode", recode.path])
        try Self.expectRefused([r1, r2], file: r2, field: "reading")
        #expect(try CLI.run(["merge", r1, r2]).stderr.contains("their --recode files differ in content"))
        #expect(!(try String(contentsOfFile: r1, encoding: .utf8)).contains("P0000"))
    }

    /// Shards read with `--where` were refused as inconsistent (rows read ≠ scored + rejected):
    /// now they merge into what the whole filtered file gives.
    @Test func filteredShardsMerge() throws {
        let p = try Self.parts()
        let filter = ["--where", "waisr_1!=1"]
        let halves = try (1...2).map { try Parts.shard(p.demo, "\($0)/2", to: p.dir.appendingPathComponent("where\($0).json").path, filter) }
        let whole = p.dir.appendingPathComponent("where-whole.json").path
        let w = try CLI.run(["reliability", p.demo, "--instrument", "wai-sr", "--state-out", whole, "--format", "json"] + filter)
        #expect(w.status == 0, "\(w.stderr)")
        let merged = try CLI.run(["merge", "--format", "json"] + halves)
        #expect(merged.status == 0, "\(merged.stderr)")
        let single = try CLI.run(["merge", "--format", "json", whole])
        #expect(single.status == 0 && merged.stdout == single.stdout && !merged.stdout.isEmpty)
        #expect(merged.stdout == w.stdout)
    }
}
