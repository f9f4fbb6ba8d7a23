import ArgumentParser
import Foundation
import Rapport

/// `rapport validate PATH...`: schema + lint for instrument definitions, for people and CI.
struct ValidateCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check instrument definitions against the schema and the lint.",
        discussion: """
            PATH may be a file or a folder (searched recursively for *.xml). Exit status: 0 when \
            every definition is valid (warnings allowed), 1 when one is invalid (or has a warning \
            under --strict), 2 when a path cannot be read or the arguments are wrong.
            Codes are listed in docs/instrument-format.md.
            """
    )

    @Argument(help: "Definition files or folders.")
    var paths: [String]

    @Option(help: ArgumentHelp("Report format.", valueName: ValidationFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: ValidationFormat = .text

    @Flag(help: "Treat warnings as failures (exit 1).")
    var strict = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file or folder to validate.") }
    }

    func execute() throws {
        var results: [InstrumentCheck] = []
        for path in paths {
            results += Self.files(at: path).map { file in
                file.problem.map { InstrumentCheck(file: file.path, instrument: nil, diagnostics: [$0]) }
                    ?? InstrumentLoader.check(path: file.path)
            }
        }
        let report = ValidationReport(results: results, strict: strict)
        switch format {
        case .text: Console.out(report.text())
        case .json: Console.out(try report.json())
        case .junit: Console.out(report.junit())
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// The definition files a path names: itself, or every `*.xml` under a folder in
    /// path order. A missing path or an empty folder yields one unreadable entry.
    static func files(at path: String) -> [(path: String, problem: InstrumentError?)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return [(path, InstrumentError(code: .unreadable, file: path, message: "no such file or folder"))]
        }
        guard isDirectory.boolValue else { return [(path, nil)] }
        // A folder given through a symbolic link is walked at its target (the enumerator does
        // not descend into a link); files are still named under the path as given.
        let base = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            return [(path, InstrumentError(code: .unreadable, file: path, message: "the folder cannot be read"))]
        }
        var found: [String] = []
        for case let url as URL in walker where url.pathExtension.lowercased() == "xml" {
            let relative = url.path.hasPrefix(base.path) ? String(url.path.dropFirst(base.path.count)) : url.path
            let joined = path.hasSuffix("/") ? path + relative.drop { $0 == "/" } : path + relative
            found.append(joined)
        }
        if found.isEmpty {
            return [(path, InstrumentError(code: .unreadable, file: path, message: "the folder contains no .xml files"))]
        }
        return found.sorted().map { ($0, nil) }
    }
}

enum ValidationFormat: String, ExpressibleByArgument, CaseIterable { case text, json, junit }
