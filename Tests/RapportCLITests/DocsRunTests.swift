import Foundation
import Synchronization
import Testing

/// Docs that run: every shell example in `README.md` and `docs/*.md` that shows its output is
/// run, and the output must be what the page shows.
///
/// **How to write a runnable example** (the only examples this test sees):
/// - Put it in a fenced code block with no info string or with `sh`, `console`, `shell` or `bash`.
/// - Start each command with `$ ` at the beginning of a line. A command whose line ends in `\`
///   continues on the next line, as in the shell. Lines of the block before the first `$ `
///   line are not run (a block of plain commands without prompts is documentation only).
/// - The lines after a command, up to the next `$ ` line or the end of the block, are its
///   output. It matches when it equals the command's standard output, or its standard error,
///   or standard output followed by standard error (so `… >/dev/null` shows the stderr
///   summary, and a CSV on stdout may be followed by a note on stderr). A command followed by
///   no lines must print nothing.
/// - `…` alone on a line (indented or not) stands for any number of lines (also none); a line that ends in `…`
///   matches any line starting with the text before it. Trailing white space is ignored;
///   everything else is compared exactly.
/// - Commands run in `bash` with `rapport` (the binary under test) first on `PATH`, in a fresh
///   folder per block that links every top-level entry of the repository (so relative paths
///   such as `Datasets/…` work and `-o report.md` writes nowhere in the repository); the
///   commands of one block share that folder, in order.
/// - Only examples that run in seconds belong here: each command is stopped after
///   ``timeout`` seconds and fails. Show a slow job (the whole test suite, a 10M-row file) as
///   plain commands without `$ `.
/// - A command with `…` in it is a placeholder and cannot run: write it out, or drop the `$ `.
@Suite struct DocsRunTests {
    static let timeout: TimeInterval = 30

    /// One runnable example: its command and the output the page shows.
    struct Example: Sendable, CustomStringConvertible {
        var file: String
        var line: Int
        var command: String
        var expected: [String]
        var description: String { "\(file):\(line)" }
    }

    /// The examples of one fenced block (they share a working folder).
    struct Block: Sendable, CustomTestStringConvertible {
        var file: String
        var line: Int
        var examples: [Example]
        var testDescription: String { "\(file):\(line)" }
    }

    static let shellInfo: Set<String> = ["", "sh", "console", "shell", "bash"]

