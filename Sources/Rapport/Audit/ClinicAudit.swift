import Foundation
import RapportStatistics

/// The clinic audit: per-client trajectories, reliable change, alliance alerts, therapist
/// summaries, therapist effect and protocol fidelity, from long session rows.
///
/// Conventions:
/// - Rows become sessions by ``AuditSessions`` (rows without any audited answer are not
///   sessions; session columns of numbers, ISO dates/date-times or REDCap event names; the
///   therapist carried within a client); a client's session ordinal is its rank 1, 2, …;
///   a session whose measure is empty is a missed administration of that measure.
/// - Reliable change (outcome measures), first → last administration:
///   declared `reliableChange` points when the definition has them (`declared-points`);
///   otherwise Jacobson–Truax `|x₂ − x₁| ≥ z·SE_diff`, `SE_diff = SD·√(2(1 − r_xx))`, with SD
///   and r_xx from the declared norm (`--norms declared`) or the sample (`--norms sample`:
///   SD of first administrations, Cronbach's α of all complete administrations).
///   RCI `= (x₂ − x₁)/SE_diff` is reported whenever SE_diff is known.
/// - Categories (Jacobson & Truax 1991): `recovered` = reliable improvement that crosses the
///   clinical cutoff out of the clinical range; `improved` = other reliable improvement;
///   `deteriorated` = reliable worsening; `unchanged` otherwise; `single` = one administration.
/// - Alerts (alliance measures; rules from the definition or flags): `below-cutoff` (the
///   cutoff flags the score), `reliable-drop` (previous − score ≥ reliable-change points),
///   `drop` (previous − score ≥ points), `rupture-repair` (previous − score ≥ points and
///   next − score ≥ points, consecutive administrations), `ceiling` (the maximum possible
///   score at every administration, at least `minSessions`).
/// - Each session counts for its own therapist. Therapist mean alliance: mean of client means
///   over the sessions with that therapist, t interval on clients − 1 df; a client who saw two
///   therapists is a client of each. Therapist effect: ICC(1) of those client means within
///   therapists (``ICCOneWay``); each therapist's Spearman–Brown reliability for their
///   caseload. Therapists with fewer than `minCell` clients are suppressed (no statistic shown).
public enum ClinicAudit {
    public static func run(rows: [AuditRow], measures: [AuditMeasure], settings: AuditSettings,
                           label: AuditPseudonymizer) throws -> AuditResult {
        let prepared = try AuditSessions.prepare(rows, settings: settings)
        let byClient = prepared.byClient
        let order = prepared.clients.sorted { label.client($0) < label.client($1) }
        let sessionRows = order.flatMap { byClient[$0]! }
        let criteria = measures.enumerated().map { m, measure in
            criterion(measure, m: m, rows: sessionRows, byClient: byClient, order: order, settings: settings)
        }
        var totals = Totals(measures: measures.count)
        for c in order {
            auditClient(byClient[c]!, label: label.client(c), measures: measures, criteria: criteria,
                        therapistLabel: label.therapist, into: &totals)
        }
        let summaries = therapistSummaries(episodes: totals.episodes, measures: measures, settings: settings, label: label)
        let resultMeasures = measures.enumerated().map { m, measure in
            resultMeasure(measure, m: m, criterion: criteria[m], sessionRows: sessionRows, order: order,
                          byClient: byClient, totals: totals)
        }
        return AuditResult(rows: sessionRows.count, rowsRead: prepared.rowsRead, rowsWithoutAnswers: prepared.unanswered,
                           unansweredRowsCounted: settings.keepUnansweredRows,
                           clientCount: order.count, therapistCount: summaries.therapists.count,
                           sessionOrder: prepared.kinds.joined(separator: ", "), eventOrder: prepared.eventOrder,
                           therapistCarried: prepared.carried, therapistChanges: totals.therapistChanges,
                           clientsWithTherapistChange: totals.clientsWithChange, sessionsWithoutTherapist: prepared.withoutTherapist,
                           pseudonymized: label.isKeyed,
                           minCell: settings.minCell, norms: settings.norms.rawValue, confidence: settings.confidence,
                           measures: resultMeasures, alerts: totals.alerts, clients: totals.clients,
                           therapists: summaries.therapists, therapistEffect: summaries.effect,
                           fidelity: fidelity(order.map { byClient[$0]! }, measures: measures),
                           notes: notes(summaries.notes, prepared: prepared, totals: totals))
    }

