import Foundation
import Testing

/// The progress bar of `score` and `reliability`: on a terminal's standard error only, never in
/// pipes, never with `--quiet`, and erased before the summary.
@Suite struct ProgressBarTests {
    /// A simulated WAI-SR file of 20,000 rows in a fresh temporary folder.
    static func dataFile() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("wai.csv")
        let r = try CLI.run(["simulate", "--instrument", "wai-sr", "--rows", "20000", "--seed", "3", "-o", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        return file
    }

    /// `-o NUL` is replaced by a private character device made next to the data (never the
    /// machine's /dev/null: run as root, a bug in the output layer would replace it).
    static let commands: [[String]] = [
        ["score", "--instrument", "wai-sr", "-o", "NUL"],
        ["reliability", "--instrument", "wai-sr", "-o", "NUL"],
    ]

    /// `command` with `NUL` replaced by a private null device in `dir`.
    static func withPrivateNull(_ command: [String], in dir: URL) throws -> (args: [String], node: URL) {
        let node = try PrivateDevice.null(in: dir)
        return (command.map { $0 == "NUL" ? node.path : $0 }, node)
    }

    @Test(arguments: commands)
    func silentWhenStandardErrorIsAPipe(command: [String]) throws {
        let file = try Self.dataFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let (command, node) = try Self.withPrivateNull(command, in: file.deletingLastPathComponent())
        defer { #expect(PrivateDevice.isCharacterDevice(node), "the output device is still a device") }
        for extra in [[], ["--quiet"]] {
            let r = try CLI.run(command + extra + [file.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("20000") || r.stderr.contains("20,000"), "the summary still names the rows")
            #expect(!r.stderr.contains("MB/s"))
            #expect(!r.stderr.contains("\r"))
            #expect(!r.stderr.contains("\u{1B}"))
        }
    }

    /// `script` gives the command a pseudo-terminal, so standard error is a terminal there.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")), arguments: commands)
    func drawnOnATerminalAndErasedUnlessQuiet(command: [String]) throws {
        let file = try Self.dataFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let (command, node) = try Self.withPrivateNull(command, in: file.deletingLastPathComponent())
        defer { #expect(PrivateDevice.isCharacterDevice(node), "the output device is still a device") }
        func onTerminal(_ args: [String]) throws -> CLIResult {
            let rapport = try CLI.executable.path
            let line = ([rapport] + args).map { "'\($0)'" }.joined(separator: " ")
            return try CLI.run(["-qec", line, node.path], executable: URL(fileURLWithPath: "/usr/bin/script"))
        }
        let shown = try onTerminal(command + [file.path])
        #expect(shown.status == 0, "\(shown.stdout)")
        #expect(shown.stdout.contains("MB/s"), "the bar is drawn: \(shown.stdout.prefix(300))")
        #expect(shown.stdout.contains("rows"))
        #expect(shown.stdout.contains("\r\u{1B}[K"), "and erased before the summary")
        let quiet = try onTerminal(command + ["--quiet", file.path])
        #expect(quiet.status == 0, "\(quiet.stdout)")
        #expect(!quiet.stdout.contains("MB/s"))
        #expect(!quiet.stdout.contains("\u{1B}[K"))
    }
}
