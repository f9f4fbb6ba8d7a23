import Foundation
import RapportStatistics

/// The clinic audit: per-client trajectories, reliable change, alliance alerts, therapist
/// summaries, therapist effect and protocol fidelity, from long session rows.
///
/// Conventions:
/// - Sessions are ordered within a client by the session column (numbers, or ISO dates);
///   a client's session ordinal is its rank 1, 2, …; a row whose measure is empty is a missed
///   administration of that measure.
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
/// - Therapist mean alliance: mean of client means, t interval on clients − 1 df. Therapist
///   effect: ICC(1) of client means within therapists (``ICCOneWay``); each therapist's
///   Spearman–Brown reliability for their caseload. Therapists with fewer than `minCell`
///   clients are suppressed (no statistic shown).
public enum ClinicAudit {
    public static func run(rows: [AuditRow], measures: [AuditMeasure], settings: AuditSettings,
                           label: AuditPseudonymizer) throws -> AuditResult {
        // Session order: all numbers, else all ISO dates.
        func isNumber(_ s: String) -> Bool { Double(s.trimmingCharacters(in: .whitespaces)) != nil }
        for r in rows where !isNumber(r.session) && !isISODate(r.session) {
            throw AuditError("line \(r.line): the session is neither a number nor an ISO date (YYYY-MM-DD)")
        }
        let numeric = rows.first.map { isNumber($0.session) } ?? true
        for r in rows where isNumber(r.session) != numeric {
            throw AuditError("line \(r.line): the session is a \(numeric ? "date" : "number") but line \(rows[0].line) has a \(numeric ? "number" : "date"); the session column must hold one kind throughout")
        }
        for r in rows where r.client.trimmingCharacters(in: .whitespaces).isEmpty {
            throw AuditError("line \(r.line): the client column is empty")
        }
        // Group by client, in first-appearance order, then sort each by session.
        var order: [String] = []
        var byClient: [String: [AuditRow]] = [:]
        for r in rows {
            if byClient[r.client] == nil { order.append(r.client) }
            byClient[r.client, default: []].append(r)
        }
        order.sort { label.client($0) < label.client($1) }
        func key(_ r: AuditRow) -> (Double, String) {
            numeric ? (Double(r.session.trimmingCharacters(in: .whitespaces))!, "") : (0, r.session)
        }
        for c in order {
            var list = byClient[c]!
            list.sort { a, b in key(a) < key(b) || (key(a) == key(b) && a.line < b.line) }
            for i in 1..<max(1, list.count) where key(list[i]) == key(list[i - 1]) {
                throw AuditError("line \(list[i].line): the same client and session as line \(list[i - 1].line)")
            }
            byClient[c] = list
        }

        // Reliable-change criterion per measure.
        var criteria: [Criterion] = []
        for (m, measure) in measures.enumerated() {
            criteria.append(criterion(measure, m: m, rows: rows, byClient: byClient, order: order, settings: settings))
        }

        var alerts: [AuditResult.Alert] = []
        var clients: [AuditResult.Client] = []
        var categoryCounts = Array(repeating: [String: Int](), count: measures.count)
        var alertCounts = Array(repeating: [String: Int](), count: measures.count)
        // Per client facts used by therapist summaries.
        struct ClientFacts { var therapist: String?; var sessions: Int; var allianceMean: Double?
            var improved: Bool?; var allianceGiven: Int; var allianceAlerted: Int }
        var facts: [ClientFacts] = []
        let alliance = measures.firstIndex { $0.role == .alliance }
        let outcome = measures.firstIndex { $0.role == .outcome }

        for c in order {
            let list = byClient[c]!
            let therapistLabel = list.first!.therapist.map(label.therapist)
            let clientLabel = label.client(c)
            var scores: [String: [Double?]] = [:]
            var changes: [AuditResult.Change] = []
            var codes: [String] = []
            var allianceAlertedSessions = Set<Int>()
            var improved: Bool?
            for (m, measure) in measures.enumerated() {
                let series = list.map { $0.scores[m] }
                scores[measure.instrument] = series
                let given = series.enumerated().compactMap { i, s in s.map { (session: i + 1, score: $0) } }
                // Reliable change, outcome measures.
                if measure.role == .outcome, let first = given.first, let last = given.last {
                    let crit = criteria[m]
                    let change = last.score - first.score
                    let category: String
                    if given.count < 2 {
                        category = "single"
                    } else {
                        category = Self.category(change: change, first: first.score, last: last.score,
                                                 measure: measure, threshold: crit.points)
                    }
                    categoryCounts[m][category, default: 0] += 1
                    if m == outcome, category != "single" { improved = category == "recovered" || category == "improved" }
                    changes.append(.init(instrument: measure.instrument, first: first.score, last: last.score,
                                         firstSession: first.session, lastSession: last.session, change: change,
                                         rci: crit.seDiff.map { change / $0 }, category: category))
                }
                // Alerts.
                for rule in measure.alerts {
                    for hit in evaluate(rule, given: given, measure: measure, criterion: criteria[m]) {
                        alerts.append(.init(client: clientLabel, therapist: therapistLabel, instrument: measure.instrument,
                                            session: hit.session, rule: rule.kind.rawValue, score: hit.score,
                                            previous: hit.previous, next: hit.next, threshold: hit.threshold))
                        alertCounts[m][rule.kind.rawValue, default: 0] += 1
                        codes.append("\(measure.instrument):\(rule.kind.rawValue)" + (hit.session.map { "@\($0)" } ?? ""))
                        if m == alliance, let s = hit.session { allianceAlertedSessions.insert(s) }
                        if m == alliance, hit.session == nil { given.forEach { allianceAlertedSessions.insert($0.session) } }
                    }
                }
            }
            let allianceScores = alliance.map { a in list.compactMap { $0.scores[a] } } ?? []
            facts.append(ClientFacts(therapist: list.first!.therapist, sessions: list.count,
                                     allianceMean: allianceScores.isEmpty ? nil : allianceScores.reduce(0, +) / Double(allianceScores.count),
                                     improved: improved, allianceGiven: allianceScores.count,
                                     allianceAlerted: allianceAlertedSessions.count))
            clients.append(.init(client: clientLabel, therapist: therapistLabel, sessions: list.count,
                                 scores: scores, changes: changes, alerts: codes))
        }

        // Fidelity.
        func fidelity(_ clientIDs: [String]) -> AuditResult.Fidelity {
            var sessions = 0
            var given = Array(repeating: 0, count: measures.count)
            var longest = Array(repeating: 0, count: measures.count)
            var by3 = 0
            for c in clientIDs {
                let list = byClient[c]!
                sessions += list.count
                for m in measures.indices {
                    var run = 0
                    for r in list {
                        if r.scores[m] != nil { given[m] += 1; run = 0 } else { run += 1; longest[m] = max(longest[m], run) }
                    }
                }
                if let a = alliance, list.prefix(3).contains(where: { $0.scores[a] != nil }) { by3 += 1 }
            }
            var share: [String: Double] = [:]
            var runs: [String: Int] = [:]
            for (m, measure) in measures.enumerated() {
                share[measure.instrument] = sessions == 0 ? 0 : Double(given[m]) / Double(sessions)
                runs[measure.instrument] = longest[m]
            }
            return .init(sessions: sessions, clients: clientIDs.count, shareGiven: share,
                         allianceBySession3: alliance == nil || clientIDs.isEmpty ? nil : Double(by3) / Double(clientIDs.count),
                         longestMissedRun: runs)
        }

        // Therapists.
        var therapistOrder: [String] = []
        var clientsOf: [String: [Int]] = [:]
        for (i, f) in facts.enumerated() {
            guard let t = f.therapist else { continue }
            if clientsOf[t] == nil { therapistOrder.append(t) }
            clientsOf[t, default: []].append(i)
        }
        therapistOrder.sort { label.therapist($0) < label.therapist($1) }
        var notes: [String] = []
        var effect: AuditResult.TherapistEffect?
        var oneWay: ICCOneWay?
        if let a = alliance, therapistOrder.count >= 2 {
            let groups = therapistOrder.map { t in clientsOf[t]!.compactMap { facts[$0].allianceMean } }.filter { !$0.isEmpty }
            if let icc = try? ICCOneWay(groups: groups) {
                oneWay = icc
                let caseloads = groups.map(\.count).sorted()
                let median = caseloads.count % 2 == 1 ? Double(caseloads[caseloads.count / 2])
                    : Double(caseloads[caseloads.count / 2 - 1] + caseloads[caseloads.count / 2]) / 2
                let rel = ICCOneWay.spearmanBrown(icc.icc1, count: median)
                let statement = rel < 0.7
                    ? "The therapist effect on mean \(measures[a].abbreviation) is ICC(1) = \(fmt(icc.icc1)); with a median caseload of \(fmt(median, 1)) clients a therapist's mean has reliability \(fmt(rel)) (below .70): a ranking of therapists on it means little."
                    : "The therapist effect on mean \(measures[a].abbreviation) is ICC(1) = \(fmt(icc.icc1)); with a median caseload of \(fmt(median, 1)) clients a therapist's mean has reliability \(fmt(rel))."
                effect = .init(instrument: measures[a].instrument, icc1: icc.icc1, f: icc.f, df1: icc.df1, df2: icc.df2,
                               p: icc.p, therapists: icc.groups, clients: icc.units, medianCaseload: median,
                               medianCaseloadReliability: rel, statement: statement)
                notes.append(statement)
            }
        }
        var therapists: [AuditResult.Therapist] = []
        for t in therapistOrder {
            let idx = clientsOf[t]!
            let name = label.therapist(t)
            if idx.count < settings.minCell {
                therapists.append(.init(therapist: name, suppressed: true,
                                        note: "fewer than \(settings.minCell) clients: suppressed"))
                continue
            }
            let means = idx.compactMap { facts[$0].allianceMean }
            var mean: Double?, lower: Double?, upper: Double?
            if !means.isEmpty {
                let mu = means.reduce(0, +) / Double(means.count)
                mean = mu
                if means.count >= 2 {
                    let sd = (means.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(means.count - 1)).squareRoot()
                    let tq = StudentTDistribution(df: Double(means.count - 1)).quantile(0.5 + settings.confidence / 2)
                    lower = mu - tq * sd / Double(means.count).squareRoot()
                    upper = mu + tq * sd / Double(means.count).squareRoot()
                }
            }
            let judged = idx.compactMap { facts[$0].improved }
            let given = idx.map { facts[$0].allianceGiven }.reduce(0, +)
            let alerted = idx.map { facts[$0].allianceAlerted }.reduce(0, +)
            let rel = oneWay.map { $0.meanReliability(count: means.count) }
            therapists.append(.init(
                therapist: name, suppressed: false, clients: idx.count,
                sessions: idx.map { facts[$0].sessions }.reduce(0, +),
                meanAlliance: mean, lower: lower, upper: upper, meanReliability: rel,
                shareReliablyImproved: judged.isEmpty ? nil : Double(judged.filter { $0 }.count) / Double(judged.count),
                alertRate: given == 0 ? nil : Double(alerted) / Double(given),
                fidelity: fidelity(idx.map { order[$0] }),
                note: rel.flatMap { $0 < 0.7 ? "reliability of this mean \(fmt($0)) < .70: do not rank on it" : nil }))
        }

        let resultMeasures = measures.enumerated().map { m, measure in
            let given = rows.compactMap { $0.scores[m] }
            return AuditResult.Measure(
                instrument: measure.instrument, abbreviation: measure.abbreviation, scale: measure.scale,
                role: measure.role.rawValue, cutoff: measure.cutoff?.value, cutoffCode: measure.cutoff?.code,
                cutoffDirection: measure.cutoff.map { ($0.direction == .below ? "below" : "above") + ($0.inclusive ? "-or-at" : "") },
                changeCriterion: criteria[m].kind, reliableChangePoints: criteria[m].points,
                rciSD: criteria[m].sd, rciReliability: criteria[m].reliability,
                rciReliabilityKind: criteria[m].reliabilityKind, seDifference: criteria[m].seDiff,
                alertRules: measure.alerts.map { .init(kind: $0.kind.rawValue, points: $0.points, minSessions: $0.minSessions,
                                                       cutoff: $0.cutoff, source: $0.source) },
                administrations: given.count,
                meanScore: given.isEmpty ? nil : given.reduce(0, +) / Double(given.count),
                trajectory: bands(m, order: order, byClient: byClient),
                categories: categoryCounts[m], alertCounts: alertCounts[m])
        }
        return AuditResult(rows: rows.count, clientCount: order.count, therapistCount: therapistOrder.count,
                           sessionOrder: numeric ? "number" : "date", pseudonymized: label.isKeyed,
                           minCell: settings.minCell, norms: settings.norms.rawValue, confidence: settings.confidence,
                           measures: resultMeasures, alerts: alerts, clients: clients, therapists: therapists,
                           therapistEffect: effect, fidelity: fidelity(order), notes: notes)
    }

