import Foundation

/// The self-contained HTML audit report: no script, no external reference, inline SVG with
/// `<title>`/`<desc>`, values printed as labels. Aggregates only (trajectory bands, alert
/// counts, therapist summaries) unless `includeClients`.
public enum AuditHTML {
    public static func render(_ r: AuditResult, includeClients: Bool = false) -> String {
        let e = XMLText.escape
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Clinic audit</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>
        <h1>Clinic audit</h1>

        """
        out += "<p>\(r.rows) administrations of \(r.clientCount) clients"
        out += r.therapistCount > 0 ? " seen by \(r.therapistCount) therapists" : ""
        out += "; sessions ordered by \(e(r.sessionOrder)). "
        out += r.pseudonymized ? "Therapist labels are keyed pseudonyms (HMAC-SHA256).</p>\n"
            : "</p>\n"
        let facts = AuditRender.sessionSummary(r)
        if !facts.isEmpty { out += "<ul>\n" + facts.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n" }
        out += includeClients ? "" : "<p>This report shows aggregates only; no client is listed.</p>\n"

        out += "<h2>Measures</h2>\n<table>\n<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Role</th><th scope=\"col\">Given</th><th scope=\"col\">Mean</th><th scope=\"col\">Cutoff</th><th scope=\"col\">Reliable change</th><th scope=\"col\">Alert rules</th></tr></thead>\n<tbody>\n"
        for m in r.measures {
            let cut = m.cutoff.map { "\(m.cutoffDirection ?? "") \(AuditRender.num($0, 1))" } ?? "—"
            var change = m.changeCriterion.rawValue
            if let p = m.reliableChangePoints { change += " ≥ \(AuditRender.num(p)) points" }
            if let se = m.seDifference { change += "; SE_diff \(AuditRender.num(se)) (r_xx \(AuditRender.num(m.rciReliability)), \(m.rciReliabilityKind?.rawValue ?? "unstated"))" }
            let rules = m.alertRules.map { $0.kind + ($0.points.map { " ≥ \(AuditRender.num($0, 1))" } ?? "") }.joined(separator: ", ")
            out += "<tr><th scope=\"row\">\(e(m.abbreviation))</th>" + cells([m.role, String(m.administrations), AuditRender.num(m.meanScore), cut, change, rules.isEmpty ? "—" : rules]) + "</tr>\n"
        }
        out += "</tbody>\n</table>\n"

        out += "<h2>Trajectories</h2>\n"
        for (i, m) in r.measures.enumerated() where !m.trajectory.isEmpty {
            out += figure(trajectoryChart(m, id: "trajectory-\(i)"),
                          caption: "\(m.abbreviation) by session: median (line) and quartiles (band) of the clients seen at each session; n printed below each session.")
        }
        for m in r.measures where !m.categories.isEmpty {
            out += "<h3>\(e(m.abbreviation)): change first → last</h3>\n<table>\n<thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Clients</th></tr></thead>\n<tbody>\n"
            for k in ["recovered", "improved", "unchanged", "deteriorated", "single"] where m.categories[k] != nil {
                out += "<tr><th scope=\"row\">\(k)</th><td>\(m.categories[k]!)</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }

        out += "<h2>Alerts</h2>\n"
        if r.alerts.isEmpty {
            out += "<p>No alert fired.</p>\n"
        } else {
            out += "<table>\n<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Rule</th><th scope=\"col\">Alerts</th><th scope=\"col\">Clients</th></tr></thead>\n<tbody>\n"
            for m in r.measures {
                for (k, v) in m.alertCounts.sorted(by: { $0.key < $1.key }) {
                    let clients = Set(r.alerts.filter { $0.instrument == m.instrument && $0.rule == k }.map(\.client)).count
                    out += "<tr><th scope=\"row\">\(e(m.abbreviation))</th>" + cells([k, String(v), String(clients)]) + "</tr>\n"
                }
            }
            out += "</tbody>\n</table>\n"
        }

        if !r.therapists.isEmpty {
            out += "<h2>Therapists</h2>\n"
            if let eff = r.therapistEffect { out += "<p>\(e(eff.statement))</p>\n" }
            if let note = ClinicAudit.switchNote(clients: r.clientsWithTherapistChange, changes: r.therapistChanges) {
                out += "<p>\(e(note))</p>\n"
            }
            out += figure(caterpillar(r, id: "therapists"),
                          caption: "Mean alliance per therapist (mean of client means) with its \(Int((r.confidence * 100).rounded()))% interval; suppressed therapists (fewer than \(r.minCell) clients) are grey and show no value.")
            out += "<table>\n<thead><tr><th scope=\"col\">Therapist</th><th scope=\"col\">Clients</th><th scope=\"col\">Sessions</th><th scope=\"col\">Mean alliance</th><th scope=\"col\">CI</th><th scope=\"col\">Reliability of mean</th><th scope=\"col\">Reliably improved</th><th scope=\"col\">Alert rate</th></tr></thead>\n<tbody>\n"
            for t in r.therapists {
                if t.suppressed {
                    out += "<tr class=\"suppressed\"><th scope=\"row\">\(e(t.therapist))</th><td colspan=\"7\">suppressed (fewer than \(r.minCell) clients)</td></tr>\n"
                } else {
                    out += "<tr><th scope=\"row\">\(e(t.therapist))</th>" + cells([
                        String(t.clients ?? 0), String(t.sessions ?? 0), AuditRender.num(t.meanAlliance),
                        "[\(AuditRender.num(t.lower)), \(AuditRender.num(t.upper))]", AuditRender.num(t.meanReliability),
                        AuditRender.pct(t.shareReliablyImproved), AuditRender.pct(t.alertRate)]) + "</tr>\n"
                }
            }
            out += "</tbody>\n</table>\n"
        }

        out += "<h2>Protocol fidelity</h2>\n<table>\n<thead><tr><th scope=\"col\">Scope</th><th scope=\"col\">Sessions</th>"
        out += r.measures.map { "<th scope=\"col\">\(e($0.abbreviation)) given</th>" }.joined()
        out += "<th scope=\"col\">Alliance by session 3</th>"
        out += r.measures.map { "<th scope=\"col\">Longest \(e($0.abbreviation)) gap</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        func row(_ name: String, _ f: AuditResult.Fidelity) -> String {
            "<tr><th scope=\"row\">\(e(name))</th>" + cells([String(f.sessions)] + r.measures.map { AuditRender.pct(f.shareGiven[$0.instrument]) }
                + [AuditRender.pct(f.allianceBySession3)] + r.measures.map { String(f.longestMissedRun[$0.instrument] ?? 0) }) + "</tr>\n"
        }
        out += row("all", r.fidelity)
        for t in r.therapists { if let f = t.fidelity { out += row(t.therapist, f) } }
        out += "</tbody>\n</table>\n"

        if includeClients && !r.alerts.isEmpty {
            out += "<h2>Alerts by client</h2>\n<table>\n<thead><tr><th scope=\"col\">Client</th><th scope=\"col\">Therapist</th><th scope=\"col\">Measure</th><th scope=\"col\">Session</th><th scope=\"col\">Session value (line)</th><th scope=\"col\">Rule</th><th scope=\"col\">Score</th></tr></thead>\n<tbody>\n"
            for a in r.alerts {
                let at = a.sessionValue.map { v in v + (a.line.map { " (\($0))" } ?? "") } ?? "all"
                out += "<tr><th scope=\"row\">\(e(a.client))</th>" + cells([a.therapist ?? "", a.instrument, a.session.map(String.init) ?? "all", at, a.rule, AuditRender.num(a.score, 1)]) + "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static func cells(_ values: [String]) -> String { values.map { "<td>\(XMLText.escape($0))</td>" }.joined() }

    static func figure(_ svg: String, caption: String) -> String {
        "<figure>\n\(svg)<figcaption>\(XMLText.escape(caption))</figcaption>\n</figure>\n"
    }

    /// Median line and interquartile band by session, y from the scale's 0 to its max score seen.
    static func trajectoryChart(_ m: AuditResult.Measure, id: String) -> String {
        let w = 640.0, h = 260.0, left = 48.0, right = 16.0, top = 16.0, bottom = 44.0
        let pts = m.trajectory
        let lo = min(pts.map(\.q1).min() ?? 0, m.cutoff ?? .infinity), hi = max(pts.map(\.q3).max() ?? 1, m.cutoff ?? -.infinity)
        let ticks = SVGChart.ticks(lo, hi)
        let y0 = min(ticks.first ?? lo, lo), y1 = max(ticks.last ?? hi, hi)
        let s0 = Double(pts.first!.session), s1 = Double(max(pts.last!.session, pts.first!.session + 1))
        func x(_ s: Int) -> Double { left + (Double(s) - s0) / (s1 - s0) * (w - left - right) }
        func y(_ v: Double) -> Double { top + (1 - (v - y0) / max(y1 - y0, 1e-9)) * (h - top - bottom) }
        var svg = SVGChart.open(id: id, width: w, height: h, title: "\(m.abbreviation) trajectory by session",
                                desc: "Median \(m.abbreviation) at sessions \(pts.map { "\($0.session): \(AuditRender.num($0.median, 1))" }.joined(separator: ", ")).")
        for t in ticks {
            svg += "<line x1=\"\(SVGChart.n(left))\" x2=\"\(SVGChart.n(w - right))\" y1=\"\(SVGChart.n(y(t)))\" y2=\"\(SVGChart.n(y(t)))\" class=\"grid\"/>"
            svg += "<text x=\"\(SVGChart.n(left - 6))\" y=\"\(SVGChart.n(y(t) + 4))\" text-anchor=\"end\" class=\"small\">\(SVGChart.tickLabel(t))</text>\n"
        }
        let band = pts.map { "\(SVGChart.n(x($0.session))),\(SVGChart.n(y($0.q3)))" } + pts.reversed().map { "\(SVGChart.n(x($0.session))),\(SVGChart.n(y($0.q1)))" }
        svg += "<polygon points=\"\(band.joined(separator: " "))\" class=\"band\"/>\n"
        svg += "<polyline points=\"\(pts.map { "\(SVGChart.n(x($0.session))),\(SVGChart.n(y($0.median)))" }.joined(separator: " "))\" class=\"median\"/>\n"
        for p in pts {
            svg += "<circle cx=\"\(SVGChart.n(x(p.session)))\" cy=\"\(SVGChart.n(y(p.median)))\" r=\"3\" class=\"median-dot\"/>"
            svg += "<text x=\"\(SVGChart.n(x(p.session)))\" y=\"\(SVGChart.n(h - bottom + 16))\" text-anchor=\"middle\" class=\"small\">\(p.session)</text>"
            svg += "<text x=\"\(SVGChart.n(x(p.session)))\" y=\"\(SVGChart.n(h - bottom + 30))\" text-anchor=\"middle\" class=\"tiny\">n \(p.n)</text>\n"
        }
        if let c = m.cutoff {
            svg += "<line x1=\"\(SVGChart.n(left))\" x2=\"\(SVGChart.n(w - right))\" y1=\"\(SVGChart.n(y(c)))\" y2=\"\(SVGChart.n(y(c)))\" class=\"cutoff\"/>"
            svg += "<text x=\"\(SVGChart.n(w - right))\" y=\"\(SVGChart.n(y(c) - 4))\" text-anchor=\"end\" class=\"small\">cutoff \(AuditRender.num(c, 0))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// One row per therapist: point at the mean, whisker over the interval; suppressed rows grey.
    static func caterpillar(_ r: AuditResult, id: String) -> String {
        let rows = r.therapists
        let w = 640.0, rowH = 22.0, left = 120.0, right = 60.0, top = 12.0, bottom = 30.0
        let h = top + bottom + rowH * Double(rows.count)
        let values = rows.flatMap { [$0.lower, $0.upper, $0.meanAlliance].compactMap { $0 } }
        let ticks = SVGChart.ticks(values.min() ?? 0, values.max() ?? 1)
        let x0 = min(ticks.first ?? 0, values.min() ?? 0), x1 = max(ticks.last ?? 1, values.max() ?? 1, x0 + 1e-9)
        func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (w - left - right) }
        var svg = SVGChart.open(id: id, width: w, height: h, title: "Mean alliance per therapist",
                                desc: rows.map { t in t.suppressed ? "\(t.therapist): suppressed" : "\(t.therapist): \(AuditRender.num(t.meanAlliance)) [\(AuditRender.num(t.lower)), \(AuditRender.num(t.upper))]" }.joined(separator: "; "))
        for t in ticks {
            svg += "<line x1=\"\(SVGChart.n(x(t)))\" x2=\"\(SVGChart.n(x(t)))\" y1=\"\(SVGChart.n(top))\" y2=\"\(SVGChart.n(h - bottom))\" class=\"grid\"/>"
            svg += "<text x=\"\(SVGChart.n(x(t)))\" y=\"\(SVGChart.n(h - bottom + 16))\" text-anchor=\"middle\" class=\"small\">\(SVGChart.tickLabel(t))</text>\n"
        }
        for (i, t) in rows.enumerated() {
            let cy = top + rowH * (Double(i) + 0.5)
            svg += "<text x=\"\(SVGChart.n(left - 8))\" y=\"\(SVGChart.n(cy + 4))\" text-anchor=\"end\" class=\"small\(t.suppressed ? " muted" : "")\">\(XMLText.escape(t.therapist))</text>"
            if t.suppressed {
                svg += "<rect x=\"\(SVGChart.n(left))\" y=\"\(SVGChart.n(cy - 7))\" width=\"\(SVGChart.n(w - left - right))\" height=\"14\" class=\"suppressed\"/>"
                svg += "<text x=\"\(SVGChart.n(left + 6))\" y=\"\(SVGChart.n(cy + 4))\" class=\"small muted\">suppressed</text>\n"
                continue
            }
            if let lo = t.lower, let hi = t.upper {
                svg += "<line x1=\"\(SVGChart.n(x(lo)))\" x2=\"\(SVGChart.n(x(hi)))\" y1=\"\(SVGChart.n(cy))\" y2=\"\(SVGChart.n(cy))\" class=\"whisker\"/>"
            }
            if let m = t.meanAlliance {
                svg += "<circle cx=\"\(SVGChart.n(x(m)))\" cy=\"\(SVGChart.n(cy))\" r=\"4\" class=\"median-dot\"/>"
                svg += "<text x=\"\(SVGChart.n(w - right + 6))\" y=\"\(SVGChart.n(cy + 4))\" class=\"small\">\(AuditRender.num(m, 1))</text>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n"
    }

    static let style = """
    body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}main{max-width:60rem;margin:0 auto;padding:1rem}\
    table{border-collapse:collapse;margin:0.5rem 0 1rem}th,td{border:1px solid #bbb;padding:0.2rem 0.5rem;text-align:left}\
    td{font-variant-numeric:tabular-nums}tr.suppressed{color:#666;background:#eee}figure{margin:1rem 0}\
    .chart .grid{stroke:#ddd}.chart .small{font-size:12px;fill:#1a1a1a}.chart .tiny{font-size:10px;fill:#555}\
    .chart .muted{fill:#666}.chart .band{fill:#9ecae1;opacity:0.6}.chart .median{fill:none;stroke:#08306b;stroke-width:2}\
    .chart .median-dot{fill:#08306b}.chart .cutoff{stroke:#a50f15;stroke-dasharray:6 3}\
    .chart .whisker{stroke:#08306b;stroke-width:2}.chart rect.suppressed{fill:#e0e0e0}
    """
}
