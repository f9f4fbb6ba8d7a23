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
            results += InstrumentLoader.definitionFiles(at: path).map { file in
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
}

enum ValidationFormat: String, ExpressibleByArgument, CaseIterable { case text, json, junit }
