import Foundation
import Synchronization
import Testing

/// The exit-code table of the README ("Exit codes"), held for every command: each data
/// command against a missing file, an empty file, a header-only file, a bad cell under each
/// `--on-invalid` policy, an invalid definition, bad arguments and an unwritable output.
@Suite struct ExitCodeMatrixTests {
    /// A folder with every kind of input the matrix needs.
    struct Inputs {
        let dir: URL
        var path: (String) -> String { { dir.appendingPathComponent($0).path } }

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-matrix-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            func write(_ name: String, _ text: String) throws {
                try Data(text.utf8).write(to: dir.appendingPathComponent(name))
            }
            // 40 rows; the good file varies so α is defined; the bad one has one cell "x".
            var rows: [String] = []
            for r in 0..<40 {
                // Three items that agree (α well above 0) for 10 clients × 4 sessions.
                let a = r % 5 + 1, b = min(5, a + r % 2), c = max(1, a - (r / 3) % 2)
                rows.append("\(r + 1),\(a),\(b),\(c),\(r / 4 + 1),\(r % 4 + 1)")
            }
            let header = "id,q1,q2,q3,client,session\n"
            try write("good.csv", header + rows.joined(separator: "\n") + "\n")
            var bad = rows
            bad[7] = "8,x,2,3,2,4"
            try write("bad-cell.csv", header + bad.joined(separator: "\n") + "\n")
            var ragged = rows
            ragged[5] = "6,1,2,3,2"
            try write("ragged.csv", header + ragged.joined(separator: "\n") + "\n")
            // q3 holds answer labels that are not numbers: no valid answer on any row.
            let labels = rows.map { r -> String in
                var f = r.split(separator: ",").map(String.init)
                f[3] = "Often"
                return f.joined(separator: ",")
            }
            try write("no-answers.csv", header + labels.joined(separator: "\n") + "\n")
            // Windows-1252 bytes (0xFC, "ü") in an ID: not UTF-8.
            var cp1252 = Data((header + rows.joined(separator: "\n") + "\n").utf8)
            cp1252[cp1252.firstIndex(of: UInt8(ascii: "\n"))! + 1] = 0xFC
            try cp1252.write(to: dir.appendingPathComponent("windows-1252.csv"))
            // Issue 13 §2: recode files, one usable and one whose value is not an answer.
            try write("recode.csv", "item,label,value\n*,-99,\nq3,Often,4\n")
            try write("bad-recode.csv", "item,label,value\n*,Often,7\n")
            try write("empty.csv", "")
            try write("header-only.csv", header)
            // Read and found invalid: a scale that names an item the definition lacks.
            try write("bad-definition.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <instrument xmlns="https://rapport.dev/ns/instrument/1" formatVersion="1" id="broken" version="1.0.0">
                  <name>Broken</name>
                </instrument>
                """)
        }
    }

    static let quick = ["--scale", "s=q1,q2,q3", "--range", "1-5"]

    /// The data commands and how each is called on a data file.
    static let dataCommands: [(name: String, args: [String])] = [
        ("score", ["score"] + quick),
        ("screen", ["screen"] + quick),
        ("reliability", ["reliability"] + quick),
        ("check", ["check", "--min-alpha", "0"] + quick),
        ("audit", ["audit", "--client", "client", "--session", "session"] + quick),
    ]

    static func run(_ command: [String], data: String, extra: [String] = []) throws -> CLIResult {
        try CLI.run(command + [data] + extra)
    }

    @Test(arguments: dataCommands.map(\.name))
    func dataCommandMatrix(name: String) throws {
        let command = Self.dataCommands.first { $0.name == name }!.args
        let inputs = try Inputs()
        defer { try? FileManager.default.removeItem(at: inputs.dir) }
        let p = inputs.path
        let out = ["-o", p("out.txt")]

        var cases: [(label: String, args: [String], data: String, expected: Int32)] = [
            ("good file", [], p("good.csv"), 0),
            ("missing file", [], p("no-such.csv"), 2),
            ("empty file", [], p("empty.csv"), 2),
            ("header only", [], p("header-only.csv"), 2),
            ("bad args", ["--no-such-option"], p("good.csv"), 2),
            ("unwritable output", ["-o", p("no-such-folder/out.txt")], p("good.csv"), 2),
            ("output is the input", ["-o", p("good.csv")], p("good.csv"), 2),
        ]
        for policy in ["missing", "reject-row"] {
            cases.append(("bad cell, --on-invalid \(policy)", ["--on-invalid", policy], p("bad-cell.csv"), 0))
        }
        cases.append(("bad cell, --on-invalid fail", ["--on-invalid", "fail"], p("bad-cell.csv"), 1))
        // Issue 13: a ragged row is rejected under every policy (fail stops); an item with no
        // valid answer stops the run unless --allow-empty (check judges it by its gates).
        for policy in ["missing", "reject-row", "fail"] {
            cases.append(("ragged row, --on-invalid \(policy)", ["--on-invalid", policy], p("ragged.csv"),
                          policy == "fail" ? 1 : 0))
        }
        cases.append(("no valid answer", [], p("no-answers.csv"), 1))
        cases.append(("no valid answer, --allow-empty", ["--allow-empty"], p("no-answers.csv"), name == "check" ? 1 : 0))
        // Bytes that are not UTF-8 stop every policy; --encoding reads them.
        for policy in ["missing", "reject-row", "fail"] {
            cases.append(("not UTF-8, --on-invalid \(policy)", ["--on-invalid", policy], p("windows-1252.csv"), 2))
        }
        cases.append(("--encoding windows-1252", ["--encoding", "windows-1252"], p("windows-1252.csv"), 0))
        cases.append(("unknown --encoding", ["--encoding", "ebcdic"], p("good.csv"), 2))
        cases.append(("--recode", ["--recode", p("recode.csv")], p("good.csv"), 0))
        cases.append(("--recode reads the labels", ["--recode", p("recode.csv")], p("no-answers.csv"), 0))
        cases.append(("--recode value not an answer", ["--recode", p("bad-recode.csv")], p("good.csv"), 2))
        cases.append(("--recode missing", ["--recode", p("no-such-recode.csv")], p("good.csv"), 2))
        cases.append(("output is the --recode file", ["--recode", p("recode.csv"), "-o", p("recode.csv")], p("good.csv"), 2))
        for policy in ["missing", "reject-row", "fail"] {
            cases.append(("empty file, --on-invalid \(policy)", ["--on-invalid", policy], p("empty.csv"), 2))
            cases.append(("header only, --on-invalid \(policy)", ["--on-invalid", policy], p("header-only.csv"), 2))
            cases.append(("missing file, --on-invalid \(policy)", ["--on-invalid", policy], p("no-such.csv"), 2))
        }
        for c in cases {
            let args = c.args.contains("-o") ? c.args : c.args + out
            let r = try Self.run(command, data: c.data, extra: args)
            #expect(r.status == c.expected, "\(name), \(c.label): \(r.status) \(r.stderr.suffix(400))")
            if c.expected != 0 {
                #expect(r.stderr.contains("rapport") || r.stderr.contains("Error"), "\(name), \(c.label): a message")
            }
        }
        // An invalid definition (read, then found invalid) is 1; an unreadable one 2.
        let definitionCommand = command.filter { !Self.quick.contains($0) }
        let invalid = try CLI.run(definitionCommand + [p("good.csv"), "--instrument", p("bad-definition.xml")] + out)
        #expect(invalid.status == 1, "\(name), invalid definition: \(invalid.stderr)")
        let unreadable = try CLI.run(definitionCommand + [p("good.csv"), "--instrument", p("no-such.xml")] + out)
        #expect(unreadable.status == 2, "\(name), unreadable definition: \(unreadable.stderr)")
        // No failed run leaves a temporary file or an output behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: inputs.dir.path)
        #expect(!left.contains { $0.hasSuffix(".tmp") }, "\(name): temporary files left: \(left)")
    }

    @Test func otherCommands() throws {
        let inputs = try Inputs()
        defer { try? FileManager.default.removeItem(at: inputs.dir) }
        let p = inputs.path
        let cases: [(label: String, args: [String], expected: Int32)] = [
            ("validate good", ["validate", "Instruments/wai-sr.xml"], 0),
            ("validate invalid", ["validate", p("bad-definition.xml")], 1),
            ("validate missing", ["validate", p("no-such.xml")], 2),
            ("show missing", ["instruments", "show", p("no-such.xml")], 2),
            ("show invalid", ["instruments", "show", p("bad-definition.xml")], 1),
            ("export unwritable", ["instruments", "export", "wai-sr", "-o", p("no-such-folder/x.xml")], 2),
            ("export over an existing file", ["instruments", "export", "wai-sr", "-o", p("good.csv")], 2),
            ("simulate bad args", ["simulate", "--instrument", "wai-sr"], 2),
            ("simulate unwritable", ["simulate", "--instrument", "wai-sr", "--rows", "5", "-o", p("no/x.csv")], 2),
            ("simulate invalid definition", ["simulate", "--instrument", p("bad-definition.xml"), "--rows", "5"], 1),
            ("merge missing", ["merge", p("no-such.json")], 2),
            ("merge not a state file", ["merge", p("good.csv")], 2),
            ("agreement missing", ["agreement", p("no-such.csv"), "--target", "id", "--rater", "client", "--value", "q1"], 2),
            ("unknown command", ["no-such-command"], 2),
        ]
        for c in cases {
            let r = try CLI.run(c.args)
            #expect(r.status == c.expected, "\(c.label): \(r.status) \(r.stderr.suffix(400))")
        }
    }

    /// An output onto a character device or a FIFO is written in place, never replaced.
    @Test func devicesAndFIFOsAreWrittenInPlace() throws {
        let inputs = try Inputs()
        defer { try? FileManager.default.removeItem(at: inputs.dir) }
        let node = try PrivateDevice.null(in: inputs.dir)
        for command in Self.dataCommands.map(\.args) + [["simulate", "--instrument", "wai-sr", "--rows", "50"]] {
            let data = command.first == "simulate" ? [] : [inputs.path("good.csv")]
            let r = try CLI.run(command + data + ["-o", node.path])
            #expect(r.status == 0, "\(command[0]): \(r.stderr)")
            #expect(PrivateDevice.isCharacterDevice(node), "\(command[0]) replaced the device")
        }
        // A FIFO: a reader on the other end gets the bytes; the FIFO stays a FIFO.
        let fifo = try PrivateDevice.fifo(in: inputs.dir)
        let received = Mutex(Data())
        let reader = Thread {
            if let h = FileHandle(forReadingAtPath: fifo.path) {
                let bytes = h.readDataToEndOfFile()
                received.withLock { $0 = bytes }
            }
        }
        reader.start()
        let r = try CLI.run(["score", inputs.path("good.csv")] + Self.quick + ["-o", fifo.path])
        #expect(r.status == 0, "\(r.stderr)")
        // If the run never opened the FIFO, the reader still waits in open(2): open and close
        // the writing end so it sees end of file instead of hanging the suite.
        if !reader.isFinished {
            let w = open(fifo.path, O_WRONLY | O_NONBLOCK)
            if w >= 0 { close(w) }
        }
        let deadline = Date().addingTimeInterval(30)
        while !reader.isFinished && Date() < deadline { usleep(10_000) }
        #expect(reader.isFinished, "the FIFO's reader finished")
        #expect(String(decoding: received.withLock { $0 }, as: UTF8.self).hasPrefix("quick.s,"))
        #expect(PrivateDevice.isFIFO(fifo))
    }
}
