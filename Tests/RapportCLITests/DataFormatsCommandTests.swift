import Foundation
import Testing

/// The simulated WAI-SR study (Tests/RapportTests/Fixtures/formats/wai-sr-240.csv, made by
/// `rapport simulate --instrument wai-sr --rows 240 --missing 0.04 --seed 16`) scores exactly
/// like its CSV when it comes as SPSS, Stata or FHIR, and malformed files stop with exit 2.
/// The .sav/.dta versions were written by R haven (scripts/reference/make-format-fixtures.R).
@Suite struct DataFormatsCommandTests {
    static let dir = "Tests/RapportTests/Fixtures/formats/"
    static let csv = dir + "wai-sr-240.csv"
    static let wai = ["--instrument", "wai-sr", "--id", "id"]

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func csvScores() throws -> String {
        let r = try CLI.run(["score", csv] + wai)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test(arguments: [("wai-sr-240.sav", [String]()), ("wai-sr-240.zsav", []), ("wai-sr-240.dta", ["--prefix", "wai_"])])
    func spssAndStataScoreLikeTheCSV(name: String, extra: [String]) throws {
        let expected = try Self.csvScores()
        for threads in ["1", "2"] {
            let r = try CLI.run(["score", Self.dir + name] + Self.wai + extra + ["--threads", threads])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == expected)
            #expect(r.stderr.contains("240 rows read = 240 scored + 0 rejected"))
            #expect(r.stderr.contains("value labels on 12 (matching the definition's anchors: 12)"))
            #expect(!r.stderr.contains("P0000"), "no participant ID in messages")
        }
    }

