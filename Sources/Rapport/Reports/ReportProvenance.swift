import RapportStatistics

/// The provenance block every human-readable report carries: what produced it, from what,
/// and how. Built from the report's own fields, so text, Markdown, HTML and JSON agree.
///
/// No timestamp unless `stamp` is given (`--stamp`): the same input and options give the
/// same bytes.
package struct ReportProvenance: Sendable {
    package var rows: [(label: String, value: String)]

    package init(_ report: ReliabilityReport, stamp: String? = nil) {
        var rows: [(String, String)] = [("Rapport", report.rapport.version)]
        if let inst = report.instrument {
            rows.append(("Instrument", inst.id + (inst.version.map { " " + $0 } ?? "")))
            rows.append(("Instrument SHA-256", inst.sha256 ?? "—"))
        }
        if let input = report.input {
            rows.append(("Input", "\(input.path) (\(ReportNumber.grouped(input.rows)) rows)"))
            rows.append(("Input SHA-256", input.sha256 ?? "— (standard input)"))
        }
        rows.append(("Options", Self.options(report.options)))
        rows.append(("Seed", report.options.seed.map(String.init) ?? "—"))
        if let stamp { rows.append(("Generated", stamp)) }
        self.rows = rows
    }

    /// The options as `key=value` pairs, in a fixed order.
    package static func options(_ o: ReliabilityReport.Options) -> String {
        [
            "compat=\(o.compat.rawValue)",
            "missing=\(o.missing.rawValue)",
            "reverse-keying=\(o.reverseKeying.rawValue)",
            "confidence=\(ReportNumber.level(o.confidence))",
            "interval-n=\(o.intervalN.rawValue)",
            "duhachek-z=\(o.duhachekZ.rawValue)",
            "correlations=\(o.correlations.rawValue)",
            "split-half=\(o.splitHalf.rawValue)",
            "bootstrap=\(o.bootstrap.map(String.init) ?? "none")",
            "omega-factors=\(o.omegaFactors.map(String.init) ?? "sub-scales")",
        ].joined(separator: ", ")
    }

    /// What the N of an interval counts, in words.
    package static func describe(_ n: IntervalSampleSize) -> String {
        switch n {
        case .allRows: "all rows read"
        case .completeCases: "complete cases"
        case .pairwiseMinimum: "smallest pairwise n"
        }
    }

    /// The name of an interval method as written in reports.
    package static func describe(_ m: ConfidenceInterval.Method) -> String {
        switch m {
        case .feldt: "Feldt"
        case .duhachek: "Duhachek"
        case .bootstrap: "percentile bootstrap"
        case .bca: "BCa bootstrap"
        }
    }
}

extension ScaleReliability {
    /// The interval reported in the APA sentence: Feldt's if present, else the first one.
    package var primaryInterval: Interval? {
        alpha.ci.first { $0.method == .feldt } ?? alpha.ci.first
    }

    /// Category labels of the item frequencies, in numeric order, `missing` last.
    package var categoryLabels: [String] {
        var labels = Set<String>()
        for it in itemStatistics { labels.formUnion(it.frequencies.keys) }
        labels.remove("missing")
        return labels.sorted { (Double($0) ?? .infinity, $0) < (Double($1) ?? .infinity, $1) } + ["missing"]
    }

    /// The APA-style summary sentence, e.g.
    /// `Cronbach's α = .87, 95% CI [.85, .89], N = 1,984; ω = .88.`
    ///
    /// The interval is ``primaryInterval``; `N` is that interval's sample size. Coefficients
    /// have no leading zero and two decimals; `N` has a thousands separator.
    package var apaSentence: String {
        var s = "Cronbach's α = \(ReportNumber.apa(alpha.raw))"
        if let ci = primaryInterval {
            s += ", \(ReportNumber.level(ci.level)) CI [\(ReportNumber.apa(ci.lower)), \(ReportNumber.apa(ci.upper))]"
            s += ", N = \(ReportNumber.grouped(ci.n))"
        } else {
            s += ", N = \(ReportNumber.grouped(n.rows))"
        }
        if let o = omega?.total { s += "; ω = \(ReportNumber.apa(o))" }
        if let h = omega?.omegaH { s += ", ω_h = \(ReportNumber.apa(h))" }
        return s + "."
    }

    /// Which interval and which N the sentence uses, for the note under it.
    package func apaNote(options: ReliabilityReport.Options) -> String {
        guard let ci = primaryInterval else { return "No confidence interval (fewer than 2 items or rows); N = rows read." }
        var note = "CI: \(ReportProvenance.describe(ci.method))"
        if ci.method == .bootstrap {
            note += " (\(options.bootstrap.map(String.init) ?? "?") replicates, seed \(options.seed.map(String.init) ?? "—"))"
        }
        note += "; N: \(ReportProvenance.describe(options.intervalN))"
        note += " (\(ReportNumber.grouped(n.complete)) complete of \(ReportNumber.grouped(n.rows)) rows)"
        if let m = omega?.method { note += "; ω: total, from a one-factor \(m.rawValue) solution" }
        if let h = omega?.hierarchical {
            note += "; ω_h: Schmid–Leiman, \(h.factors) group factors (\(h.method.rawValue), \(h.rotation))"
        }
        note += "; score: \(score.metric) (N = \(ReportNumber.grouped(score.n)))"
        if score.differsFromItemMean {
            let im = score.itemMean
            note += ", psych's item mean \(ReportNumber.fixed(im.mean)) (SD \(ReportNumber.fixed(im.sd)), SEM \(ReportNumber.fixed(im.sem)))"
        }
        return note + "."
    }
}
