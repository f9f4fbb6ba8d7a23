import CLibXML2
import Foundation
import Testing

/// End-to-end tests of `rapport check` on the bundled WAI-SR demo (2,000 rows; α of the
/// sub-scales .77–.80 and 2.9% of cells empty, see Datasets/README.md).
@Suite struct CheckCommandTests {
    static let demo = ["check", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr"]

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Parses XML with libxml2 (no network); returns the document's root element name and
    /// the values of `attribute` on every element named `element`.
    static func parse(_ path: String, element: String, attribute: String) -> (root: String, values: [String])? {
        // From memory: Rapport installs a deny-all entity loader, which also refuses xmlReadFile.
        guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed = bytes.withUnsafeBytes { raw in
            xmlReadMemory(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), "file.xml", "UTF-8", options)
        }
        guard let doc = parsed else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        var values: [String] = []
        func walk(_ node: xmlNodePtr?) {
            var n = node
            while let cur = n {
                if cur.pointee.type == XML_ELEMENT_NODE, String(cString: cur.pointee.name) == element,
                   let v = xmlGetProp(cur, attribute) {
                    values.append(String(cString: v))
                    free(v)   // libxml2's default xmlFree is free()
                }
                walk(cur.pointee.children)
                n = cur.pointee.next
            }
        }
        walk(root)
        return (String(cString: root.pointee.name), values)
    }

    @Test func passingGatesExitZero() throws {
        let r = try CLI.run(Self.demo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("PASS  task: min-alpha passed: α = 0."))
        #expect(r.stdout.contains("PASS  (file): max-invalid-rate passed: invalid rate = 0 ≤ 0.05"))
        #expect(r.stdout.hasSuffix("check passed: 9 gates\n"))
        #expect(!r.stdout.contains("FAIL"))
    }

    @Test func failingGateExitsOneAndNamesScaleGateValueAndLimit() throws {
        let r = try CLI.run(Self.demo + ["--min-alpha", "0.95", "--max-missing-rate", "0.01"])
        #expect(r.status == 1)
        let fails = r.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        #expect(fails.count == 8)   // 4 scales × (α, missing rate)
        #expect(fails.contains { $0.hasPrefix("FAIL  bond: min-alpha failed: α = 0.") && $0.hasSuffix(" < 0.95") })
        #expect(fails.contains { $0.hasPrefix("FAIL  goal: max-missing-rate failed: missing rate = 0.0") && $0.hasSuffix(" > 0.01") })
        #expect(r.stdout.hasSuffix("check failed: 8 of 9 gates\n"))
    }

    @Test func unusableInputExitsTwo() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["check", dir.appendingPathComponent("none.csv").path, "--instrument", "wai-sr"]).status == 2)
        let empty = dir.appendingPathComponent("empty.csv")
        let header = try String(contentsOfFile: CLI.packageRoot.appendingPathComponent("Datasets/wai-sr-2000.csv").path,
                                encoding: .utf8).prefix { $0 != "\n" }
        try Data((header + "\n").utf8).write(to: empty)
        let r = try CLI.run(["check", empty.path, "--instrument", "wai-sr"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no data rows"))
        AssertErrorMessage(Self.demo + ["--max-missing-rate", "1.5"],
                           "--max-missing-rate must be a proportion between 0 and 1 (e.g. 0.05).")
        let html = dir.appendingPathComponent("x.html").path
        AssertErrorMessage(Self.demo + ["-o", html],
                           "check writes text, JSON, Markdown or JUnit; for an HTML report run `rapport reliability -o \(html)`.")
    }

    @Test func junitHasOneCasePerScaleAndGate() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("check.xml").path
        let r = try CLI.run(Self.demo + ["--min-alpha", "0.79", "--min-omega", "0.7", "--junit", path])
        #expect(r.status == 1)
        let names = try #require(Self.parse(path, element: "testcase", attribute: "name"))
        #expect(names.root == "testsuites")
        #expect(names.values.count == 4 * 3 + 1)
        #expect(Set(names.values) == ["min-alpha", "min-omega", "max-missing-rate", "max-invalid-rate"])
        let classes = try #require(Self.parse(path, element: "testcase", attribute: "classname"))
        #expect(Set(classes.values) == ["rapport check.task", "rapport check.bond", "rapport check.goal",
                                        "rapport check.total", "rapport check.(file)"])
        let failed = r.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") }.count
        let suite = try #require(Self.parse(path, element: "testsuite", attribute: "failures"))
        #expect(suite.values == [String(failed)])
        #expect(failed >= 1)
    }

    @Test func outputFormatFollowsTheExtension() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("check.json")
        #expect(try CLI.run(Self.demo + ["-o", json.path]).status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        #expect(object["passed"] as? Bool == true)
        #expect((object["gates"] as? [Any])?.count == 9)
        let report = try #require(object["report"] as? [String: Any])
        #expect((report["input"] as? [String: Any])?["sha256"] is String)
        #expect((report["instrument"] as? [String: Any])?["id"] as? String == "wai-sr")

        let md = dir.appendingPathComponent("check.md")
        #expect(try CLI.run(Self.demo + ["-o", md.path]).status == 0)
        let text = try String(contentsOf: md, encoding: .utf8)
        #expect(text.hasPrefix("## Quality gates\n\nAll 9 gates passed."))
        #expect(text.contains("| task | min-alpha |"))
        #expect(text.contains("## Provenance"))

        let xml = dir.appendingPathComponent("check.xml")
        #expect(try CLI.run(Self.demo + ["-o", xml.path]).status == 0)
        #expect(Self.parse(xml.path, element: "testcase", attribute: "name")?.values.count == 9)
        // Nothing but the outputs is left in the folder (atomic writes clean up).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["check.json", "check.md", "check.xml"])
    }

    @Test func flaggedRateGateScreensTheFile() throws {
        let r = try CLI.run(Self.demo + ["--max-flagged-rate", "0.5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("PASS  wai-sr: max-flagged-rate passed: flagged rate = 0.0"))
        let strict = try CLI.run(Self.demo + ["--max-flagged-rate", "0"])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("FAIL  wai-sr: max-flagged-rate failed: flagged rate = 0.0545 > 0"))
        #expect(try CLI.run(["check", "-", "--instrument", "wai-sr", "--max-flagged-rate", "0.1"], stdin: Data()).status == 2)
    }
}