    /// The portable file holds upper-case names (ID, WAISR_1…): mapped with --id and --prefix.
    @Test func spssPortableScoresLikeTheCSV() throws {
        let expected = try Self.csvScores().split(separator: "\n").dropFirst()
        let r = try CLI.run(["score", Self.dir + "wai-sr-240.por", "--instrument", "wai-sr", "--id", "ID", "--prefix", "WAISR_"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID,wai-sr.task,") == true)
        #expect(Array(lines.dropFirst()) == Array(expected))
        #expect(r.stderr.contains("SPSS portable .por: 12 item variables"))
    }

    @Test func reliabilityOfTheSavEqualsTheCSVs() throws {
        let a = try CLI.run(["reliability", Self.csv, "--instrument", "wai-sr", "--format", "json"])
        let b = try CLI.run(["reliability", Self.dir + "wai-sr-240.sav", "--instrument", "wai-sr", "--format", "json"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        func scales(_ s: String) throws -> NSDictionary {
            let json = try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
            return (json["scales"] as! [Any]).reduce(into: NSMutableDictionary()) { d, x in d[d.count] = x }
        }
        #expect(try scales(a.stdout) == scales(b.stdout))
    }

    @Test func labelsReadAsAnswersWithValueLabels() throws {
        // wai-sr-coded0.sav: the first 40 rows coded 0–4, labelled Seldom…Always.
        let expected = try Self.csvScores().split(separator: "\n").prefix(41).joined(separator: "\n") + "\n"
        let r = try CLI.run(["score", Self.dir + "wai-sr-coded0.sav"] + Self.wai + ["--value-labels"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == expected)
        let codes = try CLI.run(["score", Self.dir + "wai-sr-coded0.sav"] + Self.wai)
        #expect(codes.stderr.contains("warning: variable \"waisr_1\" (item wai-sr:i1): its value labels do not match the definition's anchors (1 = \"Sometimes\" in the file, \"Seldom\" in the definition)"))
    }

    @Test func aBadCellNamesVariableAndRow() throws {
        let r = try CLI.run(["score", Self.dir + "invalid.sav"] + Self.wai + ["--on-invalid", "fail"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("invalid.sav: row 4: variable \"waisr_3\" (item wai-sr:i3): \"7\" is outside the response range 1–5 [out-of-range]"))
    }

    @Test func aTruncatedSavExitsTwo() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = try Data(contentsOf: CLI.packageRoot.appendingPathComponent(Self.dir + "wai-sr-240.sav"))
        let cut = dir.appendingPathComponent("cut.sav")
        try whole.prefix(whole.count - 500).write(to: cut)
        let r = try CLI.run(["score", cut.path] + Self.wai + ["-o", dir.appendingPathComponent("out.csv").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cut.sav: ReadStat cannot read this SPSS .sav file"))
        #expect(r.stderr.contains("may be truncated or damaged"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.csv").path))
    }

    /// Without ReadStat the build still works (nothing links it) and a .sav run names the
    /// package. `RAPPORT_READSTAT_LIBRARY` points the loader at a library that does not exist.
    @Test func withoutReadStatASavRunNamesThePackage() throws {
        let r = try CLI.run(["score", Self.dir + "wai-sr-240.sav"] + Self.wai,
                            environment: ["RAPPORT_READSTAT_LIBRARY": "libreadstat-absent.so.1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("needs the ReadStat library"))
        #expect(r.stderr.contains("Install it with: apt-get install -y libreadstat1"))
        // CSV needs no ReadStat.
        let c = try CLI.run(["score", Self.csv] + Self.wai, environment: ["RAPPORT_READSTAT_LIBRARY": "libreadstat-absent.so.1"])
        #expect(c.status == 0)
    }

    // MARK: FHIR

    static func questionnaire() throws -> [String: Any] {
        let r = try CLI.run(["instruments", "export", "wai-sr", "--format", "fhir"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    @Test func theQuestionnaireCarriesItemsWeightsAndTheLicence() throws {
        let q = try Self.questionnaire()
        #expect(q["resourceType"] as? String == "Questionnaire")
        #expect(q["id"] as? String == "wai-sr" && q["version"] as? String == "1.0.0")
        #expect((q["copyright"] as? String)?.contains("Society for Psychotherapy Research") == true)
        let items = q["item"] as! [[String: Any]]
        #expect(items.map { $0["linkId"] as! String } == (1...12).map { "i\($0)" })
        #expect(items.allSatisfy { $0["type"] as? String == "choice" })
        let first = (items[0]["answerOption"] as! [[String: Any]]).map { $0["valueCoding"] as! [String: Any] }
        #expect(first.map { $0["code"] as! String } == ["1", "2", "3", "4", "5"])
        #expect(first.map { $0["display"] as! String } == ["Seldom", "Sometimes", "Fairly often", "Very often", "Always"])
        let weights = first.map { (($0["extension"] as! [[String: Any]])[0]["valueDecimal"] as! NSNumber).doubleValue }
        #expect(weights == [1, 2, 3, 4, 5])
        // Deterministic bytes.
        #expect(try CLI.run(["instruments", "export", "wai-sr", "--format", "fhir"]).stdout
            == CLI.run(["instruments", "export", "wai-sr", "--format", "fhir"]).stdout)
    }

    /// Answers the exported Questionnaire with the CSV's answers, rotating through the value
    /// types Rapport reads: valueInteger, the answer option's valueCoding (with itemWeight),
    /// a valueCoding with only a code, valueDecimal.
    static func responses(questionnaire q: [String: Any]) throws -> [[String: Any]] {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(csv), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let items = q["item"] as! [[String: Any]]
        return rows.enumerated().map { n, f in
            var answered: [[String: Any]] = []
            for (k, item) in items.enumerated() where !f[k + 1].isEmpty {
                let options = (item["answerOption"] as! [[String: Any]]).map { $0["valueCoding"] as! [String: Any] }
                let coding = options.first { $0["code"] as? String == f[k + 1] }!
                let answer: [String: Any] = switch (n + k) % 4 {
                case 0: ["valueInteger": Int(f[k + 1])!]
                case 1: ["valueCoding": coding]
                case 2: ["valueCoding": ["code": f[k + 1]]]
                default: ["valueDecimal": Double(f[k + 1])!]
                }
                answered.append(["linkId": item["linkId"]!, "answer": [answer]])
            }
            // Items 1–6 in a group, the rest at the top level: both are read.
            let group: [String: Any] = ["linkId": "part1", "item": Array(answered.prefix { ($0["linkId"] as! String).count == 2 && ($0["linkId"] as! String) <= "i6" })]
            let rest = answered.filter { !(($0["linkId"] as! String).count == 2 && ($0["linkId"] as! String) <= "i6") }
            return ["resourceType": "QuestionnaireResponse", "id": "qr\(n + 1)",
                    "questionnaire": "\(q["url"]!)|\(q["version"]!)", "status": "completed",
                    "subject": ["reference": f[0]], "authored": "2026-03-\(String(format: "%02d", n % 28 + 1))",
                    "item": [group] + rest]
        }
    }

    static func ndjson(_ resources: [[String: Any]]) throws -> Data {
        var out = Data()
        for r in resources {
            out += try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys])
            out += Data("\n".utf8)
        }
        return out
    }

    @Test func fhirRoundTripScoresLikeTheCSV() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let resources = try Self.responses(questionnaire: Self.questionnaire())
        let nd = dir.appendingPathComponent("wai-sr.ndjson")
        try Self.ndjson(resources).write(to: nd)
        let bundle = dir.appendingPathComponent("wai-sr.json")
        try JSONSerialization.data(withJSONObject: ["resourceType": "Bundle", "type": "collection",
                                                    "entry": resources.map { ["resource": $0] }]).write(to: bundle)
        let expected = try Self.csvScores().split(separator: "\n").dropFirst()
        for (file, threads) in [(nd, "1"), (nd, "2"), (bundle, "2")] {
            let r = try CLI.run(["score", file.path, "--instrument", "wai-sr", "--id", "subject", "--threads", threads])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("subject,wai-sr.task,") == true)
            #expect(Array(lines.dropFirst()) == Array(expected))
        }
    }

    @Test func authoredIsTheAuditsSessionDate() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // SRS sessions of the bundled demo, as QuestionnaireResponses and as the equivalent CSV.
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Datasets/srs-ors-sessions.csv"), encoding: .utf8)
        var csv = "subject,authored,srs_1,srs_2,srs_3,srs_4\n"
        var resources: [[String: Any]] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            csv += "Patient/\(f[0]),\(f[3]),\(f[4]),\(f[5]),\(f[6]),\(f[7])\n"
            let items: [[String: Any]] = (0..<4).compactMap { k in
                f[4 + k].isEmpty ? nil : ["linkId": "i\(k + 1)", "answer": [["valueDecimal": Double(f[4 + k])!]]]
            }
            resources.append(["resourceType": "QuestionnaireResponse", "status": "completed",
                              "subject": ["reference": "Patient/\(f[0])"], "authored": f[3], "item": items])
        }
        let c = dir.appendingPathComponent("srs.csv"), n = dir.appendingPathComponent("srs.ndjson")
        try Data(csv.utf8).write(to: c)
        try Self.ndjson(resources).write(to: n)
        let args = ["--client", "subject", "--session", "authored", "--instrument", "srs", "--format", "json"]
        let a = try CLI.run(["audit", c.path] + args), b = try CLI.run(["audit", n.path] + args)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        // Equal except the file lines each session came from (the CSV has a header line, the
        // NDJSON file none): `lines` of each client, `line` of each alert.
        func withoutLines(_ x: Any) -> Any {
            if let d = x as? [String: Any] { return d.filter { $0.key != "lines" && $0.key != "line" }.mapValues(withoutLines) }
            if let v = x as? [Any] { return v.map(withoutLines) }
            return x
        }
        func canonical(_ s: String) throws -> Data {
            try JSONSerialization.data(withJSONObject: withoutLines(try JSONSerialization.jsonObject(with: Data(s.utf8))),
                                       options: .sortedKeys)
        }
        #expect(try canonical(a.stdout) == canonical(b.stdout))
        #expect(a.stdout != b.stdout)   // the lines do differ, so the comparison above is not vacuous
        #expect(a.stdout.contains("\"alerts\""))
    }

    @Test func malformedFHIRExitsTwoNamingTheLine() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = #"{"resourceType":"QuestionnaireResponse","subject":{"reference":"Patient/1"},"item":[{"linkId":"i1","answer":[{"valueInteger":4}]}]}"#
        let cases: [(String, String, String)] = [
            ("unknown.ndjson", good + "\n" + #"{"resourceType":"QuestionnaireResponse","item":[{"linkId":"i99","answer":[{"valueInteger":4}]}]}"#,
             "unknown.ndjson:2: linkId \"i99\": no item being read has this linkId"),
            ("patient.ndjson", good + "\n\n" + #"{"resourceType":"Patient","id":"x"}"#,
             "patient.ndjson:3: the resourceType is \"Patient\", not \"QuestionnaireResponse\""),
            ("broken.ndjson", good + "\n" + #"{"resourceType":"QuestionnaireResponse","item":["#,
             "broken.ndjson:2: not a QuestionnaireResponse Rapport can read"),
            ("twice.ndjson", #"{"resourceType":"QuestionnaireResponse","item":[{"linkId":"i1","answer":[{"valueInteger":4},{"valueInteger":5}]}]}"#,
             "twice.ndjson:1: linkId \"i1\": the item is answered more than once"),
            ("date.ndjson", #"{"resourceType":"QuestionnaireResponse","item":[{"linkId":"i1","answer":[{"valueDate":"2026-01-01"}]}]}"#,
             "date.ndjson:1: linkId \"i1\": the answer is a valueDate"),
            ("obs.json", #"{"resourceType":"Observation","status":"final"}"#,
             "obs.json: the resourceType is \"Observation\"; a .json input must be a Bundle"),
            ("mixed.json", #"{"resourceType":"Bundle","entry":[{"resource":"# + good + #"},{"resource":{"resourceType":"Patient"}}]}"#,
             "mixed.json: entry 2: the resourceType is \"Patient\""),
        ]
        for (name, content, message) in cases {
            let f = dir.appendingPathComponent(name)
            try Data(content.utf8).write(to: f)
            let r = try CLI.run(["score", f.path, "--scale", "s=i1", "--range", "1-5"])
            #expect(r.status == 2, "\(name): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(name): \(r.stderr)")
        }
    }
}
