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
        let wideColumns = wide.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let columns: [String] = wideColumns.map { (targetColumn.map { [$0] } ?? []) + $0 }
            ?? [targetColumn!, raterColumn!, valueColumn!]
        if Set(columns).count != columns.count { throw CommandFailure("a column is named twice", exitStatus: .unusable) }
        let plan = try ColumnPlan(header: reader.header, requests: [], passthrough: columns, id: nil,
                                  file: input.description)
        var records: [(line: Int, cells: [String])] = []
        _ = try reader.read(plan: plan, transform: { block in
            (0..<block.rowCount).map { (line: block.lines[$0], cells: block.passthrough[$0]) }
        }, sink: { records.append(contentsOf: $0) })
        if records.isEmpty { throw CommandFailure("\(input.description): no data rows", exitStatus: .unusable) }

        func number(_ text: String, line: Int, column: String) throws -> Double? {
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t == "NA" { return nil }
            guard let x = Double(t), x.isFinite else {
                throw CommandFailure("\(input.description): line \(line), column '\(column)': not a number", exitStatus: .unusable)
            }
            return x
        }

        var table: [[Double?]]
        if let wideColumns {
            let offset = targetColumn == nil ? 0 : 1
            table = try records.map { r in
                try wideColumns.indices.map { j in try number(r.cells[offset + j], line: r.line, column: wideColumns[j]) }
            }
            if let targetColumn {
                var seen: [String: Int] = [:]
                for r in records {
                    if let first = seen[r.cells[0]] {
                        throw CommandFailure("\(input.description): line \(r.line): the same \(targetColumn) as line \(first)", exitStatus: .unusable)
                    }
                    seen[r.cells[0]] = r.line
                }
            }
        } else {
            var targetIndex: [String: Int] = [:], raterIndex: [String: Int] = [:]
            var t: [Int] = [], j: [Int] = [], v: [Double] = [], lines: [Int] = []
            for r in records {
                for (k, name) in [(0, targetColumn!), (1, raterColumn!)] where r.cells[k].trimmingCharacters(in: .whitespaces).isEmpty {
                    throw CommandFailure("\(input.description): line \(r.line), column '\(name)': empty", exitStatus: .unusable)
                }
                guard let value = try number(r.cells[2], line: r.line, column: valueColumn!) else { continue }
                let ti = targetIndex[r.cells[0]] ?? targetIndex.count
                targetIndex[r.cells[0]] = ti
                let ri = raterIndex[r.cells[1]] ?? raterIndex.count
                raterIndex[r.cells[1]] = ri
                t.append(ti); j.append(ri); v.append(value); lines.append(r.line)
            }
            do {
                table = try ICC.table(targets: t, raters: j, values: v)
            } catch ICC.Failure.duplicateRating(let a, let b) {
                throw CommandFailure("\(input.description): line \(lines[b - 1]): the same target and rater as line \(lines[a - 1])", exitStatus: .unusable)
            }
        }
        let icc = try ICC(ratings: table, method: method, confidence: confidence)
        let text = format == .json ? try json(icc) : Self.text(icc)
        try OutputFile.write(Array(text.utf8), to: output, inputs: [data])
    }

    struct JSONForm: Codable {
        var name: String, label: String, icc: Double, F: Double, df1: Double, df2: Double, p: Double, lower: Double, upper: Double
    }
    struct JSONReport: Codable {
        var method: String, confidence: Double, targets: Int, raters: Int, missingCells: Int, targetsDropped: Int
        var MSB: Double, MSJ: Double, MSE: Double, MSW: Double
        var forms: [JSONForm]
    }

    private func json(_ icc: ICC) throws -> String {
        let report = JSONReport(
            method: icc.method.rawValue, confidence: icc.confidence, targets: icc.targets, raters: icc.raters,
            missingCells: icc.missingCells, targetsDropped: icc.targetsDropped,
            MSB: icc.meanSquares.targets, MSJ: icc.meanSquares.raters, MSE: icc.meanSquares.error, MSW: icc.meanSquares.within,
            forms: icc.forms.map { .init(name: $0.name, label: $0.label, icc: $0.value, F: $0.f, df1: $0.df1, df2: $0.df2,
                                         p: $0.p, lower: $0.lower, upper: $0.upper) })
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(report), as: UTF8.self) + "\n"
    }

    static func text(_ icc: ICC) -> String {
        let level = Int((icc.confidence * 100).rounded())
        var out = "Intraclass correlations (Shrout & Fleiss 1979), \(icc.targets) targets × \(icc.raters) raters"
        out += icc.missingCells > 0 ? ", \(icc.missingCells) missing ratings" : ""
        out += icc.targetsDropped > 0 ? ", \(icc.targetsDropped) incomplete targets dropped" : ""
        out += "; method \(icc.method.rawValue)\n\n"
        out += "form   ICC     F        df1  df2      p        \(level)% lower  upper  type\n"
        for f in icc.forms {
            out += f.name.padding(toLength: 7, withPad: " ", startingAt: 0)
            out += String(format: "%-7.3f %-8.2f %-4.0f %-8.2f %-8.4f %-9.3f %-6.3f ", f.value, f.f, f.df1, f.df2, f.p, f.lower, f.upper)
            out += f.label + "\n"
        }
        return out
    }
}

extension ICC.Method: ExpressibleByArgument {}
