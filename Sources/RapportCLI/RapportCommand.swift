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
    /// input or wrong arguments (argument-parser's 64 is mapped to 2).
    static func main() {
        Termination.installSignalHandlers()
        MemoryTuning.keepFreedBlocks()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                Console.error(message)
                Termination.exit(ExitStatus.unusable.rawValue)
            }
            exit(withError: error)
        }
    }
}
