import Foundation
import Testing

/// `Datasets/README.md` records the exact command behind every demo file; regenerating each
/// one must give the committed bytes, so the README stays true.
@Suite struct SimulateDatasetsTests {
    /// `rapport simulate …` commands in the README's code blocks (backslash continuations joined).
    static func recordedCommands() throws -> [[String]] {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Datasets/README.md"), encoding: .utf8)
        var commands: [[String]] = []
        var inCode = false
        var pending = ""
        for raw in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inCode.toggle()
                continue
            }
            guard inCode else { continue }
            if !pending.isEmpty || line.hasPrefix("rapport simulate ") {
                pending += (pending.isEmpty ? "" : " ") + line.replacingOccurrences(of: "\\", with: "").trimmingCharacters(in: .whitespaces)
                if !line.hasSuffix("\\") {
                    commands.append(pending.split(separator: " ").map(String.init).dropFirst().map { $0 })
                    pending = ""
                }
            }
        }
        return commands
    }

    @Test func everyDemoFileRegeneratesByteForByte() throws {
        let commands = try Self.recordedCommands()
        #expect(commands.count >= 3)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-datasets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var checked = 0
        for var args in commands {
            guard let o = args.firstIndex(of: "-o"), o + 1 < args.count else {
                Issue.record("recorded command without -o: \(args)")
                continue
            }
            let committed = args[o + 1]
            let name = URL(fileURLWithPath: committed).lastPathComponent
            args[o + 1] = dir.appendingPathComponent(name).path
            args += ["--threads", "2"]
            let r = try CLI.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            // The data file and any side file it wrote.
            let base = name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
            for produced in try FileManager.default.contentsOfDirectory(atPath: dir.path) where produced.hasPrefix(base + ".") {
                let mine = try Data(contentsOf: dir.appendingPathComponent(produced))
                let url = CLI.packageRoot.appendingPathComponent("Datasets").appendingPathComponent(produced)
                let theirs = try Data(contentsOf: url)
                #expect(mine == theirs, "Datasets/\(produced) differs from its recorded command")
                #expect(theirs.count < 1_000_000, "Datasets/\(produced) is over 1 MB")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }
}
