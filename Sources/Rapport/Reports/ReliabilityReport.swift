import Foundation
import RapportStatistics

/// The stable JSON contract of `rapport reliability` (issue 4 §6).
///
/// Encode with Foundation's `JSONEncoder` and `outputFormatting = [.sortedKeys]` (numbers come
/// out in Swift's shortest round-trip form, so the same values always print the same bytes).
/// A number that is not finite (α of a 1-item scale, an undefined CI) is written as `null`,
/// never omitted, so every documented key is always present.
///
/// ```
/// { "rapport": {"version"}, "input": {path, rows, sha256}, "instrument": {id, version, sha256},
///   "options": {…}, "scales": [ScaleReliability], "warnings": [ReportWarning] }
/// ```
public struct ReliabilityReport: Sendable, Hashable, Codable {
    public struct Provenance: Sendable, Hashable, Codable {
        public var version: String
        public init(version: String) { self.version = version }
    }
    /// The data file. `rows` counts every data row read; with `--where` the rows the
    /// conditions left out are among them, in no scale's `n` (`rowsFilteredOut`, `where`:
    /// both present only when a condition was given), so rows read = rows scored + rows
    /// rejected + `rowsFilteredOut`.
    public struct Input: Sendable, Hashable, Codable {
        public var path: String
        public var rows: Int
        public var sha256: String?
        /// Rows left out by `--where` (absent without a condition).
        public var rowsFilteredOut: Int?
        /// The `--where` conditions as given (`Finished=1`, `event!=screening_arm_1`).
        public var `where`: [String]?

        public init(path: String, rows: Int, sha256: String?, rowsFilteredOut: Int? = nil, where conditions: [String]? = nil) {
            self.path = path
            self.rows = rows
            self.sha256 = sha256
            self.rowsFilteredOut = rowsFilteredOut
            self.where = conditions
        }

        /// The input of a read: the rows it read and, under `--where`, the rows the conditions
        /// left out and the conditions.
        public init(path: String, data: DataReport, sha256: String?) {
            self.init(path: path, rows: data.rowsRead, sha256: sha256, rowsFilteredOut: data.rowsFilteredOut,
                      where: data.rowsFilteredOut == nil ? nil : data.decoding?.filters ?? [])
        }

        /// `1000 filtered out by --where Finished=1` for the reports' input line; `nil` without
        /// a condition. `code` wraps each condition (Markdown: a backtick).
        package func filteredNote(grouped: (Int) -> String = { "\($0)" }, code: (String) -> String = { $0 }) -> String? {
            guard let rowsFilteredOut else { return nil }
            let conditions = (self.where ?? []).map { code("--where \($0)") }.joined(separator: " ")
            return "\(grouped(rowsFilteredOut)) filtered out" + (conditions.isEmpty ? "" : " by \(conditions)")
        }
    }
    public struct InstrumentRef: Sendable, Hashable, Codable {
        public var id: String
        public var version: String?
        public var sha256: String?
        public init(id: String, version: String?, sha256: String?) {
            self.id = id
            self.version = version
            self.sha256 = sha256
        }
    }
    /// The conventions behind every number in the report.
    public struct Options: Sendable, Hashable, Codable {
        /// The convention preset (`--compat`): `rapport` (default), `psych`, `spss` or `jasp`.
        public var compat: ReliabilityOptions.Preset
        public var missing: MissingPolicy
        public var reverseKeying: ReverseKeyingRange
        public var confidence: Double
        public var intervalN: IntervalSampleSize
        /// z of the Duhachek interval: `exact` or `psych` (1.96).
        public var duhachekZ: DuhachekQuantile
        /// The correlations α and ω are computed from: `pearson` or `polychoric`.
        public var correlations: ReliabilityOptions.Correlations
        /// `"all-distinct"` (Rapport) or `"psych"` (psych's split enumeration).
        public var splitHalf: SplitHalf.Convention
        public var bootstrap: Int?
        public var seed: UInt64?
        /// `--omega-factors` as given (`nil`: ω hierarchical only for scales built from
        /// sub-scales, one group factor per sub-scale).
        public var omegaFactors: Int?

        public init(alpha: AlphaOptions, splitHalf: SplitHalf.Convention = .allDistinct, bootstrap: Int? = nil,
                    seed: UInt64? = nil, omegaFactors: Int? = nil, compat: ReliabilityOptions.Preset = .rapport,
                    correlations: ReliabilityOptions.Correlations = .pearson) {
            self.correlations = correlations
            self.omegaFactors = omegaFactors
            self.compat = compat
            duhachekZ = alpha.duhachekQuantile
            missing = alpha.missing
            reverseKeying = alpha.reverseKeying
            confidence = alpha.confidenceLevel
            intervalN = alpha.intervalSampleSize
            self.splitHalf = splitHalf
            self.bootstrap = bootstrap
            self.seed = seed
        }
    }

