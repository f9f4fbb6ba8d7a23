/// Psychometric checks that XSD cannot express. Each rule has a stable code and one
/// severity; docs/instrument-format.md lists them.
///
/// | code | severity |
/// |---|---|
/// | `lint.duplicate-id` | error |
/// | `lint.unknown-reference` | error |
/// | `lint.scale-cycle` | error |
/// | `lint.reverse-without-range` | error |
/// | `lint.sibling-overlap` | error |
/// | `lint.out-of-range` | error |
/// | `lint.prorate-without-minimum` | error |
/// | `lint.reliable-change-without-norms` | error |
/// | `lint.response-grid` | error |
/// | `lint.impossible-validity` | error |
/// | `lint.scored-attention-check` | error |
/// | `lint.unscored-item` | warning |
/// | `lint.unverified-key` | warning |
/// | `lint.unverified-value` | warning |
/// | `lint.missing-licence` | warning |
/// | `lint.missing-citation` | warning |
struct InstrumentLint {
    let instrument: Instrument
    let file: String
    let map: SourceMap
    private var out: [InstrumentError] = []

    static func check(_ instrument: Instrument, file: String, map: SourceMap = SourceMap(),
                      source: SourceText? = nil) -> [InstrumentError] {
        var lint = InstrumentLint(instrument: instrument, file: file, map: map)
        lint.run()
        return lint.out
    }

    private init(instrument: Instrument, file: String, map: SourceMap) {
        self.instrument = instrument
        self.file = file
        self.map = map
    }

    private mutating func report(_ code: InstrumentError.Code, _ severity: InstrumentError.Severity,
                                 at location: SourceLocation, _ message: String) {
        let place = map[location] ?? map[.root]
        out.append(InstrumentError(code: code, severity: severity, file: file, line: place?.line,
                                   column: place?.column, message: message))
    }

    // MARK: - Rules

