import Foundation

/// Text renderings of an ``AuditResult``: JSON, Markdown, and the per-session clients CSV.
/// Labels in the result are already pseudonyms when a key was given; nothing here sees an ID.
public enum AuditRender {
    /// Pretty JSON with sorted keys, ending in a newline.
    public static func json(_ r: AuditResult) throws -> String { try JSONOutput.encode(r) }

    static func num(_ x: Double?, _ d: Int = 2) -> String {
        guard let x, x.isFinite else { return "—" }
        return String(format: "%.\(d)f", x)
    }

    static func pct(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "—" }
        return String(format: "%.0f%%", x * 100)
    }

    /// Markdown: measures and rules, categories, alerts by rule, therapists, effect, fidelity.
    /// Client rows are listed only when `includeClients`.
    public static func markdown(_ r: AuditResult, includeClients: Bool = true) -> String {
        var out = "# Clinic audit\n\n"
        out += "\(r.rows) administrations of \(r.clientCount) clients"
        out += r.therapistCount > 0 ? " seen by \(r.therapistCount) therapists" : ""
        out += "; sessions ordered by \(r.sessionOrder)."
        out += r.pseudonymized ? " Client and therapist IDs are keyed pseudonyms (HMAC-SHA256).\n\n" : "\n\n"
        let facts = sessionSummary(r)
        if !facts.isEmpty { out += facts.map { "- " + $0 }.joined(separator: "\n") + "\n\n" }
        out += "## Measures\n\n| Measure | Role | Given | Mean | Cutoff | Reliable change | Alert rules |\n|---|---|---:|---:|---|---|---|\n"
        for m in r.measures {
            let cut = m.cutoff.map { "\(m.cutoffDirection ?? "") \(num($0, 1)) (\(m.cutoffCode ?? ""))" } ?? "—"
            var change = m.changeCriterion.rawValue
            if let p = m.reliableChangePoints { change += " ≥ \(num(p)) points" }
            if let se = m.seDifference {
                change += "; SE_diff \(num(se)) from SD \(num(m.rciSD)) and r_xx \(num(m.rciReliability)) (\(m.rciReliabilityKind?.rawValue ?? "unstated"))"
            }
            let rules = m.alertRules.map { rule in
                rule.kind + (rule.points.map { " ≥ \(num($0, 1))" } ?? "") + (rule.minSessions.map { " (≥ \($0) sessions)" } ?? "")
            }.joined(separator: ", ")
            out += "| \(m.abbreviation) | \(m.role) | \(m.administrations) | \(num(m.meanScore)) | \(cut) | \(change) | \(rules.isEmpty ? "—" : rules) |\n"
        }
        let ml = r.measures.compactMap { m in m.multilevel.map { (m.abbreviation, $0) } }
        if !ml.isEmpty {
            out += "\nWithin-client reliability of change (psych `mlr`: clients × sessions × items; REML as psych's lme option):\n\n"
            for (name, x) in ml {
                out += "- \(name): Rcn \(num(x.rcn)) (reliability of a client's session-to-session change), RkRn \(num(x.rkrn))"
                out += " (a client's mean over sessions); \(x.clients) clients, up to \(x.sessions) sessions, \(x.items) items"
                if let rc = x.rc { out += "; balanced, ANOVA Rc \(num(rc))" }
                out += "; variance client \(num(x.varianceClient)), client × session \(num(x.varianceClientSession)), residual \(num(x.varianceResidual)).\n"
            }
        }
        for m in r.measures where !m.categories.isEmpty {
            out += "\n## \(m.abbreviation): change first → last\n\n| Category | Clients |\n|---|---:|\n"
            for k in ["recovered", "improved", "unchanged", "deteriorated", "single"] where m.categories[k] != nil {
                out += "| \(k) | \(m.categories[k]!) |\n"
            }
        }
        out += "\n## Alerts\n\n"
        if r.alerts.isEmpty {
            out += "No alert fired.\n"
        } else {
            out += "| Measure | Rule | Alerts |\n|---|---|---:|\n"
            for m in r.measures {
                for (k, v) in m.alertCounts.sorted(by: { $0.key < $1.key }) { out += "| \(m.abbreviation) | \(k) | \(v) |\n" }
            }
        }
        if !r.therapists.isEmpty {
            out += "\n## Therapists\n\n| Therapist | Clients | Sessions | Mean alliance [\(Int((r.confidence * 100).rounded()))% CI] | Reliability of mean | Reliably improved | Alert rate |\n|---|---:|---:|---|---:|---:|---:|\n"
            for t in r.therapists {
                if t.suppressed {
                    out += "| \(t.therapist) | < \(r.minCell) | suppressed | | | | |\n"
                    continue
                }
                let shared = (t.sharedClients ?? 0) > 0 ? " (\(t.sharedClients!) shared)" : ""
                out += "| \(t.therapist) | \(t.clients ?? 0)\(shared) | \(t.sessions ?? 0) | \(num(t.meanAlliance)) [\(num(t.lower)), \(num(t.upper))] | \(num(t.meanReliability)) | \(pct(t.shareReliablyImproved)) | \(pct(t.alertRate)) |\n"
            }
            if let note = ClinicAudit.switchNote(clients: r.clientsWithTherapistChange, changes: r.therapistChanges) {
                out += "\n" + note + "\n"
            }
            if let e = r.therapistEffect {
                out += "\nTherapist effect: ICC(1) = \(num(e.icc1, 3)), F(\(num(e.df1, 0)), \(num(e.df2, 0))) = \(num(e.f)), p = \(num(e.p, 3)). \(e.statement)\n"
            }
        }
        out += "\n## Protocol fidelity\n\n| Scope | Sessions | " + r.measures.map { "\($0.abbreviation) given" }.joined(separator: " | ")
        out += " | Alliance by session 3 | " + r.measures.map { "Longest \($0.abbreviation) gap" }.joined(separator: " | ") + " |\n"
        out += "|---|---:|" + String(repeating: "---:|", count: 2 * r.measures.count + 1) + "\n"
        func fidelityRow(_ name: String, _ f: AuditResult.Fidelity) -> String {
            "| \(name) | \(f.sessions) | " + r.measures.map { pct(f.shareGiven[$0.instrument]) }.joined(separator: " | ")
                + " | \(pct(f.allianceBySession3)) | " + r.measures.map { String(f.longestMissedRun[$0.instrument] ?? 0) }.joined(separator: " | ") + " |\n"
        }
        out += fidelityRow("all", r.fidelity)
        for t in r.therapists { if let f = t.fidelity { out += fidelityRow(t.therapist, f) } }
        if includeClients && !r.alerts.isEmpty {
            out += "\n## Alerts by client\n\n| Client | Therapist | Measure | Session | Session value (line) | Rule | Score | Previous | Next |\n|---|---|---|---:|---|---|---:|---:|---:|\n"
            for a in r.alerts {
                let at = a.sessionValue.map { v in "\(v)" + (a.line.map { " (\($0))" } ?? "") } ?? "all"
                out += "| \(a.client) | \(a.therapist ?? "") | \(a.instrument) | \(a.session.map(String.init) ?? "all") | \(at) | \(a.rule) | \(num(a.score, 1)) | \(num(a.previous, 1)) | \(num(a.next, 1)) |\n"
            }
        }
        return out
    }

    /// How the rows became sessions, one sentence each (stderr, Markdown, HTML): the event
    /// order, rows that are not sessions, carried therapists, therapist changes.
    public static func sessionSummary(_ r: AuditResult) -> [String] {
        var lines: [String] = []
        if let events = r.eventOrder {
            lines.append("event order: " + events.joined(separator: " < "))
        }
        if r.rowsWithoutAnswers > 0 {
            lines.append(r.unansweredRowsCounted
                ? "\(r.rowsWithoutAnswers) of \(r.rowsRead) rows have no answer to any audited instrument and count as sessions (--keep-unanswered-rows)"
                : "\(r.rowsWithoutAnswers) of \(r.rowsRead) rows have no answer to any audited instrument (screening or other non-session events): not sessions")
        }
        if r.therapistCarried > 0 {
            lines.append("therapist carried to \(r.therapistCarried) sessions from the client's other rows")
        }
        if r.therapistChanges > 0 {
            lines.append("\(r.clientsWithTherapistChange) client\(r.clientsWithTherapistChange == 1 ? "" : "s") changed therapist (\(r.therapistChanges) change\(r.therapistChanges == 1 ? "" : "s")); each session counts for its own therapist")
        }
        if r.sessionsWithoutTherapist > 0 {
            lines.append("\(r.sessionsWithoutTherapist) sessions have no therapist")
        }
        return lines
    }

    /// One line per client session:
    /// `client,therapist,session,session.value,line,<inst>…,<outcome>.change,<outcome>.rci,<outcome>.category,alerts`.
    /// `therapist` is the session's own; `session` the ordinal, `session.value` the input's own
    /// session value (number, date or event name; `event/instance` with two session columns)
    /// and `line` the row's file line, so every alert leads back to its row. Change and
    /// category (first → last) are written on the client's last session row.
    public static func clientsCSV(_ r: AuditResult) -> String {
        let ids = r.measures.map(\.instrument)
        let outcome = r.measures.filter { $0.role == "outcome" }.map(\.instrument)
        var out = (["client", "therapist", "session", "session.value", "line"] + ids + outcome.flatMap { ["\($0).change", "\($0).rci", "\($0).category"] } + ["alerts"])
            .joined(separator: ",") + "\n"
        for c in r.clients {
            for s in 0..<c.sessions {
                var cells = [csv(c.client), csv((c.therapists[s] ?? nil) ?? ""), String(s + 1),
                             csv(c.sessionValues[s]), String(c.lines[s])]
                for id in ids { cells.append(c.scores[id]?[s].map { shortest(($0 * 1e6).rounded() / 1e6) } ?? "") }
                for id in outcome {
                    if s == c.sessions - 1, let ch = c.changes.first(where: { $0.instrument == id }) {
                        cells += [shortest((ch.change * 1e6).rounded() / 1e6), ch.rci.map { String(format: "%.3f", $0) } ?? "", ch.category]
                    } else {
                        cells += ["", "", ""]
                    }
                }
                let codes = c.alerts.filter { code in
                    guard let at = code.lastIndex(of: "@") else { return s == c.sessions - 1 }
                    return Int(code[code.index(after: at)...]) == s + 1
                }
                cells.append(csv(codes.joined(separator: ";")))
                out += cells.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func shortest(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    static func csv(_ s: String) -> String {
        CSVFieldWriter.quoted(s)
    }
}
