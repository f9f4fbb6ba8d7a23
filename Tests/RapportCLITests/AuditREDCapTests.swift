import Foundation
import Testing

/// `rapport audit` and `rapport score` on a REDCap longitudinal export (screening event, a
/// therapist field exported on one event, two therapist switches, a repeating event and a
/// follow-up event) give the numbers of its clean numeric twin, and the twin's therapist
/// statistics equal R's. Both files and the reference come from
/// `Tests/RapportCLITests/Fixtures/redcap/make-redcap-fixture.R`.
@Suite struct AuditREDCapTests {
    static let dir = "Tests/RapportCLITests/Fixtures/redcap/"
    static let redcap = dir + "redcap-longitudinal.csv"
    static let twin = dir + "srs-ors-twin.csv"
    static let measures = ["--therapist", "therapist", "--instrument", "srs", "--instrument", "ors"]
    static let byEvent = ["audit", redcap, "--client", "record_id", "--session", "redcap_event_name",
                          "--session", "redcap_repeat_instance"] + measures
    static let byDateTime = ["audit", redcap, "--client", "record_id", "--session", "session_datetime"] + measures
    static let twinRun = ["audit", twin, "--client", "client", "--session", "session"] + measures

    /// Keys that say how the rows became sessions (the input's own session values, lines,
    /// rows that are not sessions, carried therapists): the only ones allowed to differ.
    static let howRead: Set<String> = ["sessionOrder", "eventOrder", "rowsRead", "rowsWithoutAnswers", "therapistCarried",
                                       "sessionValues", "lines", "sessionValue", "line", "notes"]

