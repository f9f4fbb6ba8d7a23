import ArgumentParser
import Foundation
import Rapport

/// `rapport instruments list`: one row per built-in instrument.
struct ListInstruments: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the built-in instruments.",
        discussion: "Keys: the weakest verification level among the instrument's scale keys (primary, secondary, unverified)."
    )

    @Option(help: ArgumentHelp("Output format.", valueName: ListFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: ListFormat = .text

    enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func execute() throws {
        let instruments = InstrumentCatalog.builtins
        switch format {
        case .text: Console.out(InstrumentListing.table(instruments))
        case .json: Console.out(try InstrumentListing.json(instruments))
        }
    }
}
