import ArgumentParser
import Foundation
import Rapport

/// `rapport screen DATA --instrument X [-o OUT]`: careless-responding indices and flags per row.
struct ScreenCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen every row for careless answering, using the instruments' own structure.",
        discussion: """
        Writes one line per input row, in input order: the --id and --keep columns, then for each \
        instrument <instrument>.screen.<index>: answered, longstring, avgstr, longstring_keyed, \
        avgstr_keyed, irv, mahal_d2, mahal_p, evenodd, antonym, person_total, attention_failed, \
        sec_per_item and flags (';'-separated names of the indices that flagged the row). An \
        empty cell is an index that is undefined for the row or the instrument.

        Default flags: a run of identical answers over ≥ 80% of the answered items (≥ 5 long, \
        not entirely at the keyed ceiling); Mahalanobis D² with χ² p < 0.005 (df = answered \
        items); any failed attention check; with --duration, < 2 seconds per item. Formulas, \
        defaults and how they were measured: docs/screening.md.

        Mahalanobis D² and person–total need a first pass over the file for the item means and \
        covariances, so the file is read twice (standard input only with --no-sample-indices). \
        The output does not depend on --threads. A summary (rows flagged, by index) goes to stderr.

        Exit codes: 0 screened; 1 --on-invalid fail met an invalid cell (or a definition is \
        invalid); 2 unusable input (missing file, empty file, missing columns, bad arguments).
        """)

    @Argument(help: ArgumentHelp("The response file, or '-' for standard input (CSV/TSV). By extension: .sav, .zsav, .por (SPSS), .dta (Stata), .ndjson or .json (FHIR QuestionnaireResponse).", valueName: "DATA"))
    var data: String

    @OptionGroup(title: "Instruments, mapping and reading")
    var options: InstrumentOptions

    @OptionGroup(title: "Screening")
    var screen: ScreenOptions

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Output file, or '-' for standard output (default).", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("Output format.", valueName: "csv|tsv"))
    var format: Format = .csv

    @Option(name: .customLong("decimals"),
            help: ArgumentHelp("Write indices with exactly N decimals instead of the shortest exact form.", valueName: "N"))
    var decimals: Int?

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, tsv }

    func validate() throws {
        if let decimals, !(0...15).contains(decimals) {
            throw ValidationError("--decimals must be between 0 and 15.")
        }
    }

    func execute() throws { try screenFile() }

    private func screenFile() throws {
        let instruments = try options.loadInstruments()
        options.printNotices(instruments)
        let input = InputSource(argument: data)
        if input == .standardInput && !screen.noSampleIndices {
            throw CommandFailure("standard input can be read only once, and Mahalanobis D² and person–total need a first pass over the data: give a file, or add --no-sample-indices", exitStatus: .unusable)
        }
        let outputs = OutputSet()
        let out = try outputs.open(output, inputs: [data])
        let reportFile = try options.openReport(in: outputs, inputs: [data])

        let reader = try ResponseReader(input, options: options.readerOptions)
        let setup = try ScreenSetup(reader: reader, input: input, instruments: instruments,
                                    options: options, screen: screen)
        let writer = ScreeningTableWriter(delimiter: format == .tsv ? CSVFieldWriter.tab : CSVFieldWriter.comma,
                                          decimals: decimals, passthroughNames: setup.passthroughNames,
                                          instrumentIDs: instruments.map(\.id))
        try out.write(writer.header())
        var tallies = instruments.map { _ in ScreeningTally(keepingLines: false) }
        let screeners = setup.screeners
        let report = try reader.read(plan: setup.columns, transform: { block -> ([UInt8], [[ScreeningRow]]) in
            let rows = screeners.map { $0.screen(block) }
            var bytes: [UInt8] = []
            writer.format(passthrough: block.passthrough, rows: rows, into: &bytes)
            return (bytes, rows)
        }, sink: { bytes, rows in
            try out.write(bytes)
            for (i, instrumentRows) in rows.enumerated() { tallies[i].add(instrumentRows) }
        })
        Console.error(report.summary)
        if let error = report.noRowsError(file: input.description, nothingTo: "screen") { throw error }
        try report.write(to: reportFile)
        try outputs.commit()
        for (i, id) in instruments.map(\.id).enumerated() {
            Console.error(tallies[i].summaryLine(instrument: id))
            for note in screeners[i].notes { Console.error("note: \(id): \(note)") }
        }
    }
}
