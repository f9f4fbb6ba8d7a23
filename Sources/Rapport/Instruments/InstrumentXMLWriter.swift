/// Serializes any ``Instrument`` to format-1 XML that ``InstrumentLoader`` reads back to
/// an equal value (except `sha256`, which is a hash of the bytes).
///
/// Used by `rapport instruments new`, by quick scales that need to be saved, and for
/// round-trip tests. Built-in instruments are exported from their original bytes instead,
/// so comments survive (`rapport instruments export`).
public enum InstrumentXMLWriter {
    public static func xml(for instrument: Instrument) -> String {
        var w = Writer()
        let i = instrument
        w.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        w.open("instrument", [("xmlns", InstrumentLoader.namespace), ("formatVersion", InstrumentLoader.formatVersion),
                              ("id", i.id), ("version", i.version)])
        w.element("name", i.name)
        w.element("abbreviation", i.abbreviation)
        w.element("construct", i.construct.rawValue)
        w.element("respondent", i.respondent.rawValue)
        w.element("language", i.language)
        if let d = i.description, !d.isEmpty { w.element("description", d) }

        let p = i.provenance
        if !p.citation.isEmpty || p.doi != nil || p.url != nil || !p.notes.isEmpty {
            w.open("provenance")
            if !p.citation.isEmpty { w.element("citation", p.citation) }
            if let doi = p.doi { w.element("doi", doi) }
            if let url = p.url { w.element("url", url) }
            for note in p.notes { w.element("note", note) }
            w.close("provenance")
        }
        if !i.licence.terms.isEmpty {
            w.open("licence", [("use", i.licence.use.rawValue)])
            if let holder = i.licence.holder { w.element("holder", holder) }
            w.element("terms", i.licence.terms)
            w.close("licence")
        }

        w.open("responseScales")
        for rs in i.responseScales {
            let attrs = [("id", rs.id), ("min", fmt(rs.min)), ("max", fmt(rs.max)), ("step", fmt(rs.step))]
            if rs.anchors.isEmpty && rs.codes.isEmpty {
                w.empty("responseScale", attrs)
                continue
            }
            w.open("responseScale", attrs)
            for a in rs.anchors { w.element("anchor", a.label, [("value", fmt(a.value))]) }
            for c in rs.codes {
                w.empty("code", [("token", c.token), ("meaning", c.meaning.rawValue)] + (c.label.map { [("label", $0)] } ?? []))
            }
            w.close("responseScale")
        }
        w.close("responseScales")

        w.open("items")
        for item in i.items {
            var attrs = [("id", item.id), ("number", String(item.number)), ("column", item.column),
                         ("scale", item.responseScale)]
            if item.reversed { attrs.append(("reversed", "true")) }
            if let label = item.label { attrs.append(("label", label)) }
            if let e = item.expectedAnswer { attrs.append(("expected", fmt(e))) }
            w.empty("item", attrs)
        }
        w.close("items")

        w.open("scales")
        for s in i.scales { scale(s, &w) }
        w.close("scales")

        if let sim = i.simulation {
            let attrs = [("defaultLoading", fmt(sim.defaultLoading)), ("factorCorrelation", fmt(sim.factorCorrelation))]
            if sim.loadings.isEmpty && sim.thresholds == nil {
                w.empty("simulation", attrs)
            } else {
                w.open("simulation", attrs)
                let order = Dictionary(i.items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
                let keys = sim.loadings.keys.sorted { (order[$0] ?? .max, $0) < (order[$1] ?? .max, $1) }
                for k in keys { w.empty("loading", [("item", k), ("value", fmt(sim.loadings[k]!))]) }
                if let t = sim.thresholds { w.element("thresholds", t.map(fmt).joined(separator: " ")) }
                w.close("simulation")
            }
        }
        w.close("instrument")
        return w.text
    }

    private static func scale(_ s: Scale, _ w: inout Writer) {
        w.open("scale", [("id", s.id), ("name", s.name), ("scoring", s.scoring.rawValue)])
        let keyAttrs = [("source", s.key.source), ("verification", s.key.verification.rawValue)]
        if let note = s.key.note {
            w.open("key", keyAttrs)
            w.element("note", note)
            w.close("key")
        } else {
            w.empty("key", keyAttrs)
        }
        for m in s.members {
            var attrs = [(m.kind == .item ? "item" : "scale", m.ref)]
            if let r = m.reversed { attrs.append(("reversed", r ? "true" : "false")) }
            if m.shared { attrs.append(("shared", "true")) }
            w.empty("member", attrs)
        }
        if s.validity.minAnswered != nil || s.validity.maxMissing != nil {
            var attrs: [(String, String)] = []
            if let v = s.validity.minAnswered { attrs.append(("minAnswered", String(v))) }
            if let v = s.validity.maxMissing { attrs.append(("maxMissing", String(v))) }
            w.empty("validity", attrs)
        }
        if let r = s.replacement {
            w.empty("replacement", [("maxReplaced", String(r.maxReplaced)), ("applies", r.applies.rawValue)])
        }
        if let t = s.transform {
            w.empty("transform", [("fromMin", fmt(t.fromMin)), ("fromMax", fmt(t.fromMax)), ("toMin", fmt(t.toMin)),
                                  ("toMax", fmt(t.toMax)), ("verification", t.verification.rawValue)])
        }
        let x = s.interpretation
        if !x.cutoffs.isEmpty || !x.bands.isEmpty || !x.norms.isEmpty || x.reliableChange != nil || !x.alerts.isEmpty {
            w.open("interpretation")
            for c in x.cutoffs {
                w.empty("cutoff", [("code", c.code), ("value", fmt(c.value)), ("direction", c.direction.rawValue),
                                   ("inclusive", c.inclusive ? "true" : "false"), ("label", c.label)]
                        + (c.source.map { [("source", $0)] } ?? []) + [("verification", c.verification.rawValue)])
            }
            for b in x.bands {
                w.empty("band", [("lower", fmt(b.lower)), ("upper", fmt(b.upper)), ("label", b.label)]
                        + (b.source.map { [("source", $0)] } ?? []) + [("verification", b.verification.rawValue)])
            }
            for n in x.norms {
                var attrs = [("id", n.id), ("population", n.population.rawValue), ("mean", fmt(n.mean)), ("sd", fmt(n.sd))]
                if let v = n.n { attrs.append(("n", String(v))) }
                if let v = n.reliability { attrs.append(("reliability", fmt(v))) }
                if let v = n.reliabilityKind { attrs.append(("reliabilityKind", v.rawValue)) }
                attrs += [("source", n.source), ("verification", n.verification.rawValue)]
                w.element("norm", n.description, attrs)
            }
            if let rc = x.reliableChange {
                w.empty("reliableChange", [("points", fmt(rc.points)), ("source", rc.source),
                                           ("verification", rc.verification.rawValue)])
            }
            for a in x.alerts {
                var attrs = [("kind", a.kind.rawValue)]
                if let v = a.points { attrs.append(("points", fmt(v))) }
                if let v = a.minSessions { attrs.append(("minSessions", String(v))) }
                if let v = a.cutoff { attrs.append(("cutoff", v)) }
                if let v = a.source { attrs.append(("source", v)) }
                attrs.append(("verification", a.verification.rawValue))
                w.empty("alert", attrs)
            }
            w.close("interpretation")
        }
        w.close("scale")
    }

    /// Indented element writer, escaping with ``XMLText``.
    private struct Writer {
        var text = ""
        var depth = 0

        mutating func line(_ s: String) {
            text += String(repeating: "  ", count: depth) + s + "\n"
        }
        mutating func open(_ name: String, _ attrs: [(String, String)] = []) {
            line("<\(name)\(render(attrs))>")
            depth += 1
        }
        mutating func close(_ name: String) {
            depth -= 1
            line("</\(name)>")
        }
        mutating func empty(_ name: String, _ attrs: [(String, String)]) {
            line("<\(name)\(render(attrs))/>")
        }
        mutating func element(_ name: String, _ content: String, _ attrs: [(String, String)] = []) {
            line("<\(name)\(render(attrs))>\(XMLText.escape(content))</\(name)>")
        }
        func render(_ attrs: [(String, String)]) -> String {
            attrs.map { " \($0.0)=\"\(XMLText.attribute($0.1))\"" }.joined()
        }
    }
}
