import ArgumentParser
import Foundation
import Rapport
import RapportStatistics

/// `rapport merge part-*.json` — the report of a sharded run.
struct MergeCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the --state-out files of a sharded `rapport reliability` run into its report.",
        discussion: """
        Checks every part on its own (its shard, counts, moments and the bytes of the input it \
        covers) and that the parts belong together (same input file, instrument, options and \
        Rapport version), that each of the N shards is given exactly once and that together they \
        cover the whole file, then prints the report a single run over the whole file prints, \
        byte for byte.

        Exit codes: 0 done; 1 an item has no valid answer on any row of the whole file (unless \
        --allow-empty); 2 unreadable, incompatible or incomplete parts.
        """)

    @Argument(help: ArgumentHelp("State files written by `rapport reliability --shard I/N --state-out FILE`.", valueName: "STATE"))
    var states: [String]

    @Option(name: .customLong("format"), help: ArgumentHelp("Report format.", valueName: ReliabilityReport.Format.valueName))
    var format: ReliabilityReport.Format?

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Write the report to FILE (atomically); the format follows the extension unless --format is given.", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("threads"), help: ArgumentHelp("Worker threads (default: all cores).", valueName: "N"))
    var threads: Int?

    @Flag(name: .customLong("allow-empty"),
          help: "Accept an item with no valid answer on any row of the whole file (the shards cannot judge it alone).")
    var allowEmpty = false

    func validate() throws {
        if states.isEmpty { throw ValidationError("Give the state files to merge.") }
    }

    func execute() throws {
        var parts: [(name: String, state: ReliabilityState)] = []
        for path in states {
            InputFiles.register(path)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("\(path): cannot read the file", exitStatus: .unusable)
            }
            parts.append((path, try ReliabilityState.decode(data, file: path)))
        }
        let merged = try ReliabilityState.merge(parts)
        let scales = ReliabilityEngine.analyze(merged.accumulation, options: merged.options,
                                               threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let report = ReliabilityReport.make(input: merged.input, instrument: merged.instrument,
                                            options: merged.options, scales: scales)
        Console.error(merged.accumulation.data.summary)
        if !allowEmpty, let error = merged.accumulation.data.noValidAnswerError(plan: nil) { throw error }
        let outputs = OutputSet()
        try ReportWriter.write(report, format: format, to: outputs.open(output, inputs: states))
        try outputs.commit()
    }
}
