import Foundation
import Synchronization
import Testing

/// Runs the built `rapport` binary and captures its output.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Why the end-to-end tests cannot run the binary: they fail, loudly, instead of running
/// another build's (possibly stale) `rapport`.
struct CLIBinaryProblem: Error, CustomStringConvertible {
    var description: String
}

enum CLI {
    /// The `rapport` executable of this build: next to the test bundle in the build products
    /// folder (`swift test` builds it), and linked after every object file compiled for it.
    ///
    /// - Throws: ``CLIBinaryProblem`` when there is no such binary, or when the build compiled
    ///   any of its modules (Rapport, RapportCLI, RapportStatistics, the C shims) after it was
    ///   linked — a binary older than the sources this test bundle was built from. The message
    ///   names what it looked for and how to rebuild; there is no fallback to another build
    ///   folder.
    static var executable: URL {
        get throws { try located.get() }
    }

    private static let located: Result<URL, CLIBinaryProblem> = {
        var dir = Bundle.main.bundleURL
        var searched: [String] = []
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("rapport")
            searched.append(candidate.path)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                if let problem = staleness(of: candidate) { return .failure(problem) }
                return .success(candidate)
            }
            dir = dir.deletingLastPathComponent()
        }
        return .failure(CLIBinaryProblem(description: "no rapport binary next to the test bundle (looked for \(searched.joined(separator: ", "))): build it with `swift build` (swift test builds it too)"))
    }()

    /// The modules linked into `rapport` whose objects the build writes beside it.
    static let linkedModules = ["Rapport", "RapportCLI", "RapportStatistics", "CReadStat", "CLibXML2"]

    /// A problem when `binary` was linked before the newest object file of ``linkedModules``.
    ///
    /// Object files, not source files: the compiler skips a source whose content did not change
    /// (a `touch`, a checkout), so only what it compiled says whether the link is behind.
    static func staleness(of binary: URL) -> CLIBinaryProblem? {
        let fm = FileManager.default
        func modified(_ path: String) -> Date? {
            (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        guard let built = modified(binary.path) else {
            return CLIBinaryProblem(description: "\(binary.path): cannot read its modification time")
        }
        let products = binary.deletingLastPathComponent()
        var newest: (date: Date, path: String)?
        for module in linkedModules {
            let dir = products.appendingPathComponent("\(module).build")
            for case let relative as String in fm.enumerator(atPath: dir.path) ?? .init() where relative.hasSuffix(".o") {
                let path = dir.appendingPathComponent(relative).path
                if let date = modified(path), date > (newest?.date ?? .distantPast) { newest = (date, path) }
            }
        }
        guard let newest, newest.date > built else { return nil }
        return CLIBinaryProblem(description: "\(binary.path) is older than \(newest.path) (linked \(built), compiled \(newest.date)): the binary is behind the sources; rebuild with `swift build` before running the end-to-end tests")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @discardableResult
    static func run(_ arguments: [String], stdin: Data? = nil,
                    environment: [String: String] = [:],
                    currentDirectory: URL? = nil, executable: URL? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = try executable ?? Self.executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = currentDirectory ?? packageRoot
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a large output cannot deadlock the child.
        let outData = Mutex(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            let bytes = out.fileHandleForReading.readDataToEndOfFile()
            outData.withLock { $0 = bytes }
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus,
                         stdout: String(decoding: outData.withLock { $0 }, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite struct CLIBasics {
    @Test func versionPrints() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("0.1.0"))
    }

    @Test func unknownOptionExitsTwo() throws {
        let r = try CLI.run(["--no-such-option"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no-such-option"))
    }
}

/// A private character device for tests that write to "a device": a node made with `mknod` in
/// the test's own temporary folder, so no test ever points an output at the machine's
/// /dev/null: an atomic writer that renames a temporary file over a device node replaces it
/// with a regular file for every program on the machine (README, "Exit codes and output files").
enum PrivateDevice {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// A null device (major 1, minor 3) at `dir/nul`. Needs root (CI runs as root); throws otherwise.
    static func null(in dir: URL) throws -> URL {
        let node = dir.appendingPathComponent("nul")
        if mknod(node.path, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) != 0 {  // makedev(1, 3)
            throw Unavailable(description: "mknod \(node.path): \(String(cString: strerror(errno))) (tests that need a device run as root)")
        }
        return node
    }

    /// A FIFO at `dir/NAME`.
    static func fifo(in dir: URL, name: String = "fifo") throws -> URL {
        let node = dir.appendingPathComponent(name)
        if mkfifo(node.path, 0o666) != 0 {
            throw Unavailable(description: "mkfifo \(node.path): \(String(cString: strerror(errno)))")
        }
        return node
    }

    static func isCharacterDevice(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR
    }

    static func isFIFO(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO
    }
}
