import RapportStatistics

/// Renders a ``ReliabilityReport`` as one self-contained HTML file.
///
/// The file is well-formed XML (XHTML syntax: every element closed, attributes quoted,
/// text escaped) and has no external reference at all: no scripts, no fonts, no style
/// sheets, no images by URL; styles are inline in `<style>`, charts are inline SVG, and the
/// only links are in-page (`#…`). Per scale: the APA sentence, the response distribution
/// (stacked bars per item, missing hatched), α if each item is dropped against the scale's
/// α, item–rest correlations (`r.drop`) and, when given, a score histogram with cutoff
/// lines and interpretation bands. Every chart has a `<title>` and `<desc>` and the same
/// numbers as a data table below it. Deterministic: same report, same bytes.
package enum ReliabilityHTML {
    package static func render(_ report: ReliabilityReport, histograms: [ScoreHistogram] = [],
                               stamp: String? = nil) -> String {
        let e = XMLText.escape
        let title = "Reliability report" + (report.instrument.map { " — \($0.id)" } ?? "")
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(e(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>
        <h1>\(e(title))</h1>

        """
        if let input = report.input {
            let filtered = input.filteredNote(grouped: ReportNumber.grouped, code: { "<code>\(e($0))</code>" })
                .map { " (\($0))" } ?? ""
            out += "<p>Input <code>\(e(input.path))</code>, \(ReportNumber.grouped(input.rows)) rows\(filtered).</p>\n"
        }
        let level = ReportNumber.level(report.options.confidence)
        out += "<nav><ul>" + report.scales.enumerated().map { i, s in
            "<li><a href=\"#scale-\(i)\">\(e(s.id))</a></li>"
        }.joined() + "<li><a href=\"#provenance\">Provenance</a></li></ul></nav>\n"
        out += "<h2>Summary</h2>\n<table>\n<thead><tr><th scope=\"col\">Scale</th><th scope=\"col\">Items</th>"
        out += "<th scope=\"col\">N</th><th scope=\"col\">α</th><th scope=\"col\">\(level) CI</th>"
        out += "<th scope=\"col\">ω total</th><th scope=\"col\">Avg r</th><th scope=\"col\">Mean</th>"
        out += "<th scope=\"col\">SD</th><th scope=\"col\">SEM</th></tr></thead>\n<tbody>\n"
        for (i, s) in report.scales.enumerated() {
            let ci = s.primaryInterval.map { "[\(ReportNumber.apa($0.lower)), \(ReportNumber.apa($0.upper))]" }
                ?? ReportNumber.missing
            out += "<tr><th scope=\"row\"><a href=\"#scale-\(i)\">\(e(s.id))</a></th>"
            out += cells([String(s.itemStatistics.count), ReportNumber.grouped(s.primaryInterval?.n ?? s.n.rows),
                          ReportNumber.apa(s.alpha.raw), ci, ReportNumber.apa(s.omega?.total),
                          ReportNumber.apa(s.alpha.averageR), ReportNumber.fixed(s.score.mean),
                          ReportNumber.fixed(s.score.sd), ReportNumber.fixed(s.sem)]) + "</tr>\n"
        }
        out += "</tbody>\n</table>\n"

        for (i, s) in report.scales.enumerated() {
            let hist = histograms.first { $0.scale == s.id }
            out += section(s, index: i, options: report.options, histogram: hist)
        }

        out += "<h2 id=\"provenance\">Provenance</h2>\n<table class=\"provenance\">\n<tbody>\n"
        for (label, value) in ReportProvenance(report, stamp: stamp).rows {
            out += "<tr><th scope=\"row\">\(e(label))</th><td><code>\(e(value))</code></td></tr>\n"
        }
        out += "</tbody>\n</table>\n</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: - One scale

    static func section(_ s: ScaleReliability, index: Int, options: ReliabilityReport.Options,
                        histogram: ScoreHistogram?) -> String {
        let e = XMLText.escape
        var out = "<section id=\"scale-\(index)\">\n<h2>\(e(s.id))</h2>\n"
        out += "<p class=\"apa\">\(e(s.apaSentence))</p>\n<p class=\"note\">\(e(s.apaNote(options: options)))</p>\n"
        if !s.excluded.isEmpty {
            out += "<p>Left out (zero variance): " + s.excluded.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + ".</p>\n"
        }
        for w in s.warnings {
            out += "<p class=\"warning\"><strong>Warning (\(e(w.kind.rawValue))):</strong> \(e(w.message))"
            if !w.items.isEmpty { out += " — " + w.items.map { "<code>\(e($0))</code>" }.joined(separator: ", ") }
            out += "</p>\n"
        }
        let id = "s\(index)"
        out += "<div class=\"charts\">\n"
        out += figure(distributionChart(s, id: "\(id)-dist"),
                      caption: "Response distribution per item (share of rows; hatched: missing). Data: table “Response frequencies”.")
        out += figure(alphaDropChart(s, id: "\(id)-drop"),
                      caption: "α if the item is dropped; the dashed line is the scale's α. A diamond marks an item whose removal would raise α.")
        out += figure(rDropChart(s, id: "\(id)-rdrop"),
                      caption: "Item–rest correlation (r.drop); hatched bars are below the .30 guideline.")
        if let histogram {
            out += figure(histogramChart(histogram, id: "\(id)-hist"),
                          caption: "Distribution of scale scores\(histogram.missing > 0 ? "; \(ReportNumber.grouped(histogram.missing)) rows without a score" : ""). Dashed lines: cutoffs; shaded regions: interpretation bands.")
        }
        out += "</div>\n"

        out += "<h3>Items</h3>\n<table>\n<thead><tr>"
        for h in ["Item", "Keyed", "n", "Mean", "SD", "r.cor", "r.drop", "α if dropped"] {
            out += "<th scope=\"col\">\(e(h))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for it in s.itemStatistics {
            out += "<tr><th scope=\"row\">\(e(it.id))</th>"
            out += cells([it.reversed ? "reversed" : "+", ReportNumber.grouped(it.n), ReportNumber.fixed(it.mean),
                          ReportNumber.fixed(it.sd), ReportNumber.apa(it.rCor), ReportNumber.apa(it.rDrop),
                          ReportNumber.apa(it.alphaIfDropped.raw)]) + "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        let labels = s.categoryLabels
        out += "<h3>Response frequencies</h3>\n<table>\n<thead><tr><th scope=\"col\">Item</th>"
        for l in labels { out += "<th scope=\"col\">\(e(l))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for it in s.itemStatistics {
            out += "<tr><th scope=\"row\">\(e(it.id))</th>"
            out += cells(labels.map { ReportNumber.percent(it.frequencies[$0] ?? nil) }) + "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if let h = histogram {
            out += "<h3>Score distribution</h3>\n<table>\n<thead><tr>"
            out += h.pointBins ? "<th scope=\"col\">Score</th>"
                : "<th scope=\"col\">Score from</th><th scope=\"col\">to (below)</th>"
            out += "<th scope=\"col\">Rows</th></tr></thead>\n<tbody>\n"
            for (b, c) in h.counts.enumerated() where c > 0 {
                let score = h.pointBins ? [SVGChart.tickLabel(h.edge(b) + h.binWidth / 2)]
                    : [ReportNumber.fixed(h.edge(b)), ReportNumber.fixed(h.edge(b + 1))]
                out += "<tr>" + cells(score + [ReportNumber.grouped(c)]) + "</tr>\n"
            }
            if h.missing > 0 { out += "<tr><td>no score</td>" + (h.pointBins ? "" : "<td></td>") + cells([ReportNumber.grouped(h.missing)]) + "</tr>\n" }
            out += "</tbody>\n</table>\n"
        }
        out += "</section>\n"
        return out
    }

    private static func cells(_ values: [String]) -> String {
        values.map { "<td>\(XMLText.escape($0))</td>" }.joined()
    }

    private static func figure(_ svg: String, caption: String) -> String {
        "<figure>\n\(svg)<figcaption>\(XMLText.escape(caption))</figcaption>\n</figure>\n"
    }

    // MARK: - Charts

    static let labelWidth = 120.0
    static let rowHeight = 22.0
    static let plotWidth = 420.0

    /// Stacked horizontal bars: one per item, one segment per category (light → dark), the
    /// missing share hatched at the right; shares ≥ 8% are printed in the segment.
    static func distributionChart(_ s: ScaleReliability, id: String) -> String {
        let e = XMLText.escape
        let labels = s.categoryLabels
        let cats = labels.dropLast()
        let colours = SVGChart.ramp(cats.count)
        let top = 30.0
        let height = top + Double(s.itemStatistics.count) * rowHeight + 40
        let width = labelWidth + plotWidth + 20
        var out = SVGChart.open(id: id, width: width, height: height,
                                title: "Response distribution of \(s.id)",
                                desc: "Stacked bars, one per item, showing the share of rows choosing each response category "
                                    + "(\(cats.joined(separator: ", "))) and the share missing.")
        out += "<defs>" + SVGChart.hatch(id: "\(id)-missing", colour: "#888888", background: "#ffffff") + "</defs>\n"
        // Legend.
        var lx = labelWidth
        for (c, label) in labels.enumerated() {
            let fill = c < cats.count ? colours[c] : "url(#\(id)-missing)"
            out += "<rect x=\"\(SVGChart.n(lx))\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(fill)\" stroke=\"#333333\" stroke-width=\"0.5\"/>"
            out += "<text x=\"\(SVGChart.n(lx + 16))\" y=\"16\" class=\"small\">\(e(label))</text>\n"
            lx += 22 + Double(label.count) * 7
        }
        for (r, it) in s.itemStatistics.enumerated() {
            let y = top + Double(r) * rowHeight
            out += "<text x=\"\(SVGChart.n(labelWidth - 6))\" y=\"\(SVGChart.n(y + 15))\" text-anchor=\"end\">\(e(it.id))</text>\n"
            var x = labelWidth
            for (c, label) in labels.enumerated() {
                let p = (it.frequencies[label] ?? nil) ?? 0
                guard p > 0 else { continue }
                let w = p * plotWidth
                let fill = c < cats.count ? colours[c] : "url(#\(id)-missing)"
                out += "<rect x=\"\(SVGChart.n(x))\" y=\"\(SVGChart.n(y + 2))\" width=\"\(SVGChart.n(w))\" height=\"\(SVGChart.n(rowHeight - 4))\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"0.5\">"
                out += "<title>\(e(it.id)): \(e(label)) \(ReportNumber.percent(p))</title></rect>\n"
                if p >= 0.08 {
                    let light = c < cats.count && SVGChart.needsLightText(colours[c])
                    out += "<text x=\"\(SVGChart.n(x + w / 2))\" y=\"\(SVGChart.n(y + 15))\" text-anchor=\"middle\" class=\"small\(light ? " light" : "")\">\(ReportNumber.percent(p, 0))</text>\n"
                }
                x += w
            }
        }
        let axisY = top + Double(s.itemStatistics.count) * rowHeight + 4
        out += axis(y: axisY, ticks: [0, 0.25, 0.5, 0.75, 1], x: { labelWidth + $0 * plotWidth },
                    label: { ReportNumber.percent($0, 0) })
        return out + "</svg>\n"
    }

    /// A dot per item at α if dropped, on a scale spanning the values and the scale's α;
    /// a dashed reference line at α. Items whose removal raises α get a diamond.
    static func alphaDropChart(_ s: ScaleReliability, id: String) -> String {
        let e = XMLText.escape
        let values = s.itemStatistics.compactMap(\.alphaIfDropped.raw) + [s.alpha.raw].compactMap { $0 }
        var lo = ((values.min() ?? 0) - 0.05) * 10
        lo = lo.rounded(.down) / 10
        var hi = (((values.max() ?? 1) + 0.05) * 10).rounded(.up) / 10
        hi = min(hi, 1)
        if hi <= lo { lo = hi - 0.1 }
        let top = 10.0
        let height = top + Double(s.itemStatistics.count) * rowHeight + 40
        let width = labelWidth + plotWidth + 60
        let x = { (v: Double) in labelWidth + (v - lo) / (hi - lo) * plotWidth }
        var out = SVGChart.open(id: id, width: width, height: height,
                                title: "α if item dropped, \(s.id)",
                                desc: "For each item, Cronbach's α of the scale without that item, compared with the scale's α of "
                                    + "\(ReportNumber.apa(s.alpha.raw)) (dashed line).")
        let rows = Double(s.itemStatistics.count) * rowHeight
        for (r, it) in s.itemStatistics.enumerated() {
            let y = top + Double(r) * rowHeight + rowHeight / 2
            out += "<text x=\"\(SVGChart.n(labelWidth - 6))\" y=\"\(SVGChart.n(y + 4))\" text-anchor=\"end\">\(e(it.id))</text>\n"
            out += "<line x1=\"\(SVGChart.n(labelWidth))\" y1=\"\(SVGChart.n(y))\" x2=\"\(SVGChart.n(labelWidth + plotWidth))\" y2=\"\(SVGChart.n(y))\" class=\"grid\"/>\n"
            guard let v = it.alphaIfDropped.raw else { continue }
            let raises = s.alpha.raw.map { v > $0 } ?? false
            let cx = x(v)
            if raises {
                out += "<path d=\"M\(SVGChart.n(cx)) \(SVGChart.n(y - 7))L\(SVGChart.n(cx + 7)) \(SVGChart.n(y))L\(SVGChart.n(cx)) \(SVGChart.n(y + 7))L\(SVGChart.n(cx - 7)) \(SVGChart.n(y))Z\" class=\"raise\"><title>\(e(it.id)): α if dropped \(ReportNumber.apa(v, 3)), higher than the scale's α</title></path>\n"
            } else {
                out += "<circle cx=\"\(SVGChart.n(cx))\" cy=\"\(SVGChart.n(y))\" r=\"5\" class=\"dot\"><title>\(e(it.id)): α if dropped \(ReportNumber.apa(v, 3))</title></circle>\n"
            }
            out += "<text x=\"\(SVGChart.n(cx + 10))\" y=\"\(SVGChart.n(y + 4))\" class=\"small\">\(ReportNumber.apa(v, 3))\(raises ? " ▲" : "")</text>\n"
        }
        if let a = s.alpha.raw {
            out += "<line x1=\"\(SVGChart.n(x(a)))\" y1=\"\(SVGChart.n(top))\" x2=\"\(SVGChart.n(x(a)))\" y2=\"\(SVGChart.n(top + rows))\" class=\"ref\"/>\n"
            out += "<text x=\"\(SVGChart.n(x(a) + 4))\" y=\"\(SVGChart.n(top + rows + 32))\" class=\"small\">α = \(ReportNumber.apa(a, 3))</text>\n"
        }
        out += axis(y: top + rows + 4, ticks: SVGChart.ticks(lo, hi, target: 5), x: x,
                    label: { SVGChart.tickLabel($0, apa: true) })
        return out + "</svg>\n"
    }

    /// Horizontal bars of the item–rest correlation; bars under .30 hatched and labelled.
    static func rDropChart(_ s: ScaleReliability, id: String) -> String {
        let e = XMLText.escape
        let values = s.itemStatistics.compactMap(\.rDrop)
        let lo = min(0, ((values.min() ?? 0) * 10).rounded(.down) / 10)
        let hi = 1.0
        let top = 10.0
        let rows = Double(s.itemStatistics.count) * rowHeight
        let height = top + rows + 40
        let width = labelWidth + plotWidth + 60
        let x = { (v: Double) in labelWidth + (v - lo) / (hi - lo) * plotWidth }
        var out = SVGChart.open(id: id, width: width, height: height,
                                title: "Item–rest correlations, \(s.id)",
                                desc: "For each item, the correlation of the item with the sum of the other items (r.drop); "
                                    + "the dashed line marks the common .30 guideline.")
        out += "<defs>" + SVGChart.hatch(id: "\(id)-low", colour: "#b35806", background: "#fee0b6") + "</defs>\n"
        for (r, it) in s.itemStatistics.enumerated() {
            let y = top + Double(r) * rowHeight
            out += "<text x=\"\(SVGChart.n(labelWidth - 6))\" y=\"\(SVGChart.n(y + 15))\" text-anchor=\"end\">\(e(it.id))</text>\n"
            guard let v = it.rDrop else { continue }
            let x0 = x(min(0, v)), x1 = x(max(0, v))
            let low = v < 0.3
            out += "<rect x=\"\(SVGChart.n(x0))\" y=\"\(SVGChart.n(y + 3))\" width=\"\(SVGChart.n(max(0.5, x1 - x0)))\" height=\"\(SVGChart.n(rowHeight - 6))\" "
            out += low ? "fill=\"url(#\(id)-low)\" stroke=\"#b35806\"" : "class=\"bar\""
            out += "><title>\(e(it.id)): r.drop \(ReportNumber.apa(v))</title></rect>\n"
            out += "<text x=\"\(SVGChart.n(x1 + 4))\" y=\"\(SVGChart.n(y + 15))\" class=\"small\">\(ReportNumber.apa(v))\(low ? " (low)" : "")</text>\n"
        }
        out += "<line x1=\"\(SVGChart.n(x(0.3)))\" y1=\"\(SVGChart.n(top))\" x2=\"\(SVGChart.n(x(0.3)))\" y2=\"\(SVGChart.n(top + rows))\" class=\"ref\"/>\n"
        if lo < 0 {
            out += "<line x1=\"\(SVGChart.n(x(0)))\" y1=\"\(SVGChart.n(top))\" x2=\"\(SVGChart.n(x(0)))\" y2=\"\(SVGChart.n(top + rows))\" class=\"zero\"/>\n"
        }
        out += axis(y: top + rows + 4, ticks: SVGChart.ticks(lo, hi, target: 5), x: x,
                    label: { SVGChart.tickLabel($0, apa: true) })
        return out + "</svg>\n"
    }

    /// Vertical bars of the score distribution over the possible range, interpretation bands
    /// as alternately shaded and labelled regions, cutoffs as labelled dashed lines.
    static func histogramChart(_ h: ScoreHistogram, id: String) -> String {
        let e = XMLText.escape
        let left = 50.0, top = 34.0, plotH = 180.0, plotW = plotWidth + labelWidth - 50
        let width = left + plotW + 30, height = top + plotH + 44
        let maxCount = max(1, h.counts.max() ?? 1)
        let x = { (v: Double) in left + (v - h.lower) / (h.upper - h.lower) * plotW }
        let y = { (c: Double) in top + plotH - c / Double(maxCount) * plotH }
        var desc = "Histogram of \(ReportNumber.grouped(h.total)) scale scores"
        if !h.cutoffs.isEmpty {
            desc += "; cutoffs at " + h.cutoffs.map { "\(SVGChart.tickLabel($0.value)) (\($0.label))" }.joined(separator: ", ")
        }
        if !h.bands.isEmpty {
            desc += "; bands " + h.bands.map { "\($0.label) \(SVGChart.tickLabel($0.lower))–\(SVGChart.tickLabel($0.upper))" }.joined(separator: ", ")
        }
        var out = SVGChart.open(id: id, width: width, height: height, title: "Score distribution, \(h.scale)",
                                desc: desc + ".")
        out += "<defs>" + SVGChart.hatch(id: "\(id)-band", colour: "#d9d9d9", background: "#ffffff", angle: -45) + "</defs>\n"
        for (b, band) in h.bands.enumerated() {
            let x0 = x(max(h.lower, band.lower)), x1 = x(min(h.upper, band.upper))
            guard x1 > x0 else { continue }
            let fill = b.isMultiple(of: 2) ? "#f0f0f0" : "url(#\(id)-band)"
            out += "<rect x=\"\(SVGChart.n(x0))\" y=\"\(SVGChart.n(top))\" width=\"\(SVGChart.n(x1 - x0))\" height=\"\(SVGChart.n(plotH))\" fill=\"\(fill)\"><title>Band \(e(band.label))</title></rect>\n"
            out += "<text x=\"\(SVGChart.n((x0 + x1) / 2))\" y=\"\(SVGChart.n(top - 4))\" text-anchor=\"middle\" class=\"small\">\(e(band.label))</text>\n"
        }
        for (b, c) in h.counts.enumerated() where c > 0 {
            let x0 = x(h.edge(b)), x1 = x(h.edge(b + 1))
            out += "<rect x=\"\(SVGChart.n(x0 + 0.5))\" y=\"\(SVGChart.n(y(Double(c))))\" width=\"\(SVGChart.n(max(0.5, x1 - x0 - 1)))\" height=\"\(SVGChart.n(plotH - (y(Double(c)) - top)))\" class=\"bar\">"
            out += "<title>\(ReportNumber.fixed(h.edge(b))) to \(ReportNumber.fixed(h.edge(b + 1))): \(ReportNumber.grouped(c))</title></rect>\n"
        }
        for (i, cut) in h.cutoffs.enumerated() where cut.value >= h.lower && cut.value <= h.upper {
            let cx = x(cut.value)
            out += "<line x1=\"\(SVGChart.n(cx))\" y1=\"\(SVGChart.n(top))\" x2=\"\(SVGChart.n(cx))\" y2=\"\(SVGChart.n(top + plotH))\" class=\"cut\"/>\n"
            out += "<text x=\"\(SVGChart.n(cx + 3))\" y=\"\(SVGChart.n(top + 12 + Double(i) * 12))\" class=\"small cutlabel\">\(e(cut.label)) (\(SVGChart.tickLabel(cut.value)))</text>\n"
        }
        // Count axis.
        for t in SVGChart.ticks(0, Double(maxCount), target: 4) {
            out += "<text x=\"\(SVGChart.n(left - 4))\" y=\"\(SVGChart.n(y(t) + 4))\" text-anchor=\"end\" class=\"small\">\(ReportNumber.grouped(Int(t)))</text>"
            out += "<line x1=\"\(SVGChart.n(left))\" y1=\"\(SVGChart.n(y(t)))\" x2=\"\(SVGChart.n(left + plotW))\" y2=\"\(SVGChart.n(y(t)))\" class=\"grid\"/>\n"
        }
        let lo = h.pointBins ? h.lower + h.binWidth / 2 : h.lower
        let hi = h.pointBins ? h.upper - h.binWidth / 2 : h.upper
        out += axis(y: top + plotH + 4, ticks: SVGChart.ticks(lo, hi, target: 8), x: x,
                    label: { SVGChart.tickLabel($0) })
        out += "<text x=\"\(SVGChart.n(left + plotW / 2))\" y=\"\(SVGChart.n(height - 4))\" text-anchor=\"middle\" class=\"small\">Score</text>\n"
        return out + "</svg>\n"
    }

    /// A horizontal axis line with ticks and labels.
    static func axis(y: Double, ticks: [Double], x: (Double) -> Double, label: (Double) -> String) -> String {
        guard let first = ticks.first, let last = ticks.last else { return "" }
        var out = "<line x1=\"\(SVGChart.n(x(first)))\" y1=\"\(SVGChart.n(y))\" x2=\"\(SVGChart.n(x(last)))\" y2=\"\(SVGChart.n(y))\" class=\"axis\"/>\n"
        for t in ticks {
            out += "<line x1=\"\(SVGChart.n(x(t)))\" y1=\"\(SVGChart.n(y))\" x2=\"\(SVGChart.n(x(t)))\" y2=\"\(SVGChart.n(y + 4))\" class=\"axis\"/>"
            out += "<text x=\"\(SVGChart.n(x(t)))\" y=\"\(SVGChart.n(y + 16))\" text-anchor=\"middle\" class=\"small\">\(XMLText.escape(label(t)))</text>\n"
        }
        return out
    }

    static let style = """

    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1a1a1a;background:#ffffff;margin:0;line-height:1.45}
    main{max-width:1000px;margin:0 auto;padding:1.5rem}
    h1{font-size:1.6rem;margin-top:0}h2{border-bottom:1px solid #cccccc;padding-bottom:.2rem;margin-top:2rem}
    nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}
    table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
    th,td{padding:.2rem .6rem;border-bottom:1px solid #e0e0e0;text-align:right}
    th[scope=row],thead th:first-child{text-align:left}thead th{border-bottom:2px solid #555555}
    .provenance td,.provenance th{text-align:left}code{font-size:.9em;word-break:break-all}
    .apa{font-size:1.1rem;font-weight:600}.note{color:#444444;font-size:.9rem}
    .warning{background:#fff4e5;border-left:4px solid #b35806;padding:.3rem .6rem}
    figure{margin:1rem 0}figcaption{font-size:.85rem;color:#444444;max-width:600px}
    svg.chart{max-width:100%;height:auto;font-size:12px;font-family:inherit}
    svg .small{font-size:10.5px}svg .light{fill:#ffffff}
    svg .grid{stroke:#e6e6e6;stroke-width:1}svg .axis{stroke:#555555;stroke-width:1}
    svg .ref{stroke:#1a1a1a;stroke-width:1.5;stroke-dasharray:5 3}svg .zero{stroke:#555555;stroke-width:1}
    svg .cut{stroke:#b2182b;stroke-width:2;stroke-dasharray:6 3}svg .cutlabel{fill:#b2182b;font-weight:600}
    svg .bar{fill:#4a7fb5}svg .dot{fill:#2166ac;stroke:#1a1a1a}svg .raise{fill:#ffffff;stroke:#b2182b;stroke-width:2}
    @media print{main{max-width:none}}

    """
}
