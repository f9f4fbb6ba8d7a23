/// A questionnaire definition: items, response scales, how scales are scored and read,
/// where each fact came from and under what licence it may be used.
///
/// An `Instrument` is an immutable value. It enters Rapport in one of two ways:
/// decoded from an XML definition (format version 1, see `docs/instrument-format.md`)
/// by ``InstrumentLoader``, or built in memory from the quick `--scale` syntax by
/// ``QuickScale``. Every later stage (scoring, reliability, screening, audit) reads only
/// this value, so both routes go through exactly the same code.
public struct Instrument: Sendable, Hashable, Identifiable {
    /// Stable identifier, lower-case with hyphens (`wai-sr`).
    public var id: String
    /// Version of this *definition* (not of the published instrument).
    public var version: String
    public var name: String
    public var abbreviation: String
    public var construct: Construct
    public var respondent: Respondent
    /// BCP 47 language tag of the form the key applies to (`en`).
    public var language: String
    public var description: String?

    public var responseScales: [ResponseScale]
    public var items: [Item]
    /// Scales in declaration order. Sub-scales come before the scales built from them.
    public var scales: [Scale]

    public var provenance: Provenance
    public var licence: Licence
    /// Optional generating model for `rapport simulate`.
    public var simulation: Simulation?

    /// SHA-256 (lower-case hex) of the definition's bytes, when it was loaded from a file
    /// or from the built-in library; of the canonical XML export otherwise.
    public var sha256: String

    public init(
        id: String, version: String, name: String, abbreviation: String,
        construct: Construct, respondent: Respondent, language: String = "en",
        description: String? = nil,
        responseScales: [ResponseScale], items: [Item], scales: [Scale],
        provenance: Provenance, licence: Licence, simulation: Simulation? = nil,
        sha256: String = ""
    ) {
        self.id = id
        self.version = version
        self.name = name
        self.abbreviation = abbreviation
        self.construct = construct
        self.respondent = respondent
        self.language = language
        self.description = description
        self.responseScales = responseScales
        self.items = items
        self.scales = scales
        self.provenance = provenance
        self.licence = licence
        self.simulation = simulation
        self.sha256 = sha256
    }
}

// MARK: - Identity

extension Instrument {
    /// What the instrument measures.
    public enum Construct: String, Sendable, Hashable, CaseIterable, Codable {
        case alliance, empathy, trust, ebp, outcome, other
    }

    /// Who fills it in.
    public enum Respondent: String, Sendable, Hashable, CaseIterable, Codable {
        case client, therapist, observer, patient, clinician
    }
}

// MARK: - Response scales

/// The answers an item accepts: a numeric grid `min, min+step, …, max`, its anchor labels,
/// and the codes that mean "missing" or "not applicable".
public struct ResponseScale: Sendable, Hashable, Identifiable {
    public var id: String
    public var min: Double
    public var max: Double
    /// Grid spacing: 1 for ordinary Likert items, 0.1 for the SRS/ORS visual-analogue lines.
    public var step: Double
    public var anchors: [Anchor]
    /// Tokens in the data that are not answers (e.g. `99` = missing, `NA`/`N/A` = not applicable).
    public var codes: [SpecialCode]

    public init(id: String, min: Double, max: Double, step: Double = 1,
                anchors: [Anchor] = [], codes: [SpecialCode] = []) {
        self.id = id
        self.min = min
        self.max = max
        self.step = step
        self.anchors = anchors
        self.codes = codes
    }

    public struct Anchor: Sendable, Hashable {
        public var value: Double
        public var label: String
        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    public struct SpecialCode: Sendable, Hashable {
        public enum Meaning: String, Sendable, Hashable, Codable {
            case missing
            case notApplicable = "not-applicable"
        }
        /// The literal cell content, compared after trimming ASCII spaces.
        public var token: String
        public var meaning: Meaning
        public var label: String?
        public init(token: String, meaning: Meaning, label: String? = nil) {
            self.token = token
            self.meaning = meaning
            self.label = label
        }
    }

    /// Reverse-keys `x` against the **declared** range: `min + max − x`.
    @inlinable
    public func reversed(_ x: Double) -> Double { min + max - x }