    // MARK: - Steps of a run

    /// What the clients add up to, in client order.
    struct Totals {
        var alerts: [AuditResult.Alert] = []
        var clients: [AuditResult.Client] = []
        var categoryCounts: [[String: Int]]
        var alertCounts: [[String: Int]]
        var episodes: [Episode] = []
        var therapistChanges = 0
        var clientsWithChange = 0

        init(measures: Int) {
            categoryCounts = Array(repeating: [:], count: measures)
            alertCounts = Array(repeating: [:], count: measures)
        }
    }

    /// One client: reliable change of the outcome measures, alerts of every rule, therapist
    /// changes and one episode per therapist seen, added to `totals`.
    static func auditClient(_ list: [AuditRow], label clientLabel: String, measures: [AuditMeasure],
                            criteria: [Criterion], therapistLabel: (String) -> String, into totals: inout Totals) {
        let alliance = measures.firstIndex { $0.role == .alliance }
        let outcome = measures.firstIndex { $0.role == .outcome }
        let therapists = list.map { $0.therapist.map(therapistLabel) }
        var scores: [String: [Double?]] = [:]
        var changes: [AuditResult.Change] = []
        var codes: [String] = []
        var allianceAlertedSessions = Set<Int>()
        var improved: (value: Bool, therapist: String?)?
        for (m, measure) in measures.enumerated() {
            let series = list.map { $0.scores[m] }
            scores[measure.instrument] = series
            let given = series.enumerated().compactMap { i, s in s.map { (session: i + 1, score: $0) } }
            // Reliable change, outcome measures.
            if measure.role == .outcome, let first = given.first, let last = given.last {
                let crit = criteria[m]
                let change = last.score - first.score
                let category = given.count < 2 ? "single"
                    : Self.category(change: change, first: first.score, last: last.score, measure: measure,
                                    threshold: crit.points)
                totals.categoryCounts[m][category, default: 0] += 1
                if m == outcome, category != "single" {
                    improved = (category == "recovered" || category == "improved", list[last.session - 1].therapist)
                }
                changes.append(.init(instrument: measure.instrument, first: first.score, last: last.score,
                                     firstSession: first.session, lastSession: last.session, change: change,
                                     rci: crit.seDiff.map { change / $0 }, category: category))
            }
            // Alerts: a session's alert names that session's therapist; a whole-trajectory
            // alert the client's therapist, or none when the administrations had several.
            let seenBy = Set(given.map { therapists[$0.session - 1] })
            for rule in measure.alerts {
                for hit in evaluate(rule, given: given, measure: measure, criterion: criteria[m]) {
                    let row = hit.session.map { list[$0 - 1] }
                    totals.alerts.append(.init(client: clientLabel,
                                               therapist: hit.session.map { therapists[$0 - 1] } ?? (seenBy.count == 1 ? seenBy.first! : nil),
                                               instrument: measure.instrument, session: hit.session,
                                               sessionValue: row.map(sessionValue), line: row?.line,
                                               rule: rule.kind.rawValue, score: hit.score,
                                               previous: hit.previous, next: hit.next, threshold: hit.threshold))
                    totals.alertCounts[m][rule.kind.rawValue, default: 0] += 1
                    codes.append("\(measure.instrument):\(rule.kind.rawValue)" + (hit.session.map { "@\($0)" } ?? ""))
                    if m == alliance, let s = hit.session { allianceAlertedSessions.insert(s) }
                    if m == alliance, hit.session == nil { given.forEach { allianceAlertedSessions.insert($0.session) } }
                }
            }
        }
        // Therapist changes between consecutive sessions with a known therapist.
        let known = list.compactMap(\.therapist)
        let changesHere = zip(known, known.dropFirst()).filter { $0 != $1 }.count
        totals.therapistChanges += changesHere
        if changesHere > 0 { totals.clientsWithChange += 1 }
        totals.episodes += episodes(list, known: known, alliance: alliance, improved: improved,
                                    alerted: allianceAlertedSessions)
        totals.clients.append(.init(client: clientLabel, therapist: therapists.first ?? nil, sessions: list.count,
                                    sessionValues: list.map(sessionValue), lines: list.map(\.line),
                                    therapists: therapists, therapistChanges: changesHere,
                                    scores: scores, changes: changes, alerts: codes))
    }

