import Foundation

extension ReliabilityReport {
    /// The report formats of `rapport reliability` and `rapport merge` (`--format`).
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case text, json
        case markdown = "md"
        case html

        /// The format implied by an output file's extension (``OutputFileFormat``): `.json`,
        /// `.txt`, `.md`, `.html`; `nil` for standard output, `.xml` or another extension.
        public static func inferred(from path: String?) -> Format? {
            switch OutputFileFormat(path: path) {
            case .json: .json
            case .text: .text
            case .markdown: .markdown
            case .html: .html
            case .xml, nil: nil
            }
        }

        /// The format a run writes: `--format` when given, else the one `output`'s extension
        /// implies, else text.
        public static func chosen(_ format: Format?, output: String?) -> Format {
            format ?? inferred(from: output) ?? .text
        }
    }

    /// `--stamp`'s value: `date` in UTC, ISO 8601 to the second (`2026-12-03T02:00:43Z`).
    public static func stamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// The report's bytes in `format`, with `generated` set to `stamp` (`nil`: no time, so
    /// the same input gives the same bytes):
    /// - JSON: ``jsonData()`` (the stamp as `generated`);
    /// - text: ``ReliabilityText`` (no stamp), with ANSI emphasis when `colour`
    ///   (``ReportColour``);
    /// - Markdown and HTML: the stamp in the provenance block; HTML asks `histograms` for its
    ///   score distributions (the only format that calls it).
    public func document(_ format: Format, stamp: String?, colour: Bool = false,
                         histograms: () throws -> [ScoreHistogram] = { [] }) throws -> [UInt8] {
        var report = self
        report.generated = stamp
        switch format {
        case .json: return Array(try report.jsonData())
        case .text:
            let text = ReliabilityText.render(report)
            return Array((colour ? ReportColour.apply(to: text) : text).utf8)
        case .markdown: return Array(ReliabilityMarkdown.render(report, stamp: stamp).utf8)
        case .html: return Array(ReliabilityHTML.render(report, histograms: try histograms(), stamp: stamp).utf8)
        }
    }
}

/// Writes a reliability report to standard output or a file (atomically, through
/// ``OutputFile``): the one place `reliability` and `merge` turn a report into bytes.
public enum ReportWriter {
    /// - Parameters:
    ///   - format: `--format`; `nil`: from the output's extension, else text
    ///     (``ReliabilityReport/Format/chosen(_:output:)``).
    ///   - histograms: computed only for HTML (a second reading of the data), else never called.
    ///   - stamp: `--stamp`'s time (``ReliabilityReport/stamp(_:)``), or `nil`.
    ///   - standardOutputIsTerminal: whether file descriptor 1 is a terminal (asked of the
    ///     system unless given): the text report is coloured only there, and only as the
    ///     `environment` allows (``ReportColour/enabled(isTerminal:environment:)``).
    public static func write(_ report: ReliabilityReport, format: ReliabilityReport.Format?, to file: OutputFile,
                             histograms: () throws -> [ScoreHistogram] = { [] }, stamp: String? = nil,
                             standardOutputIsTerminal: Bool = isatty(1) == 1,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let chosen = ReliabilityReport.Format.chosen(format, output: file.path)
        let colour = colours(chosen, output: file.path, standardOutputIsTerminal: standardOutputIsTerminal,
                             environment: environment)
        try file.write(try report.document(chosen, stamp: stamp, colour: colour, histograms: histograms))
    }

    /// Whether the report is coloured: only the text format, only on standard output (`output`
    /// `nil`) when it is a terminal, and only as `environment` allows (`NO_COLOR`, `TERM=dumb`).
    public static func colours(_ format: ReliabilityReport.Format, output: String?, standardOutputIsTerminal: Bool,
                               environment: [String: String]) -> Bool {
        format == .text && ReportColour.enabled(isTerminal: output == nil && standardOutputIsTerminal,
                                                environment: environment)
    }
}
