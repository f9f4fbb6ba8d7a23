import ArgumentParser
import Foundation
import Rapport

/// `rapport instruments export ID`: the XML definition, as a starting point for a custom one.
struct ExportInstrument: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print an instrument's XML definition (a starting point for a custom instrument).",
        discussion: """
            A built-in is printed exactly as compiled in, comments included. A custom file is \
            printed in canonical form. Change the id before editing a copy, so it cannot be \
            mistaken for the built-in.
            """
    )

    @Argument(help: "A built-in instrument id or the path of an XML definition.")
    var instrument: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (refuses to overwrite).")
    var output: String?

    func execute() throws {
        let resolved = try InstrumentCatalog.resolve(instrument)
        let looksLikePath = instrument.contains("/") || instrument.lowercased().hasSuffix(".xml")
        let xml = (looksLikePath ? nil : InstrumentCatalog.builtinSource(resolved.id))
            ?? InstrumentXMLWriter.xml(for: resolved)
        guard let output else {
            Console.out(xml)
            return
        }
        var st = stat()
        if stat(output, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
            throw CommandFailure("\(output): already exists; choose another name (export never overwrites a file)",
                                 exitStatus: .unusable)
        }
        try OutputFile.write(Array(xml.utf8), to: output)
        Console.error("Wrote \(output). \(resolved.licenceNotice)")
    }
}