    /// Number of decimal places implied by `step` (0 for integer grids, 1 for 0.1 steps).
    public var decimals: Int {
        var s = step
        var d = 0
        while d < 6, abs(s.rounded() - s) > 1e-9 {
            s *= 10
            d += 1
        }
        return d
    }
}

// MARK: - Items

/// One question. Wording is never stored: only a short paraphrased label, if any.
public struct Item: Sendable, Hashable, Identifiable {
    public var id: String
    /// Position on the published form (1-based).
    public var number: Int
    /// Default column name in response files.
    public var column: String
    /// Identifier of the ``ResponseScale`` this item is answered on.
    public var responseScale: String
    /// Whether the item is reverse-keyed wherever it is scored, unless a scale overrides it.
    public var reversed: Bool
    /// A paraphrase of at most a few words, or `nil`.
    public var label: String?
    /// For attention-check items: the answer an attentive respondent gives.
    /// Such items are never scored; screening uses them.
    public var expectedAnswer: Double?

    public init(id: String, number: Int, column: String, responseScale: String,
                reversed: Bool = false, label: String? = nil, expectedAnswer: Double? = nil) {
        self.id = id
        self.number = number
        self.column = column
        self.responseScale = responseScale
        self.reversed = reversed
        self.label = label
        self.expectedAnswer = expectedAnswer
    }

    public var isAttentionCheck: Bool { expectedAnswer != nil }
}

// MARK: - Scales

/// A score built from items or from other scales, with its scoring rule, validity rule,
/// interpretation and the provenance of its key.
public struct Scale: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var members: [Member]
    public var scoring: Scoring
    public var validity: Validity
    /// CARE-style rule: up to `maxReplaced` not-applicable (or missing) answers are replaced
    /// by the mean of the answered items; more makes the score missing.
    public var replacement: Replacement?
    /// Optional linear transformation of the final score (TPS: mean 1–5 → 0–100).
    public var transform: Transform?
    public var interpretation: Interpretation
    /// Where this scale's key (item membership and reverse keys) comes from.
    public var key: KeyProvenance

    public init(id: String, name: String, members: [Member], scoring: Scoring,
                validity: Validity = Validity(), replacement: Replacement? = nil,
                transform: Transform? = nil, interpretation: Interpretation = Interpretation(),
                key: KeyProvenance) {
        self.id = id
        self.name = name
        self.members = members
        self.scoring = scoring
        self.validity = validity
        self.replacement = replacement
        self.transform = transform
        self.interpretation = interpretation
        self.key = key
    }

    /// An item or a sub-scale that enters this scale.
    public struct Member: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case item, scale }
        public var kind: Kind
        /// Item id or scale id.
        public var ref: String
        /// `nil`: the item's own keying applies. `true`/`false`: this scale overrides it
        /// (EBPAS reverses Divergence only inside the total). For a sub-scale member,
        /// `true` reverses the sub-scale score against its own possible range.
        public var reversed: Bool?
        /// Declares that this item is deliberately scored in a sibling scale too
        /// (otherwise the lint reports `lint.sibling-overlap`).
        public var shared: Bool
        public init(kind: Kind, ref: String, reversed: Bool? = nil, shared: Bool = false) {
            self.kind = kind
            self.ref = ref
            self.reversed = reversed
            self.shared = shared
        }
    }

    public enum Scoring: String, Sendable, Hashable, CaseIterable, Codable {
        /// Sum of answered members; requires every member unless a validity rule allows fewer.
        case sum
        /// Mean of answered members.
        case mean
        /// Mean of answered members × number of members.
        case proratedSum = "prorated-sum"
    }

    /// When a score counts as valid. Both limits may be given; both must hold.
    public struct Validity: Sendable, Hashable {
        /// Minimum number of answered members. `nil`: every member must be answered
        /// for `sum`, at least one for `mean`.
        public var minAnswered: Int?
        /// Maximum number of missing members.
        public var maxMissing: Int?
        public init(minAnswered: Int? = nil, maxMissing: Int? = nil) {
            self.minAnswered = minAnswered
            self.maxMissing = maxMissing
        }
    }

    public struct Replacement: Sendable, Hashable {
        public enum Applies: String, Sendable, Hashable, Codable {
            /// Only not-applicable answers are replaced; a missing answer makes the score missing.
            case notApplicable = "not-applicable"
            /// Not-applicable and missing answers alike (CARE's published rule).
            case notApplicableOrMissing = "not-applicable-or-missing"
        }
        public var maxReplaced: Int
        public var applies: Applies
        public init(maxReplaced: Int, applies: Applies) {
            self.maxReplaced = maxReplaced
            self.applies = applies
        }
    }

    /// `score' = (score − fromMin) / (fromMax − fromMin) × (toMax − toMin) + toMin`.
    public struct Transform: Sendable, Hashable {
        public var fromMin: Double
        public var fromMax: Double
        public var toMin: Double
        public var toMax: Double
        public var verification: Verification
        public init(fromMin: Double, fromMax: Double, toMin: Double, toMax: Double,
                    verification: Verification) {
            self.fromMin = fromMin
            self.fromMax = fromMax
            self.toMin = toMin
            self.toMax = toMax
            self.verification = verification
        }
        public func apply(_ x: Double) -> Double {
            (x - fromMin) / (fromMax - fromMin) * (toMax - toMin) + toMin
        }
    }
}

