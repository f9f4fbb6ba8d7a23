import Foundation

/// The text of `rapport instruments show`.
package enum InstrumentDescription {
    package static func text(_ i: Instrument) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        line("\(i.abbreviation) — \(i.name)")
        line("id \(i.id) · definition version \(i.version) · \(i.construct.rawValue) · \(i.respondent.rawValue)-rated · language \(i.language)")
        if let d = i.description { line(d) }
        if !i.sha256.isEmpty { line("sha256 \(i.sha256)") }

        line()
        line("Response scales")
        for rs in i.responseScales {
            var s = "  \(rs.id): \(num(rs.min))–\(num(rs.max)) in steps of \(num(rs.step))"
            if !rs.anchors.isEmpty {
                s += "; anchors " + rs.anchors.map { "\(num($0.value)) \"\($0.label)\"" }.joined(separator: ", ")
            }
            if !rs.codes.isEmpty {
                s += "; codes " + rs.codes.map { "\"\($0.token)\" = \($0.meaning.rawValue)" }.joined(separator: ", ")
            }
            line(s)
        }

        line()
        line("Items (\(i.items.count))")
        let rows = i.items.map { item -> [String] in
            var notes: [String] = []
            if item.reversed { notes.append("reversed") }
            if let e = item.expectedAnswer { notes.append("attention check, expects \(num(e))") }
            return ["  \(item.number)", item.id, item.column, item.responseScale, item.label ?? "",
                    notes.joined(separator: ", ")]
        }
        out += TextTable(header: ["  #", "ID", "COLUMN", "SCALE", "LABEL", "NOTES"], rows: rows,
                         rightAligned: [0]).render()

        line()
        line("Scales (\(i.scales.count))")
        for scale in i.scales {
            line("  \(scale.id) — \(scale.name)")
            let members = scale.members.map { m -> String in
                let base = m.kind == .item ? (i.item(m.ref).map { String($0.number) } ?? m.ref) : "[\(m.ref)]"
                let reversed = m.kind == .item ? (m.reversed ?? i.item(m.ref)?.reversed ?? false) : (m.reversed ?? false)
                return base + (reversed ? "R" : "")
            }
            line("    \(scoringText(scale.scoring)) of: \(members.joined(separator: ", "))   (R = reverse-keyed, [ ] = sub-scale)")
            line("    valid when: \(validityText(scale, count: scale.members.count))")
            if let r = scale.replacement {
                let what = r.applies == .notApplicable ? "not-applicable answers" : "not-applicable or missing answers"
                line("    up to \(r.maxReplaced) \(what) replaced by the mean of the answered items; more makes the score missing")
            }
            if let t = scale.transform {
                line("    rescaled \(num(t.fromMin))–\(num(t.fromMax)) → \(num(t.toMin))–\(num(t.toMax)) (\(t.verification.rawValue))")
            }
            line("    key: \(scale.key.source) (\(scale.key.verification.rawValue))")
            if let note = scale.key.note { line("      \(note)") }
            let x = scale.interpretation
            for c in x.cutoffs {
                let op = c.direction == .below ? (c.inclusive ? "≤" : "<") : (c.inclusive ? "≥" : ">")
                line("    cutoff \(c.code): score \(op) \(num(c.value)) — \(c.label)\(source(c.source, c.verification))")
            }
            for b in x.bands {
                line("    band \(num(b.lower))–\(num(b.upper)): \(b.label)\(source(b.source, b.verification))")
            }
            for n in x.norms {
                var s = "    norm \(n.id) (\(n.population.rawValue)): mean \(num(n.mean)), SD \(num(n.sd))"
                if let count = n.n { s += ", n = \(count)" }
                if let r = n.reliability { s += ", reliability \(num(r))\(n.reliabilityKind.map { " (\($0.rawValue))" } ?? "")" }
                if !n.description.isEmpty { s += " — \(n.description)" }
                line(s + source(n.source, n.verification))
            }
            if let rc = x.reliableChange {
                line("    reliable change: \(num(rc.points)) points\(source(rc.source, rc.verification))")
            }
            for a in x.alerts {
                var s = "    alert \(a.kind.rawValue)"
                if let p = a.points { s += ", \(num(p)) point\(p == 1 ? "" : "s")" }
                if let m = a.minSessions { s += ", at least \(m) sessions" }
                if let c = a.cutoff { s += ", cutoff \(c)" }
                line(s + source(a.source, a.verification))
            }
        }

        line()
        line("Provenance")
        line("  \(i.provenance.citation.isEmpty ? "(no citation)" : i.provenance.citation)")
        if let doi = i.provenance.doi { line("  doi:\(doi)") }
        if let url = i.provenance.url { line("  \(url)") }
        for note in i.provenance.notes { line("  • \(note)") }

        line()
        line(i.licenceNotice)
        let warnings = i.verificationWarnings
        if !warnings.isEmpty {
            line()
            line("Unverified (\(warnings.count)) — scoring works, but check these before relying on them:")
            for w in warnings { line("  ! \(w)") }
        }
        return out
    }

    static func scoringText(_ s: Scale.Scoring) -> String {
        switch s {
        case .sum: "sum"
        case .mean: "mean"
        case .proratedSum: "prorated sum (mean × number of members)"
        }
    }

    static func validityText(_ s: Scale, count: Int) -> String {
        var parts: [String] = []
        if let m = s.validity.minAnswered { parts.append("at least \(m) of \(count) answered") }
        if let m = s.validity.maxMissing { parts.append(m == 0 ? "none missing" : "at most \(m) missing") }
        if parts.isEmpty {
            parts.append(s.scoring == .mean ? "at least 1 answered" : "all \(count) answered")
        }
        return parts.joined(separator: " and ")
    }

    static func source(_ source: String?, _ v: Verification) -> String {
        "  [\(source.map { "\($0); " } ?? "")\(v.rawValue)]"
    }

    static func num(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }
}
