import Foundation
import Testing

/// `rapport audit` on the bundled SRS/ORS demo: every planted event is found, nothing fires on
/// flat trajectories, and no raw ID leaks when pseudonymising.
@Suite struct AuditCommandTests {
    static let data = "Datasets/srs-ors-sessions.csv"
    static let base = ["audit", data, "--client", "client", "--session", "session", "--therapist", "therapist",
                       "--instrument", "srs", "--instrument", "ors"]
    /// Thresholds as the demo was simulated (Datasets/README.md: --rupture-points 5).
    static let demoFlags = ["--drop-points", "5", "--dip-points", "5"]

    struct Event { var client: String; var instrument: String; var event: String; var session: Int? }

    static func events() throws -> [Event] {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Datasets/srs-ors-sessions.events.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Event(client: f[0], instrument: f[2], event: f[3], session: Int(f[4]))
        }
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func findsEveryPlantedEventAndNothingOnFlatTrajectories() throws {
        let r = try CLI.run(Self.base + Self.demoFlags + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let alerts = json["alerts"] as! [[String: Any]]
        let clients = json["clients"] as! [[String: Any]]
        // Session ordinals equal session numbers in the demo (sessions are 1…n, rows kept).
        func has(_ client: String, _ rule: String, _ session: Int?) -> Bool {
            alerts.contains { a in
                a["client"] as? String == client && a["instrument"] as? String == "srs" && a["rule"] as? String == rule
                    && (session == nil || a["session"] as? Int == session)
            }
        }
        let events = try Self.events()
        var checked = 0
        for e in events {
            switch e.event {
            case "rupture":
                #expect(has(e.client, "drop", e.session), "rupture of \(e.client) at \(e.session ?? 0)")
                #expect(!has(e.client, "rupture-repair", nil))
                checked += 1
            case "rupture-repair":
                #expect(has(e.client, "rupture-repair", e.session), "V of \(e.client)")
                #expect(has(e.client, "drop", e.session))
                checked += 1
            case "ceiling":
                #expect(has(e.client, "ceiling", nil))
                checked += 1
            case "stable":
                for rule in ["drop", "rupture-repair", "ceiling"] { #expect(!has(e.client, rule, nil), "\(rule) on stable \(e.client)") }
                checked += 1
            case "reliable-improvement", "unchanged", "reliable-deterioration":
                let c = clients.first { $0["client"] as? String == e.client }!
                let change = (c["changes"] as! [[String: Any]]).first { $0["instrument"] as? String == "ors" }!
                let category = change["category"] as! String
                switch e.event {
                case "reliable-improvement": #expect(["recovered", "improved"].contains(category), "\(e.client)")
                case "unchanged": #expect(category == "unchanged", "\(e.client)")
                default: #expect(category == "deteriorated", "\(e.client)")
                }
                checked += 1
            default: break
            }
        }
        #expect(checked == 60 + 60)
        // Ceiling and drop alerts only where planted.
        let planted = Set(events.filter { ["rupture", "rupture-repair"].contains($0.event) }.map(\.client))
        let dropped = Set(alerts.filter { $0["rule"] as? String == "drop" }.map { $0["client"] as! String })
        #expect(dropped == planted)
        let ceiling = Set(alerts.filter { $0["rule"] as? String == "ceiling" }.map { $0["client"] as! String })
        #expect(ceiling == Set(events.filter { $0.event == "ceiling" }.map(\.client)))
        // Missed administrations: the fidelity counts match the events file.
        let fidelity = json["fidelity"] as! [String: Any]
        let share = fidelity["shareGiven"] as! [String: Double]
        let missedSRS = events.filter { $0.event == "missed" && $0.instrument == "srs" }.count
        #expect(abs(share["srs"]! - Double(484 - missedSRS) / 484) < 1e-12)
    }

    @Test func pseudonymizedOutputsContainNoRawID() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("audit.key")
        try Data("clinic-audit-test-key-0123456789".utf8).write(to: key)
        let ids = try String(contentsOf: CLI.packageRoot.appendingPathComponent(Self.data), encoding: .utf8)
            .split(separator: "\n").dropFirst().flatMap { l in l.split(separator: ",").prefix(2).map(String.init) }
        let idSet = Set(ids)
        #expect(idSet.count == 68)
        var outputs: [String] = []
        for format in ["json", "md", "html"] {
            let out = dir.appendingPathComponent("audit.\(format)")
            let csv = dir.appendingPathComponent("clients-\(format).csv")
            let r = try CLI.run(Self.base + Self.demoFlags + ["--pseudonymize-key", key.path, "-o", out.path,
                                                              "--clients-out", csv.path, "--include-clients"])
            #expect(r.status == 0, "\(r.stderr)")
            outputs += [try String(contentsOf: out, encoding: .utf8), try String(contentsOf: csv, encoding: .utf8), r.stdout, r.stderr]
        }
        for text in outputs {
            for id in idSet { #expect(!text.contains(id), "raw ID in an output") }
        }
        #expect(outputs[0].contains("\"c-"))
        #expect(outputs[0].contains("\"t-"))
        // Stable with the same key, different with another.
        let again = try CLI.run(Self.base + Self.demoFlags + ["--pseudonymize-key", key.path, "--format", "json"])
        #expect(again.stdout == outputs[0])
        let key2 = dir.appendingPathComponent("other.key")
        try Data("another-key-for-the-audit-tests!".utf8).write(to: key2)
        let other = try CLI.run(Self.base + Self.demoFlags + ["--pseudonymize-key", key2.path, "--format", "json"])
        let c1 = try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as! [String: Any]
        let c2 = try JSONSerialization.jsonObject(with: Data(other.stdout.utf8)) as! [String: Any]
        let l1 = Set((c1["clients"] as! [[String: Any]]).map { $0["client"] as! String })
        let l2 = Set((c2["clients"] as! [[String: Any]]).map { $0["client"] as! String })
        #expect(l1.count == 60 && l2.count == 60 && l1.isDisjoint(with: l2))
    }

    @Test func htmlIsSelfContainedAndAggregateByDefault() throws {
        let r = try CLI.run(Self.base + Self.demoFlags + ["--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = r.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("role=\"img\""))
        #expect(html.contains("SRS trajectory by session") && html.contains("ORS trajectory by session"))
        #expect(html.contains("Mean alliance per therapist"))
        // No client ID (C0001…) without --include-clients; therapists are aggregates.
        #expect(html.range(of: #"C\d{4}"#, options: .regularExpression) == nil)
        let with = try CLI.run(Self.base + Self.demoFlags + ["--format", "html", "--include-clients"])
        #expect(with.stdout.contains("C0006"))
    }

    @Test func minCellSuppressesAtTheBoundary() throws {
        // The demo's therapists have 4–12 clients; read the smallest caseload and set --min-cell to it and one above.
        let j = try CLI.run(Self.base + ["--format", "json", "--min-cell", "1"])
        let json = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as! [String: Any]
        let therapists = json["therapists"] as! [[String: Any]]
        let smallest = therapists.map { $0["clients"] as! Int }.min()!
        let at = try JSONSerialization.jsonObject(with: Data(try CLI.run(Self.base + ["--format", "json", "--min-cell", String(smallest)]).stdout.utf8)) as! [String: Any]
        #expect((at["therapists"] as! [[String: Any]]).allSatisfy { $0["suppressed"] as? Bool == false })
        let above = try JSONSerialization.jsonObject(with: Data(try CLI.run(Self.base + ["--format", "json", "--min-cell", String(smallest + 1)]).stdout.utf8)) as! [String: Any]
        let suppressed = (above["therapists"] as! [[String: Any]]).filter { $0["suppressed"] as? Bool == true }
        #expect(suppressed.count == therapists.filter { $0["clients"] as! Int == smallest }.count)
        #expect(suppressed.allSatisfy { $0["meanAlliance"] == nil && $0["clients"] == nil })
        // The HTML greys the same therapists in the table and the caterpillar plot.
        let html = try CLI.run(Self.base + ["--format", "html", "--min-cell", String(smallest + 1)]).stdout
        #expect(html.components(separatedBy: "<tr class=\"suppressed\">").count - 1 == suppressed.count)
        #expect(html.components(separatedBy: "class=\"suppressed\"/>").count - 1 == suppressed.count)
    }

    @Test func clientsCSVHasOneLinePerSession() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("clients.csv")
        let r = try CLI.run(Self.base + Self.demoFlags + ["--clients-out", csv.path, "-o", dir.appendingPathComponent("a.md").path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines[0] == "client,therapist,session,session.value,line,srs,ors,ors.change,ors.rci,ors.category,alerts")
        #expect(lines.count == 485)
        // C0006: rupture at session 4 (30.3 after 35.9), ORS 25.4 → 35.3 over 4 sessions; the
        // session value is the input's own (the demo numbers sessions 1…n).
        let c6 = lines.filter { $0.hasPrefix("C0006,") }
        let line = try #require(Int(c6[3].split(separator: ",")[4]))
        let input = try String(contentsOf: CLI.packageRoot.appendingPathComponent(Self.data), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(input[line - 1].hasPrefix("C0006,T03,4,"))
        #expect(c6[3].hasPrefix("C0006,T03,4,4,\(line),30.3,35.3,9.9,"))
        #expect(c6[3].contains("srs:drop@4"))
        #expect(c6[3].contains(",recovered,") || c6[3].contains(",improved,"))
    }

    @Test func badSessionNamesTheLineNotTheClient() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.csv")
        try "client,session,srs_1,srs_2,srs_3,srs_4\nSECRET01,1,9,9,9,9\nSECRET01,soon,9,9,9,9\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["audit", file.path, "--client", "client", "--session", "session", "--instrument", "srs"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 3"))
        #expect(!r.stderr.contains("SECRET01"))
    }

