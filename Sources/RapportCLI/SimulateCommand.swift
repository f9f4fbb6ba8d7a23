import ArgumentParser
import Foundation
import Rapport

/// `rapport simulate`: synthetic responses from an instrument's graded-response model —
/// one row per respondent (`--rows`), or long-format session data (`--clients`).
struct SimulateCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate synthetic responses from an instrument's graded-response model.",
        discussion: """
        Cross-sectional: --instrument X --rows N [--missing R] [--careless R] [--na-rate R].
        Sessions: --instrument srs --instrument ors --clients N --therapists T --sessions-max S.
        Same seed and options give the same bytes at any --threads. The model, its defaults and
        the side files are described in docs/simulation.md.
        """)

    @Option(name: .customLong("instrument"),
            help: "Built-in id or path of an XML definition; repeat for several instruments in session mode.")
    var instruments: [String] = []

    @Option(help: "Random seed (any unsigned 64-bit integer).")
    var seed: UInt64 = 1

    @Option(name: [.short, .customLong("output")], help: "Output CSV file (`-` or absent: standard output). Written atomically.")
    var output: String?

    @Option(help: "Worker threads (default: all cores). The output does not depend on it.")
    var threads: Int?

    @Flag(help: "Do not print the summary line on standard error.")
    var quiet = false

    // MARK: Cross-sectional

    @Option(help: "Cross-sectional mode: number of respondents (rows).")
    var rows: Int?

    @Option(help: "Share of cells left empty, completely at random (e.g. 0.03).")
    var missing: Double?

    @Option(help: "Share of rows replaced by careless responders, half straight-liners, half random (e.g. 0.02).")
    var careless: Double?

    @Option(name: .customLong("careless-out"), help: "Side file listing the careless rows (default: OUTPUT with .careless.csv).")
    var carelessOut: String?

    @Option(name: .customLong("na-rate"), help: "Share of not-applicable answers on items whose scale declares an N/A code.")
    var naRate: Double?

    @Option(name: .customLong("na-items"), help: "Comma-separated items (id, column or number) that may be N/A (default: all that can).")
    var naItems: String?

    // MARK: Sessions

    @Option(help: "Session mode: number of clients.")
    var clients: Int?

    @Option(help: "Number of therapists (clients are spread evenly). Default 1.")
    var therapists: Int?

    @Option(name: .customLong("sessions-min"), help: "Fewest sessions per client (≥ 3). Default 4.")
    var sessionsMin: Int?

    @Option(name: .customLong("sessions-max"), help: "Most sessions per client.")
    var sessionsMax: Int?

    @Option(name: .customLong("therapist-icc"), help: "Share of latent alliance variance between therapists. Default 0.10.")
    var therapistICC: Double?

    @Option(name: .customLong("rupture-rate"), help: "Share of clients with a persistent alliance rupture. Default 0.15.")
    var ruptureRate: Double?

    @Option(name: .customLong("repair-rate"), help: "Share of clients with a rupture-repair (V) episode. Default 0.10.")
    var repairRate: Double?

    @Option(name: .customLong("ceiling-rate"), help: "Share of clients at the maximum alliance score every session. Default 0.05.")
    var ceilingRate: Double?

    @Option(name: .customLong("improvement-rate"), help: "Share of clients reliably improving on the outcome measure. Default 0.45.")
    var improvementRate: Double?

    @Option(name: .customLong("deterioration-rate"), help: "Share of clients reliably deteriorating. Default 0.10.")
    var deteriorationRate: Double?

    @Option(help: "Probability that a measure is not given at a session. Default 0.05.")
    var missed: Double?

    @Option(name: .customLong("rupture-points"), help: "Alliance drop that counts as a rupture (default: the instrument's reliable change).")
    var rupturePoints: Double?

    @Option(name: .customLong("change-points"), help: "Outcome reliable-change threshold (default: the instrument's).")
    var changePoints: Double?

    @Option(name: .customLong("start-date"), help: "Adds a date column: clients start within 26 weeks of YYYY-MM-DD.")
    var startDate: String?

    @Option(name: .customLong("interval-days"), help: "Days between sessions when dates are written. Default 7.")
    var intervalDays: Int?

    @Option(name: .customLong("events-out"), help: "Side file of planted events (default: OUTPUT with .events.csv).")
    var eventsOut: String?

    func execute() throws { try simulate() }

    /// `data.csv` → `data.careless.csv`; other names get the suffix appended.
    static func sidePath(_ output: String, _ suffix: String) -> String {
        for ext in [".csv", ".tsv", ".txt"] where output.lowercased().hasSuffix(ext) {
            return String(output.dropLast(ext.count)) + suffix
        }
        return output + suffix
    }

    private func simulate() throws {
        guard !instruments.isEmpty else { throw CommandFailure("give --instrument (a built-in id or an XML file)", exitStatus: .unusable) }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw CommandFailure("--threads must be at least 1", exitStatus: .unusable) }
        let toFile = output != nil && output != "-"
        switch (rows, clients) {
        case (nil, nil): throw CommandFailure("give --rows N (one row per respondent) or --clients N (session data)", exitStatus: .unusable)
        case (.some, .some): throw CommandFailure("--rows and --clients exclude each other", exitStatus: .unusable)
        case (let n?, nil):
            let sessionFlags: [(String, Bool)] = [
                ("--therapists", therapists != nil), ("--sessions-min", sessionsMin != nil),
                ("--sessions-max", sessionsMax != nil), ("--therapist-icc", therapistICC != nil),
                ("--rupture-rate", ruptureRate != nil), ("--repair-rate", repairRate != nil),
                ("--ceiling-rate", ceilingRate != nil), ("--improvement-rate", improvementRate != nil),
                ("--deterioration-rate", deteriorationRate != nil), ("--missed", missed != nil),
                ("--rupture-points", rupturePoints != nil), ("--change-points", changePoints != nil),
                ("--start-date", startDate != nil), ("--interval-days", intervalDays != nil),
                ("--events-out", eventsOut != nil)]
            if let flag = sessionFlags.first(where: \.1) { throw CommandFailure("\(flag.0) belongs to session mode (--clients)", exitStatus: .unusable) }
            guard instruments.count == 1 else { throw CommandFailure("--rows takes one --instrument; use --clients for several", exitStatus: .unusable) }
            let instrument = try InstrumentCatalog.resolve(instruments[0])
            let items = naItems.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            let options = ResponseSimulator.Options(
                rows: n, seed: seed, missingRate: missing ?? 0, carelessRate: careless ?? 0,
                notApplicableRate: naRate ?? 0, notApplicableItems: items, threads: threadCount)
            let sim = try ResponseSimulator(instrument: instrument, options: options)
            var sidePath: String?
            if options.carelessRate > 0 {
                guard let p = carelessOut ?? (toFile ? Self.sidePath(output!, ".careless.csv") : nil) else {
                    throw CommandFailure("--careless writing to standard output needs --careless-out FILE", exitStatus: .unusable)
                }
                sidePath = p
            } else if carelessOut != nil {
                throw CommandFailure("--careless-out needs --careless", exitStatus: .unusable)
            }
            let outputs = OutputSet()
            let out = try outputs.open(output)
            let side = try sidePath.map { try outputs.open($0) }
            try sim.write { try out.write($0) }
            try side?.write(sim.carelessCSV())
            try outputs.commit()
            summary("\(n) rows of \(instrument.id) (seed \(seed)) to \(toFile ? output! : "standard output")"
                + (sidePath.map { "; \(sim.carelessRows.count) careless rows listed in \($0)" } ?? ""))
        case (nil, let n?):
            let crossFlags: [(String, Bool)] = [
                ("--missing", missing != nil), ("--careless", careless != nil), ("--careless-out", carelessOut != nil),
                ("--na-rate", naRate != nil), ("--na-items", naItems != nil)]
            if let flag = crossFlags.first(where: \.1) {
                throw CommandFailure("\(flag.0) belongs to cross-sectional mode (--rows); session data uses --missed", exitStatus: .unusable)
            }
            guard let sMax = sessionsMax else { throw CommandFailure("--clients needs --sessions-max", exitStatus: .unusable) }
            var date: CivilDate?
            if let s = startDate {
                guard let d = CivilDate(iso: s) else { throw CommandFailure("--start-date \(s) is not a date YYYY-MM-DD", exitStatus: .unusable) }
                date = d
            }
            let list = try instruments.map { try InstrumentCatalog.resolve($0) }
            let design = SessionSimulator.Design(
                clients: n, therapists: therapists ?? 1, sessionsMin: sessionsMin ?? 4, sessionsMax: sMax,
                seed: seed, therapistICC: therapistICC ?? 0.10,
                ruptureRate: ruptureRate, repairRate: repairRate, ceilingRate: ceilingRate,
                improvementRate: improvementRate, deteriorationRate: deteriorationRate,
                missedRate: missed ?? 0.05, rupturePoints: rupturePoints, changePoints: changePoints,
                startDate: date, intervalDays: intervalDays ?? 7, threads: threadCount)
            let sim = try SessionSimulator(instruments: list, design: design)
            guard let side = eventsOut ?? (toFile ? Self.sidePath(output!, ".events.csv") : nil) else {
                throw CommandFailure("session data on standard output needs --events-out FILE for the planted events", exitStatus: .unusable)
            }
            let outputs = OutputSet()
            let out = try outputs.open(output)
            let sideFile = try outputs.open(side)
            let events = try sim.write { try out.write($0) }
            try sideFile.write(SessionSimulator.eventsCSV(events))
            try outputs.commit()
            summary("\(n) clients × up to \(sMax) sessions of \(list.map(\.id).joined(separator: "+")) (seed \(seed)) to "
                + "\(toFile ? output! : "standard output"); planted events in \(side)")
        }
    }

    private func summary(_ line: String) {
        guard !quiet else { return }
        Console.error("rapport simulate: \(line)")
    }
}
