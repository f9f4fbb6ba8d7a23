import Foundation

/// Everything `rapport audit` reports. Client and therapist fields hold *labels*: the raw ID,
/// or a keyed pseudonym when the audit was given a key. Codable with sorted keys → same bytes
/// for the same input.
public struct AuditResult: Sendable, Hashable, Codable {
    public struct Measure: Sendable, Hashable, Codable {
        public var instrument: String
        public var abbreviation: String
        public var scale: String
        public var role: String
        public var cutoff: Double?
        public var cutoffCode: String?
        public var cutoffDirection: String?
        /// How reliable change is judged (``ChangeCriterion``).
        public var changeCriterion: ChangeCriterion
        /// Change (in points) that counts as reliable.
        public var reliableChangePoints: Double?
        /// SD and reliability behind the Jacobson–Truax SE of a difference, and its kind.
        public var rciSD: Double?
        public var rciReliability: Double?
        public var rciReliabilityKind: RCIReliabilityKind?
        public var seDifference: Double?
        public var alertRules: [Rule]
        public var administrations: Int
        public var meanScore: Double?
        /// Session number → quartiles of the scores at that session (the trajectory band).
        public var trajectory: [SessionBand]
        public var categories: [String: Int]
        public var alertCounts: [String: Int]
        /// Within-client reliability of change and its variance components (psych `mlr`),
        /// from the items of every administration; nil with fewer than 2 items or clients.
        public var multilevel: Multilevel? = nil
    }

    /// psych `mlr` coefficients of one measure over clients × sessions × items (issue 15 §3):
    /// `rc` / `rkf` … only when every client has the same sessions and every item (balanced);
    /// `rcn` / `rkrn` and the components always (REML, psych's lme option).
    public struct Multilevel: Sendable, Hashable, Codable {
        public var clients: Int
        public var sessions: Int
        public var items: Int
        public var balanced: Bool
        /// Reliability of change within clients (psych `Rcn`, REML).
        public var rcn: Double
        /// Reliability of a client's mean over sessions (psych `RkRn`, REML).
        public var rkrn: Double
        public var rc: Double?
        public var varianceClient: Double
        public var varianceClientSession: Double
        public var varianceResidual: Double
    }

    /// How reliable change is judged, as the JSON writes it.
    public enum ChangeCriterion: String, Sendable, Hashable, Codable {
        /// The points the definition declares (`<reliableChange points=…>`).
        case declaredPoints = "declared-points"
        /// Jacobson–Truax from the declared norm's SD and reliability.
        case jacobsonTruax = "jacobson-truax"
        /// Jacobson–Truax from the sample: SD of the first scores, α of the complete rows.
        case jacobsonTruaxSample = "jacobson-truax-sample"
        /// Neither points nor a norm with a reliability: change is not judged.
        case none
    }

    /// The reliability behind a Jacobson–Truax SE of a difference, as the JSON writes it.
    public enum RCIReliabilityKind: String, Sendable, Hashable, Codable {
        /// A declared norm's internal consistency.
        case alpha
        /// A declared norm's test–retest reliability.
        case testRetest = "test-retest"
        /// A declared norm that does not say which reliability it gives.
        case unstated
        /// α of the sample's complete administrations (`--norms sample`).
        case sampleAlpha = "alpha (sample)"

        /// The kind a declared norm states (``unstated`` when it states none).
        public init(_ declared: Norm.ReliabilityKind?) {
            switch declared {
            case .alpha: self = .alpha
            case .testRetest: self = .testRetest
            case nil: self = .unstated
            }
        }
    }

    public struct Rule: Sendable, Hashable, Codable {
        public var kind: String
        public var points: Double?
        public var minSessions: Int?
        public var cutoff: String?
        public var source: String?
    }

    public struct SessionBand: Sendable, Hashable, Codable {
        public var session: Int
        public var n: Int
        public var q1: Double
        public var median: Double
        public var q3: Double
    }

    public struct Alert: Sendable, Hashable, Codable {
        public var client: String
        public var therapist: String?
        public var instrument: String
        /// Session ordinal (1 = first session of the client), or nil for a whole-trajectory rule (ceiling).
        public var session: Int?
        /// The input's own session value of that session (`7`, `2026-01-12 14:30`,
        /// `therapy_arm_1/3`), nil for a whole-trajectory rule.
        public var sessionValue: String?
        /// The file line of that session's row, nil for a whole-trajectory rule.
        public var line: Int?
        public var rule: String
        public var score: Double?
        public var previous: Double?
        public var next: Double?
        public var threshold: Double?
    }

