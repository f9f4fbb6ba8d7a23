import CLibXML2

/// Where a part of a definition sits in its file, by position (so duplicates have distinct
/// places). Used by the lint to name lines.
enum SourceLocation: Hashable, Sendable {
    case root, provenance, licence
    case responseScale(Int), anchor(Int, Int)
    case item(Int)
    case scale(Int), key(Int), member(Int, Int), validity(Int), replacement(Int), transform(Int)
    case cutoff(Int, Int), band(Int, Int), norm(Int, Int), reliableChange(Int), alert(Int, Int)
    case simulation, loading(Int)
}

/// Line and column of each part of a decoded definition.
struct SourceMap: Sendable {
    var places: [SourceLocation: (line: Int, column: Int?)] = [:]
    subscript(_ location: SourceLocation) -> (line: Int, column: Int?)? { places[location] }
}

/// Turns a schema-valid libxml2 tree into an ``Instrument`` and a ``SourceMap``.
/// Schema validation has run, so structure and lexical forms are known to be right;
/// what XSD 1.0 cannot say (a member names exactly one of item or scale) is checked here.
struct InstrumentDecoder {
    struct Decoded: Sendable {
        var instrument: Instrument
        var map: SourceMap
    }

    let source: SourceText
    let file: String
    private var map = SourceMap()

    init(source: SourceText, file: String) {
        self.source = source
        self.file = file
    }

    mutating func decode(_ root: xmlNodePtr) throws(InstrumentError) -> Decoded {
        note(.root, root)
        var name = "", abbreviation = "", language = "en"
        var description: String?
        var construct = Instrument.Construct.other
        var respondent = Instrument.Respondent.client
        var provenance = Provenance(citation: "")
        var licence = Licence(use: .unknown, terms: "")
        var responseScales: [ResponseScale] = []
        var items: [Item] = []
        var scales: [Scale] = []
        var simulation: Simulation?

        for node in elements(root) {
            switch localName(node) {
            case "name": name = text(node)
            case "abbreviation": abbreviation = text(node)
            case "construct": construct = try enumValue(text(node), node)
            case "respondent": respondent = try enumValue(text(node), node)
            case "language": language = text(node)
            case "description": description = text(node)
            case "provenance":
                note(.provenance, node)
                for child in elements(node) {
                    switch localName(child) {
                    case "citation": provenance.citation = text(child)
                    case "doi": provenance.doi = text(child)
                    case "url": provenance.url = text(child)
                    case "note": provenance.notes.append(text(child))
                    default: break
                    }
                }
            case "licence":
                note(.licence, node)
                licence.use = try enumValue(attr(node, "use") ?? "unknown", node)
                for child in elements(node) {
                    switch localName(child) {
                    case "holder": licence.holder = text(child)
                    case "terms": licence.terms = text(child)
                    default: break
                    }
                }
            case "responseScales":
                for (i, node) in elements(node).enumerated() {
                    responseScales.append(try responseScale(node, index: i))
                }
            case "items":
                for (i, node) in elements(node).enumerated() {
                    note(.item(i), node)
                    items.append(Item(
                        id: attr(node, "id") ?? "",
                        number: try int(node, "number") ?? 0,
                        column: attr(node, "column") ?? "",
                        responseScale: attr(node, "scale") ?? "",
                        reversed: try bool(node, "reversed") ?? false,
                        label: attr(node, "label"),
                        expectedAnswer: try double(node, "expected")))
                }
            case "scales":
                for (i, node) in elements(node).enumerated() {
                    scales.append(try scale(node, index: i))
                }
            case "simulation":
                simulation = try self.simulation(node)
            default: break
            }
        }
        let instrument = Instrument(
            id: attr(root, "id") ?? "", version: attr(root, "version") ?? "",
            name: name, abbreviation: abbreviation, construct: construct, respondent: respondent,
            language: language, description: description,
            responseScales: responseScales, items: items, scales: scales,
            provenance: provenance, licence: licence, simulation: simulation)
        return Decoded(instrument: instrument, map: map)
    }

