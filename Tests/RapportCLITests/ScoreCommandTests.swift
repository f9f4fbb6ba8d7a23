import Foundation
import Testing

/// End-to-end tests of `rapport score`: the built binary on small files whose scores are
/// worked out by hand in the comments.
@Suite struct ScoreCommandTests {
    /// A fresh folder for one test's files.
    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory
                .appendingPathComponent("rapport-score-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let p = url.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: p))
            return p
        }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
        var files: [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path).sorted()) ?? [] }
    }

    // Agreeableness-like quick scale: A1 reversed on 1–6 (7 − x).
    // line 2: (7−1) + 2 + 3 = 11 over 3 → 3.6666666666666665
    // line 3: (7−6) + NA + 4 = 5 over 2 → 2.5
    // line 4: (7−2) = 5; "9" out of range and "x" non-numeric → missing: 5 over 1
    let data = "pid,site,A1,A2,A3\np1,north,1,2,3\np2,south,6,NA,4\np3,north,2,9,x\n"
    let quick = ["--scale", "agree=-A1,A2,A3", "--range", "1-6"]

    @Test func quickScaleToStdoutWithPassThrough() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        let r = try CLI.run(["score", d] + quick + ["--id", "pid", "--keep", "site"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            pid,site,quick.agree,quick.agree.n,quick.agree.flags
            p1,north,3.6666666666666665,3,
            p2,south,2.5,2,
            p3,north,5,1,

            """)
        #expect(r.stderr.contains("3 rows read = 3 scored + 0 rejected (--on-invalid missing)"))
        #expect(r.stderr.contains("out-of-range: 1"))
        #expect(r.stderr.contains("non-numeric: 1"))
        // No licence note for quick scales, and never an ID value in messages.
        #expect(!r.stderr.contains("Licence"))
        #expect(!r.stderr.contains("p3"))
    }

    @Test func sumScoringSaysWhyAScoreIsMissing() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        let r = try CLI.run(["score", d] + quick + ["--scoring", "sum"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            quick.agree,quick.agree.n,quick.agree.flags
            11,3,
            ,2,invalid:incomplete
            ,1,invalid:incomplete

            """)
    }

    @Test func rejectRowLeavesTheRowOut() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        let r = try CLI.run(["score", d] + quick + ["--id", "pid", "--on-invalid", "reject-row"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "pid,quick.agree,quick.agree.n,quick.agree.flags\np1,3.6666666666666665,3,\np2,2.5,2,\n")
        #expect(r.stderr.contains("3 rows read = 2 scored + 1 rejected (--on-invalid reject-row)"))
    }

    @Test func failStopsWithExitOneAndWritesNothing() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        let r = try CLI.run(["score", d] + quick + ["--on-invalid", "fail", "-o", f.path("out.csv")])
        #expect(r.status == 1)
        #expect(r.stderr.contains(":4:"))          // line 4 of the file
        #expect(r.stderr.contains("\"A2\""))       // the column
        #expect(f.files == ["d.csv"])             // no output, no temporary file left behind
    }

    @Test func missingFileEmptyFileHeaderOnlyExitTwo() throws {
        let f = try Folder()
        let missing = try CLI.run(["score", f.path("nope.csv")] + quick)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.csv"))
        let empty = try CLI.run(["score", try f.write("empty.csv", "")] + quick)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("empty"))
        let headerOnly = try CLI.run(["score", try f.write("h.csv", "A1,A2,A3\n")] + quick)
        #expect(headerOnly.status == 2)
        #expect(headerOnly.stdout.isEmpty)
    }

    @Test func missingColumnNamesFileColumnAndNearMatch() throws {
        let f = try Folder()
        let d = try f.write("d.csv", "A1,A2,A_3\n1,2,3\n")
        let r = try CLI.run(["score", d] + quick)
        #expect(r.status == 2)
        #expect(r.stderr.contains("d.csv: no column 'A3' for item 'A3' of quick"))
        #expect(r.stderr.contains("did you mean 'A1', 'A2', 'A_3'?"))
        // A name that differs only in case is the column (docs/instrument-format.md).
        let lower = try CLI.run(["score", try f.write("l.csv", "A1,A2,a3\n1,2,3\n")] + quick)
        #expect(lower.status == 0 && lower.stdout.hasSuffix("\n3.6666666666666665,3,\n"), "(6 + 2 + 3) / 3: \(lower.stdout)")
    }

    @Test func mapAndMapFile() throws {
        let f = try Folder()
        let d = try f.write("d.csv", "A1,Q2,Q3\n1,2,3\n")
        let r = try CLI.run(["score", d] + quick + ["--map", "A2=Q2", "--map", "A3=Q3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("\n3.6666666666666665,3,\n"))
        let m = try f.write("map.csv", "item,column\nA2,Q2\nA3,Q3\n")
        let r2 = try CLI.run(["score", d] + quick + ["--map-file", m])
        #expect(r2.stdout == r.stdout)
        let bad = try CLI.run(["score", d] + quick + ["--map", "A4=Q3"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no item 'A4'"))
        #expect(bad.stderr.contains("did you mean 'A1'"))
    }

    @Test func standardInput() throws {
        let r = try CLI.run(["score", "-"] + quick + ["--format", "json-lines", "--id", "pid"], stdin: Data(data.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            {"pid":"p1","quick.agree":3.6666666666666665,"quick.agree.n":3,"quick.agree.flags":[]}
            {"pid":"p2","quick.agree":2.5,"quick.agree.n":2,"quick.agree.flags":[]}
            {"pid":"p3","quick.agree":5,"quick.agree.n":1,"quick.agree.flags":[]}

            """)
        #expect(r.stderr.contains("-: 3 rows read"))
    }

    @Test func naTokenAndSemicolonDelimiter() throws {
        let f = try Folder()
        // 99 is declared missing by --na: line 2 = (7 − 1) + 2 = 8 over 2 → 4.
        let d = try f.write("d.csv", "A1;A2;A3\n1;2;99\n")
        let r = try CLI.run(["score", d] + quick + ["--na", "99", "--delimiter", ";", "--allow-empty"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "quick.agree,quick.agree.n,quick.agree.flags\n4,2,\n")
        #expect(!r.stderr.contains("out-of-range"))
    }

    @Test func tsvAndFixedDecimals() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        let r = try CLI.run(["score", d] + quick + ["--format", "tsv", "--decimals", "2", "--keep", "site"])
        #expect(r.stdout == "site\tquick.agree\tquick.agree.n\tquick.agree.flags\nnorth\t3.67\t3\t\nsouth\t2.50\t2\t\nnorth\t5.00\t1\t\n")
    }

    @Test func atomicWriteReplacesOutputAndRefusesTheInput() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        try f.write("out.csv", "old contents\n")
        let r = try CLI.run(["score", d] + quick + ["-o", f.path("out.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try f.read("out.csv").hasPrefix("quick.agree,"))
        #expect(f.files == ["d.csv", "out.csv"])   // the temporary file was renamed, not left
        #expect(r.stdout.isEmpty)

        let refuse = try CLI.run(["score", d] + quick + ["-o", d])
        #expect(refuse.status == 2)
        #expect(refuse.stderr.contains("an output never replaces an input"))
        #expect(try f.read("d.csv") == data)
        // The same file through another spelling of its path.
        let other = f.url.appendingPathComponent("./sub/../d.csv").path
        try FileManager.default.createDirectory(at: f.url.appendingPathComponent("sub"), withIntermediateDirectories: true)
        #expect(try CLI.run(["score", d] + quick + ["-o", other]).status == 2)
        #expect(try f.read("d.csv") == data)
    }

    @Test func reportFile() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        let r = try CLI.run(["score", d] + quick + ["--report", f.path("report.json"), "-o", f.path("o.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("report.json")))) as! [String: Any]
        #expect(json["rowsRead"] as? Int == 3)
        #expect(json["rowsScored"] as? Int == 3)
        #expect((json["findingCounts"] as? [String: Int])?["out-of-range"] == 1)
    }

    @Test func sameBytesAtAnyThreadCount() throws {
        let f = try Folder()
        var text = "A1,A2,A3\n"
        var g = UInt64(42)
        for _ in 0..<30_000 {
            var cells: [String] = []
            for _ in 0..<3 {
                g = g &* 6364136223846793005 &+ 1442695040888963407
                let v = Int(g >> 59) % 7   // 0 means missing
                cells.append(v == 0 ? "" : String(v))
            }
            text += cells.joined(separator: ",") + "\n"
        }
        let d = try f.write("big.csv", text)
        let one = try CLI.run(["score", d] + quick + ["--threads", "1"])
        let two = try CLI.run(["score", d] + quick + ["--threads", "2"])
        #expect(one.status == 0)
        #expect(one.stdout == two.stdout)
        #expect(one.stdout.split(separator: "\n").count == 30_001)
    }

    @Test func quickArgumentErrorsExitTwo() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        AssertErrorMessage(["score", d, "--scale", "agree=-A1,A2"],                          // no --range
                           "--scale needs --range MIN-MAX (the declared response range, e.g. --range 1-6).")
        #expect(try CLI.run(["score", d, "--scale", "agree=A1", "--range", "6-1"]).status == 2)
        AssertErrorMessage(["score", d], "Give at least one --instrument (or --scale NAME=ITEMS with --range MIN-MAX).")
    }

    @Test func instrumentsNewRoundTripsThroughXML() throws {
        let f = try Folder()
        let d = try f.write("d.csv", data)
        let xml = try CLI.run(["instruments", "new"] + quick)
        #expect(xml.status == 0, "\(xml.stderr)")
        #expect(xml.stdout.contains("<member item=\"A1\" reversed=\"true\"/>"))
        let def = try f.write("quick.xml", xml.stdout)
        let fromXML = try CLI.run(["score", d, "--instrument", def, "--id", "pid"])
        let fromQuick = try CLI.run(["score", d] + quick + ["--id", "pid"])
        #expect(fromXML.status == 0, "\(fromXML.stderr)")
        #expect(fromXML.stdout == fromQuick.stdout)
    }

    // MARK: Built-in instruments

    @Test func builtinCareWithNotApplicableAndLicenceNote() throws {
        let f = try Folder()
        let header = (1...10).map { "care_\($0)" }.joined(separator: ",")
        // line 2: all 4 → 40; line 3: two N/A, others 5 → 50; line 4: three N/A → missing.
        let rows = [
            Array(repeating: "4", count: 10),
            Array(repeating: "5", count: 8) + ["N/A", "N/A"],
            Array(repeating: "5", count: 7) + ["N/A", "N/A", "N/A"],
        ].map { $0.joined(separator: ",") }
        let d = try f.write("care.csv", ([header] + rows).joined(separator: "\n") + "\n")
        let r = try CLI.run(["score", d, "--instrument", "care"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count == 5)
        // T against the sexual-health-nurses norm (M 47.8, SD 4.4): 50 + 10·(40 − 47.8)/4.4 = 32.27…
        #expect(lines[0] == "care.total,care.total.n,care.total.flags,care.total.t.sexual-health-nurses")
        #expect(lines[1] == "40,10,,32.27")
        #expect(lines[2] == "50,8,,55.00")
        #expect(lines[3] == ",7,invalid:too-many-replaced,")
        #expect(r.stderr.components(separatedBy: "Licence").count == 2)   // once
    }

    @Test func builtinWithPrefixAndSeveralInstruments() throws {
        let f = try Folder()
        let wai = (1...12).map { "w\($0)" }
        let care = (1...10).map { "c\($0)" }
        let d = try f.write("both.csv", (wai + care).joined(separator: ",") + "\n"
                            + (Array(repeating: "3", count: 12) + Array(repeating: "4", count: 10)).joined(separator: ",") + "\n")
        let r = try CLI.run(["score", d, "--instrument", "wai-sr", "--instrument", "care",
                             "--prefix", "wai-sr=w", "--prefix", "care=c"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        try #require(lines.count == 2)
        #expect(lines[0].hasPrefix("wai-sr.task,wai-sr.task.n,wai-sr.task.flags,wai-sr.bond,"))
        #expect(lines[0].hasSuffix("care.total,care.total.n,care.total.flags,care.total.t.sexual-health-nurses"))
        #expect(lines[1].hasPrefix("3,4,,3,4,,"))
        #expect(lines[1].hasSuffix("3,12,,40,10,,32.27"))
    }

    @Test func unverifiedKeyWarns() throws {
        let f = try Folder()
        let cols = (1...11).map { "tps_\($0)" }
        let d = try f.write("tps.csv", cols.joined(separator: ",") + "\n" + Array(repeating: "3", count: 11).joined(separator: ",") + "\n")
        let r = try CLI.run(["score", d, "--instrument", "tps", "--prefix", "tps_"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning:"))
        let lines = r.stdout.split(separator: "\n")
        try #require(lines.count == 2)
        #expect(lines[1].hasPrefix("50,11,"))
    }
}

/// The whole path (reader, mapping, scorer, writer) against psych on psychTools' bfi.
@Suite struct ScorePsychEndToEndTests {
    @Test func bfiQuickScalesEqualScoreItems() throws {
        let dir = CLI.packageRoot.appendingPathComponent("Tests/RapportTests/Fixtures/scoring")
        let r = try CLI.run(["score", dir.appendingPathComponent("bfi.csv").path, "--id", "row",
                             "--scale", "agree=-A1,A2,A3,A4,A5", "--scale", "conscientious=C1,C2,C3,-C4,-C5",
                             "--scale", "extraversion=-E1,-E2,E3,E4,E5", "--scale", "neuroticism=N1,N2,N3,N4,N5",
                             "--scale", "openness=O1,-O2,O3,O4,-O5", "--range", "1-6"])
        #expect(r.status == 0, "\(r.stderr)")
        let got = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let ref = try String(contentsOf: dir.appendingPathComponent("bfi-scoreitems.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        try #require(got.count == ref.count && got.count == 2801)
        var compared = 0
        for row in 1..<ref.count {
            #expect(got[row][0] == ref[row][0])
            for s in 0..<5 {
                let mine = got[row][1 + 3 * s], theirs = ref[row][1 + s]
                if theirs.isEmpty {
                    #expect(mine.isEmpty)
                } else {
                    let a = try #require(Double(mine)), b = try #require(Double(theirs))
                    #expect(abs(a - b) <= 1e-12 * abs(b), "row \(row) scale \(s)")
                    compared += 1
                }
            }
        }
        #expect(compared > 13_000)
    }
}
