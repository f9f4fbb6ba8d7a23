import ArgumentParser
import Foundation
import Rapport

/// `rapport instruments new --scale … --range …`: the XML definition equivalent to a set of
/// quick scales, as a starting point for a proper definition file.
struct NewInstrument: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Print the XML definition equivalent to quick --scale options.",
        discussion: """
            Builds the same in-memory instrument `rapport score --scale … --range …` scores with \
            (id 'quick', key source 'command line'), and prints it in format version 1. Save it, \
            fill in the provenance and licence, and use it with --instrument FILE.
            """)

    @Option(name: .customLong("scale"),
            help: ArgumentHelp("NAME=ITEM,ITEM,… (a leading '-' reverse-keys an item). Repeatable.", valueName: "NAME=ITEMS"))
    var scales: [String] = []

    @Option(name: .customLong("range"), help: ArgumentHelp("Declared response range, MIN-MAX or MIN-MAX:STEP.", valueName: "MIN-MAX"))
    var range: String

    @Option(name: .customLong("scoring"), help: ArgumentHelp("mean or sum.", valueName: "mean|sum"))
    var scoring: InstrumentOptions.QuickScoring = .mean

    func execute() throws {
        guard !scales.isEmpty else { throw ValidationError("Give at least one --scale NAME=ITEMS.") }
        do {
            let inst = try QuickScale.instrument(scales: scales.map { s throws(QuickScaleError) in try QuickScale.parse(s) },
                                                 range: QuickScale.Range.parse(range), scoring: scoring.scoring)
            Console.out(InstrumentXMLWriter.xml(for: inst))
        } catch {
            throw ValidationError(error.message)
        }
    }
}
