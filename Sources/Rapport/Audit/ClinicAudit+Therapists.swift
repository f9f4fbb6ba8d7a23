import Foundation
import RapportStatistics

extension ClinicAudit {
    /// The sessions one client had with one therapist. A client who saw two therapists has
    /// two episodes, one in each caseload.
    struct Episode {
        var therapist: String
        /// The client's sessions with this therapist, in session order.
        var rows: [AuditRow]
        /// Mean alliance score over these sessions.
        var allianceMean: Double?
        /// Reliable improvement of the whole treatment, set only on the episode of the therapist
        /// of the last outcome administration (nil: not judged here).
        var improved: Bool?
        var allianceGiven: Int
        /// Sessions of this episode with at least one alliance alert.
        var allianceAlerted: Int
        /// The client also saw another therapist.
        var shared: Bool
    }

    struct TherapistSummaries {
        var therapists: [AuditResult.Therapist]
        var effect: AuditResult.TherapistEffect?
        var notes: [String]
    }

    /// Therapist summaries and the therapist effect from client–therapist episodes:
    /// a therapist's clients are the episodes with them; mean alliance is the mean of the
    /// episodes' means (t interval, clients − 1 df); ICC(1) groups episode means by therapist.
    static func therapistSummaries(episodes: [Episode], measures: [AuditMeasure], settings: AuditSettings,
                                   label: AuditPseudonymizer) -> TherapistSummaries {
        var therapistOrder: [String] = []
        var of: [String: [Int]] = [:]
        for (i, e) in episodes.enumerated() {
            if of[e.therapist] == nil { therapistOrder.append(e.therapist) }
            of[e.therapist, default: []].append(i)
        }
        therapistOrder.sort { label.therapist($0) < label.therapist($1) }
        var notes: [String] = []
        var effect: AuditResult.TherapistEffect?
        var oneWay: ICCOneWay?
        if let a = measures.firstIndex(where: { $0.role == .alliance }), therapistOrder.count >= 2 {
            let groups = therapistOrder.map { t in of[t]!.compactMap { episodes[$0].allianceMean } }.filter { !$0.isEmpty }
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
            let idx = of[t]!
            let name = label.therapist(t)
            if idx.count < settings.minCell {
                therapists.append(.init(therapist: name, suppressed: true,
                                        note: "fewer than \(settings.minCell) clients: suppressed"))
                continue
            }
            let means = idx.compactMap { episodes[$0].allianceMean }
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
            let judged = idx.compactMap { episodes[$0].improved }
            let given = idx.map { episodes[$0].allianceGiven }.reduce(0, +)
            let alerted = idx.map { episodes[$0].allianceAlerted }.reduce(0, +)
            let rel = oneWay.map { $0.meanReliability(count: means.count) }
            let shared = idx.filter { episodes[$0].shared }.count
            therapists.append(.init(
                therapist: name, suppressed: false, clients: idx.count, sharedClients: shared,
                sessions: idx.map { episodes[$0].rows.count }.reduce(0, +),
                meanAlliance: mean, lower: lower, upper: upper, meanReliability: rel,
                shareReliablyImproved: judged.isEmpty ? nil : Double(judged.filter { $0 }.count) / Double(judged.count),
                alertRate: given == 0 ? nil : Double(alerted) / Double(given),
                fidelity: fidelity(idx.map { episodes[$0].rows }, measures: measures),
                note: rel.flatMap { $0 < 0.7 ? "reliability of this mean \(fmt($0)) < .70: do not rank on it" : nil }))
        }
        return TherapistSummaries(therapists: therapists, effect: effect, notes: notes)
    }

    /// Fidelity over session lists (a client's sessions, or one episode's): share of sessions
    /// where each measure was given; share of lists with alliance at one of their first three
    /// sessions; longest run of consecutive sessions of a list without each measure.
    static func fidelity(_ lists: [[AuditRow]], measures: [AuditMeasure]) -> AuditResult.Fidelity {
        let alliance = measures.firstIndex { $0.role == .alliance }
        var sessions = 0
        var given = Array(repeating: 0, count: measures.count)
        var longest = Array(repeating: 0, count: measures.count)
        var by3 = 0
        for list in lists {
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
        return .init(sessions: sessions, clients: lists.count, shareGiven: share,
                     allianceBySession3: alliance == nil || lists.isEmpty ? nil : Double(by3) / Double(lists.count),
                     longestMissedRun: runs)
    }
}
