import Foundation

/// One row of a clinic's session export, as the audit sees it.
///
/// `client`, `therapist` are the raw identifiers (never printed by the audit: outputs use
/// ``AuditPseudonymizer`` labels, messages use `line`). `sessions` holds the raw text of each
/// session column (``SessionValue`` lists the accepted forms): one column, or several ordered
/// one after the other (`redcap_event_name`, then `redcap_repeat_instance`).
public struct AuditRow: Sendable, Hashable {
    public var line: Int
    public var client: String
    /// The therapist cell; empty or nil when the row has none (the audit carries the record's
    /// value from its other rows, see ``ClinicAudit``).
    public var therapist: String?
    public var sessions: [String]
    /// Per instrument: the audited scale's score, `nil` when not given or invalid.
    public var scores: [Double?]
    /// Per instrument: the audited scale's item values (raw, `nil` when missing), used for
    /// the sample's α under `--norms sample`.
    public var items: [[Double?]]
    /// Whether any item of any audited instrument holds something (an answer, a not-applicable
    /// code or an invalid value). A row without is not an administration (a REDCap screening
    /// event) unless ``AuditSettings/keepUnansweredRows``.
    public var hasAnswer: Bool

    /// The first session column's text.
    public var session: String { sessions.first ?? "" }

    public init(line: Int, client: String, therapist: String?, sessions: [String],
                scores: [Double?], items: [[Double?]], hasAnswer: Bool = true) {
        self.line = line
        self.client = client
        self.therapist = therapist
        self.sessions = sessions
        self.scores = scores
        self.items = items
        self.hasAnswer = hasAnswer
    }

    public init(line: Int, client: String, therapist: String?, session: String,
                scores: [Double?], items: [[Double?]], hasAnswer: Bool = true) {
        self.init(line: line, client: client, therapist: therapist, sessions: [session],
                  scores: scores, items: items, hasAnswer: hasAnswer)
    }
}

/// What the audit knows about one instrument: its audited scale and the rules to apply.
public struct AuditMeasure: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable { case alliance, outcome, other }

    public var instrument: String
    public var abbreviation: String
    public var scale: String
    public var role: Role
    /// Lowest and highest possible score of the scale (ceiling rule).
    public var range: ClosedRange<Double>
    public var cutoff: Cutoff?
    public var norm: Norm?
    public var reliableChange: ReliableChange?
    /// Alert rules after flags were applied.
    public var alerts: [AlertRule]

    public init(instrument: String, abbreviation: String, scale: String, role: Role,
                range: ClosedRange<Double>, cutoff: Cutoff?, norm: Norm?,
                reliableChange: ReliableChange?, alerts: [AlertRule]) {
        self.instrument = instrument
        self.abbreviation = abbreviation
        self.scale = scale
        self.role = role
        self.range = range
        self.cutoff = cutoff
        self.norm = norm
        self.reliableChange = reliableChange
        self.alerts = alerts
    }

    /// The measure of scale `scaleIndex` of `instrument`, its rules taken from the definition
    /// and then changed by the command-line overrides (`points` per alert kind; `skip` kinds).
    public static func make(instrument: Instrument, scaleIndex: Int, range: ClosedRange<Double>,
                            pointOverrides: [AlertRule.Kind: Double] = [:],
                            skip: Set<AlertRule.Kind> = []) -> AuditMeasure {
        let scale = instrument.scales[scaleIndex]
        let interp = scale.interpretation
        let role: Role = switch instrument.construct {
        case .alliance, .empathy, .trust: .alliance
        case .outcome: .outcome
        default: .other
        }
        var rules = interp.alerts.filter { !skip.contains($0.kind) }
        for (kind, points) in pointOverrides.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where !skip.contains(kind) && role == .alliance {
            if let i = rules.firstIndex(where: { $0.kind == kind }) {
                rules[i].points = points
                rules[i].source = "command line"
            } else {
                rules.append(AlertRule(kind: kind, points: points, source: "command line", verification: .unverified))
            }
        }
        // The cutoff a below-cutoff rule names, else the first declared cutoff.
        let cutoffCode = interp.alerts.first { $0.kind == .belowCutoff }?.cutoff
        let cutoff = interp.cutoffs.first { $0.code == cutoffCode } ?? interp.cutoffs.first
        let norm = interp.norms.first { $0.reliability != nil } ?? interp.norms.first
        return AuditMeasure(instrument: instrument.id, abbreviation: instrument.abbreviation,
                            scale: scale.id, role: role, range: range, cutoff: cutoff, norm: norm,
                            reliableChange: interp.reliableChange, alerts: rules)
    }
}

/// Options of an audit run that are not per instrument.
public struct AuditSettings: Sendable, Hashable {
    public enum Norms: String, Sendable, Hashable, Codable { case declared, sample }
    /// Therapists with fewer clients than this have their cells suppressed.
    public var minCell: Int
    public var norms: Norms
    /// Confidence level of the therapist-mean intervals.
    public var confidence: Double
    /// z of the Jacobson–Truax criterion (1.96).
    public var rciZ: Double

    /// Names of the session columns, for messages (``AuditRow/sessions`` in this order).
    public var sessionColumns: [String]
    /// The order of the first session column's values (REDCap event names), when given
    /// (`--session-order`); otherwise numbers and dates order themselves and event names are
    /// ordered as the records list them.
    public var sessionOrder: [String]?
    /// Count a row where no audited instrument has an answer as a session (a missed
    /// administration of every measure). Off by default: such a row is a non-session event.
    public var keepUnansweredRows: Bool
    /// Appended to the message about two rows of one client with the same session (for
    /// example the REDCap column that would tell them apart).
    public var duplicateHint: String?

    public init(minCell: Int = 5, norms: Norms = .declared, confidence: Double = 0.95, rciZ: Double = 1.96,
                sessionColumns: [String] = ["session"], sessionOrder: [String]? = nil,
                keepUnansweredRows: Bool = false, duplicateHint: String? = nil) {
        self.minCell = minCell
        self.norms = norms
        self.confidence = confidence
        self.rciZ = rciZ
        self.sessionColumns = sessionColumns
        self.sessionOrder = sessionOrder
        self.keepUnansweredRows = keepUnansweredRows
        self.duplicateHint = duplicateHint
    }
}

/// Bad session data, named by line only (never by a client or therapist ID).
public struct AuditError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
