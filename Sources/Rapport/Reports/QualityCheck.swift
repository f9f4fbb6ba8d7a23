import RapportStatistics

/// The gates of `rapport check`: thresholds a data set must meet, evaluated on a
/// ``ReliabilityReport`` and the reading counts, with one ``Result`` per scale and gate.
///
/// Definitions (each result states its value and limit):
/// - `min-alpha`: raw Cronbach's α of the scale ≥ limit.
/// - `min-omega`: ω total of the scale ≥ limit (ω needs 3 items; fewer → not evaluated).
/// - `max-missing-rate`: share of the scale's item cells without a usable answer (empty,
///   `NA`, not applicable, or invalid read as missing), over every row read, ≤ limit.
/// - `max-invalid-rate`: share of all mapped item cells of the file that were invalid
///   (non-numeric, out of range, off the response grid), ≤ limit; one result for the file.
/// - `max-flagged-rate`: share of rows flagged by the careless-responding screen, per
///   instrument, ≤ limit.
/// An undefined value (α of a 1-item scale) fails its gate: it cannot show the data are fit.
public struct QualityCheck: Sendable, Hashable {
    public enum Gate: String, Sendable, Hashable, CaseIterable, Codable {
        case minAlpha = "min-alpha"
        case minOmega = "min-omega"
        case maxMissingRate = "max-missing-rate"
        case maxInvalidRate = "max-invalid-rate"
        case maxFlaggedRate = "max-flagged-rate"

        /// Whether the value must be at least (`true`) or at most the limit.
        public var isMinimum: Bool { self == .minAlpha || self == .minOmega }
        /// The quantity in words.
        public var quantity: String {
            switch self {
            case .minAlpha: "α"
            case .minOmega: "ω total"
            case .maxMissingRate: "missing rate"
            case .maxInvalidRate: "invalid rate"
            case .maxFlaggedRate: "flagged rate"
            }
        }
    }

    public enum Outcome: String, Sendable, Hashable, Codable {
        case passed, failed
        /// The value could not be computed for a structural reason (ω of a 2-item scale).
        case notEvaluated = "not-evaluated"
    }

    public struct Result: Sendable, Hashable, Codable {
        /// Scale id as in the report, an instrument id (flagged rate) or `"(file)"` (invalid rate).
        public var scale: String
        public var gate: Gate
        public var value: Double?
        public var limit: Double
        public var outcome: Outcome
        public var reason: String?

        enum CodingKeys: String, CodingKey { case scale, gate, value, limit, outcome, reason }

        /// Every key always present (`null` for an undefined value or no reason).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(scale, forKey: .scale)
            try c.encode(gate, forKey: .gate)
            if let value { try c.encode(value, forKey: .value) } else { try c.encodeNil(forKey: .value) }
            try c.encode(limit, forKey: .limit)
            try c.encode(outcome, forKey: .outcome)
            if let reason { try c.encode(reason, forKey: .reason) } else { try c.encodeNil(forKey: .reason) }
        }