    /// One episode per therapist the client saw (in order of first session): the sessions with
    /// them, their mean alliance and alerted sessions, and the reliable improvement when the
    /// last outcome administration was theirs.
    static func episodes(_ list: [AuditRow], known: [String], alliance: Int?,
                         improved: (value: Bool, therapist: String?)?, alerted: Set<Int>) -> [Episode] {
        var seen: [String] = []
        for t in known where !seen.contains(t) { seen.append(t) }
        return seen.map { t in
            let ordinals = list.indices.filter { list[$0].therapist == t }
            let allianceScores = alliance.map { a in ordinals.compactMap { list[$0].scores[a] } } ?? []
            return Episode(
                therapist: t, rows: ordinals.map { list[$0] },
                allianceMean: allianceScores.isEmpty ? nil : allianceScores.reduce(0, +) / Double(allianceScores.count),
                improved: improved.flatMap { $0.therapist == t ? $0.value : nil },
                allianceGiven: allianceScores.count,
                allianceAlerted: ordinals.filter { alerted.contains($0 + 1) }.count,
                shared: seen.count > 1)
        }
    }

    /// The run's notes: the therapist tables', then therapist switches, unanswered rows,
    /// carried and missing therapists.
    static func notes(_ therapistNotes: [String], prepared: AuditSessions, totals: Totals) -> [String] {
        var notes = therapistNotes
        if let note = switchNote(clients: totals.clientsWithChange, changes: totals.therapistChanges) { notes.append(note) }
        if prepared.unanswered > 0 {
            notes.append("\(prepared.unanswered) of \(prepared.rowsRead) rows have no answer to any audited instrument (a screening or other non-session event) and are not sessions; --keep-unanswered-rows counts them as missed administrations.")
        }
        if prepared.carried > 0 {
            notes.append("The therapist of \(prepared.carried) sessions came from another row of the same client (a field exported on one event, carried until the next value).")
        }
        if prepared.withoutTherapist > 0 {
            notes.append("\(prepared.withoutTherapist) sessions have no therapist (no row of their client names one) and count for no therapist.")
        }
        return notes
    }

    /// A measure's section: its definition, change criterion, administrations, trajectory
    /// bands, counts and multilevel reliability.
    static func resultMeasure(_ measure: AuditMeasure, m: Int, criterion: Criterion, sessionRows: [AuditRow],
                              order: [String], byClient: [String: [AuditRow]], totals: Totals) -> AuditResult.Measure {
        let given = sessionRows.compactMap { $0.scores[m] }
        return AuditResult.Measure(
            instrument: measure.instrument, abbreviation: measure.abbreviation, scale: measure.scale,
            role: measure.role.rawValue, cutoff: measure.cutoff?.value, cutoffCode: measure.cutoff?.code,
            cutoffDirection: measure.cutoff.map { ($0.direction == .below ? "below" : "above") + ($0.inclusive ? "-or-at" : "") },
            changeCriterion: criterion.kind, reliableChangePoints: criterion.points,
            rciSD: criterion.sd, rciReliability: criterion.reliability,
            rciReliabilityKind: criterion.reliabilityKind, seDifference: criterion.seDiff,
            alertRules: measure.alerts.map { .init(kind: $0.kind.rawValue, points: $0.points, minSessions: $0.minSessions,
                                                   cutoff: $0.cutoff, source: $0.source) },
            administrations: given.count,
            meanScore: given.isEmpty ? nil : given.reduce(0, +) / Double(given.count),
            trajectory: bands(m, order: order, byClient: byClient),
            categories: totals.categoryCounts[m], alertCounts: totals.alertCounts[m],
            multilevel: multilevel(m, order: order, byClient: byClient))
    }

