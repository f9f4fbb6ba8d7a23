import ArgumentParser
import Foundation
import Rapport

/// The `rapport` command-line tool.
@main
struct RapportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Score, screen and measure the reliability of alliance, empathy, trust and EBP questionnaires.",
        version: RapportVersion.string,
        subcommands: [
            InstrumentsCommand.self,
            ValidateCommand.self,
            SimulateCommand.self,
            ScoreCommand.self,
            ScreenCommand.self,
            ReliabilityCommand.self,
            AuditCommand.self,
            AgreementCommand.self,
            MergeCommand.self,
            CheckCommand.self,
        ]
    )

    /// Exit codes: 0 success, 1 a definition is invalid or a gate failed, 2 unusable
    /// input or wrong arguments (argument-parser's 64 is mapped to 2: ``exitStatus(for:)``).
    static func main() {
        Termination.installSignalHandlers()
        MemoryTuning.keepFreedBlocks()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.error(fullMessage(for: error))
                Termination.exit(exitStatus(for: error))
            }
            exit(withError: error)
        }
    }

    /// The process exit status an error ends `rapport` with: argument-parser's usage error
    /// (64) becomes 2, the status of every unusable argument; anything else keeps its code.
    static func exitStatus(for error: any Error) -> Int32 {
        let code = exitCode(for: error)
        return code == .validationFailure ? ExitStatus.unusable.rawValue : code.rawValue
    }
}
