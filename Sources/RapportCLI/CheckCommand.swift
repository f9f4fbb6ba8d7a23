import ArgumentParser
import Foundation
import Rapport
import RapportStatistics

/// `rapport check DATA --instrument X [gates] [--junit FILE]`: pass/fail gates for CI.
struct CheckCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Gate a data set on reliability, missing, invalid and flagged rates (exit 0 pass, 1 fail).",
        discussion: """
        Runs the reliability analysis of `rapport reliability` and checks every scale against the \
        gates: --min-alpha (raw α, default 0.70), --min-omega (ω total; off unless given), \
        --max-missing-rate (share of the scale's item cells without a usable answer, default 0.10), \
        --max-invalid-rate (share of all item cells of the file that are invalid: non-numeric, out \
        of range, off the grid; default 0.05) and --max-flagged-rate (share of rows flagged by the \
        careless-responding screen of `rapport screen` with its default thresholds, per \
        instrument; off unless given; needs a file, not standard input).

        Prints one line per scale and gate (PASS/FAIL/SKIP with the value and the limit). \
        --junit FILE also writes JUnit XML, one test case per scale and gate. -o FILE writes the \
        result as text (.txt), JSON (.json: the gates and the whole reliability report with its \
        provenance), Markdown (.md) or JUnit (.xml), by extension unless --format is given; all \
        writes are atomic.

        Exit codes: 0 every gate passed; 1 a gate failed (or a definition is invalid); 2 unusable \
        input or bad arguments.
        """)

    @Argument(help: ArgumentHelp("The response file, or '-' for standard input (CSV/TSV). By extension: .sav, .zsav, .por (SPSS), .dta (Stata), .ndjson or .json (FHIR QuestionnaireResponse).", valueName: "DATA"))
    var data: String

    @OptionGroup(title: "Instruments, mapping and reading")
    var options: InstrumentOptions

    @OptionGroup(title: "Reliability")
    var reliability: ReliabilityOptionGroup

    @Option(name: .customLong("min-alpha"), help: ArgumentHelp("Smallest acceptable raw α per scale.", valueName: "A"))
    var minAlpha: Double = 0.70

    @Option(name: .customLong("min-omega"), help: ArgumentHelp("Smallest acceptable ω total per scale (off by default).", valueName: "W"))
    var minOmega: Double?

    @Option(name: .customLong("max-missing-rate"),
            help: ArgumentHelp("Largest acceptable share of a scale's item cells without an answer.", valueName: "P"))
    var maxMissingRate: Double = 0.10

    @Option(name: .customLong("max-invalid-rate"),
            help: ArgumentHelp("Largest acceptable share of the file's item cells that are invalid.", valueName: "P"))
    var maxInvalidRate: Double = 0.05

    @Option(name: .customLong("max-flagged-rate"),
            help: ArgumentHelp("Largest acceptable share of rows flagged as careless, per instrument (off by default).", valueName: "P"))
    var maxFlaggedRate: Double?

    @Option(name: .customLong("junit"), help: ArgumentHelp("Also write JUnit XML to FILE (atomically).", valueName: "FILE"))
    var junit: String?

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Write the result to FILE instead of standard output; the format follows the extension (.txt, .json, .md, .xml).", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("Result format.", valueName: "text|json|md|junit"))
    var format: Format?

    @Flag(name: .customLong("stamp"), help: "Add the current UTC time to the JSON and Markdown provenance (off: same input, same bytes).")
    var stamp = false

    typealias Format = QualityCheck.Format

    func validate() throws {
        try reliability.check()
        for (name, v) in [("--max-missing-rate", maxMissingRate), ("--max-invalid-rate", maxInvalidRate),
                          ("--max-flagged-rate", maxFlaggedRate ?? 0)] where !(0...1).contains(v) {
            throw ValidationError("\(name) must be a proportion between 0 and 1 (e.g. 0.05).")
        }
        for (name, v) in [("--min-alpha", minAlpha), ("--min-omega", minOmega ?? 0)] where !(v <= 1 && v.isFinite) {
            throw ValidationError("\(name) must be a number at most 1 (e.g. 0.70).")
        }
        if maxFlaggedRate != nil && data == "-" {
            throw ValidationError("--max-flagged-rate screens the file in a second reading; give a file, not standard input.")
        }
        if let output, format == nil, let kind = OutputFileFormat(path: output), kind == .html {
            throw ValidationError("check writes text, JSON, Markdown or JUnit; for an HTML report run `rapport reliability -o \(output)`.")
        }
    }

    /// The format chosen by --format, else the output's extension, else text.
    var chosenFormat: Format { Format.chosen(format, output: output) }

    func execute() throws {
        if !(try check()) { throw ExitCode(ExitStatus.invalid.rawValue) }
    }

    /// Runs the analysis and the gates, writes the results; returns whether every gate passed.
    private func check() throws -> Bool {
        let instruments = try options.loadInstruments()
        options.printNotices(instruments)
        let input = InputSource(argument: data)
        let digest: FileDigest.Background? = data == "-" ? nil : FileDigest.Background(path: data)
        // Items without answers are judged by the gates (missing rate 1), not stopped at.
        var readerOptions = options.readerOptions
        readerOptions.allowEmpty = true
        let reader = try ResponseReader(input, options: readerOptions)
        let mapping = try options.resolveMapping(instruments, reader: reader, input: input)
        let columns = try options.columnPlan(instruments, mapping: mapping, reader: reader, input: input)
        let plan = try ReliabilityPlan(instruments: instruments, itemSlots: mapping.itemSlots)
        let ro = reliability.engineOptions
        let (acc, _, retained) = try ReliabilityEngine.accumulate(reader: reader, columns: columns, plan: plan,
                                                              retain: (ro.bootstrap ?? 0) > 0)
        Console.error(acc.data.summary)
        if let error = acc.data.noRowsError(file: input.description, nothingTo: "check") { throw error }
        let scales = ReliabilityEngine.analyze(acc, options: ro, retained: retained, threads: options.threadCount)
        let stampValue = stamp ? ReliabilityReport.stamp() : nil
        let report = ReliabilityReport.make(
            input: ReliabilityReport.Input(path: input.description, data: acc.data, sha256: try digest?.wait()),
            instrument: ReliabilityReport.instrumentRef(instruments), options: ro, scales: scales,
            generated: stampValue)

        let result = try QualityCheck.evaluate(
            report: report, accumulation: acc, itemColumns: mapping.slots.count,
            limits: .init(minAlpha: minAlpha, minOmega: minOmega, maxMissingRate: maxMissingRate,
                          maxInvalidRate: maxInvalidRate, maxFlaggedRate: maxFlaggedRate),
            reader: reader, columns: columns, instruments: instruments, itemSlots: mapping.itemSlots)

        let inputs = [data] + [options.mapFile].compactMap { $0 }
        let outputs = OutputSet()
        if let junit {
            try outputs.open(junit, inputs: inputs).write(result.junit().xml())
        }
        try acc.data.write(to: try options.openReport(in: outputs, inputs: inputs))
        let text = try result.document(chosenFormat, report: report, stamp: stampValue)
        try outputs.open(output, inputs: inputs).write(text)
        try outputs.commit()
        if output != nil && output != "-" {
            // The verdict still reaches the log when the result goes to a file.
            for f in result.failures { Console.error("rapport check: \(f.message)") }
        }
        return result.passed
    }
}

extension QualityCheck.Format: ExpressibleByArgument {}