    // MARK: - Pieces

    struct Criterion {
        var kind: String
        var points: Double?
        var sd: Double?
        var reliability: Double?
        var reliabilityKind: String?
        var seDiff: Double?
    }

    static func criterion(_ measure: AuditMeasure, m: Int, rows: [AuditRow], byClient: [String: [AuditRow]],
                          order: [String], settings: AuditSettings) -> Criterion {
        var c = Criterion(kind: "none")
        switch settings.norms {
        case .declared:
            if let n = measure.norm, let r = n.reliability {
                c.sd = n.sd
                c.reliability = r
                c.reliabilityKind = n.reliabilityKind?.rawValue ?? "unstated"
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
                c.reliabilityKind = "alpha (sample)"
            }
        }
        if let sd = c.sd, let r = c.reliability, r < 1 {
            c.seDiff = sd * (2 * (1 - r)).squareRoot()
        }
        if settings.norms == .declared, let rc = measure.reliableChange {
            c.kind = "declared-points"
            c.points = rc.points
        } else if let se = c.seDiff {
            c.kind = settings.norms == .declared ? "jacobson-truax" : "jacobson-truax-sample"
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

    static func isISODate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        return b.enumerated().allSatisfy { i, c in i == 4 || i == 7 || (c >= 48 && c <= 57) }
    }

    static func fmt(_ x: Double, _ d: Int = 2) -> String {
        let s = String(format: "%.\(d)f", x)
        return d == 2 && x < 1 && x >= 0 ? String(s.dropFirst()) : s
    }
}