// MARK: - Interpretation

/// How a scale's score is read: cutoffs, bands, norms, reliable change, alert rules.
public struct Interpretation: Sendable, Hashable {
    public var cutoffs: [Cutoff]
    public var bands: [Band]
    public var norms: [Norm]
    /// A published reliable-change threshold in score points (ORS: 5), if any.
    public var reliableChange: ReliableChange?
    /// Session-monitoring rules for alliance measures (used by `rapport audit`).
    public var alerts: [AlertRule]

    public init(cutoffs: [Cutoff] = [], bands: [Band] = [], norms: [Norm] = [],
                reliableChange: ReliableChange? = nil, alerts: [AlertRule] = []) {
        self.cutoffs = cutoffs
        self.bands = bands
        self.norms = norms
        self.reliableChange = reliableChange
        self.alerts = alerts
    }
}

/// A flag raised when a score lies on one side of a value.
public struct Cutoff: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, Codable {
        /// Flag scores below the value (`score < value`, or `≤` when inclusive).
        case below
        /// Flag scores above the value (`score > value`, or `≥` when inclusive).
        case above
    }
    /// Short machine code written into outputs (`low-alliance`).
    public var code: String
    public var value: Double
    public var direction: Direction
    /// Whether a score exactly at `value` is flagged.
    public var inclusive: Bool
    public var label: String
    public var source: String?
    public var verification: Verification

    public init(code: String, value: Double, direction: Direction, inclusive: Bool,
                label: String, source: String? = nil, verification: Verification) {
        self.code = code
        self.value = value
        self.direction = direction
        self.inclusive = inclusive
        self.label = label
        self.source = source
        self.verification = verification
    }

    public func flags(_ score: Double) -> Bool {
        switch direction {
        case .below: inclusive ? score <= value : score < value
        case .above: inclusive ? score >= value : score > value
        }
    }
}

/// A labelled score range `[lower, upper]` (both inclusive).
public struct Band: Sendable, Hashable {
    public var lower: Double
    public var upper: Double
    public var label: String
    public var source: String?
    public var verification: Verification
    public init(lower: Double, upper: Double, label: String, source: String? = nil,
                verification: Verification) {
        self.lower = lower
        self.upper = upper
        self.label = label
        self.source = source
        self.verification = verification
    }
}

/// Published distribution of a scale's score in a named population.
public struct Norm: Sendable, Hashable {
    public enum Population: String, Sendable, Hashable, Codable {
        case clinical, nonclinical, general
    }
    public enum ReliabilityKind: String, Sendable, Hashable, Codable {
        case alpha
        case testRetest = "test-retest"
    }
    public var id: String
    public var population: Population
    public var description: String
    public var mean: Double
    public var sd: Double
    public var n: Int?
    public var reliability: Double?
    public var reliabilityKind: ReliabilityKind?
    public var source: String
    public var verification: Verification

    public init(id: String, population: Population, description: String, mean: Double,
                sd: Double, n: Int? = nil, reliability: Double? = nil,
                reliabilityKind: ReliabilityKind? = nil, source: String,
                verification: Verification) {
        self.id = id
        self.population = population
        self.description = description
        self.mean = mean
        self.sd = sd
        self.n = n
        self.reliability = reliability
        self.reliabilityKind = reliabilityKind
        self.source = source
        self.verification = verification
    }
}

/// A published reliable-change threshold in raw score points.
public struct ReliableChange: Sendable, Hashable {
    public var points: Double
    public var source: String
    public var verification: Verification
    public init(points: Double, source: String, verification: Verification) {
        self.points = points
        self.source = source
        self.verification = verification
    }
}

/// A session-monitoring rule, evaluated per client over their sessions.
public struct AlertRule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Score below (or at, when inclusive) the scale's cutoff with the given code.
        case belowCutoff = "below-cutoff"
        /// Drop from the previous session larger than the reliable-change threshold.
        case reliableDrop = "reliable-drop"
        /// Drop from the previous session of at least `points`.
        case drop
        /// High → low → high across three consecutive sessions, the dip at least `points`.
        case ruptureRepair = "rupture-repair"
        /// The maximum possible score at every session (at least `minSessions` sessions).
        case ceiling
    }
    public var kind: Kind
    public var points: Double?
    public var minSessions: Int?
    public var cutoff: String?
    public var source: String?
    public var verification: Verification
    public init(kind: Kind, points: Double? = nil, minSessions: Int? = nil,
                cutoff: String? = nil, source: String? = nil, verification: Verification) {
        self.kind = kind
        self.points = points
        self.minSessions = minSessions
        self.cutoff = cutoff
        self.source = source
        self.verification = verification
    }
}

