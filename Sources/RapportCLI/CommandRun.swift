import ArgumentParser
import Rapport

/// A command whose failures map to exit statuses in one place (``CommandRun/perform(_:_:)``).
/// Commands implement ``execute()``; `run()` is provided.
protocol RunnableCommand: ParsableCommand {
    /// The command's work. Throws ``RapportError``s (or argument-parser's own exits).
    func execute() throws
}

extension RunnableCommand {
    func run() throws {
        try CommandRun.perform(Self.configuration.commandName ?? "rapport") { try execute() }
    }
}

/// The one mapping from errors to exit statuses, for every command:
/// - a ``RapportError``: its message on standard error (`rapport NAME: …`), then its
///   ``RapportError/exitStatus`` (README, "Exit codes");
/// - ``BrokenPipe``: no message, 141;
/// - argument-parser's own exits (`ExitCode`, `CleanExit`, `ValidationError`) pass through
///   (`RapportCommand.main` turns a usage error into 2);
/// - anything else is a bug or an unforeseen system error: its description, exit 2.
/// Temporary output files are removed before the process exits (``Termination``).
enum CommandRun {
    static func perform(_ name: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch is BrokenPipe {
            Termination.exit(ExitStatus.brokenPipe.rawValue)
        } catch let error as RapportError {
            Console.error("rapport \(name): \(error.description)")
            throw ExitCode(error.exitStatus.rawValue)
        } catch {
            Console.error("rapport \(name): \(error)")
            throw ExitCode(ExitStatus.unusable.rawValue)
        }
    }
}