    /// psych `mlr` over clients × sessions (in order) × the measure's items.
    static func multilevel(_ m: Int, order: [String], byClient: [String: [AuditRow]]) -> AuditResult.Multilevel? {
        let data = order.map { c in byClient[c]!.map { $0.items[m] } }
        guard let r = MultilevelReliability(data) else { return nil }
        return .init(clients: r.persons, sessions: r.times, items: r.items, balanced: r.balanced, rcn: r.rcn,
                     rkrn: r.rkrn, rc: r.rc, varianceClient: r.nested.id, varianceClientSession: r.nested.idTime,
                     varianceResidual: r.nested.residual)
    }

    /// How a client who saw more than one therapist counts (notes, and under the therapist
    /// tables); nil when no client changed therapist.
    public static func switchNote(clients: Int, changes: Int) -> String? {
        guard clients > 0 else { return nil }
        return "\(clients) client\(clients == 1 ? "" : "s") saw more than one therapist (\(changes) change\(changes == 1 ? "" : "s") of therapist between sessions). Each session counts for its own therapist: such a client is in each of their therapists' caseloads with the sessions they had with that therapist (mean alliance, alerts, fidelity); the ICC(1) has one unit per client and therapist; reliable change (first → last, the whole treatment) counts for the therapist of the last outcome administration."
    }

    /// The input's own session value of a row: its session cells, `/`-joined when several
    /// (empty ones left out: `therapy_arm_1/3`, `followup_arm_1`).
    static func sessionValue(_ r: AuditRow) -> String {
        let parts = r.sessions.map { $0.trimmingCharacters(in: .whitespaces) }
        return parts.count == 1 ? parts[0] : parts.filter { !$0.isEmpty }.joined(separator: "/")
    }

    // MARK: - Pieces

    struct Criterion {
        var kind: AuditResult.ChangeCriterion
        var points: Double?
        var sd: Double?
        var reliability: Double?
        var reliabilityKind: AuditResult.RCIReliabilityKind?
        var seDiff: Double?
    }

    static func criterion(_ measure: AuditMeasure, m: Int, rows: [AuditRow], byClient: [String: [AuditRow]],
                          order: [String], settings: AuditSettings) -> Criterion {
        var c = Criterion(kind: .none)
        switch settings.norms {
        case .declared:
            if let n = measure.norm, let r = n.reliability {
                c.sd = n.sd
                c.reliability = r
                c.reliabilityKind = .init(n.reliabilityKind)
            }
        case .sample:
            let firsts = order.compactMap { byClient[$0]!.lazy.compactMap { $0.scores[m] }.first }
            let complete = rows.compactMap { r -> [Double]? in
                let v = r.items[m].compactMap { $0 }
                return v.count == r.items[m].count && !v.isEmpty ? v : nil
            }
            if firsts.count >= 2, let alpha = cronbachAlpha(complete) {
                let mu = firsts.reduce(0, +) / Double(firsts.count)
                c.sd = (firsts.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(firsts.count - 1)).squareRoot()
                c.reliability = alpha
                c.reliabilityKind = .sampleAlpha
            }
        }
        if let sd = c.sd, let r = c.reliability, r < 1 {
            c.seDiff = sd * (2 * (1 - r)).squareRoot()
        }
        if settings.norms == .declared, let rc = measure.reliableChange {
            c.kind = .declaredPoints
            c.points = rc.points
        } else if let se = c.seDiff {
            c.kind = settings.norms == .declared ? .jacobsonTruax : .jacobsonTruaxSample
            c.points = settings.rciZ * se
        }
        return c
    }

