import ArgumentParser
import Foundation
import Rapport

/// `rapport audit DATA --client COL --session COL [--therapist COL] --instrument srs --instrument ors`
struct AuditCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit a practice's session data: trajectories, reliable change, alliance alerts, therapists, fidelity.",
        discussion: """
        DATA has one row per administration (session): a client column, a session column, \
        optionally a therapist column, and the items of each instrument. Each instrument's first \
        scale named 'total' (else its first scale) is audited.

        Sessions: numbers (a REDCap redcap_repeat_instance), ISO 8601 dates or date-times \
        (2026-01-12, 2026-01-12 14:30), or REDCap event names (ordered as the records list them, \
        or by --session-order a,b,c); one kind per column. Repeat --session to order by several \
        columns: --session redcap_event_name --session redcap_repeat_instance. A row where no \
        audited instrument has an answer (a screening event) is not a session unless \
        --keep-unanswered-rows. An empty therapist cell takes the client's therapist from their \
        other rows (a field REDCap exports on one event); each session counts for its own \
        therapist, and changes of therapist are counted.

        Outcome instruments (ORS): reliable change first → last administration, by the \
        definition's reliable-change points, else Jacobson–Truax 1.96·SD·√(2(1 − r_xx)) from its \
        declared norm (--norms declared) or from the sample (--norms sample: SD of first \
        administrations, Cronbach's α); category recovered / improved / unchanged / deteriorated.

        Alliance instruments (SRS): the definition's alert rules (below-cutoff, reliable-drop, \
        drop, rupture-repair, ceiling); --drop-points and --dip-points set or add the drop and \
        rupture-repair thresholds, --skip-alert turns a rule off. Every alert names its rule.

        Per therapist (with --therapist): clients, sessions, mean alliance (mean of client means, \
        t interval), Spearman–Brown reliability of that mean from ICC(1) of clients within \
        therapists, share reliably improved, alert rate, protocol fidelity. Therapists with fewer \
        than --min-cell clients are suppressed.

        Confidentiality: with --pseudonymize-key FILE every client and therapist ID in every \
        output is replaced by c-/t- + 16 hex digits of HMAC-SHA256 under the key. Messages name \
        lines, never IDs. The HTML report lists no client unless --include-clients.

        Exit codes: 0 done; 1 a definition is invalid; 2 unusable input or arguments.
        """)

    @Argument(help: ArgumentHelp("The session file: CSV/TSV, or by extension .sav, .zsav, .por, .dta, .ndjson, .json (see `rapport score --help`).", valueName: "DATA"))
    var data: String

    @Option(name: .customLong("client"), help: ArgumentHelp("Client ID column.", valueName: "COL"))
    var clientColumn: String

    @Option(name: .customLong("session"),
            help: ArgumentHelp("Session column: numbers, ISO dates/date-times or REDCap event names (repeatable: ordered by the first, then the next).", valueName: "COL"))
    var sessionColumns: [String]

    @Option(name: .customLong("session-order"),
            help: ArgumentHelp("The order of the first session column's values (event names), comma-separated.", valueName: "a,b,c"))
    var sessionOrder: String?

    @Flag(name: .customLong("keep-unanswered-rows"),
          help: "Count a row where no audited instrument has an answer as a session (a missed administration of each).")
    var keepUnansweredRows = false

    @Option(name: .customLong("therapist"), help: ArgumentHelp("Therapist ID column.", valueName: "COL"))
    var therapistColumn: String?

    @OptionGroup(title: "Instruments, mapping and reading")
    var options: InstrumentOptions

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Output file, or '-' for standard output (default).", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("Output format (default: from -o's extension, else md).", valueName: "json|md|html"))
    var format: Format?

    @Option(name: .customLong("clients-out"),
            help: ArgumentHelp("Also write one CSV line per client session (scores, change, category, alert codes).", valueName: "FILE"))
    var clientsOut: String?

    @Option(name: .customLong("pseudonymize-key"),
            help: ArgumentHelp("Key file (≥ 16 bytes): replace every client and therapist ID by a keyed HMAC-SHA256 pseudonym.", valueName: "FILE"))
    var keyFile: String?

    @Flag(name: .customLong("include-clients"), help: "List clients (alerts by client) in the HTML report.")
    var includeClients = false

    @Option(name: .customLong("min-cell"), help: ArgumentHelp("Suppress therapists with fewer clients than N (default 5).", valueName: "N"))
    var minCell: Int = 5

    @Option(name: .customLong("norms"), help: ArgumentHelp("Reliable change from the definition's norms or the sample's SD and α.", valueName: "declared|sample"))
    var norms: AuditSettings.Norms = .declared

    @Option(name: .customLong("drop-points"), help: ArgumentHelp("Alliance 'drop' alert: a fall of at least N points from the previous administration.", valueName: "N"))
    var dropPoints: Double?

    @Option(name: .customLong("dip-points"), help: ArgumentHelp("Alliance 'rupture-repair' alert: a dip of at least N points below both neighbours.", valueName: "N"))
    var dipPoints: Double?

    @Option(name: .customLong("skip-alert"), help: ArgumentHelp("Turn an alert rule off (repeatable).", valueName: "below-cutoff|reliable-drop|drop|rupture-repair|ceiling"))
    var skipAlerts: [AlertRule.Kind] = []

    @Option(name: .customLong("confidence"), help: ArgumentHelp("Confidence level of the therapist intervals.", valueName: "P"))
    var confidence: Double = 0.95

    typealias Format = AuditRender.Format

    func validate() throws {
        if sessionColumns.isEmpty { throw ValidationError("Give the session column: --session COL (repeatable).") }
        if minCell < 1 { throw ValidationError("--min-cell must be at least 1.") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1.") }
        for p in [dropPoints, dipPoints].compactMap({ $0 }) where !(p > 0) {
            throw ValidationError("--drop-points and --dip-points must be positive.")
        }
    }

    func execute() throws {
        do {
            try audit()
        } catch var error as AuditError {
            error.message = "\(data): \(error.message)"
            throw error
        }
    }

    var resolvedFormat: Format { Format.chosen(format, output: output) }

    private func audit() throws {
        let instruments = try options.loadInstruments()
        if instruments.isEmpty { throw CommandFailure("give at least one --instrument", exitStatus: .unusable) }
        options.printNotices(instruments)
        let label: AuditPseudonymizer
        if let keyFile {
            InputFiles.register(keyFile)
            guard let bytes = FileManager.default.contents(atPath: keyFile) else {
                throw CommandFailure("cannot read the key file \(keyFile)", exitStatus: .unusable)
            }
            label = try AuditPseudonymizer(key: Array(bytes))
        } else {
            label = AuditPseudonymizer()
        }

        let input = InputSource(argument: data)
        var readerOptions = options.readerOptions
        // A --where value on the client or therapist column is an ID: withheld from every text.
        readerOptions.identifierColumns += [clientColumn] + (therapistColumn.map { [$0] } ?? [])
        let reader = try ResponseReader(input, options: readerOptions)
        var overrides: [AlertRule.Kind: Double] = [:]
        if let dropPoints { overrides[.drop] = dropPoints }
        if let dipPoints { overrides[.ruptureRepair] = dipPoints }
        let read = try AuditReading.read(
            reader, instruments: instruments, mapping: try options.mappingOptions(instrumentIDs: instruments.map(\.id)),
            naTokens: options.naTokens,
            columns: .init(client: clientColumn, sessions: sessionColumns, therapist: therapistColumn),
            pointOverrides: overrides, skip: Set(skipAlerts), file: input.description)
        Console.error(read.report.summary)
        if read.rows.isEmpty { throw DataReport.noRowsError(file: input.description, nothingTo: "audit") }
        let hint = AuditReading.duplicateHint(header: reader.header, sessionColumns: sessionColumns)
        let settings = AuditSettings(minCell: minCell, norms: norms, confidence: confidence,
                                     sessionColumns: sessionColumns,
                                     sessionOrder: sessionOrder.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) },
                                     keepUnansweredRows: keepUnansweredRows, duplicateHint: hint)
        let result = try ClinicAudit.run(rows: read.rows, measures: read.measures, settings: settings, label: label)

        let text = try resolvedFormat.document(result, includeClients: includeClients)
        let outputs = OutputSet()
        let out = try outputs.open(output, inputs: [data])
        if let clientsOut {
            try outputs.open(clientsOut, inputs: [data]).write(Array(AuditRender.clientsCSV(result).utf8))
        }
        try read.report.write(to: try options.openReport(in: outputs, inputs: [data]))
        try out.write(Array(text.utf8))
        try outputs.commit()
        Console.error("audit: \(result.clientCount) clients, \(result.rows) administrations, \(result.alerts.count) alerts"
                      + (result.therapistCount > 0 ? ", \(result.therapistCount) therapists" : ""))
        for line in AuditRender.sessionSummary(result) { Console.error("audit: " + line) }
    }
}

extension AuditSettings.Norms: ExpressibleByArgument {}
extension AuditRender.Format: ExpressibleByArgument {}
extension AlertRule.Kind: ExpressibleByArgument {}