    private mutating func run() {
        let ins = instrument
        duplicates()
        responseGrids()

        let responseScales = Dictionary(ins.responseScales.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let itemsByID = Dictionary(ins.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let scaleIndex = Dictionary(ins.scales.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Items: response scale exists; reverse keying needs a usable range.
        for (i, item) in ins.items.enumerated() {
            guard let rs = responseScales[item.responseScale] else {
                report(.unknownReference, .error, at: .item(i),
                       "item \"\(item.id)\" is answered on response scale \"\(item.responseScale)\", which is not declared in <responseScales>")
                if item.reversed {
                    report(.reverseWithoutRange, .error, at: .item(i),
                           "item \"\(item.id)\" is reverse-keyed but its response scale is unknown, so there is no declared range (min + max − x) to reverse against")
                }
                continue
            }
            if item.reversed, !(rs.min < rs.max) {
                report(.reverseWithoutRange, .error, at: .item(i),
                       "item \"\(item.id)\" is reverse-keyed but response scale \"\(rs.id)\" has no range (min \(fmt(rs.min)) is not below max \(fmt(rs.max)))")
            }
            if let expected = item.expectedAnswer, !onGrid(expected, rs) {
                report(.responseGrid, .error, at: .item(i),
                       "attention-check item \"\(item.id)\" expects \(fmt(expected)), which is not an answer on response scale \"\(rs.id)\" (\(fmt(rs.min))–\(fmt(rs.max)) in steps of \(fmt(rs.step)))")
            }
        }

        // Members: references, attention checks, repeats, reverse keying.
        var scored = Set<String>()
        for (s, scale) in ins.scales.enumerated() {
            var seen = Set<String>()
            for (m, member) in scale.members.enumerated() {
                let what = member.kind == .item ? "item" : "scale"
                if !seen.insert("\(what):\(member.ref)").inserted {
                    report(.duplicateID, .error, at: .member(s, m),
                           "scale \"\(scale.id)\" lists \(what) \"\(member.ref)\" twice; it would be counted twice")
                }
                switch member.kind {
                case .item:
                    guard let item = itemsByID[member.ref] else {
                        report(.unknownReference, .error, at: .member(s, m),
                               "scale \"\(scale.id)\" uses item \"\(member.ref)\", which is not declared in <items>")
                        if member.reversed == true {
                            report(.reverseWithoutRange, .error, at: .member(s, m),
                                   "scale \"\(scale.id)\" reverses item \"\(member.ref)\", which has no declared response scale to reverse against")
                        }
                        continue
                    }
                    scored.insert(item.id)
                    if item.isAttentionCheck {
                        report(.scoredAttentionCheck, .error, at: .member(s, m),
                               "scale \"\(scale.id)\" scores attention-check item \"\(item.id)\" (it has expected=\"…\"); attention checks are for screening only — remove the member or the expected answer")
                    }
                    if member.reversed == true, responseScales[item.responseScale].map({ !($0.min < $0.max) }) ?? true {
                        report(.reverseWithoutRange, .error, at: .member(s, m),
                               "scale \"\(scale.id)\" reverses item \"\(item.id)\", whose response scale has no declared range")
                    }
                case .scale:
                    if scaleIndex[member.ref] == nil {
                        report(.unknownReference, .error, at: .member(s, m),
                               "scale \"\(scale.id)\" uses scale \"\(member.ref)\", which is not declared in <scales>")
                    }
                }
            }
        }
        for (i, item) in ins.items.enumerated() where !item.isAttentionCheck && !scored.contains(item.id) {
            report(.unscoredItem, .warning, at: .item(i),
                   "item \"\(item.id)\" is not scored in any scale; add it to a scale or mark it as an attention check with expected=\"…\"")
        }

        let cyclic = cycles(scaleIndex: scaleIndex)
        var ranges = RangeCalculator(instrument: ins, responseScales: responseScales,
                                     itemsByID: itemsByID, scaleIndex: scaleIndex, cyclic: cyclic)

        for (s, scale) in ins.scales.enumerated() {
            let n = scale.members.count
            // Reversed sub-scales need a computable range.
            for (m, member) in scale.members.enumerated()
            where member.kind == .scale && member.reversed == true && ranges.finalRange(member.ref) == nil
                && scaleIndex[member.ref] != nil && !cyclic.contains(member.ref) {
                report(.reverseWithoutRange, .error, at: .member(s, m),
                       "scale \"\(scale.id)\" reverses sub-scale \"\(member.ref)\", whose possible range cannot be determined (an item in it has no declared response scale)")
            }
            // Validity and proration.
            if scale.scoring == .proratedSum, scale.validity.minAnswered == nil, scale.validity.maxMissing == nil {
                report(.prorateWithoutMinimum, .error, at: .scale(s),
                       "scale \"\(scale.id)\" is a prorated sum but declares no minimum; add <validity minAnswered=\"…\"/> (or maxMissing) so a score from one answer is not scaled up to the whole scale")
            }
            if let minAnswered = scale.validity.minAnswered, minAnswered == 0 || minAnswered > n {
                report(.impossibleValidity, .error, at: .validity(s),
                       "scale \"\(scale.id)\" requires \(minAnswered) answered members but has \(n); use a value from 1 to \(n)")
            }
            if let maxMissing = scale.validity.maxMissing, maxMissing >= n {
                report(.impossibleValidity, .error, at: .validity(s),
                       "scale \"\(scale.id)\" allows \(maxMissing) missing members out of \(n), which would score an empty scale; use a value below \(n)")
            }
            if let r = scale.replacement, r.maxReplaced >= n {
                report(.impossibleValidity, .error, at: .replacement(s),
                       "scale \"\(scale.id)\" may replace \(r.maxReplaced) of its \(n) members, leaving nothing to take the mean of; use a value below \(n)")
            }
            siblingOverlap(scale, index: s, itemsByID: itemsByID, scaleIndex: scaleIndex, cyclic: cyclic)
            interpretation(scale, index: s, ranges: &ranges)
            verification(scale, index: s)
        }

        if let sim = ins.simulation {
            for item in sim.loadings.keys.sorted() where itemsByID[item] == nil {
                report(.unknownReference, .error, at: .simulation,
                       "<simulation> gives a loading for item \"\(item)\", which is not declared in <items>")
            }
        }

        let licence = ins.licence
        if licence.terms.trimmedXMLSpace.isEmpty {
            report(.missingLicence, .warning, at: .licence,
                   "no licence terms; add <licence use=\"…\"><terms>…</terms></licence> so users know whether they may use the instrument")
        } else if licence.use == .unknown {
            report(.missingLicence, .warning, at: .licence,
                   "the licence class is \"unknown\"; find out whether the instrument is free, research-only, permission-required or commercial")
        }
        if ins.provenance.citation.trimmedXMLSpace.isEmpty {
            report(.missingCitation, .warning, at: .provenance,
                   "no citation; add <provenance><citation>…</citation></provenance> naming the published source of the instrument")
        }
    }

    private mutating func duplicates() {
        let ins = instrument
        func check<T>(_ values: [T], _ key: (T) -> String, _ location: (Int) -> SourceLocation,
                      _ message: (String) -> String) {
            var seen = Set<String>()
            for (i, v) in values.enumerated() where !seen.insert(key(v)).inserted {
                report(.duplicateID, .error, at: location(i), message(key(v)))
            }
        }
        check(ins.responseScales, \.id, SourceLocation.responseScale) { "response scale id \"\($0)\" is declared twice" }
        check(ins.items, \.id, SourceLocation.item) { "item id \"\($0)\" is declared twice" }
        check(ins.items, { String($0.number) }, SourceLocation.item) { "item number \($0) is used twice" }
        check(ins.items, { $0.column.lowercased() }, SourceLocation.item) {
            "column name \"\($0)\" is used by two items (column names are matched case-insensitively)"
        }
        check(ins.scales, \.id, SourceLocation.scale) { "scale id \"\($0)\" is declared twice" }
        for (s, scale) in ins.scales.enumerated() {
            check(scale.interpretation.cutoffs, \.code, { .cutoff(s, $0) }) {
                "scale \"\(scale.id)\" has two cutoffs with code \"\($0)\""
            }
            check(scale.interpretation.norms, \.id, { .norm(s, $0) }) {
                "scale \"\(scale.id)\" has two norms with id \"\($0)\""
            }
        }
        for (r, rs) in ins.responseScales.enumerated() {
            check(rs.codes, \.token, { _ in .responseScale(r) }) {
                "response scale \"\(rs.id)\" declares code \"\($0)\" twice"
            }
        }
    }

    private mutating func responseGrids() {
        for (r, rs) in instrument.responseScales.enumerated() {
            guard rs.min < rs.max else {
                report(.responseGrid, .error, at: .responseScale(r),
                       "response scale \"\(rs.id)\" has min \(fmt(rs.min)) and max \(fmt(rs.max)); min must be below max")
                continue
            }
            if let problem = rs.arithmeticProblem {
                report(.responseGrid, .error, at: .responseScale(r), "response scale \"\(rs.id)\": \(problem)")
                continue
            }
            let steps = (rs.max - rs.min) / rs.step
            if rs.step <= 0 || abs(steps - steps.rounded()) > 1e-6 {
                report(.responseGrid, .error, at: .responseScale(r),
                       "response scale \"\(rs.id)\": step \(fmt(rs.step)) does not divide the range \(fmt(rs.min))–\(fmt(rs.max)) into whole steps")
                continue
            }
            for (a, anchor) in rs.anchors.enumerated() where !onGrid(anchor.value, rs) {
                report(.responseGrid, .error, at: .anchor(r, a),
                       "response scale \"\(rs.id)\": anchor \(fmt(anchor.value)) (\"\(anchor.label)\") is not an answer on the scale (\(fmt(rs.min))–\(fmt(rs.max)) in steps of \(fmt(rs.step)))")
            }
            // Labels are read from data (answer labels): two that read alike cannot both be.
            do {
                _ = try LabelTable.anchors(of: rs, item: "", file: nil)
            } catch {
                report(.responseGrid, .error, at: .responseScale(r), "response scale \"\(rs.id)\": \(error.message)")
            }
            for code in rs.codes {
                if let v = Double(code.token), v >= rs.min, v <= rs.max, onGrid(v, rs) {
                    report(.responseGrid, .error, at: .responseScale(r),
                           "response scale \"\(rs.id)\": code \"\(code.token)\" (\(code.meaning.rawValue)) is also a valid answer; pick a token outside \(fmt(rs.min))–\(fmt(rs.max)) such as 99")
                }
            }
        }
    }

    /// Scales that lie on a membership cycle; each cycle is reported once, at its first scale.
    private mutating func cycles(scaleIndex: [String: Int]) -> Set<String> {
        let scales = instrument.scales
        var state = [String: Int]()  // 1 visiting, 2 done
        var onCycle = Set<String>()
        var stack: [String] = []
        func visit(_ id: String) {
            guard let s = scaleIndex[id] else { return }
            if state[id] == 2 { return }
            if state[id] == 1 {
                if let start = stack.firstIndex(of: id) {
                    let cycle = Array(stack[start...])
                    if cycle.allSatisfy({ !onCycle.contains($0) }) {
                        let first = cycle.min { scaleIndex[$0]! < scaleIndex[$1]! }!
                        report(.scaleCycle, .error, at: .scale(scaleIndex[first]!),
                               "scales contain each other in a cycle: \((cycle + [id]).map { "\"\($0)\"" }.joined(separator: " → ")); a scale cannot be built from itself")
                    }
                    onCycle.formUnion(cycle)
                }
                return
            }
            state[id] = 1
            stack.append(id)
            for m in scales[s].members where m.kind == .scale { visit(m.ref) }
            stack.removeLast()
            state[id] = 2
        }
        for scale in scales { visit(scale.id) }
        return onCycle
    }

    private mutating func siblingOverlap(_ scale: Scale, index s: Int, itemsByID: [String: Item],
                                         scaleIndex: [String: Int], cyclic: Set<String>) {
        let subs = scale.members.enumerated().filter { $0.element.kind == .scale }
        guard subs.count > 1 else { return }
        // Item → (first sibling holding it, declared shared somewhere on its path).
        var owner: [String: (sibling: String, shared: Bool)] = [:]
        for (m, member) in subs {
            guard !cyclic.contains(member.ref) else { continue }
            var visited = Set<String>()
            var items: [(String, Bool)] = []
            func collect(_ id: String, depth: Int) {
                guard depth < 64, let si = scaleIndex[id], visited.insert(id).inserted else { return }
                for mm in instrument.scales[si].members {
                    if mm.kind == .item { items.append((mm.ref, mm.shared)) } else { collect(mm.ref, depth: depth + 1) }
                }
            }
            collect(member.ref, depth: 0)
            var mine = Set<String>()
            for (item, shared) in items where mine.insert(item).inserted {
                if let prior = owner[item], prior.sibling != member.ref {
                    if !prior.shared && !shared {
                        report(.siblingOverlap, .error, at: .member(s, m),
                               "item \"\(item)\" is scored in both \"\(prior.sibling)\" and \"\(member.ref)\", sibling sub-scales of \"\(scale.id)\", so it counts twice in \"\(scale.id)\"; if that is intended, declare it with shared=\"true\" on the item's <member>")
                    }
                } else {
                    owner[item] = (member.ref, shared)
                }
            }
        }
    }

    private mutating func interpretation(_ scale: Scale, index s: Int, ranges: inout RangeCalculator) {
        let interp = scale.interpretation
        let codes = Set(interp.cutoffs.map(\.code))
        for (a, alert) in interp.alerts.enumerated() {
            if alert.kind == .belowCutoff {
                if let code = alert.cutoff {
                    if !codes.contains(code) {
                        report(.unknownReference, .error, at: .alert(s, a),
                               "alert below-cutoff in scale \"\(scale.id)\" names cutoff \"\(code)\", which the scale does not declare")
                    }
                } else {
                    report(.unknownReference, .error, at: .alert(s, a),
                           "alert below-cutoff in scale \"\(scale.id)\" needs cutoff=\"…\" naming one of the scale's cutoffs")
                }
            }
            if alert.kind == .reliableDrop, interp.reliableChange == nil,
               !interp.norms.contains(where: { $0.reliability != nil }) {
                report(.reliableChangeWithoutNorms, .error, at: .alert(s, a),
                       "scale \"\(scale.id)\" asks for a reliable-drop alert but has neither <reliableChange points=\"…\"> nor a <norm> with sd and reliability to compute it from (Jacobson–Truax)")
            }
        }
        guard let range = ranges.finalRange(scale.id) else { return }
        let r = "\(fmt(range.lowerBound))–\(fmt(range.upperBound))"
        if let t = scale.transform, let raw = ranges.rawRange(scale.id),
           abs(t.fromMin - raw.lowerBound) > 1e-9 || abs(t.fromMax - raw.upperBound) > 1e-9 {
            report(.outOfRange, .error, at: .transform(s),
                   "scale \"\(scale.id)\" transforms from \(fmt(t.fromMin))–\(fmt(t.fromMax)), but its raw score ranges \(fmt(raw.lowerBound))–\(fmt(raw.upperBound)); make fromMin/fromMax the raw range")
        }
        for (c, cutoff) in interp.cutoffs.enumerated() where !inRange(cutoff.value, range) {
            report(.outOfRange, .error, at: .cutoff(s, c),
                   "cutoff \"\(cutoff.code)\" (\(fmt(cutoff.value))) lies outside the possible scores of \"\(scale.id)\" (\(r))")
        }
        for (b, band) in interp.bands.enumerated() {
            if band.lower > band.upper {
                report(.outOfRange, .error, at: .band(s, b),
                       "band \"\(band.label)\" of \"\(scale.id)\" has lower \(fmt(band.lower)) above upper \(fmt(band.upper))")
            } else if !inRange(band.lower, range) || !inRange(band.upper, range) {
                report(.outOfRange, .error, at: .band(s, b),
                       "band \"\(band.label)\" (\(fmt(band.lower))–\(fmt(band.upper))) lies outside the possible scores of \"\(scale.id)\" (\(r))")
            }
        }
        for (n, norm) in interp.norms.enumerated() {
            if !inRange(norm.mean, range) {
                report(.outOfRange, .error, at: .norm(s, n),
                       "norm \"\(norm.id)\" has mean \(fmt(norm.mean)), outside the possible scores of \"\(scale.id)\" (\(r)); was it published on another metric (sum vs mean)?")
            } else if norm.sd > range.upperBound - range.lowerBound {
                report(.outOfRange, .error, at: .norm(s, n),
                       "norm \"\(norm.id)\" has SD \(fmt(norm.sd)), wider than the whole score range of \"\(scale.id)\" (\(r)); was it published on another metric?")
            }
        }
        if let rc = interp.reliableChange, rc.points > range.upperBound - range.lowerBound {
            report(.outOfRange, .error, at: .reliableChange(s),
                   "reliable change of \(fmt(rc.points)) points is larger than the whole score range of \"\(scale.id)\" (\(r))")
        }
    }

    private mutating func verification(_ scale: Scale, index s: Int) {
        if scale.key.verification == .unverified {
            report(.unverifiedKey, .warning, at: .key(s),
                   "the key of scale \"\(scale.id)\" is unverified (\(scale.key.source)); scores use it, but check it against the published key before relying on them")
        }
        let interp = scale.interpretation
        func value(_ what: String, _ location: SourceLocation) {
            report(.unverifiedValue, .warning, at: location,
                   "\(what) of scale \"\(scale.id)\" is unverified; check it against its source before relying on it")
        }
        if scale.transform?.verification == .unverified { value("the transform", .transform(s)) }
        for (i, c) in interp.cutoffs.enumerated() where c.verification == .unverified { value("cutoff \"\(c.code)\"", .cutoff(s, i)) }
        for (i, b) in interp.bands.enumerated() where b.verification == .unverified { value("band \"\(b.label)\"", .band(s, i)) }
        for (i, n) in interp.norms.enumerated() where n.verification == .unverified { value("norm \"\(n.id)\"", .norm(s, i)) }
        if interp.reliableChange?.verification == .unverified { value("the reliable-change threshold", .reliableChange(s)) }
        for (i, a) in interp.alerts.enumerated() where a.verification == .unverified {
            value("alert \(a.kind.rawValue)", .alert(s, i))
        }
    }

    // MARK: - Helpers

    private func inRange(_ x: Double, _ r: ClosedRange<Double>) -> Bool {
        let tolerance = 1e-9 * Swift.max(1, abs(r.lowerBound), abs(r.upperBound))
        return x >= r.lowerBound - tolerance && x <= r.upperBound + tolerance
    }

    private func onGrid(_ x: Double, _ rs: ResponseScale) -> Bool {
        guard x >= rs.min - 1e-9, x <= rs.max + 1e-9, rs.step > 0 else { return false }
        let k = (x - rs.min) / rs.step
        return abs(k - k.rounded()) < 1e-6
    }
}

/// Possible score ranges of scales, memoized; `nil` where a reference is missing or cyclic.
///
/// ```
/// item: [min, max] of its response scale (reverse keying keeps the range)
/// sum, prorated-sum: [Σ lowᵢ, Σ highᵢ]     mean: [mean lowᵢ, mean highᵢ]
/// transform: the raw range mapped through it
/// ```
struct RangeCalculator {
    let instrument: Instrument
    let responseScales: [String: ResponseScale]
    let itemsByID: [String: Item]
    let scaleIndex: [String: Int]
    let cyclic: Set<String>
    private var raw: [String: ClosedRange<Double>?] = [:]

    init(instrument: Instrument, responseScales: [String: ResponseScale], itemsByID: [String: Item],
         scaleIndex: [String: Int], cyclic: Set<String>) {
        self.instrument = instrument
        self.responseScales = responseScales
        self.itemsByID = itemsByID
        self.scaleIndex = scaleIndex
        self.cyclic = cyclic
    }

    mutating func rawRange(_ id: String) -> ClosedRange<Double>? {
        if let known = raw[id] { return known }
        guard let s = scaleIndex[id], !cyclic.contains(id) else { return nil }
        raw[id] = .some(nil)
        let scale = instrument.scales[s]
        var lows: [Double] = [], highs: [Double] = []
        for m in scale.members {
            let r: ClosedRange<Double>?
            switch m.kind {
            case .item:
                r = itemsByID[m.ref].flatMap { responseScales[$0.responseScale] }
                    .flatMap { $0.min <= $0.max ? $0.min...$0.max : nil }
            case .scale:
                r = finalRange(m.ref)
            }
            guard let r else { raw[id] = .some(nil); return nil }
            lows.append(r.lowerBound)
            highs.append(r.upperBound)
        }
        guard !lows.isEmpty else { return nil }
        let result: ClosedRange<Double>
        switch scale.scoring {
        case .sum, .proratedSum: result = lows.reduce(0, +)...highs.reduce(0, +)
        case .mean: result = (lows.reduce(0, +) / Double(lows.count))...(highs.reduce(0, +) / Double(highs.count))
        }
        raw[id] = .some(result)
        return result
    }

    mutating func finalRange(_ id: String) -> ClosedRange<Double>? {
        guard let r = rawRange(id), let s = scaleIndex[id] else { return nil }
        guard let t = instrument.scales[s].transform, t.fromMax != t.fromMin else { return r }
        let a = t.apply(r.lowerBound), b = t.apply(r.upperBound)
        return Swift.min(a, b)...Swift.max(a, b)
    }
}

/// Shortest decimal form: `5`, `0.1`, `35.9`.
func fmt(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return String(x)
}
