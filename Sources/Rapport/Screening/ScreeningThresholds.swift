/// An index that can flag a row. The raw value names the flag in outputs (`longstring`, …).
public enum ScreeningIndex: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case longstring
    case irv
    case mahalanobis
    case evenOdd = "even-odd"
    case antonym
    case personTotal = "person-total"
    case attention
    case duration

    /// Whether the index compares a row with the whole sample (needs a first pass).
    public var needsSampleMoments: Bool { self == .mahalanobis || self == .personTotal }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// When an index flags a row. Every rule can be changed on the command line; a `nil` rule
/// never flags (the index is still reported).
///
/// Defaults (see `docs/screening.md` for how they were measured on `rapport simulate` data):
/// ```
/// longstring    longest run of identical raw answers ≥ 0.8 × answered items (and ≥ 5, or
///               every item of a form with fewer than 5),
///               unless the run is entirely at the keyed ceiling
/// mahalanobis   p < 0.005  (χ², df = answered items)
/// irv           — (reported only; straight lines are longstring's job)
/// even-odd      — (reported only; with 3–5 sub-scales it rests on 3–5 points)
/// antonym       — (reported only)
/// person-total  — (reported only; noise when the item means barely differ)
/// attention     at least 1 attention check answered otherwise than expected (or skipped)
/// duration      < 2 seconds per answered item (only with --duration)
/// ```
public struct ScreeningThresholds: Sendable, Hashable {
    /// Flag when the longest raw run ≥ this fraction of the answered items.
    public var longstringFraction: Double? = 0.8
    /// …and the run is at least this long (so a long form is not flagged on 3 equal answers
    /// among 4 answered), or as long as the whole form when it has fewer items (SRS: all 4).
    public var longstringMinimumRun: Int = 5
    /// Whether a run entirely at the ceiling (every answer the keyed maximum) flags too. Off by
    /// default: on ceiling-skewed alliance and empathy forms without reverse-keyed items,
    /// "the best answer everywhere" is common among attentive respondents (7.7% of them in a
    /// WAI-SR-like simulation) and indistinguishable from a straight line at the top. With
    /// reverse-keyed items a raw straight line is never at the keyed ceiling, so it still flags.
    public var longstringAtCeiling: Bool = false
    /// Flag when IRV is below this value (straight-lining).
    public var irvBelow: Double? = nil
    /// Flag when IRV is above this value (random answering, Marjanovic et al., 2015).
    public var irvAbove: Double? = nil
    /// Flag when the χ² p-value of D² is below this.
    public var mahalanobisP: Double? = 0.005
    /// Flag when even-odd (careless sign: higher = less consistent) is above this.
    public var evenOddAbove: Double? = nil
    /// Flag when the antonym correlation is above this (attentive respondents are negative).
    public var antonymAbove: Double? = nil
    /// Flag when the person–total correlation is below this.
    public var personTotalBelow: Double? = nil
    /// Person–total needs at least this many answered items to flag.
    public var personTotalMinimumItems: Int = 6
    /// Flag when at least this many attention checks fail (a skipped check fails).
    public var attentionFailures: Int? = 1
    /// Flag when the duration is below this many seconds per answered item.
    public var secondsPerItem: Double? = 2

    public init() {}

    /// The indices whose rules can flag.
    public var activeIndices: Set<ScreeningIndex> {
        var s = Set<ScreeningIndex>()
        if longstringFraction != nil { s.insert(.longstring) }
        if irvBelow != nil || irvAbove != nil { s.insert(.irv) }
        if mahalanobisP != nil { s.insert(.mahalanobis) }
        if evenOddAbove != nil { s.insert(.evenOdd) }
        if antonymAbove != nil { s.insert(.antonym) }
        if personTotalBelow != nil { s.insert(.personTotal) }
        if attentionFailures != nil { s.insert(.attention) }
        if secondsPerItem != nil { s.insert(.duration) }
        return s
    }
}

extension ScreeningThresholds {
    /// The active flag rules in words, for reports (`longstring ≥ 80% of answered items
    /// (run ≥ 5); mahalanobis p < 0.005; …`).
    public var summary: String {
        var parts: [String] = []
        if let f = longstringFraction {
            parts.append("longstring ≥ \(Int((f * 100).rounded()))% of answered items (run ≥ \(longstringMinimumRun)\(longstringAtCeiling ? ", ceiling lines too" : ", not at the ceiling"))")
        }
        if let v = irvBelow { parts.append("irv < \(v)") }
        if let v = irvAbove { parts.append("irv > \(v)") }
        if let p = mahalanobisP { parts.append("mahalanobis p < \(p)") }
        if let v = evenOddAbove { parts.append("even-odd > \(v)") }
        if let v = antonymAbove { parts.append("antonym > \(v)") }
        if let v = personTotalBelow { parts.append("person-total < \(v) (≥ \(personTotalMinimumItems) items)") }
        if let n = attentionFailures { parts.append("attention failures ≥ \(n)") }
        if let s = secondsPerItem { parts.append("duration < \(s) s per item (with --duration)") }
        return parts.isEmpty ? "no index flags" : parts.joined(separator: "; ")
    }
}
