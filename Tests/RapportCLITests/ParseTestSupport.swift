import ArgumentParser
@testable import RapportCLI
import Testing

// In-process parsing helpers, as swift-argument-parser's own test helpers
// (`AssertParse`, `AssertErrorMessage`): `rapport`'s arguments are parsed exactly as
// `RapportCommand.main` parses them — `parseAsRoot`, which runs every `validate()` — without
// starting a process, reading a file or writing anything.

/// `rapport ARGUMENTS` parses to a `C`; `check` inspects the parsed command.
func AssertParse<C: ParsableCommand>(
    _ arguments: [String], as type: C.Type, sourceLocation: SourceLocation = #_sourceLocation,
    _ check: (C) -> Void = { _ in }
) {
    let parsed: any ParsableCommand
    do {
        parsed = try RapportCommand.parseAsRoot(arguments)
    } catch {
        Issue.record("rapport \(arguments.joined(separator: " ")) was refused: \(RapportCommand.message(for: error))",
                     sourceLocation: sourceLocation)
        return
    }
    guard let command = parsed as? C else {
        Issue.record("rapport \(arguments.joined(separator: " ")) parsed as \(Swift.type(of: parsed)), not \(C.self)",
                     sourceLocation: sourceLocation)
        return
    }
    check(command)
}

/// `rapport ARGUMENTS` is refused while parsing — before any file is read — with exactly
/// `message` (what `rapport` prints above the usage) and exit status 2.
func AssertErrorMessage(_ arguments: [String], _ message: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let parsed = try RapportCommand.parseAsRoot(arguments)
        Issue.record("rapport \(arguments.joined(separator: " ")) parsed as \(type(of: parsed)); expected: \(message)",
                     sourceLocation: sourceLocation)
    } catch {
        #expect(RapportCommand.message(for: error) == message, sourceLocation: sourceLocation)
        #expect(RapportCommand.exitStatus(for: error) == 2, "exit status", sourceLocation: sourceLocation)
    }
}
