import ArgumentParser
import Foundation
import Rapport
import RapportStatistics

/// `rapport reliability DATA --instrument X | --scale … --range …`
struct ReliabilityCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliability",
        abstract: "Cronbach's α family, ω, split-half and item analysis, equal to R psych.",
        discussion: """
        Every scale of every instrument is analysed on its items, keyed as the definition says. \
        Defaults reproduce psych::alpha 2.2.9 (pairwise covariances then cov2cor, reverse keying \
        from the observed range, CI and ase N = all rows); the options below choose Rapport's \
        better conventions, and the report states which were used. See docs/reliability-conventions.md.

        For clusters: --shard I/N --state-out FILE analyses the I-th of N row-aligned parts of \
        the file and writes its mergeable moments; `rapport merge` combines the parts into the \
        report a single run prints.

        Exit codes: 0 done; 1 a definition is invalid; 2 unusable input or bad arguments.
        """)

    @Argument(help: ArgumentHelp("The response file, or '-' for standard input (CSV/TSV). By extension: .sav, .zsav, .por (SPSS), .dta (Stata), .ndjson or .json (FHIR QuestionnaireResponse).", valueName: "DATA"))
    var data: String

    @OptionGroup(title: "Instruments, mapping and reading")
    var options: InstrumentOptions

    @OptionGroup(title: "Reliability")
    var reliability: ReliabilityOptionGroup

    @Flag(name: .customLong("exclude-flagged"),
          help: ArgumentHelp("Screen every row for careless responding (as `rapport screen`, with the thresholds below) and report reliability with and without the flagged rows, side by side. Reads the file two or three times; not for standard input."))
    var excludeFlagged = false

    @OptionGroup(title: "Screening (with --exclude-flagged)")
    var screen: ScreenOptions

    @Option(name: .customLong("client"),
            help: ArgumentHelp("Client (person) column of session data: with --session, adds psych mlr's multilevel reliability (RkF, R1R, RkR, Rc; RkRn, Rcn by REML) per scale. Reads the file twice; not for standard input.", valueName: "COL"))
    var clientColumn: String?

    @Option(name: .customLong("session"),
            help: ArgumentHelp("Session column (numbers or ISO dates) for --client.", valueName: "COL"))
    var sessionColumn: String?

    @Option(name: .customLong("scale-only"),
            help: ArgumentHelp("Analyse only this scale (id, or instrument.scale); repeatable.", valueName: "ID"))
    var scaleOnly: [String] = []

    @Option(name: .customLong("format"), help: ArgumentHelp("Report format.", valueName: ReliabilityReport.Format.valueName))
    var format: ReliabilityReport.Format?

    @Flag(name: .customLong("stamp"), help: "Add the current UTC time to the report's provenance (off: same input, same bytes).")
    var stamp = false

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Write the report to FILE (atomically) instead of standard output; the format follows the extension (.json, .txt, .md, .html) unless --format is given.", valueName: "FILE"))
    var output: String?

    @Flag(name: .customLong("quiet"),
          help: "No progress bar on standard error (it is shown only when standard error is a terminal).")
    var quiet = false

    @Option(name: .customLong("shard"),
            help: ArgumentHelp("Analyse only the I-th of N row-aligned parts of the file (needs --state-out).", valueName: "I/N"))
    var shard: String?

    @Option(name: .customLong("state-out"),
            help: ArgumentHelp("Write this run's mergeable moments to FILE (JSON) for `rapport merge`.", valueName: "FILE"))
    var stateOut: String?

    func validate() throws {
        try reliability.check()
        if shard != nil && stateOut == nil {
            throw ValidationError("--shard needs --state-out FILE: a shard's moments are merged later by `rapport merge`.")
        }
        if shard != nil && (reliability.bootstrap ?? 0) > 0 {
            throw ValidationError("--bootstrap resamples whole rows and cannot run on a shard; run it on the whole file.")
        }
        if excludeFlagged && data == "-" {
            throw ValidationError("--exclude-flagged reads the file more than once; give a file, not standard input.")
        }
        if excludeFlagged && shard != nil {
            throw ValidationError("--exclude-flagged screens against the whole file's moments and cannot run on a shard.")
        }
        if !excludeFlagged && screen.isCustomized {
            throw ValidationError("Screening thresholds apply only with --exclude-flagged.")
        }
        if (clientColumn == nil) != (sessionColumn == nil) {
            throw ValidationError("--client and --session go together: multilevel reliability needs both columns.")
        }
        if clientColumn != nil && (data == "-" || shard != nil) {
            throw ValidationError("--client/--session read the file a second time: give a file, not standard input or a shard.")
        }
        if shard != nil && data == "-" {
            throw ValidationError("--shard needs a file: standard input cannot be split.")
        }
    }

    func execute() throws { try analyse() }

    private func analyse() throws {
        let instruments = try options.loadInstruments()
        options.printNotices(instruments)
        let input = InputSource(argument: data)
        let parsedShard: Shard? = try shard.map { text in
            do { return try Shard(parsing: text) } catch { throw ValidationError("--shard \(text): \(error)") }
        }
        let digest: FileDigest.Background? = data == "-" ? nil : FileDigest.Background(path: data)

        var readerOptions = options.readerOptions
        readerOptions.shard = parsedShard
        readerOptions.identifierColumns += clientColumn.map { [$0] } ?? []
        let bar = ProgressBar.make(quiet: quiet)
        readerOptions.progress = bar?.callback
        defer { bar?.finish() }
        let reader = try ResponseReader(input, options: readerOptions)
        // The run's outputs, opened before the long read and committed together at the end.
        let outputs = OutputSet()
        let stateFile = try stateOut.map { try outputs.open($0, inputs: [data]) }
        let dataReportFile = try options.openReport(in: outputs, inputs: [data])
        let reportFile = parsedShard != nil && stateOut != nil ? nil : try outputs.open(output, inputs: [data])
        let mapping = try options.resolveMapping(instruments, reader: reader, input: input)
        let columns = try options.columnPlan(instruments, mapping: mapping, reader: reader, input: input)
        let plan = try ReliabilityPlan(instruments: instruments, itemSlots: mapping.itemSlots, only: scaleOnly)
        let ro = reliability.engineOptions
        var flaggedLines: Set<Int>? = nil
        var screeningNotes: [String] = []
        if excludeFlagged {
            let plans = instruments.enumerated().map { i, inst in
                ScreeningPlan(instrument: inst, itemSlots: mapping.itemSlots[i])
            }
            (flaggedLines, screeningNotes) = try ScreeningPass.exclusion(
                reader: reader, columns: columns, plans: plans, instrumentIDs: instruments.map(\.id),
                thresholds: screen.thresholds, sampleIndices: !screen.noSampleIndices)
        }
        var (acc, keptAcc, retained) = try ReliabilityEngine.accumulate(reader: reader, columns: columns, plan: plan,
                                                                       retain: (ro.bootstrap ?? 0) > 0,
                                                                       excludingLines: flaggedLines,
                                                                       scoring: try ReliabilityScores(
                                                                           instruments: instruments,
                                                                           itemSlots: mapping.itemSlots, plan: plan),
                                                                       polychoric: ro.correlations == .polychoric)
        bar?.finish()
        Console.error(acc.data.summary)
        // A shard may hold no rows; the merged file is judged by `merge`.
        if parsedShard == nil, let error = acc.data.noRowsError(file: input.description, nothingTo: "analyse") {
            throw error
        }
        try acc.data.write(to: dataReportFile)
        let inputRef = ReliabilityReport.Input(path: input.description, data: acc.data,
                                               sha256: try digest?.wait())
        let instrumentRef = ReliabilityReport.instrumentRef(instruments)
        // Which bytes of which file the moments come from (state files; merge checks it).
        acc.coverage = InputCoverage(readBy: reader, bytes: acc.data.bytes, sha256: inputRef.sha256)
        func writeState(to file: OutputFile, shard: Shard) throws {
            let state = ReliabilityState(rapportVersion: RapportVersion.string, input: inputRef,
                                         instrument: instrumentRef, options: ro,
                                         reading: try readingFingerprint(reader), shard: shard, accumulation: acc)
            try file.write(try state.jsonBytes())
        }

        if let parsedShard, let stateFile {
            try writeState(to: stateFile, shard: parsedShard)
            try outputs.commit()
            return
        }
        let scales = ReliabilityEngine.analyze(acc, options: ro, retained: retained, threads: options.threadCount)
        var scalesOut = scales
        if let clientColumn, let sessionColumn {
            let pass = [clientColumn, sessionColumn]
            let idColumns = try options.columnPlan(instruments, mapping: mapping, reader: reader, input: input,
                                                   passthrough: pass)
            let ml = try ReliabilityMultilevel.run(reader: reader, columns: idColumns, plan: plan, client: 0, session: 1)
            for i in scalesOut.indices { scalesOut[i].multilevel = ml[i] }
        }
        let report = ReliabilityReport.make(
            input: inputRef, instrument: instrumentRef, options: ro, scales: scalesOut,
            excludingFlagged: keptAcc.map {
                .init(all: acc, kept: $0, screening: screeningNotes,
                      scales: ReliabilityEngine.analyze($0, options: ro, threads: options.threadCount))
            })
        if let stateFile {
            // A whole-file state is a valid single shard (1/1) for later merging.
            try writeState(to: stateFile, shard: try Shard(index: 1, count: 1))
        }
        guard let reportFile else { return }
        try ReportWriter.write(report, format: format, to: reportFile, histograms: {
            // Score distributions need the rows again; standard input was read once.
            guard data != "-" else { return [] }
            return try ScoreHistogramPass.run(reader: reader, columns: columns, instruments: instruments,
                                              itemSlots: mapping.itemSlots,
                                              targets: ScoreHistogramPass.targets(plan, instruments: instruments))
        }, stamp: stamp ? ReliabilityReport.stamp() : nil)
        try outputs.commit()
    }

    /// The arguments that decide which values enter the moments; shards must agree on them.
    private func readingFingerprint(_ reader: ResponseReader) throws -> [String] {
        let mapFileDigest = try options.mapFile.map { try FileDigest.sha256(path: $0) }
        return ReliabilityState.readingFingerprint(delimiter: options.delimiter, naTokens: options.naTokens,
                                                   maps: options.maps, prefixes: options.prefixes,
                                                   mapFileSHA256: mapFileDigest, scaleOnly: scaleOnly,
                                                   reader: reader.options, readsDecimalCommas: reader.readsDecimalCommas,
                                                   recodeSHA256: reader.recodeSHA256)
    }
}

/// `--format` of `reliability` and `merge`.
extension ReliabilityReport.Format: ExpressibleByArgument {
    /// `text|json|md|html`: the help's value name, from the cases, so it lists what is accepted.
    static var valueName: String { allCases.map(\.rawValue).joined(separator: "|") }
}
