import Foundation
import Testing

/// End to end (issue 13 §2–§3): a label export scores and analyses exactly like its numeric
/// twin; `--recode` reads other labels and vendor codes; conflicts stop with the fix; a
/// European file (`;`, decimal commas) equals its dot twin, and the summary says what was read.
@Suite struct LabelsAndDecimalCommaCommandTests {
    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-labels-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let p = url.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: p))
            return p
        }
    }

    static func dataset(_ name: String) throws -> String {
        try String(contentsOf: CLI.packageRoot.appendingPathComponent("Datasets/\(name)"), encoding: .utf8)
    }

    /// WAI-SR's frequency5 anchors (Instruments/wai-sr.xml), written as a choice-text export
    /// would, in varied case and spacing.
    static let anchors = ["Seldom", "Sometimes", "Fairly often", "Very often", "Always"]

    /// The demo data with every answer cell replaced by `label(value, row, column)`.
    static func relabel(_ csv: String, _ label: (Int, Int, Int) -> String) -> (text: String, replaced: Int) {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var replaced = 0
        for r in 1..<lines.count where !lines[r].isEmpty {
            var fields = lines[r].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for c in 1..<fields.count {
                if let v = Int(fields[c]) {
                    fields[c] = label(v, r, c)
                    replaced += 1
                }
            }
            lines[r] = fields.joined(separator: ",")
        }
        return (lines.joined(separator: "\n"), replaced)
    }

    /// The `scales` of a JSON reliability report (everything but the input's name and digest).
    static func scales(_ json: String) throws -> NSDictionary {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return try #require(object["scales"] as? [Any]).isEmpty ? [:] : ["scales": object["scales"]!] as NSDictionary
    }

    @Test func aLabelExportScoresAndAnalysesLikeItsNumericTwin() throws {
        let f = try Folder()
        let csv = try Self.dataset("wai-sr-2000.csv")
        let numeric = try f.write("numeric.csv", csv)
        let (text, n) = Self.relabel(csv) { v, r, c in
            let l = Self.anchors[v - 1]
            switch (r + c) % 3 {
            case 0: return l.uppercased()
            case 1: return " \(l.lowercased()) "
            default: return l
            }
        }
        let labels = try f.write("labels.csv", text)
        let args = ["--instrument", "wai-sr", "--id", "id"]
        let a = try CLI.run(["score", numeric] + args)
        let b = try CLI.run(["score", labels] + args)
        #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
        #expect(a.stdout == b.stdout && !a.stdout.isEmpty)
        #expect(b.stderr.contains("\n  labels read as values: \(n)\n"))
        #expect(!a.stderr.contains("labels read as values"))

        let ra = try CLI.run(["reliability", numeric, "--instrument", "wai-sr", "--format", "json"])
        let rb = try CLI.run(["reliability", labels, "--instrument", "wai-sr", "--format", "json"])
        #expect(ra.status == 0 && rb.status == 0)
        #expect(try Self.scales(ra.stdout) == Self.scales(rb.stdout))

        // --report carries the count as JSON.
        let report = f.url.appendingPathComponent("report.json").path
        #expect(try CLI.run(["score", labels] + args + ["--report", report, "-o", f.url.appendingPathComponent("s.csv").path]).status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        #expect((json["decoding"] as? [String: Any])?["labelsRead"] as? Int == n)
    }

    @Test func labelsThatAreNotAnchorsPointAtRecodeAndRecodeReadsThem() throws {
        let f = try Folder()
        let csv = try Self.dataset("wai-sr-2000.csv")
        // Another wording of the scale, and Qualtrics' -99 for "seen, not answered" in item 1.
        let other = ["Rarely", "Sometimes", "Fairly often", "Very often", "Always"]
        let (text, _) = Self.relabel(csv) { v, r, c in c == 1 && r % 50 == 0 ? "-99" : other[v - 1] }
        let (twinText, _) = Self.relabel(csv) { v, r, c in c == 1 && r % 50 == 0 ? "" : String(v) }
        let labels = try f.write("labels.csv", text)
        let twin = try f.write("twin.csv", twinText)

        // "Rarely" is not an anchor: 1's cells are invalid, the run stops only if nothing is valid.
        let onlyRarely = try f.write("rarely.csv", "waisr_1,waisr_2,waisr_3,waisr_4,waisr_5,waisr_6,waisr_7,waisr_8,waisr_9,waisr_10,waisr_11,waisr_12\n"
            + String(repeating: "Rarely,Rarely,Rarely,Rarely,Rarely,Rarely,Rarely,Rarely,Rarely,Rarely,Rarely,Rarely\n", count: 3))
        let stop = try CLI.run(["score", onlyRarely, "--instrument", "wai-sr"])
        #expect(stop.status == 1)
        #expect(stop.stderr.contains("look like answer labels (\"Rarely\") that are not the anchors of its response scale (1 \"Seldom\", 2 \"Sometimes\""))
        #expect(stop.stderr.contains("say what each label means in a --recode FILE (CSV item,label,value; '*' for every item)"))

        let recode = try f.write("recode.csv", "item,label,value\n*,Rarely,1\nwai-sr:i1,-99,\n")
        let args = ["--instrument", "wai-sr", "--id", "id"]
        let a = try CLI.run(["score", twin] + args)
        let b = try CLI.run(["score", labels, "--recode", recode] + args)
        #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(b.stderr.contains("\n  recoded by --recode \(recode): "))
        #expect(b.stderr.contains("labels read as values: "))
        #expect(!b.stderr.contains("non-numeric"))

        // The recode file is an input: -o never replaces it.
        let over = try CLI.run(["score", labels, "--recode", recode, "-o", recode] + args)
        #expect(over.status == 2)
        #expect(try String(contentsOfFile: recode, encoding: .utf8) == "item,label,value\n*,Rarely,1\nwai-sr:i1,-99,\n")
    }

    @Test func conflictsStopWithFileLineItemAndFix() throws {
        let f = try Folder()
        let data = try f.write("d.csv", "waisr_1,waisr_2,waisr_3,waisr_4,waisr_5,waisr_6,waisr_7,waisr_8,waisr_9,waisr_10,waisr_11,waisr_12\n"
            + String(repeating: "Always,1,2,3,4,5,1,2,3,4,5,1\n", count: 2))
        let recode = try f.write("recode.csv", "item,label,value\ni1,ALWAYS,4\n")
        let r = try CLI.run(["score", data, "--instrument", "wai-sr", "--recode", recode])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(recode):2: column 2 \"label\": label \"ALWAYS\" of item wai-sr:i1 is the label \"Always\" (5) of its response scale frequency5, read as such: a recode reads only cells that are not answers; remove the row [invalid-recode]"))

        // A definition whose anchors read alike does not lint (exit 1), naming both labels.
        let xml = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Instruments/wai-sr.xml"), encoding: .utf8)
            .replacingOccurrences(of: "<anchor value=\"2\">Sometimes</anchor>", with: "<anchor value=\"2\">SELDOM</anchor>")
        let def = try f.write("dup.xml", xml)
        for command in [["score", data, "--instrument", def], ["validate", def]] {
            let d = try CLI.run(command)
            #expect(d.status == 1, "\(command[0])")
            let said = d.stdout + d.stderr
            #expect(said.contains("response scale \"frequency5\": the labels \"Seldom\" (1) and \"SELDOM\" (2) of response scale frequency5 read alike"), "\(said)")
            #expect(said.contains("give them distinct labels in the definition"))
        }
    }

    @Test func aEuropeanFileEqualsItsDotTwinUnderScoreAndReliability() throws {
        let f = try Folder()
        let csv = try Self.dataset("srs-ors-sessions.csv")
        let dot = try f.write("dot.csv", csv)
        let euro = try f.write("euro.csv", csv.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: ".", with: ","))
        for inst in ["srs", "ors"] {
            let a = try CLI.run(["score", dot, "--instrument", inst, "--keep", "client,session"])
            let b = try CLI.run(["score", euro, "--instrument", inst, "--keep", "client,session"])
            #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
            #expect(a.stdout == b.stdout && !a.stdout.isEmpty)
            #expect(b.stderr.contains("\n  decimal comma detected (';'-separated file): "))
            #expect(b.stderr.contains(" cells like 7,3 read as 7.3"))
            let ra = try CLI.run(["reliability", dot, "--instrument", inst, "--format", "json"])
            let rb = try CLI.run(["reliability", euro, "--instrument", inst, "--format", "json"])
            #expect(ra.status == 0 && rb.status == 0)
            #expect(try Self.scales(ra.stdout) == Self.scales(rb.stdout))
        }
        // In a comma-separated file quoted decimal commas need the option; the error names it.
        let quoted = try f.write("quoted.csv", "srs_1,srs_2,srs_3,srs_4\n\"7,3\",\"8,0\",\"9,1\",\"6,5\"\n\"5,5\",\"4,0\",\"3,3\",\"2,2\"\n")
        let stop = try CLI.run(["score", quoted, "--instrument", "srs"])
        #expect(stop.status == 1 && stop.stderr.contains("read them with --decimal-comma"))
        let ok = try CLI.run(["score", quoted, "--instrument", "srs", "--decimal-comma"])
        #expect(ok.status == 0 && ok.stderr.contains("decimal comma (--decimal-comma): 8 cells like 7,3 read as 7.3"))
        #expect(ok.stdout.split(separator: "\n")[1].hasPrefix("30.9,4,"))
    }

    /// `--no-decimal-comma` turns the detection in `;`-separated files off; `--decimal-comma`
    /// stays as it was. End to end: the parsed flag reaches the reader under every command.
    @Test func noDecimalCommaTurnsTheDetectionOff() throws {
        let f = try Folder()
        let euro = try f.write("thousands.csv", "a;b\n1,000;2\n3;4\n5;6\n")
        let args = ["--scale", "s=a,b", "--range", "0-2000"]
        let auto = try CLI.run(["score", euro] + args)
        #expect(auto.status == 0 && auto.stdout.split(separator: "\n")[1].hasPrefix("1.5,2,"), "\(auto.stderr)")
        #expect(auto.stderr.contains("decimal comma detected (';'-separated file): 1 cell like 7,3 read as 7.3"))
        let off = try CLI.run(["score", euro, "--no-decimal-comma"] + args)
        #expect(off.status == 0, "\(off.stderr)")
        #expect(off.stdout.split(separator: "\n")[1].hasPrefix("2,1,"))
        #expect(off.stderr.contains("non-numeric: 1") && !off.stderr.contains("decimal comma detected"))
        let on = try CLI.run(["score", euro, "--decimal-comma"] + args)
        #expect(on.status == 0 && on.stderr.contains("decimal comma (--decimal-comma): 1 cell like 7,3 read as 7.3"))
        let help = try CLI.run(["score", "--help"])
        #expect(help.stdout.contains("--decimal-comma/--no-decimal-comma"))
    }
}
