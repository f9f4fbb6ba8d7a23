import ArgumentParser
import Foundation
import Rapport

/// `rapport score DATA --instrument X [-o OUT] [--format csv|tsv|json-lines]`
struct ScoreCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every row of a response file by the instruments' own rules.",
        discussion: """
        Writes one line per input row, in input order: the --id and --keep columns, then for each \
        scale of each instrument: <instrument>.<scale> (the score; empty when missing), \
        <instrument>.<scale>.n (items answered) and <instrument>.<scale>.flags (';'-separated \
        cutoff codes, band:<label>, or invalid:<reason> when the score is missing by rule), and \
        <instrument>.<scale>.t.<norm> for each norm the scale declares (T = 50 + 10·(x − M)/SD, \
        2 decimals).

        Numbers are written in the shortest form that reads back as the same double (14, 3.25, \
        0.6666666666666666), or with --decimals N to exactly N decimals.

        The output file is written atomically (a temporary file in the same folder, then a \
        rename) and is never one of the inputs. A summary goes to stderr: rows read = scored + \
        rejected, and each kind of finding with the first examples by line and column.

        Exit codes: 0 scored; 1 --on-invalid fail met an invalid cell (or a definition is \
        invalid); 2 unusable input (missing file, empty file, missing columns, bad arguments).
        """)

    @Argument(help: ArgumentHelp("The response file, or '-' for standard input (CSV/TSV). By extension: .sav, .zsav, .por (SPSS), .dta (Stata), .ndjson or .json (FHIR QuestionnaireResponse).", valueName: "DATA"))
    var data: String

    @OptionGroup(title: "Instruments, mapping and reading")
    var options: InstrumentOptions

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Output file, or '-' for standard output (default).", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("Output format.", valueName: "csv|tsv|json-lines"))
    var format: Format = .csv

    @Flag(name: .customLong("quiet"),
          help: "No progress bar on standard error (it is shown only when standard error is a terminal).")
    var quiet = false

    @Option(name: .customLong("decimals"),
            help: ArgumentHelp("Write scores with exactly N decimals instead of the shortest exact form.", valueName: "N"))
    var decimals: Int?

    @Flag(name: .customLong("screen"),
          help: "Append the careless-responding indices and flags of `rapport screen` (<instrument>.screen.<index> columns); reads a file twice for Mahalanobis D².")
    var screenRows = false

    @OptionGroup(title: "Screening (with --screen; see rapport screen --help)")
    var screen: ScreenOptions

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, tsv
        case jsonLines = "json-lines"
        var kind: ScoreOutputFormat.Kind { ScoreOutputFormat.Kind(rawValue: rawValue)! }
    }

    func validate() throws {
        if let decimals, !(0...15).contains(decimals) {
            throw ValidationError("--decimals must be between 0 and 15.")
        }
        if !screenRows && screen.isCustomized {
            throw ValidationError("Screening options (--duration, thresholds, --no-flag, --no-sample-indices) need --screen.")
        }
    }

    func execute() throws { try score() }

    private func score() throws {
        let instruments = try options.loadInstruments()
        options.printNotices(instruments)

        let input = InputSource(argument: data)
        // Every output of the run is opened now and committed together at the end, or none is.
        let outputs = OutputSet()
        let out = try outputs.open(output, inputs: [data])
        let reportFile = try options.openReport(in: outputs, inputs: [data])

        var readerOptions = options.readerOptions
        let bar = ProgressBar.make(quiet: quiet)
        readerOptions.progress = bar?.callback
        defer { bar?.finish() }
        let reader = try ResponseReader(input, options: readerOptions)
        let mapping = try options.resolveMapping(instruments, reader: reader, input: input)
        let plan = try options.columnPlan(
            instruments, mapping: mapping, reader: reader, input: input,
            passthrough: mapping.passthroughColumns.map { reader.header[$0] }
                + (screenRows ? screen.duration.map { [$0] } ?? [] : []))

        var scorers: [Scorer] = []
        for (i, inst) in instruments.enumerated() {
            scorers.append(try Scorer(instrument: inst, itemSlots: mapping.itemSlots[i]))
        }
        // --screen: the screening columns of `rapport screen`, appended after the scores.
        var screeners: [Screener] = []
        if screenRows {
            if input == .standardInput && !screen.noSampleIndices {
                throw CommandFailure("--screen: standard input can be read only once, and Mahalanobis D² and person–total need a first pass over the data: give a file, or add --no-sample-indices", exitStatus: .unusable)
            }
            let plans = instruments.enumerated().map { i, inst in
                ScreeningPlan(instrument: inst, itemSlots: mapping.itemSlots[i])
            }
            screeners = try ScreenSetup(reader: reader, columns: plan,
                                        passthroughNames: mapping.passthroughColumns.map { reader.header[$0] },
                                        plans: plans, screen: screen).screeners
        }
        var formatter = ScoreOutputFormat(kind: format.kind, numbers: decimals.map { .fixed($0) } ?? .shortest,
                                          passthroughNames: mapping.passthroughColumns.map { reader.header[$0] },
                                          scorers: scorers)
        if screenRows { formatter.extraColumnNames = ScreeningTableWriter.columnNames(instrumentIDs: instruments.map(\.id)) }
        try out.write(formatter.header())
        let sc = scorers
        let cells = ScreeningCells(kind: format.kind, decimals: decimals, instrumentIDs: instruments.map(\.id))
        let scr = screeners
        let fmt = formatter
        // Scoring reads compact blocks (one code per grid cell); the screens read values.
        let report = try reader.read(plan: plan, layout: scr.isEmpty ? .compact : .values,
                                     transform: { block -> [UInt8] in
            let scored = sc.map { $0.score(block) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(block.rowCount * 16 * max(1, fmt.scales.count))
            if scr.isEmpty {
                fmt.format(rowCount: block.rowCount, passthrough: block.passthrough, scored: scored, into: &bytes)
            } else {
                let rows = scr.map { $0.screen(block) }
                fmt.format(rowCount: block.rowCount, passthrough: block.passthrough, scored: scored, into: &bytes,
                           extra: { r, out in cells.append(rows, row: r, to: &out) })
            }
            return bytes
        }, sink: { bytes in
            try out.write(bytes)
        })
        bar?.finish()
        Console.error(report.summary)
        if let error = report.noRowsError(file: input.description, nothingTo: "score") { throw error }
        try report.write(to: reportFile)
        try outputs.commit()
    }
}
