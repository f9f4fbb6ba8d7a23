import ArgumentParser
import Foundation
import Rapport

/// `rapport instruments show ID|FILE`: everything a definition says, readable.
struct ShowInstrument: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an instrument: scales and their items, reverse keys, rules, cutoffs, norms, provenance, licence."
    )

    @Argument(help: "A built-in instrument id or the path of an XML definition.")
    var instrument: String

    func execute() throws {
        let resolved = try InstrumentCatalog.resolve(instrument)
        Console.out(InstrumentDescription.text(resolved))
    }
}