// MARK: - Provenance and licence

/// How well a fact is established, from the source each fact cites (`source` beside it).
public enum Verification: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Read from the primary source (or ≥ 2 independent sources that agree).
    case primary
    /// From a good secondary source.
    case secondary
    /// Recalled or from one weak source; scoring with it prints a warning.
    case unverified

    public static func < (a: Self, b: Self) -> Bool {
        let order: [Self] = [.primary, .secondary, .unverified]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// Where a scale's key comes from.
public struct KeyProvenance: Sendable, Hashable {
    public var source: String
    public var verification: Verification
    public var note: String?
    public init(source: String, verification: Verification, note: String? = nil) {
        self.source = source
        self.verification = verification
        self.note = note
    }
}

public struct Provenance: Sendable, Hashable {
    public var citation: String
    public var doi: String?
    public var url: String?
    public var notes: [String]
    public init(citation: String, doi: String? = nil, url: String? = nil, notes: [String] = []) {
        self.citation = citation
        self.doi = doi
        self.url = url
        self.notes = notes
    }
}

public struct Licence: Sendable, Hashable {
    public enum Use: String, Sendable, Hashable, Codable, CaseIterable {
        case free
        case researchOnly = "research-only"
        case permissionRequired = "permission-required"
        case commercial
        case unknown
    }
    public var use: Use
    public var holder: String?
    /// Terms shown to the user, once, whenever the instrument is used.
    public var terms: String
    public init(use: Use, holder: String? = nil, terms: String) {
        self.use = use
        self.holder = holder
        self.terms = terms
    }
}

// MARK: - Simulation

/// Parameters of the graded-response (normal-ogive) model `rapport simulate` draws from.
public struct Simulation: Sendable, Hashable {
    /// Default standardized loading for items without their own.
    public var defaultLoading: Double
    /// Per-item loadings, by item id.
    public var loadings: [String: Double]
    /// Latent correlation between the top-level factors (sub-scales), if more than one.
    public var factorCorrelation: Double
    /// Optional category thresholds on the latent normal scale (k−1 values); equally
    /// spaced from the item's mean position when absent.
    public var thresholds: [Double]?
    public init(defaultLoading: Double = 0.7, loadings: [String: Double] = [:],
                factorCorrelation: Double = 0.6, thresholds: [Double]? = nil) {
        self.defaultLoading = defaultLoading
        self.loadings = loadings
        self.factorCorrelation = factorCorrelation
        self.thresholds = thresholds
    }
}

// MARK: - Lookup

extension Instrument {
    public func item(_ id: String) -> Item? { items.first { $0.id == id } }
    public func scale(_ id: String) -> Scale? { scales.first { $0.id == id } }
    public func responseScale(_ id: String) -> ResponseScale? {
        responseScales.first { $0.id == id }
    }
    public func responseScale(for item: Item) -> ResponseScale? {
        responseScale(item.responseScale)
    }

    /// Items of a scale after expanding sub-scales, each with its effective keying
    /// (the member's override, else the item's own). Order of first appearance.
    public func expandedItems(of scale: Scale) -> [(item: Item, reversed: Bool)] {
        var out: [(Item, Bool)] = []
        var seen = Set<String>()
        func visit(_ s: Scale, depth: Int, flip: Bool) {
            guard depth < 32 else { return }
            for m in s.members {
                switch m.kind {
                case .item:
                    guard let it = item(m.ref), !seen.contains(it.id) else { continue }
                    seen.insert(it.id)
                    let r = (m.reversed ?? it.reversed) != flip
                    out.append((it, r))
                case .scale:
                    guard let sub = self.scale(m.ref) else { continue }
                    visit(sub, depth: depth + 1, flip: flip != (m.reversed ?? false))
                }
            }
        }
        visit(scale, depth: 0, flip: false)
        return out
    }

    /// The weakest verification level among the keys, cutoffs and norms of the given scales.
    public var weakestKeyVerification: Verification {
        scales.map(\.key.verification).max() ?? .primary
    }

    /// Scales whose key is `unverified`.
    public var unverifiedScales: [Scale] {
        scales.filter { $0.key.verification == .unverified }
    }
}