    private mutating func responseScale(_ node: xmlNodePtr, index: Int) throws(InstrumentError) -> ResponseScale {
        note(.responseScale(index), node)
        var scale = ResponseScale(id: attr(node, "id") ?? "", min: try double(node, "min") ?? 0,
                                  max: try double(node, "max") ?? 0, step: try double(node, "step") ?? 1)
        var a = 0
        for child in elements(node) {
            switch localName(child) {
            case "anchor":
                note(.anchor(index, a), child)
                a += 1
                scale.anchors.append(.init(value: try double(child, "value") ?? 0, label: text(child)))
            case "code":
                scale.codes.append(.init(token: attr(child, "token") ?? "",
                                         meaning: try enumValue(attr(child, "meaning") ?? "", child),
                                         label: attr(child, "label")))
            default: break
            }
        }
        return scale
    }

    private mutating func scale(_ node: xmlNodePtr, index s: Int) throws(InstrumentError) -> Scale {
        note(.scale(s), node)
        var key = KeyProvenance(source: "", verification: .unverified)
        var members: [Scale.Member] = []
        var validity = Scale.Validity()
        var replacement: Scale.Replacement?
        var transform: Scale.Transform?
        var interpretation = Interpretation()
        for child in elements(node) {
            switch localName(child) {
            case "key":
                note(.key(s), child)
                key.source = attr(child, "source") ?? ""
                key.verification = try enumValue(attr(child, "verification") ?? "", child)
                key.note = elements(child).first.map(text)
            case "member":
                note(.member(s, members.count), child)
                let item = attr(child, "item"), sub = attr(child, "scale")
                let reversed = try bool(child, "reversed")
                let shared = try bool(child, "shared") ?? false
                switch (item, sub) {
                case (let item?, nil):
                    members.append(.init(kind: .item, ref: item, reversed: reversed, shared: shared))
                case (nil, let sub?):
                    members.append(.init(kind: .scale, ref: sub, reversed: reversed, shared: shared))
                default:
                    throw error(child, "a <member> names exactly one of item=\"…\" or scale=\"…\"")
                }
            case "validity":
                note(.validity(s), child)
                validity = Scale.Validity(minAnswered: try int(child, "minAnswered"),
                                          maxMissing: try int(child, "maxMissing"))
            case "replacement":
                note(.replacement(s), child)
                replacement = Scale.Replacement(maxReplaced: try int(child, "maxReplaced") ?? 0,
                                                applies: try enumValue(attr(child, "applies") ?? "", child))
            case "transform":
                note(.transform(s), child)
                transform = Scale.Transform(
                    fromMin: try double(child, "fromMin") ?? 0, fromMax: try double(child, "fromMax") ?? 0,
                    toMin: try double(child, "toMin") ?? 0, toMax: try double(child, "toMax") ?? 0,
                    verification: try enumValue(attr(child, "verification") ?? "", child))
            case "interpretation":
                interpretation = try self.interpretation(child, scale: s)
            default: break
            }
        }
        return Scale(id: attr(node, "id") ?? "", name: attr(node, "name") ?? "", members: members,
                          scoring: try enumValue(attr(node, "scoring") ?? "", node),
                          validity: validity, replacement: replacement, transform: transform,
                          interpretation: interpretation, key: key)
    }

    private mutating func interpretation(_ node: xmlNodePtr, scale s: Int) throws(InstrumentError) -> Interpretation {
        var out = Interpretation()
        for child in elements(node) {
            switch localName(child) {
            case "cutoff":
                note(.cutoff(s, out.cutoffs.count), child)
                out.cutoffs.append(Cutoff(
                    code: attr(child, "code") ?? "", value: try double(child, "value") ?? 0,
                    direction: try enumValue(attr(child, "direction") ?? "", child),
                    inclusive: try bool(child, "inclusive") ?? false, label: attr(child, "label") ?? "",
                    source: attr(child, "source"),
                    verification: try enumValue(attr(child, "verification") ?? "", child)))
            case "band":
                note(.band(s, out.bands.count), child)
                out.bands.append(Band(
                    lower: try double(child, "lower") ?? 0, upper: try double(child, "upper") ?? 0,
                    label: attr(child, "label") ?? "", source: attr(child, "source"),
                    verification: try enumValue(attr(child, "verification") ?? "", child)))
            case "norm":
                note(.norm(s, out.norms.count), child)
                out.norms.append(Norm(
                    id: attr(child, "id") ?? "",
                    population: try enumValue(attr(child, "population") ?? "", child),
                    description: text(child), mean: try double(child, "mean") ?? 0,
                    sd: try double(child, "sd") ?? 0, n: try int(child, "n"),
                    reliability: try double(child, "reliability"),
                    reliabilityKind: try attr(child, "reliabilityKind").map { (v: String) throws(InstrumentError) in try enumValue(v, child) },
                    source: attr(child, "source") ?? "",
                    verification: try enumValue(attr(child, "verification") ?? "", child)))
            case "reliableChange":
                note(.reliableChange(s), child)
                out.reliableChange = ReliableChange(
                    points: try double(child, "points") ?? 0, source: attr(child, "source") ?? "",
                    verification: try enumValue(attr(child, "verification") ?? "", child))
            case "alert":
                note(.alert(s, out.alerts.count), child)
                out.alerts.append(AlertRule(
                    kind: try enumValue(attr(child, "kind") ?? "", child),
                    points: try double(child, "points"), minSessions: try int(child, "minSessions"),
                    cutoff: attr(child, "cutoff"), source: attr(child, "source"),
                    verification: try enumValue(attr(child, "verification") ?? "", child)))
            default: break
            }
        }
        return out
    }

