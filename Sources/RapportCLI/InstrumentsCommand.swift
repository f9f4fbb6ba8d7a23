import ArgumentParser
import Foundation
import Rapport

/// `rapport instruments …`: browse the built-in library and custom definitions.
struct InstrumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instruments",
        abstract: "List, show and export instrument definitions.",
        discussion: """
            Wherever an instrument is asked for, give a built-in id (see `rapport instruments list`) \
            or the path of a custom XML definition (format: docs/instrument-format.md).
            """,
        subcommands: [ListInstruments.self, ShowInstrument.self, ExportInstrument.self, NewInstrument.self]
    )
}

/// Resolving an instrument for a command: prints the error and exits 2 (unusable input)
/// or 1 (a definition that was read and is invalid).
enum InstrumentArgument {
    static func resolve(_ idOrPath: String) throws -> Instrument {
        do {
            return try InstrumentCatalog.resolve(idOrPath)
        } catch {
            Console.error(error.description)
            throw ExitCode(error.code.isUnreadable ? 2 : 1)
        }
    }
}

/// Writing to standard error without touching glibc's mutable `stderr` global.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
