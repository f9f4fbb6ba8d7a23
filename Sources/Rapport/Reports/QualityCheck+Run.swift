import Foundation
import RapportStatistics

extension QualityCheck {
    /// The gates `rapport check` evaluates and their limits: the three always on, with the
    /// command's defaults, and the two that run only when given.
    public struct Limits: Sendable, Hashable {
        public var minAlpha: Double
        public var minOmega: Double?
        public var maxMissingRate: Double
        public var maxInvalidRate: Double
        /// Needs a second reading of the file (the careless-responding screen).
        public var maxFlaggedRate: Double?

        public init(minAlpha: Double = 0.70, minOmega: Double? = nil, maxMissingRate: Double = 0.10,
                    maxInvalidRate: Double = 0.05, maxFlaggedRate: Double? = nil) {
            self.minAlpha = minAlpha
            self.minOmega = minOmega
            self.maxMissingRate = maxMissingRate
            self.maxInvalidRate = maxInvalidRate
            self.maxFlaggedRate = maxFlaggedRate
        }

        /// The gates asked for, by gate.
        public var byGate: [Gate: Double] {
            var limits: [Gate: Double] = [.minAlpha: minAlpha, .maxMissingRate: maxMissingRate,
                                          .maxInvalidRate: maxInvalidRate]
            if let minOmega { limits[.minOmega] = minOmega }
            if let maxFlaggedRate { limits[.maxFlaggedRate] = maxFlaggedRate }
            return limits
        }
    }

    /// Evaluates `limits` on a run: the report's scales, the accumulation's moments (missing
    /// rates over every item) and reading counts (invalid rate over the `itemColumns` mapped
    /// item columns of every row read), and, when ``Limits/maxFlaggedRate`` is set, the
    /// flagged share of each instrument from a second, counting reading
    /// (``flaggedRates(reader:columns:instruments:itemSlots:)``).
    public static func evaluate(report: ReliabilityReport, accumulation: ReliabilityAccumulation,
                                itemColumns: Int, limits: Limits, reader: ResponseReader, columns: ColumnPlan,
                                instruments: [Instrument], itemSlots: [[String: Int]]) throws -> QualityCheck {
        let flagged = limits.maxFlaggedRate == nil ? []
            : try flaggedRates(reader: reader, columns: columns, instruments: instruments, itemSlots: itemSlots)
        return QualityCheck(report: report, limits: limits.byGate,
                            invalidRate: invalidRate(accumulation.data, itemColumns: itemColumns),
                            flaggedRates: flagged, moments: accumulation.moments)
    }

    /// Invalid cells (non-numeric, out of range, off the grid) over every mapped item cell of
    /// the rows read: `invalid / (rowsRead · itemColumns)`; `nil` when there is no cell.
    public static func invalidRate(_ data: DataReport, itemColumns: Int) -> Double? {
        let invalid = [Finding.Kind.nonNumeric, .outOfRange, .offGrid].reduce(0) { $0 + data.count($1) }
        let cells = data.rowsRead * itemColumns
        return cells > 0 ? Double(invalid) / Double(cells) : nil
    }

    /// Per instrument, the share of rows the careless-responding screen flags with its default
    /// thresholds (``ScreeningThresholds``): the screen's own two passes, counts only, so
    /// memory does not grow with the file.
    public static func flaggedRates(reader: ResponseReader, columns: ColumnPlan, instruments: [Instrument],
                                    itemSlots: [[String: Int]]) throws -> [(instrument: String, rate: Double)] {
        let plans = instruments.enumerated().map { ScreeningPlan(instrument: $1, itemSlots: itemSlots[$0]) }
        let (tallies, _) = try ScreeningPass.tallies(reader: reader, columns: columns, plans: plans,
                                                     thresholds: ScreeningThresholds(), keepingLines: false)
        return zip(instruments, tallies).map { ($0.id, $1.flaggedRate) }
    }
}

// MARK: - The result as a document

extension QualityCheck {
    /// The forms `rapport check` writes.
    public enum Format: String, Sendable, CaseIterable {
        case text, json
        case markdown = "md"
        case junit

        /// The format `check` writes: `--format` when given, else the one `output`'s extension
        /// implies (`.json`, `.md`, `.xml` for JUnit), else text (`.txt`, standard output).
        public static func chosen(_ format: Format?, output: String?) -> Format {
            if let format { return format }
            switch OutputFileFormat(path: output) {
            case .json: return .json
            case .markdown: return .markdown
            case .xml: return .junit
            case .text, .html, nil: return .text
            }
        }
    }

    /// The JSON result: the verdict, every gate, and the report the gates were computed from.
    struct JSONDocument: Encodable {
        var passed: Bool
        var gates: [QualityCheck.Result]
        var report: ReliabilityReport
    }

    /// The result in `format`: the gate lines (text), JUnit XML, the gates table followed by
    /// the report (Markdown, its title demoted to a section; `stamp` in its provenance), or
    /// JSON (sorted keys, with the whole report).
    public func document(_ format: Format, report: ReliabilityReport, stamp: String?) throws -> String {
        switch format {
        case .text: return text()
        case .junit: return junit().xml()
        case .markdown:
            return markdown() + ReliabilityMarkdown.render(report, stamp: stamp)
                .replacingOccurrences(of: "# Reliability report\n", with: "## Reliability\n", options: .anchored)
        case .json:
            return try JSONOutput.encode(JSONDocument(passed: passed, gates: results, report: report), pretty: false)
        }
    }
}
