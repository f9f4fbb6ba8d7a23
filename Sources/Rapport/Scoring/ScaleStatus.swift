/// Why a scale score is present or missing for one row.
///
/// Written into the `<instrument>.<scale>.flags` output column as `invalid:<reason>`
/// (``reason``) whenever the score is missing by rule.
public enum ScaleStatus: UInt8, Sendable, Hashable, CaseIterable, Codable {
    /// The score is present.
    case valid = 0
    /// No member was answered.
    case noAnswers = 1
    /// A `sum` scale without an explicit validity rule needs every member answered.
    case incomplete = 2
    /// Fewer answered members than the scale's `minAnswered`.
    case tooFewAnswered = 3
    /// More missing members than the scale's `maxMissing`.
    case tooManyMissing = 4
    /// More not-applicable (or missing, per the rule) answers than the replacement rule
    /// may replace (CARE: more than 2).
    case tooManyReplaced = 5
    /// The replacement rule replaces only not-applicable answers, and one was missing.
    case missingNotReplaceable = 6
    /// A sub-scale this scale is built from has no score.
    case subscaleMissing = 7

    public var isValid: Bool { self == .valid }

    /// The short machine-readable reason written after `invalid:`.
    public var reason: String {
        switch self {
        case .valid: "valid"
        case .noAnswers: "no-answers"
        case .incomplete: "incomplete"
        case .tooFewAnswered: "too-few-answered"
        case .tooManyMissing: "too-many-missing"
        case .tooManyReplaced: "too-many-replaced"
        case .missingNotReplaceable: "missing-not-replaceable"
        case .subscaleMissing: "subscale-missing"
        }
    }
}
