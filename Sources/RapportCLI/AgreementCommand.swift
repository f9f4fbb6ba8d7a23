import ArgumentParser
import Foundation
import Rapport
import RapportStatistics

/// `rapport agreement DATA --target COL --rater COL --value COL` or `--target COL --wide A,B,C`
struct AgreementCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Rater agreement: the six Shrout & Fleiss intraclass correlations, as psych::ICC.",
        discussion: """
        Long format: one row per rating, --target (what is rated: session, transcript, client), \
        --rater and --value columns. Wide format: --wide A,B,C names one column per rater (one \
        row per target; --target optional). Empty cells and NA are missing ratings.

        ICC1 (one-way random), ICC2 (two-way random, absolute agreement), ICC3 (two-way mixed, \
        consistency), each for a single rater and for the mean of k raters, with F tests and \
        confidence bounds. --method reml (default, psych's ICC(x): REML variance components \
        over every observed cell, tolerant of missing ratings) or anova (psych lmer = FALSE: \
        targets with a missing rating are dropped).

        Target and rater IDs never appear in messages; errors name lines and columns.
        Exit codes: 0 done; 2 unusable input or arguments.
        """)

    @Argument(help: ArgumentHelp("The ratings file (CSV or TSV), or '-' for standard input.", valueName: "DATA"))
    var data: String

    @Option(name: .customLong("target"), help: ArgumentHelp("Column naming what is rated.", valueName: "COL"))
    var targetColumn: String?

    @Option(name: .customLong("rater"), help: ArgumentHelp("Rater column (long format).", valueName: "COL"))
    var raterColumn: String?

    @Option(name: .customLong("value"), help: ArgumentHelp("Rating column (long format).", valueName: "COL"))
    var valueColumn: String?

    @Option(name: .customLong("wide"), help: ArgumentHelp("One column per rater (wide format).", valueName: "COL,COL,..."))
    var wide: String?

    @Option(name: .customLong("confidence"), help: ArgumentHelp("Confidence level of the bounds (default 0.95).", valueName: "P"))
    var confidence: Double = 0.95

    @Option(name: .customLong("method"), help: ArgumentHelp("reml (psych default) or anova.", valueName: "reml|anova"))
    var method: ICC.Method = .reml

    @Option(name: .customLong("format"), help: ArgumentHelp("Output format.", valueName: "text|json"))
    var format: Format = .text

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Output file, or '-' for standard output (default).", valueName: "FILE"))
    var output: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1.") }
        if wide != nil {
            if raterColumn != nil || valueColumn != nil {
                throw ValidationError("--wide replaces --rater and --value; give one format.")
            }
        } else if targetColumn == nil || raterColumn == nil || valueColumn == nil {
            throw ValidationError("Give --target, --rater and --value (long format), or --wide COL,COL,... .")
        }
    }

    func execute() throws {
        do {
            try agreement()
        } catch let error as ICC.Failure {
            throw CommandFailure("\(data): \(error.description)", exitStatus: error.exitStatus)
        }
    }

    private func agreement() throws {
        let input = InputSource(argument: data)
        let reader = try ResponseReader(input, options: ReaderOptions())
        let layout: RatingTable.Layout = if let wide {
            .wide(target: targetColumn,
                  raters: wide.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        } else {
            .long(target: targetColumn!, rater: raterColumn!, value: valueColumn!)
        }
        let table = try RatingTable.read(reader, layout: layout, file: input.description)
        let icc = try ICC(ratings: table, method: method, confidence: confidence)
        let text = format == .json ? try ICCReport.json(icc) : ICCReport.text(icc)
        try OutputFile.write(Array(text.utf8), to: output, inputs: [data])
    }
}

extension ICC.Method: ExpressibleByArgument {}