    /// Therapist effect, therapist means, intervals and Spearman–Brown reliabilities against R
    /// (Tests/RapportTests/Fixtures/audit/make-audit-reference.R), tolerance 1e-9.
    @Test func therapistStatisticsMatchR() throws {
        let url = CLI.packageRoot.appendingPathComponent("Tests/RapportTests/Fixtures/audit/audit-reference.json")
        let ref = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let r = try CLI.run(Self.base + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let effect = json["therapistEffect"] as! [String: Any]
        for (mine, theirs) in [("icc1", "icc1"), ("f", "F"), ("df1", "df1"), ("df2", "df2"), ("p", "p")] {
            #expect(abs((effect[mine] as! Double) - (ref[theirs] as! Double)) < 1e-9, "\(mine)")
        }
        let refT = ref["therapists"] as! [String: [String: Double]]
        let therapists = json["therapists"] as! [[String: Any]]
        #expect(therapists.count == refT.count)
        for t in therapists {
            let want = refT[t["therapist"] as! String]!
            #expect(Double(t["clients"] as! Int) == want["clients"]!)
            for (mine, theirs) in [("meanAlliance", "mean"), ("lower", "lower"), ("upper", "upper"), ("meanReliability", "reliability")] {
                #expect(abs((t[mine] as! Double) - want[theirs]!) < 1e-9, "\(mine)")
            }
        }
        let ors = (json["measures"] as! [[String: Any]]).first { $0["instrument"] as? String == "ors" }!
        let categories = ors["categories"] as! [String: Int]
        #expect((categories["recovered"] ?? 0) + (categories["improved"] ?? 0) == ref["improved"] as! Int)
        #expect(categories["deteriorated"] == ref["deteriorated"] as? Int)
        #expect(categories["unchanged"] == ref["unchanged"] as? Int)
    }
}