    static func json(_ args: [String]) throws -> [String: Any] {
        let r = try CLI.run(args + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    static func stripped(_ x: Any) -> Any {
        if let d = x as? [String: Any] {
            return d.filter { !howRead.contains($0.key) }.mapValues(stripped)
        }
        if let a = x as? [Any] { return a.map(stripped) }
        return x
    }

    /// Equal after removing ``howRead``: the same bytes when written with sorted keys.
    static func same(_ a: Any, _ b: Any) throws -> Bool {
        try JSONSerialization.data(withJSONObject: stripped(a), options: .sortedKeys)
            == JSONSerialization.data(withJSONObject: stripped(b), options: .sortedKeys)
    }

    @Test func auditEqualsTheTwinByEventAndByDateTime() throws {
        for flags in [[], ["--min-cell", "1"], ["--norms", "sample"]] {
            let twin = try Self.json(Self.twinRun + flags)
            let event = try Self.json(Self.byEvent + flags)
            let time = try Self.json(Self.byDateTime + flags)
            #expect(try Self.same(twin, event), "by event \(flags)")
            #expect(try Self.same(twin, time), "by date-time \(flags)")
            #expect(try !Self.same(twin, try Self.json(Self.twinRun + flags + ["--drop-points", "3"])))   // the comparison can fail
            #expect(event["sessionOrder"] as? String == "event, number")
            #expect(time["sessionOrder"] as? String == "date")
            #expect(event["eventOrder"] as? [String] == ["screening_arm_1", "therapy_arm_1", "followup_arm_1"])
            #expect(event["rowsRead"] as? Int == 109 && event["rowsWithoutAnswers"] as? Int == 12)
            #expect(event["therapistChanges"] as? Int == 2 && event["clientsWithTherapistChange"] as? Int == 2)
            #expect(event["therapistCarried"] as? Int == 95 && twin["therapistCarried"] as? Int == 0)
        }
    }

    /// The twin's therapist effect and therapist summaries (each session counted for its own
    /// therapist) against R, tolerance 1e-9.
    @Test func therapistStatisticsMatchR() throws {
        let ref = try JSONSerialization.jsonObject(
            with: Data(contentsOf: CLI.packageRoot.appendingPathComponent(Self.dir + "redcap-reference.json"))) as! [String: Any]
        let json = try Self.json(Self.byEvent + ["--min-cell", "1"])
        let effect = json["therapistEffect"] as! [String: Any]
        for (mine, theirs) in [("icc1", "icc1"), ("f", "F"), ("df1", "df1"), ("df2", "df2"), ("p", "p")] {
            #expect(abs((effect[mine] as! Double) - (ref[theirs] as! Double)) < 1e-9, "\(mine)")
        }
        let refT = ref["therapists"] as! [String: [String: Any]]
        let therapists = json["therapists"] as! [[String: Any]]
        #expect(therapists.count == refT.count)
        for t in therapists {
            let want = refT[t["therapist"] as! String]!
            #expect(t["clients"] as? Int == want["clients"] as? Int)
            #expect(t["sessions"] as? Int == want["sessions"] as? Int)
            for (mine, theirs) in [("meanAlliance", "mean"), ("lower", "lower"), ("upper", "upper"),
                                   ("meanReliability", "reliability"), ("shareReliablyImproved", "improved")] {
                if let w = want[theirs] as? Double {
                    #expect(abs((t[mine] as! Double) - w) < 1e-9, "\(mine)")
                } else {
                    #expect(t[mine] == nil, "\(mine)")
                }
            }
        }
        #expect(json["therapistChanges"] as? Int == ref["therapistChanges"] as? Int)
        #expect(therapists.map { $0["sharedClients"] as! Int }.reduce(0, +) == 4)   // 2 clients × 2 therapists
    }

    /// Screening rows are not sessions: fidelity over the 97 sessions; counting them as missed
    /// administrations (--keep-unanswered-rows) gives what the audit used to report.
    @Test func screeningRowsAreNotMissedAdministrations() throws {
        let ref = try JSONSerialization.jsonObject(
            with: Data(contentsOf: CLI.packageRoot.appendingPathComponent(Self.dir + "redcap-reference.json"))) as! [String: Any]
        let sessions = ref["sessions"] as! Int, srs = ref["srsGiven"] as! Int, screening = ref["screeningRows"] as! Int
        let json = try Self.json(Self.byEvent)
        let share = (json["fidelity"] as! [String: Any])["shareGiven"] as! [String: Double]
        #expect(share["srs"] == Double(srs) / Double(sessions))
        let kept = try Self.json(Self.byEvent + ["--keep-unanswered-rows"])
        let keptShare = (kept["fidelity"] as! [String: Any])["shareGiven"] as! [String: Double]
        #expect(keptShare["srs"] == Double(srs) / Double(sessions + screening))
        #expect(kept["rows"] as? Int == sessions + screening)
    }

    /// Every alert code of the clients CSV leads back to its row: `line` is the input's line and
    /// `session.value` that row's own event/instance.
    @Test func clientsCSVLinksEachSessionToItsRow() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-redcap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let csv = tmp.appendingPathComponent("clients.csv")
        let r = try CLI.run(Self.byEvent + ["--clients-out", csv.path, "-o", tmp.appendingPathComponent("a.md").path])
        #expect(r.status == 0, "\(r.stderr)")
        let input = try String(contentsOf: CLI.packageRoot.appendingPathComponent(Self.redcap), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(lines[0].prefix(5) == ["client", "therapist", "session", "session.value", "line"])
        #expect(lines.count == 98)
        var alerted = 0
        for cells in lines.dropFirst() {
            let row = input[Int(cells[4])! - 1]
            #expect(row[0] == cells[0])   // same record
            let value = row[3].isEmpty ? row[1] : "\(row[1])/\(row[3])"
            #expect(cells[3] == value)
            if !cells.last!.isEmpty { alerted += 1 }
        }
        #expect(alerted > 0)
        // The switched client's sessions name their own therapist.
        let switched = lines.filter { $0[0] == "101-0004" }
        #expect(switched.map { $0[1] } == Array(repeating: "T04", count: 4) + Array(repeating: "T07", count: 5))
    }

    /// The Markdown and HTML therapist tables say how a client who saw two therapists counts.
    @Test func therapistTablesDocumentSharedClients() throws {
        let md = try CLI.run(Self.byEvent + ["--min-cell", "1", "--format", "md"])
        #expect(md.stdout.contains("| T03 | 4 (1 shared) | 19 |"))
        #expect(md.stdout.contains("2 clients saw more than one therapist (2 changes of therapist between sessions). Each session counts for its own therapist"))
        #expect(md.stdout.contains("- 12 of 109 rows have no answer to any audited instrument"))
        let html = try CLI.run(Self.byEvent + ["--min-cell", "1", "--format", "html"])
        #expect(html.stdout.contains("2 clients saw more than one therapist"))
        let twin = try CLI.run(Self.twinRun + ["--format", "md"])
        #expect(twin.stdout.contains("2 clients saw more than one therapist"))
        #expect(!twin.stdout.contains("rows have no answer"))
    }

    @Test func aREDCapSessionColumnAloneSaysWhatToAdd() throws {
        let event = try CLI.run(["audit", Self.redcap, "--client", "record_id", "--session", "redcap_event_name"] + Self.measures)
        #expect(event.status == 2)
        #expect(event.stderr.contains("line 4: the same client and session (\"therapy_arm_1\") as line 3; add --session redcap_repeat_instance"))
        let instance = try CLI.run(["audit", Self.redcap, "--client", "record_id", "--session", "redcap_repeat_instance"] + Self.measures)
        #expect(instance.status == 2)
        #expect(instance.stderr.contains("line 14: the session (column redcap_repeat_instance) is empty on a row with answers"))
        #expect(instance.stderr.contains("--session redcap_event_name --session redcap_repeat_instance"))
        for r in [event, instance] { #expect(!r.stderr.contains("101-00")) }
    }

    /// Scoring the export gives the twin's scores on the session rows, and no score on the
    /// screening rows.
    @Test func scoresEqualTheTwin() throws {
        let a = try CLI.run(["score", Self.redcap, "--instrument", "srs", "--instrument", "ors", "--keep", "record_id,redcap_event_name"])
        let b = try CLI.run(["score", Self.twin, "--instrument", "srs", "--instrument", "ors", "--keep", "client"])
        #expect(a.status == 0 && b.status == 0)
        let rows = a.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let twin = b.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let sessions = rows.filter { $0[1] != "screening_arm_1" }
        #expect(sessions.count == twin.count && twin.count == 97)
        for (x, y) in zip(sessions, twin) { #expect(x[0] == y[0] && Array(x[2...]) == Array(y[1...])) }
        #expect(rows.filter { $0[1] == "screening_arm_1" }.allSatisfy { $0[2] == "" && $0[5] == "" })
    }

    @Test func pseudonymizedREDCapOutputsContainNoRawID() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-redcap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let key = tmp.appendingPathComponent("k.key")
        try Data("redcap-audit-test-key-0123456789".utf8).write(to: key)
        var texts: [String] = []
        for format in ["json", "md", "html"] {
            let out = tmp.appendingPathComponent("a.\(format)"), csv = tmp.appendingPathComponent("c-\(format).csv")
            let r = try CLI.run(Self.byEvent + ["--pseudonymize-key", key.path, "-o", out.path, "--clients-out", csv.path,
                                                "--include-clients", "--min-cell", "1"])
            #expect(r.status == 0, "\(r.stderr)")
            texts += [try String(contentsOf: out, encoding: .utf8), try String(contentsOf: csv, encoding: .utf8), r.stdout, r.stderr]
        }
        for t in texts {
            #expect(t.range(of: #"101-00\d\d"#, options: .regularExpression) == nil, "record ID in an output")
            #expect(t.range(of: #"\bT0\d\b"#, options: .regularExpression) == nil, "therapist ID in an output")
        }
    }
}