        /// One line: `task: min-alpha failed: α = 0.6312 < 0.70`.
        public var message: String {
            let v = value.map(QualityCheck.number) ?? "undefined"
            switch outcome {
            case .passed:
                return "\(scale): \(gate.rawValue) passed: \(gate.quantity) = \(v) \(gate.isMinimum ? "≥" : "≤") \(QualityCheck.number(limit))"
            case .failed:
                let why = reason.map { " (\($0))" } ?? ""
                return "\(scale): \(gate.rawValue) failed: \(gate.quantity) = \(v) \(gate.isMinimum ? "<" : ">") \(QualityCheck.number(limit))\(why)"
            case .notEvaluated:
                return "\(scale): \(gate.rawValue) not evaluated: \(reason ?? "no value")"
            }
        }
    }

    public var results: [Result]

    /// Every gate evaluated; `true` when none failed.
    public var passed: Bool { !results.contains { $0.outcome == .failed } }
    public var failures: [Result] { results.filter { $0.outcome == .failed } }

    /// - Parameters:
    ///   - limits: the gates asked for, with their limits.
    ///   - invalidRate: the file's invalid cell share (for `max-invalid-rate`).
    ///   - flaggedRates: per instrument id, the share of rows flagged (for `max-flagged-rate`).
    ///   - moments: each scale's moments, in the order of `report.scales`: the missing rate
    ///     then counts every item, including those left out of the coefficients (no variance,
    ///     or no answer at all: a scale nobody answered has missing rate 1).
    public init(report: ReliabilityReport, limits: [Gate: Double], invalidRate: Double?,
                flaggedRates: [(instrument: String, rate: Double)] = [], moments: [ScaleMoments]? = nil) {
        var out: [Result] = []
        func judge(_ scale: String, _ gate: Gate, _ value: Double?, reason: String? = nil) {
            guard let limit = limits[gate] else { return }
            guard let value, value.isFinite else {
                out.append(Result(scale: scale, gate: gate, value: nil, limit: limit, outcome: .failed,
                                  reason: reason ?? "the value is undefined"))
                return
            }
            let ok = gate.isMinimum ? value >= limit : value <= limit
            out.append(Result(scale: scale, gate: gate, value: value, limit: limit, outcome: ok ? .passed : .failed,
                              reason: nil))
        }
        for (index, s) in report.scales.enumerated() {
            judge(s.id, .minAlpha, s.alpha.raw)
            if let limit = limits[.minOmega] {
                if s.omega == nil || s.itemStatistics.count < 3 {
                    // A 2-item ω is psych's number but not identified (Spearman–Brown of r): no gate on it.
                    out.append(Result(scale: s.id, gate: .minOmega, value: nil, limit: limit, outcome: .notEvaluated,
                                      reason: "ω needs at least 3 items with variance; this scale has \(s.itemStatistics.count)"))
                } else {
                    judge(s.id, .minOmega, s.omega?.total)
                }
            }
            if let moments, index < moments.count {
                judge(s.id, .maxMissingRate, Self.missingRate(moments[index]))
            } else {
                judge(s.id, .maxMissingRate, Self.missingRate(s))
            }
        }
        judge("(file)", .maxInvalidRate, invalidRate)
        for f in flaggedRates { judge(f.instrument, .maxFlaggedRate, f.rate) }
        results = out
    }

    /// Mean over the scale's items (analysed and excluded alike are counted by row) of the
    /// share of rows without a usable answer: the items' `missing` frequency.
    public static func missingRate(_ s: ScaleReliability) -> Double? {
        let rates = s.itemStatistics.compactMap { $0.frequencies["missing"] ?? nil }
        guard !rates.isEmpty, rates.count == s.itemStatistics.count else { return nil }
        return rates.reduce(0, +) / Double(rates.count)
    }

    /// Mean over every item of the scale of the share of rows read without a usable answer:
    /// `mean_i (1 − answered_i / rows)`; `nil` when no row was read.
    public static func missingRate(_ m: ScaleMoments) -> Double? {
        guard m.rows > 0, m.itemCount > 0 else { return nil }
        let rows = Double(m.rows)
        let sum = m.answeredCounts.reduce(0.0) { $0 + (1 - Double($1) / rows) }
        return sum / Double(m.itemCount)
    }

    /// Four significant decimals, trailing zeros dropped (`0.7`, `0.8123`, `0.0032`).
    static func number(_ x: Double) -> String {
        var s = ReportNumber.fixed(x, 4)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// The JUnit document: one test case per scale × gate (class `rapport check.<scale>`).
    package func junit() -> JUnitReport {
        JUnitReport(name: "rapport check", cases: results.map { r in
            let outcome: JUnitReport.Case.Outcome = switch r.outcome {
            case .passed: .passed
            case .failed: .failure(type: r.gate.rawValue, message: r.message, detail: r.message)
            case .notEvaluated: .skipped(message: r.message)
            }
            return JUnitReport.Case(classname: "rapport check.\(r.scale)", name: r.gate.rawValue, outcome: outcome,
                                    output: r.outcome == .passed ? r.message : "")
        })
    }
}

extension QualityCheck {
    /// The gates as a Markdown table (`| Scale | Gate | Value | Limit | Result |`).
    package func markdown() -> String {
        var out = "## Quality gates\n\n"
        out += passed ? "All \(results.count) gates passed.\n\n"
            : "\(failures.count) of \(results.count) gates failed.\n\n"
        out += "| Scale | Gate | Value | Limit | Result |\n|:--|:--|--:|--:|:--|\n"
        for r in results {
            let result = switch r.outcome {
            case .passed: "pass"
            case .failed: "**FAIL**" + (r.reason.map { " (\($0))" } ?? "")
            case .notEvaluated: "not evaluated (\(r.reason ?? ""))"
            }
            out += "| \(r.scale.replacingOccurrences(of: "|", with: "\\|")) | \(r.gate.rawValue) | "
            out += "\(r.value.map(Self.number) ?? "—") | \(r.gate.isMinimum ? "≥" : "≤") \(Self.number(r.limit)) | \(result) |\n"
        }
        return out + "\n"
    }

    /// One line per gate (`PASS`, `FAIL`, `SKIP`) and a summary line.
    package func text() -> String {
        var out = ""
        for r in results {
            let tag = switch r.outcome { case .passed: "PASS"; case .failed: "FAIL"; case .notEvaluated: "SKIP" }
            out += "\(tag)  \(r.message)\n"
        }
        out += passed ? "check passed: \(results.count) gates\n"
            : "check failed: \(failures.count) of \(results.count) gates\n"
        return out
    }
}
