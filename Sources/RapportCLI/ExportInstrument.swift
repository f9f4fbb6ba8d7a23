import ArgumentParser
import Foundation
import Rapport

/// `rapport instruments export ID`: the XML definition, as a starting point for a custom one,
/// or (`--format fhir`) a FHIR R4 SDC Questionnaire for collecting the measure in an EHR.
struct ExportInstrument: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print an instrument's XML definition (a starting point for a custom instrument), or its FHIR Questionnaire.",
        discussion: """
            A built-in is printed exactly as compiled in, comments included. A custom file is \
            printed in canonical form. Change the id before editing a copy, so it cannot be \
            mistaken for the built-in.

            --format fhir writes a FHIR R4 Questionnaire (SDC): one choice item per definition \
            item with linkId = the item id, answer options coded by value with the anchor label \
            as display and an itemWeight extension, and the licence note as copyright. \
            QuestionnaireResponses to it (.ndjson, or a Bundle .json) are read by every data \
            command with no --map.
            """
    )

    @Argument(help: "A built-in instrument id or the path of an XML definition.")
    var instrument: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (refuses to overwrite).")
    var output: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("xml (the definition) or fhir (a FHIR R4 SDC Questionnaire, JSON).", valueName: "xml|fhir"))
    var format: Format = .xml

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case xml, fhir
    }

    func execute() throws {
        let resolved = try InstrumentCatalog.resolve(instrument)
        let looksLikePath = instrument.contains("/") || instrument.lowercased().hasSuffix(".xml")
        let text = format == .fhir ? FHIRQuestionnaireWriter.json(for: resolved)
            : (looksLikePath ? nil : InstrumentCatalog.builtinSource(resolved.id)) ?? InstrumentXMLWriter.xml(for: resolved)
        guard let output else {
            Console.out(text)
            return
        }
        var st = stat()
        if stat(output, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
            throw CommandFailure("\(output): already exists; choose another name (export never overwrites a file)",
                                 exitStatus: .unusable)
        }
        try OutputFile.write(Array(text.utf8), to: output)
        Console.error("Wrote \(output). \(resolved.licenceNotice)")
    }
}