    /// The runnable examples of one Markdown text (see the type's contract).
    static func blocks(in text: String, file: String) -> [Block] {
        var blocks: [Block] = []
        var inFence = false, shell = false
        var current: Block?
        var example: Example?
        var continuing = false
        func closeExample() {
            if let e = example { current?.examples.append(e) }
            example = nil
        }
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.hasPrefix("```") {
                if inFence {
                    closeExample()
                    if let b = current, !b.examples.isEmpty { blocks.append(b) }
                    current = nil
                    inFence = false
                } else {
                    inFence = true
                    shell = shellInfo.contains(line.dropFirst(3).trimmingCharacters(in: .whitespaces))
                    current = Block(file: file, line: i + 2, examples: [])
                }
                continuing = false
                continue
            }
            guard inFence, shell else { continue }
            if continuing, example != nil {
                example!.command += "\n" + line
                continuing = line.hasSuffix("\\")
                continue
            }
            if line.hasPrefix("$ ") {
                closeExample()
                example = Example(file: file, line: i + 1, command: String(line.dropFirst(2)), expected: [])
                continuing = line.hasSuffix("\\")
            } else if example != nil {
                example!.expected.append(line)
            }
        }
        return blocks
    }

    static func allBlocks() -> [Block] {
        let root = CLI.packageRoot
        var files = ["README.md"]
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        files += docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return files.flatMap { f in
            (try? String(contentsOf: root.appendingPathComponent(f), encoding: .utf8)).map { blocks(in: $0, file: f) } ?? []
        }
    }

    /// Whether `actual` lines match `expected` lines with `…` elisions (the type's contract).
    static func matches(_ expected: [String], _ actual: [String]) -> Bool {
        func trim(_ s: String) -> String {
            var s = Substring(s)
            while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
            return String(s)
        }
        let e = expected.map(trim), a = actual.map(trim)
        var memo: [Int: Bool] = [:]
        func go(_ i: Int, _ j: Int) -> Bool {
            let key = i * (a.count + 1) + j
            if let m = memo[key] { return m }
            let result: Bool
            if i == e.count {
                result = j == a.count
            } else if e[i].trimmingCharacters(in: .whitespaces) == "…" {
                result = go(i + 1, j) || (j < a.count && go(i, j + 1))
            } else if j == a.count {
                result = false
            } else if e[i].hasSuffix("…") {
                result = a[j].hasPrefix(String(e[i].dropLast())) && go(i + 1, j + 1)
            } else {
                result = e[i] == a[j] && go(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return go(0, 0)
    }

    /// Output lines of a stream: split at newlines, without the final empty piece.
    static func lines(_ s: String) -> [String] {
        var l = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    /// Shown output without trailing blank lines (the blank line before a closing fence).
    static func shown(_ expected: [String]) -> [String] {
        var e = expected
        while let last = e.last, last.trimmingCharacters(in: .whitespaces).isEmpty { e.removeLast() }
        return e
    }

    /// A folder linking every top-level entry of the repository.
    static func workspace() throws -> URL {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("rapport-docs-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for entry in try fm.contentsOfDirectory(atPath: CLI.packageRoot.path) where ![".build", ".git", ".swiftpm"].contains(entry) {
            try fm.createSymbolicLink(at: dir.appendingPathComponent(entry), withDestinationURL: CLI.packageRoot.appendingPathComponent(entry))
        }
        return dir
    }

    /// Runs `command` in bash in `dir`, stopping it after ``timeout`` seconds.
    static func run(_ command: String, in dir: URL) throws -> (stdout: String, stderr: String, timedOut: Bool) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", command]
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = try CLI.executable.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["NO_COLOR"] = "1"
        p.environment = env
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let outData = Mutex(Data()), errData = Mutex(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            let bytes = out.fileHandleForReading.readDataToEndOfFile()
            outData.withLock { $0 = bytes }
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            let bytes = err.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = bytes }
            group.leave()
        }
        let timedOut = group.wait(timeout: .now() + timeout) == .timedOut
        if timedOut { p.terminate() }
        group.wait()
        p.waitUntilExit()
        return (String(decoding: outData.withLock { $0 }, as: UTF8.self),
                String(decoding: errData.withLock { $0 }, as: UTF8.self), timedOut)
    }

    @Test(arguments: allBlocks())
    func exampleOutputIsWhatThePageShows(_ block: Block) throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        for example in block.examples {
            #expect(!example.command.contains("…"), "\(example): a placeholder command (with …) cannot run; write it out or drop the '$ '")
            if example.command.contains("…") { continue }
            let r = try Self.run(example.command, in: dir)
            #expect(!r.timedOut, "\(example): ran longer than \(Self.timeout) s; show slow jobs without '$ '")
            let expected = Self.shown(example.expected)
            let out = Self.lines(r.stdout), err = Self.lines(r.stderr)
            let ok = Self.matches(expected, out) || Self.matches(expected, err) || Self.matches(expected, out + err)
            #expect(ok, """
                \(example): the output is not what the page shows.
                $ \(example.command)
                --- shown ---
                \(expected.joined(separator: "\n"))
                --- stdout ---
                \(out.prefix(60).joined(separator: "\n"))
                --- stderr ---
                \(err.prefix(60).joined(separator: "\n"))
                """)
        }
    }

    /// The pages hold runnable examples, so the test above is not vacuous.
    @Test func thePagesHaveRunnableExamples() {
        let examples = Self.allBlocks().flatMap(\.examples)
        #expect(examples.filter { $0.file == "README.md" }.count >= 10)
    }

    @Test func parsingAndMatchingFollowTheContract() {
        let page = """
        Text.

        ```console
        ignored plain command
        $ rapport x \\
            --flag
        out 1
        …
        $ other
        ```

        ```swift
        $ not shell
        ```
        """
        let b = Self.blocks(in: page, file: "p.md")
        #expect(b.count == 1 && b[0].examples.count == 2)
        #expect(b[0].examples[0].command == "rapport x \\\n    --flag")
        #expect(b[0].examples[0].expected == ["out 1", "…"])
        #expect(b[0].examples[0].line == 5)
        #expect(b[0].examples[1].expected.isEmpty)
        #expect(Self.matches(["a", "…", "d"], ["a", "b", "c", "d"]))
        #expect(Self.matches(["a", "…"], ["a"]))
        #expect(Self.matches(["a", " …"], ["a", " b", " c"]))
        #expect(Self.matches(["pre…"], ["prefix and more"]))
        #expect(!Self.matches(["a", "d"], ["a", "b", "d"]))
        #expect(!Self.matches(["a"], ["a", "b"]))
        #expect(Self.matches(["a  "], ["a"]))
        #expect(Self.matches([], []) && !Self.matches([], ["x"]))
    }
}