    public var rapport: Provenance
    public var input: Input?
    public var instrument: InstrumentRef?
    public var options: Options
    public var scales: [ScaleReliability]
    public var warnings: [ReportWarning]
    /// When the report was made (ISO 8601 UTC), only with `--stamp`; absent from the JSON
    /// otherwise, so the same input gives the same bytes.
    public var generated: String?
    /// With `--exclude-flagged`: the same analysis on the rows response-quality screening did
    /// not flag, reported beside `scales` (absent otherwise).
    public var excludingFlagged: ExcludingFlagged?

    /// The analysis repeated without the rows screening flagged.
    public struct ExcludingFlagged: Sendable, Hashable, Codable {
        /// Rows flagged by screening and left out.
        public var rowsExcluded: Int
        /// Rows analysed.
        public var rowsKept: Int
        /// How rows were screened (thresholds, indices), in words.
        public var screening: [String]
        public var scales: [ScaleReliability]
        public init(rowsExcluded: Int, rowsKept: Int, screening: [String], scales: [ScaleReliability]) {
            self.rowsExcluded = rowsExcluded
            self.rowsKept = rowsKept
            self.screening = screening
            self.scales = scales
        }
    }

    public init(version: String, input: Input?, instrument: InstrumentRef?, options: Options,
                scales: [ScaleReliability], warnings: [ReportWarning]? = nil) {
        rapport = Provenance(version: version)
        self.input = input
        self.instrument = instrument
        self.options = options
        self.scales = scales
        self.warnings = warnings ?? scales.flatMap(\.warnings)
    }

    enum CodingKeys: String, CodingKey { case rapport, input, instrument, options, scales, warnings, generated, excludingFlagged }


    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rapport, forKey: .rapport)
        try c.encode(input, forKey: .input)
        try c.encode(instrument, forKey: .instrument)
        try c.encode(options, forKey: .options)
        try c.encode(scales, forKey: .scales)
        try c.encode(warnings, forKey: .warnings)
        if let generated { try c.encode(generated, forKey: .generated) }
        if let excludingFlagged { try c.encode(excludingFlagged, forKey: .excludingFlagged) }
    }
}

// MARK: - Built in one place

extension ReliabilityReport {
    /// The report of a whole run (single, or merged from shards): the provenance of this build,
    /// the options as the JSON names them, the scales and their warnings, and, with
    /// `--exclude-flagged`, the same analysis without the flagged rows. `generated` is the
    /// `--stamp` time (absent otherwise, so the same input gives the same bytes).
    public static func make(input: Input, instrument: InstrumentRef?, options: ReliabilityOptions,
                            scales: [ScaleReliability], excludingFlagged: ExcludingFlagged? = nil,
                            generated: String? = nil) -> ReliabilityReport {
        var report = ReliabilityReport(
            version: RapportVersion.string, input: input, instrument: instrument,
            options: Options(alpha: options.alpha, splitHalf: options.splitEnumeration.convention,
                             bootstrap: options.bootstrap,
                             seed: (options.bootstrap ?? 0) > 0 || !options.psychSplits ? options.seed : nil,
                             omegaFactors: options.omegaFactors,
                             compat: options.compat ?? .rapport, correlations: options.correlations),
            scales: scales)
        report.excludingFlagged = excludingFlagged
        report.generated = generated
        return report
    }

    /// The instrument the report names: the one instrument (its SHA-256 when it has one), or,
    /// for several, their ids and versions joined with `+` (no digest); `nil` for none.
    public static func instrumentRef(_ instruments: [Instrument]) -> InstrumentRef? {
        guard let first = instruments.first else { return nil }
        if instruments.count == 1 {
            return .init(id: first.id, version: first.version, sha256: first.sha256.isEmpty ? nil : first.sha256)
        }
        return .init(id: instruments.map(\.id).joined(separator: "+"),
                     version: instruments.map(\.version).joined(separator: "+"), sha256: nil)
    }

    /// Deterministic JSON: sorted keys, shortest round-trip numbers, two-space indentation.
    public func jsonData() throws -> Data { try JSONOutput.data(self) }
}

extension ReliabilityReport.ExcludingFlagged {
    /// The section from the whole run's accumulation and the one without the flagged rows:
    /// rows excluded are the rows read less the rows scored without them.
    public init(all: ReliabilityAccumulation, kept: ReliabilityAccumulation, screening: [String],
                scales: [ScaleReliability]) {
        self.init(rowsExcluded: all.data.rowsRead - kept.data.rowsScored, rowsKept: kept.data.rowsScored,
                  screening: screening, scales: scales)
    }
}
