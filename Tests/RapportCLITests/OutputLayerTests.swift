import Foundation
import Testing

/// The one output layer seen from the command line: inputs are never replaced, a run's
/// outputs are committed together, signals leave no temporary file, and unwritable standard
/// streams are an exit-2 error rather than a crash.
@Suite struct OutputLayerTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func temporaries(in dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".tmp") }
    }

    /// `-o def.xml --instrument def.xml` used to overwrite the definition.
    @Test func outputNamingTheDefinitionIsRefused() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let def = dir.appendingPathComponent("def.xml")
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("Instruments/wai-sr.xml").path,
                                         toPath: def.path)
        let before = try Data(contentsOf: def)
        for command in [["score"], ["reliability"], ["screen"]] {
            let r = try CLI.run(command + ["Datasets/wai-sr-2000.csv", "--instrument", def.path, "-o", def.path])
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("an output never replaces an input"))
            #expect(try Data(contentsOf: def) == before, "\(command) changed the definition")
        }
        // The map file and a --report naming the data are inputs too.
        let map = dir.appendingPathComponent("map.txt")
        try Data("# no mappings\n".utf8).write(to: map)
        let r = try CLI.run(["score", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "--map-file", map.path,
                             "-o", map.path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(try String(contentsOf: map, encoding: .utf8) == "# no mappings\n")
    }

    /// A failing `--report` used to exit 2 after `-o` had been committed: now neither is written.
    @Test func outputsAreCommittedTogetherOrNotAtAll() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("scores.csv")
        try Data("old\n".utf8).write(to: out)
        let r = try CLI.run(["score", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "-o", out.path,
                             "--report", dir.appendingPathComponent("missing-folder/report.json").path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == "old\n", "-o was left as it was")
        #expect(Self.temporaries(in: dir).isEmpty)
        // Two outputs naming one file are refused.
        let same = try CLI.run(["score", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "-o", out.path,
                                "--report", out.path])
        #expect(same.status == 2)
        #expect(same.stderr.contains("two outputs"))
        // Both are written when both can be.
        let report = dir.appendingPathComponent("report.json")
        let ok = try CLI.run(["score", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "-o", out.path,
                              "--report", report.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("wai-sr.task,"))
        #expect(FileManager.default.fileExists(atPath: report.path))
    }

    /// SIGTERM, SIGINT and SIGHUP during `-o` used to leave a `.NAME.rapport-PID-0.tmp` behind.
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP] as [Int32])
    func signalsRemoveTemporaryFiles(signal: Int32) throws {
        let status = 128 + signal   // 143, 130, 129
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = try CLI.executable
        process.arguments = ["simulate", "--instrument", "wai-sr", "--rows", "20000000", "--threads", "1",
                             "-o", dir.appendingPathComponent("big.csv").path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the temporary file exists (the run is writing), then signal.
        let deadline = Date().addingTimeInterval(30)
        while Self.temporaries(in: dir).isEmpty && Date() < deadline && process.isRunning { usleep(20_000) }
        #expect(!Self.temporaries(in: dir).isEmpty, "the run was writing a temporary file")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == status)
        #expect(Self.temporaries(in: dir).isEmpty, "left: \(Self.temporaries(in: dir))")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("big.csv").path))
    }

    /// `> /dev/full`: validate, instruments and score used to trap in Console, and
    /// `instruments new` exited 0 with its output lost. A private /dev/full-like device is not
    /// possible without the real one (major 1, minor 7), so it is made in the test's folder.
    @Test func unwritableStandardOutputIsExitTwo() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full")
        guard mknod(full.path, S_IFCHR | 0o666, dev_t((1 << 8) | 7)) == 0 else {   // makedev(1, 7)
            Issue.record("mknod: \(String(cString: strerror(errno))) (needs root, as CI runs)")
            return
        }
        let commands: [[String]] = [
            ["validate", "Instruments/wai-sr.xml"],
            ["instruments", "list"],
            ["instruments", "export", "wai-sr"],
            ["instruments", "new", "--scale", "a=q1,q2", "--range", "1-5"],
            ["score", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr"],
            ["reliability", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr"],
        ]
        for command in commands {
            let rapport = try CLI.executable.path
            let line = ([rapport] + command).map { "'\($0)'" }.joined(separator: " ") + " > '\(full.path)'"
            let r = try CLI.run(["-c", line], executable: URL(fileURLWithPath: "/bin/sh"))
            #expect(r.status == 2, "\(command): \(r.status) \(r.stderr.suffix(300))")
            #expect(r.stderr.contains("No space left on device"), "\(command)")
        }
        #expect(PrivateDevice.isCharacterDevice(full))
    }

    /// A closed pipe on standard output ends the run quietly with 141.
    @Test func brokenPipeIsAQuietStop() throws {
        let rapport = try CLI.executable.path
        let line = "'\(rapport)' score Datasets/wai-sr-2000.csv --instrument wai-sr 2>/tmp/rapport-pipe-$$.err | head -1 >/dev/null; echo \"${PIPESTATUS[0]}\"; cat /tmp/rapport-pipe-$$.err | grep -c 'rapport score:' ; rm -f /tmp/rapport-pipe-$$.err"
        let r = try CLI.run(["-c", line], executable: URL(fileURLWithPath: "/bin/bash"))
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "141", "\(r.stdout) \(r.stderr)")
        #expect(lines.last == "0", "no error message on a broken pipe")
    }
}
