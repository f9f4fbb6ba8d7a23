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