    private mutating func simulation(_ node: xmlNodePtr) throws(InstrumentError) -> Simulation {
        note(.simulation, node)
        var sim = Simulation(defaultLoading: try double(node, "defaultLoading") ?? 0.7,
                             factorCorrelation: try double(node, "factorCorrelation") ?? 0.6)
        var l = 0
        for child in elements(node) {
            switch localName(child) {
            case "loading":
                note(.loading(l), child)
                l += 1
                let item = attr(child, "item") ?? ""
                if sim.loadings[item] != nil {
                    throw error(child, "item \"\(item)\" has two <loading> elements; keep one")
                }
                sim.loadings[item] = try double(child, "value") ?? 0
            case "thresholds":
                var values: [Double] = []
                for token in text(child).split(separator: " ") {
                    guard let v = Double(token) else { throw error(child, "\"\(token)\" is not a number") }
                    values.append(v)
                }
                sim.thresholds = values
            default: break
            }
        }
        return sim
    }

    // MARK: - Tree access

    private mutating func note(_ location: SourceLocation, _ node: xmlNodePtr) {
        let place = source.place(ofElement: localName(node), line: Int(xmlGetLineNo(node)))
        map.places[location] = (place.line, place.column)
    }

    private func elements(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { out.append(c) }
            child = c.pointee.next
        }
        return out
    }

    private func localName(_ node: xmlNodePtr) -> String { String(cString: node.pointee.name) }

    /// Text content with white space collapsed (the schema's `xs:token` reading).
    private func text(_ node: xmlNodePtr) -> String {
        guard let raw = xmlNodeGetContent(node) else { return "" }
        defer { rapport_xmlFree(raw) }
        return collapse(String(cString: raw))
    }

    private func attr(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let raw = xmlGetNoNsProp(node, name) else { return nil }
        defer { rapport_xmlFree(raw) }
        return collapse(String(cString: raw))
    }

    private func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    private func double(_ node: xmlNodePtr, _ name: String) throws(InstrumentError) -> Double? {
        guard let s = attr(node, name) else { return nil }
        guard let v = Double(s), v.isFinite else { throw error(node, "\(name)=\"\(s)\" is not a finite number") }
        return v
    }

    private func int(_ node: xmlNodePtr, _ name: String) throws(InstrumentError) -> Int? {
        guard let s = attr(node, name) else { return nil }
        guard let v = Int(s.hasPrefix("+") ? String(s.dropFirst()) : s) else {
            throw error(node, "\(name)=\"\(s)\" is not a whole number this program can hold")
        }
        return v
    }

    private func bool(_ node: xmlNodePtr, _ name: String) throws(InstrumentError) -> Bool? {
        switch attr(node, name) {
        case nil: return nil
        case "true", "1": return true
        case "false", "0": return false
        case let s?: throw error(node, "\(name)=\"\(s)\" must be true or false")
        }
    }

    private func enumValue<T: RawRepresentable>(_ raw: String, _ node: xmlNodePtr) throws(InstrumentError) -> T
    where T.RawValue == String {
        guard let v = T(rawValue: raw) else { throw error(node, "\"\(raw)\" is not an allowed value here") }
        return v
    }

    private func error(_ node: xmlNodePtr, _ message: String) -> InstrumentError {
        let place = source.place(ofElement: localName(node), line: Int(xmlGetLineNo(node)))
        return InstrumentError(code: .schema, file: file, line: place.line, column: place.column,
                               message: "<\(localName(node))>: \(message)")
    }
}
