import Foundation

/// How `rapport audit` reads a session export into ``AuditRow``s: each instrument's audited
/// scale (its `total`, else its first) scored by the instrument's own rules (``Scorer``),
/// that scale's item values, and the client, session and therapist cells — the ID columns
/// are read as pass-through columns first, whatever `--keep` adds. Nothing here prints an ID.
public enum AuditReading {
    /// The columns that identify an administration, as the user named them (matched as the
    /// mapping matches any column: exact name first, else ignoring case).
    public struct Columns: Sendable, Hashable {
        public var client: String
        public var sessions: [String]
        public var therapist: String?

        public init(client: String, sessions: [String], therapist: String?) {
            self.client = client
            self.sessions = sessions
            self.therapist = therapist
        }

        /// Client, sessions and therapist, each once, in that order.
        public var all: [String] {
            var out: [String] = []
            for c in [client] + sessions + (therapist.map { [$0] } ?? []) where !out.contains(c) { out.append(c) }
            return out
        }
    }

    /// What a reading gives: one row per data row read, one measure per instrument, and the
    /// data report (its summary for standard error).
    public struct Result: Sendable {
        public var rows: [AuditRow]
        public var measures: [AuditMeasure]
        public var report: DataReport
    }

    /// Reads every row of `reader`.
    /// - Parameters:
    ///   - mapping: the mapping options of the run (`--map`, `--prefix`, `--keep`, …); the ID
    ///     columns are put first among the kept columns.
    ///   - naTokens: the extra missing tokens (`--na`; `NA` always is one).
    ///   - pointOverrides, skip: `--drop-points`/`--dip-points` and `--skip-alert`
    ///     (``AuditMeasure/make(instrument:scaleIndex:range:pointOverrides:skip:)``).
    public static func read(_ reader: ResponseReader, instruments: [Instrument], mapping options: MappingOptions,
                            naTokens: [String], columns: Columns, pointOverrides: [AlertRule.Kind: Double],
                            skip: Set<AlertRule.Kind>, file: String) throws -> Result {
        var options = options
        options.itemIDColumns = reader.format.isFHIR
        let idColumns = columns.all
        options.keep = idColumns + options.keep.filter { !idColumns.contains($0) }
        let mapping = try ColumnMapping.resolve(instruments: instruments, header: reader.header, file: file,
                                                options: options)
        let plan = try ColumnPlan(
            header: reader.header,
            requests: mapping.requests(instruments),
            passthrough: mapping.passthroughColumns.map { reader.header[$0] }, id: nil, naTokens: ["NA"] + naTokens,
            file: file)
        var scorers: [Scorer] = []
        var scaleIndex: [Int] = []
        var measures: [AuditMeasure] = []
        for (i, inst) in instruments.enumerated() {
            let scorer = try Scorer(instrument: inst, itemSlots: mapping.itemSlots[i])
            let s = scorer.scales.firstIndex { $0.id == "total" } ?? 0
            scorers.append(scorer)
            scaleIndex.append(s)
            measures.append(.make(instrument: inst, scaleIndex: inst.scales.firstIndex { $0.id == scorer.scales[s].id } ?? s,
                                  range: scorer.possibleRange(ofScale: s), pointOverrides: pointOverrides, skip: skip))
        }
        let itemSlots = scorers.enumerated().map { i, sc in sc.itemSlots(ofScale: scaleIndex[i]) }
        // The pass-through position of a column the user named (in any case: the mapping resolved it).
        func passPosition(_ name: String) -> Int? {
            ColumnMapping.column(name, in: reader.header).flatMap { mapping.passthroughColumns.firstIndex(of: $0) }
        }
        let client = passPosition(columns.client)!
        let session = columns.sessions.map { passPosition($0)! }
        let instrumentSlots = mapping.itemSlots.map { Array($0.values) }
        let therapist = columns.therapist.flatMap(passPosition)
        var rows: [AuditRow] = []
        let sc = scorers, si = scaleIndex
        let report = try reader.read(plan: plan, transform: { block -> [AuditRow] in
            let scored = sc.map { $0.score(block) }
            return (0..<block.rowCount).map { r in
                let pass = block.passthrough[r]
                return AuditRow(
                    line: block.lines[r], client: pass[client], therapist: therapist.map { pass[$0] },
                    sessions: session.map { pass[$0] },
                    scores: scored.enumerated().map { i, b in
                        let x = b.score(row: r, scale: si[i])
                        return x.isNaN ? nil : x
                    },
                    items: itemSlots.map { slots in
                        slots.map { s in block.status(row: r, slot: s) == .answered ? block.value(row: r, slot: s) : nil }
                    },
                    hasAnswer: instrumentSlots.contains { slots in slots.contains { block.status(row: r, slot: $0) != .missing } })
            }
        }, sink: { rows.append(contentsOf: $0) })
        return Result(rows: rows, measures: measures, report: report)
    }

    /// REDCap: a repeating event's instances share the event name. When the file has a
    /// `redcap_repeat_instance` column the sessions do not include, the hint that names it
    /// (``AuditSettings/duplicateHint``); else `nil`.
    public static func duplicateHint(header: [String], sessionColumns: [String]) -> String? {
        let instance = "redcap_repeat_instance"
        return ColumnMapping.column(instance, in: header) != nil
            && !sessionColumns.contains { ColumnMapping.column($0, in: header) == ColumnMapping.column(instance, in: header) }
            ? "add --session \(instance) after --session \(sessionColumns.joined(separator: " --session ")) to order a repeating event's instances"
            : nil
    }
}

extension AuditRender {
    /// The forms `rapport audit` writes (`--format`).
    public enum Format: String, Sendable, CaseIterable {
        case json, md, html

        /// `--format` when given, else the output's extension when it names a format (`.json`,
        /// `.md`, `.markdown`, `.html`, any case), else Markdown.
        public static func chosen(_ format: Format?, output: String?) -> Format {
            if let format { return format }
            if let output, let ext = output.split(separator: ".").last, output.contains("."),
               let f = Format(rawValue: ext == "markdown" ? "md" : ext.lowercased()) { return f }
            return .md
        }

        /// `result` in this format (HTML lists clients only with `includeClients`).
        public func document(_ result: AuditResult, includeClients: Bool) throws -> String {
            switch self {
            case .json: try AuditRender.json(result)
            case .md: AuditRender.markdown(result)
            case .html: AuditHTML.render(result, includeClients: includeClients)
            }
        }
    }
}