    public struct Change: Sendable, Hashable, Codable {
        public var instrument: String
        public var first: Double
        public var last: Double
        public var firstSession: Int
        public var lastSession: Int
        public var change: Double
        /// Jacobson–Truax RCI = change / SE_diff (nil without an SD and reliability).
        public var rci: Double?
        public var category: String
    }

    public struct Client: Sendable, Hashable, Codable {
        public var client: String
        /// The therapist of the client's first session (``therapists`` has every session's).
        public var therapist: String?
        public var sessions: Int
        /// Per session ordinal: the input's own session value and the row's file line.
        public var sessionValues: [String]
        public var lines: [Int]
        /// Per session ordinal: the session's therapist (nil: none known).
        public var therapists: [String?]
        /// Changes of therapist between consecutive sessions.
        public var therapistChanges: Int
        public var scores: [String: [Double?]]
        public var changes: [Change]
        public var alerts: [String]
    }

    public struct Fidelity: Sendable, Hashable, Codable {
        public var sessions: Int
        public var clients: Int
        /// Instrument → share of sessions where it was given.
        public var shareGiven: [String: Double]
        /// Share of clients whose alliance was measured at one of their first three sessions.
        public var allianceBySession3: Double?
        /// Instrument → longest run of consecutive sessions without it, over clients.
        public var longestMissedRun: [String: Int]
    }

    public struct Therapist: Sendable, Hashable, Codable {
        public var therapist: String
        public var suppressed: Bool
        /// Clients seen (a client who saw two therapists counts in both caseloads, with the
        /// sessions they had with each).
        public var clients: Int?
        /// Of ``clients``, those who also saw another therapist.
        public var sharedClients: Int?
        /// Sessions with this therapist.
        public var sessions: Int?
        /// Mean over clients of their mean alliance in the sessions with this therapist.
        public var meanAlliance: Double?
        public var lower: Double?
        public var upper: Double?
        /// Spearman–Brown reliability of this therapist's mean for their number of clients.
        public var meanReliability: Double?
        /// Share reliably improved among clients whose last outcome administration was with
        /// this therapist (change is judged over the whole treatment).
        public var shareReliablyImproved: Double?
        /// Share of alliance administrations with at least one alert.
        public var alertRate: Double?
        public var fidelity: Fidelity?
        public var note: String?
    }

    public struct TherapistEffect: Sendable, Hashable, Codable {
        public var instrument: String
        public var icc1: Double
        public var f: Double
        public var df1: Double
        public var df2: Double
        public var p: Double
        public var therapists: Int
        public var clients: Int
        /// Spearman–Brown reliability of a mean over the median caseload.
        public var medianCaseload: Double
        public var medianCaseloadReliability: Double
        public var statement: String
    }

    /// Sessions audited (administrations).
    public var rows: Int
    /// Rows in the input, sessions or not.
    public var rowsRead: Int
    /// Rows where no audited instrument has an answer (screening and other non-session
    /// events): not sessions unless ``unansweredRowsCounted``.
    public var rowsWithoutAnswers: Int
    public var unansweredRowsCounted: Bool
    public var clientCount: Int
    public var therapistCount: Int
    /// Kind of each session column, comma-separated: `number`, `date`, `event`.
    public var sessionOrder: String
    /// The order of the event names when the first event column holds them.
    public var eventOrder: [String]?
    /// Sessions whose therapist came from another row of their client.
    public var therapistCarried: Int
    /// Changes of therapist between consecutive sessions, over all clients.
    public var therapistChanges: Int
    public var clientsWithTherapistChange: Int
    /// Sessions without a therapist after carrying (counted only when some row has one).
    public var sessionsWithoutTherapist: Int
    public var pseudonymized: Bool
    public var minCell: Int
    public var norms: String
    public var confidence: Double
    public var measures: [Measure]
    public var alerts: [Alert]
    public var clients: [Client]
    public var therapists: [Therapist]
    public var therapistEffect: TherapistEffect?
    public var fidelity: Fidelity
    public var notes: [String]
}
