import RapportStatistics

/// Renders a ``ReliabilityReport`` as GitHub-flavoured Markdown for a paper or a wiki.
///
/// Layout: a summary table (one row per scale), then per scale the APA sentence with a note
/// saying which CI and which N, the item table (psych's `item.stats` and `alpha.drop`
/// columns), the response frequencies, and the scale's warnings; provenance last. Numbers:
/// ``ReportNumber`` (coefficients bounded by 1 without a leading zero, two decimals).
/// Deterministic: the same report gives the same bytes.
package enum ReliabilityMarkdown {
    package static func render(_ report: ReliabilityReport, stamp: String? = nil) -> String {
        var out = "# Reliability report\n\n"
        if let inst = report.instrument {
            out += "Instrument `\(inst.id)`" + (inst.version.map { " version \($0)" } ?? "")
            if let input = report.input {
                let filtered = input.filteredNote(grouped: ReportNumber.grouped, code: { "`\($0)`" }).map { "; \($0)" } ?? ""
                out += ", input `\(input.path)` (\(ReportNumber.grouped(input.rows)) rows\(filtered))"
            }
            out += ".\n\n"
        }
        out += "## Summary\n\n"
        let level = ReportNumber.level(report.options.confidence)
        out += row(["Scale", "Items", "N", "α", "\(level) CI", "Std. α", "G6", "ω total", "Avg r", "Mean", "SD", "SEM"])
        out += "|:--|--:|--:|--:|:-:|--:|--:|--:|--:|--:|--:|--:|\n"
        for s in report.scales {
            let ci = s.primaryInterval.map { "[\(ReportNumber.apa($0.lower)), \(ReportNumber.apa($0.upper))]" }
                ?? ReportNumber.missing
            out += row([s.id, String(s.itemStatistics.count), ReportNumber.grouped(s.primaryInterval?.n ?? s.n.rows),
                        ReportNumber.apa(s.alpha.raw), ci, ReportNumber.apa(s.alpha.standardized),
                        ReportNumber.apa(s.alpha.g6), ReportNumber.apa(s.omega?.total),
                        ReportNumber.apa(s.alpha.averageR), ReportNumber.fixed(s.score.mean),
                        ReportNumber.fixed(s.score.sd), ReportNumber.fixed(s.sem)])
        }
        out += "\n"
        for s in report.scales {
            out += "## \(s.id)\n\n"
            out += s.apaSentence + "\n\n"
            out += "_" + s.apaNote(options: report.options) + "_\n\n"
            if !s.excluded.isEmpty {
                out += "Left out (zero variance): " + s.excluded.map { "`\($0)`" }.joined(separator: ", ") + ".\n\n"
            }
            out += "### Items\n\n"
            out += row(["Item", "Keyed", "n", "Mean", "SD", "r.cor", "r.drop", "α if dropped"])
            out += "|:--|:-:|--:|--:|--:|--:|--:|--:|\n"
            for it in s.itemStatistics {
                out += row([it.id, it.reversed ? "−" : "+", ReportNumber.grouped(it.n), ReportNumber.fixed(it.mean),
                            ReportNumber.fixed(it.sd), ReportNumber.apa(it.rCor), ReportNumber.apa(it.rDrop),
                            ReportNumber.apa(it.alphaIfDropped.raw)])
            }
            out += "\n### Response frequencies\n\n"
            let labels = s.categoryLabels
            out += row(["Item"] + labels)
            out += "|:--|" + String(repeating: "--:|", count: labels.count) + "\n"
            for it in s.itemStatistics {
                out += row([it.id] + labels.map { ReportNumber.percent(it.frequencies[$0] ?? nil) })
            }
            out += "\n"
            if !s.warnings.isEmpty {
                out += "### Warnings\n\n"
                for w in s.warnings {
                    out += "- **\(w.kind.rawValue)**: \(escape(w.message))"
                    if !w.items.isEmpty { out += " (" + w.items.map { "`\($0)`" }.joined(separator: ", ") + ")" }
                    out += "\n"
                }
                out += "\n"
            }
        }
        let scaleIDs = Set(report.scales.map(\.id))
        let general = report.warnings.filter { !scaleIDs.contains($0.scale) }
        if !general.isEmpty {
            out += "## Warnings\n\n"
            for w in general { out += "- **\(w.kind.rawValue)** (\(escape(w.scale))): \(escape(w.message))\n" }
            out += "\n"
        }
        out += "## Provenance\n\n"
        out += row(["", ""]) + "|:--|:--|\n"
        for (label, value) in ReportProvenance(report, stamp: stamp).rows {
            out += row([label, value.count == 64 && value.allSatisfy(\.isHexDigit) ? "`\(value)`" : value])
        }
        return out
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map(escape).joined(separator: " | ") + " |\n"
    }

    /// Escapes the characters that would break a table cell or start markup.
    private static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "|": out += "\\|"
            case "\n": out += " "
            case "<": out += "&lt;"
            default: out.append(ch)
            }
        }
        return out
    }
}