    /// Cronbach's α of complete item vectors: `k/(k−1)·(1 − Σ var_i / var_total)`.
    static func cronbachAlpha(_ rows: [[Double]]) -> Double? {
        guard rows.count >= 2, let k = rows.first?.count, k >= 2 else { return nil }
        func variance(_ x: [Double]) -> Double {
            let mu = x.reduce(0, +) / Double(x.count)
            return x.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(x.count - 1)
        }
        let itemVar = (0..<k).map { j in variance(rows.map { $0[j] }) }.reduce(0, +)
        let total = variance(rows.map { $0.reduce(0, +) })
        guard total > 0 else { return nil }
        return Double(k) / Double(k - 1) * (1 - itemVar / total)
    }

    static func category(change: Double, first: Double, last: Double, measure: AuditMeasure,
                         threshold: Double?) -> String {
        guard let threshold else { return "unchanged" }
        let sign: Double = measure.cutoff?.direction == .above ? -1 : 1
        let gain = sign * change
        if gain >= threshold {
            if let cut = measure.cutoff, cut.flags(first), !cut.flags(last) { return "recovered" }
            return "improved"
        }
        if gain <= -threshold { return "deteriorated" }
        return "unchanged"
    }

    struct Hit { var session: Int?; var score: Double?; var previous: Double?; var next: Double?; var threshold: Double? }

    /// Rounding guard: VAS totals like 35.9 − 30.9 are 4.999999… in binary.
    static let epsilon = 1e-9

    static func evaluate(_ rule: AlertRule, given: [(session: Int, score: Double)], measure: AuditMeasure,
                         criterion: Criterion) -> [Hit] {
        var hits: [Hit] = []
        switch rule.kind {
        case .belowCutoff:
            guard let cut = measure.cutoff else { return [] }
            for g in given where cut.flags(g.score) {
                hits.append(Hit(session: g.session, score: g.score, threshold: cut.value))
            }
        case .reliableDrop, .drop:
            let points = rule.kind == .drop ? rule.points : (rule.points ?? measure.reliableChange?.points ?? criterion.points)
            guard let points else { return [] }
            for i in given.indices.dropFirst() where given[i - 1].score - given[i].score >= points - epsilon {
                hits.append(Hit(session: given[i].session, score: given[i].score, previous: given[i - 1].score,
                                threshold: points))
            }
        case .ruptureRepair:
            guard let points = rule.points, given.count >= 3 else { return [] }
            for i in 1..<(given.count - 1) {
                let low = given[i].score
                if given[i - 1].score - low >= points - epsilon, given[i + 1].score - low >= points - epsilon {
                    hits.append(Hit(session: given[i].session, score: low, previous: given[i - 1].score,
                                    next: given[i + 1].score, threshold: points))
                }
            }
        case .ceiling:
            let minSessions = rule.minSessions ?? 1
            if given.count >= minSessions, given.allSatisfy({ $0.score >= measure.range.upperBound - epsilon }) {
                hits.append(Hit(session: nil, score: measure.range.upperBound, threshold: measure.range.upperBound))
            }
        }
        return hits
    }

    static func bands(_ m: Int, order: [String], byClient: [String: [AuditRow]]) -> [AuditResult.SessionBand] {
        var at: [Int: [Double]] = [:]
        for c in order {
            for (i, r) in byClient[c]!.enumerated() { if let s = r.scores[m] { at[i + 1, default: []].append(s) } }
        }
        return at.keys.sorted().map { s in
            let v = at[s]!.sorted()
            return .init(session: s, n: v.count, q1: quantile(v, 0.25), median: quantile(v, 0.5), q3: quantile(v, 0.75))
        }
    }

    /// R's type-7 quantile of sorted values.
    static func quantile(_ v: [Double], _ p: Double) -> Double {
        let h = Double(v.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, v.count - 1)
        return v[lo] + (h - Double(lo)) * (v[hi] - v[lo])
    }

    static func fmt(_ x: Double, _ d: Int = 2) -> String {
        let s = String(format: "%.\(d)f", x)
        return d == 2 && x < 1 && x >= 0 ? String(s.dropFirst()) : s
    }
}
