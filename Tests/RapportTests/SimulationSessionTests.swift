import Foundation
import Testing
@testable import Rapport

@Suite struct SimulationSessionTests {
    typealias Design = SessionSimulator.Design

    static func run(_ instruments: [Instrument], _ design: Design) throws -> (rows: [[String]], events: [SessionSimulator.Event]) {
        let sim = try SessionSimulator(instruments: instruments, design: design)
        var bytes: [UInt8] = []
        let events = try sim.write { bytes += $0 }
        return (SimFixtures.rows(bytes), events)
    }

    static let design = Design(clients: 60, therapists: 8, sessionsMax: 12, seed: 2026,
                               rupturePoints: 5, startDate: CivilDate(iso: "2026-01-05"))

    @Test func identicalAtAnyThreadCount() throws {
        var d = Self.design
        d.threads = 1
        let sim1 = try SessionSimulator(instruments: [SimFixtures.srs, SimFixtures.ors], design: d)
        var a: [UInt8] = []
        let ea = try sim1.write { a += $0 }
        for t in [2, 8] {
            d.threads = t
            let sim = try SessionSimulator(instruments: [SimFixtures.srs, SimFixtures.ors], design: d)
            var b: [UInt8] = []
            let eb = try sim.write { b += $0 }
            #expect(a == b)
            #expect(ea == eb)
        }
    }

    /// Every planted fact holds in the data, recomputed from the written cells.
    @Test func plantedEventsAreInTheData() throws {
        let (rows, events) = try Self.run([SimFixtures.srs, SimFixtures.ors], Self.design)
        let header = rows[0]
        #expect(header.prefix(4) == ["client", "therapist", "session", "date"])
        let srsCols = (1...4).map { header.firstIndex(of: "srs_\($0)")! }
        let orsCols = (1...4).map { header.firstIndex(of: "ors_\($0)")! }
        // client → [(session, srs total?, ors total?)]
        var byClient: [String: [(Int, Double?, Double?)]] = [:]
        var therapistOf: [String: String] = [:]
        func total(_ r: [String], _ cols: [Int]) -> Double? {
            let v = cols.map { r[$0] }
            if v.allSatisfy(\.isEmpty) { return nil }
            #expect(v.allSatisfy { !$0.isEmpty })   // an administration is all or nothing
            return v.reduce(0) { $0 + Double($1)! }
        }
        for r in rows.dropFirst() {
            byClient[r[0], default: []].append((Int(r[2])!, total(r, srsCols), total(r, orsCols)))
            #expect(therapistOf[r[0]] == nil || therapistOf[r[0]] == r[1])
            therapistOf[r[0]] = r[1]
        }
        #expect(byClient.count == 60)
        #expect(Set(therapistOf.values).count == 8)
        let eps = 1e-6
        var kinds: [SessionSimulator.Event.Kind: Int] = [:]
        for e in events {
            kinds[e.kind, default: 0] += 1
            let sessions = byClient[e.client]!
            #expect(therapistOf[e.client] == e.therapist)
            let srs = sessions.compactMap { s in s.1.map { (s.0, $0) } }
            let ors = sessions.compactMap { s in s.2.map { (s.0, $0) } }
            switch e.kind {
            case .missed:
                let s = sessions.first { $0.0 == e.session }!
                #expect((e.instrument == "srs" ? s.1 : s.2) == nil)
            case .stable:
                for i in srs.indices.dropFirst() { #expect(srs[i - 1].1 - srs[i].1 <= 5 - 0.1 + eps) }
                #expect(!srs.allSatisfy { $0.1 == 40 })
            case .ceiling:
                #expect(srs.count >= 3 && srs.allSatisfy { $0.1 == 40 })
            case .rupture, .ruptureRepair:
                let i = srs.firstIndex { $0.0 == e.session }!
                #expect(srs[i - 1].0 == e.session! - 1)   // the previous session was administered
                #expect(srs[i - 1].1 - srs[i].1 >= 5.1 - eps)
                #expect(abs(srs[i].1 - e.score!) < eps && abs(srs[i - 1].1 - e.before!) < eps)
                for k in srs.indices.dropFirst() where k != i { #expect(srs[k - 1].1 - srs[k].1 <= 4.9 + eps) }
                if e.kind == .ruptureRepair {
                    #expect(srs[i + 1].0 == e.session! + 1)
                    #expect(srs[i + 1].1 - srs[i].1 >= 5.1 - eps)
                } else if i + 1 < srs.count {
                    #expect(srs[i + 1].1 - srs[i].1 <= 4.9 + eps)
                }
            case .reliableImprovement, .unchanged, .reliableDeterioration:
                let change = ors.last!.1 - ors.first!.1
                #expect(abs(ors.first!.1 - e.before!) < eps && abs(ors.last!.1 - e.score!) < eps)
                #expect(ors.first!.0 == 1 && ors.last!.0 == sessions.count)
                switch e.kind {
                case .reliableImprovement: #expect(change >= 5.1 - eps)
                case .reliableDeterioration: #expect(change <= -5.1 + eps)
                default: #expect(abs(change) <= 4.9 + eps)
                }
            }
        }
        // Shares: rupture 0.15, repair 0.10, ceiling 0.05, improvement 0.45, deterioration 0.10 of 60.
        #expect(kinds[.rupture] == 9 && kinds[.ruptureRepair] == 6 && kinds[.ceiling] == 3)
        #expect(kinds[.stable] == 42)
        #expect(kinds[.reliableImprovement] == 27 && kinds[.reliableDeterioration] == 6 && kinds[.unchanged] == 27)
        // Missed administrations: about 5% of all, each listed once.
        let administrations = rows.count - 1
        let missed = kinds[.missed] ?? 0
        #expect(missed > 0 && Double(missed) / Double(2 * administrations) < 0.08)
        // Sessions per client within 4 … 12, numbered 1 … S, dates a week apart.
        for (_, s) in byClient {
            #expect((4...12).contains(s.count))
            #expect(s.map(\.0) == Array(1...s.count))
        }
        let first = rows[1]
        let second = rows[2]
        let d1 = CivilDate(iso: first[3])!, d2 = CivilDate(iso: second[3])!
        #expect(d2.daysSinceEpoch - d1.daysSinceEpoch == 7)
    }

    /// Most clients improve on the outcome measure; alliance sits near its ceiling.
    @Test func trajectoriesArePlausible() throws {
        let (rows, _) = try Self.run([SimFixtures.srs, SimFixtures.ors], Self.design)
        let h = rows[0]
        let s1 = h.firstIndex(of: "srs_1")!, o1 = h.firstIndex(of: "ors_1")!
        var srs: [Double] = [], orsFirst: [Double] = [], orsLast: [Double] = []
        var last: [String: Double] = [:], firstSeen: [String: Double] = [:]
        for r in rows.dropFirst() {
            if !r[s1].isEmpty { srs.append((0..<4).reduce(0) { $0 + Double(r[s1 + $1])! }) }
            if !r[o1].isEmpty {
                let v = (0..<4).reduce(0) { $0 + Double(r[o1 + $1])! }
                if firstSeen[r[0]] == nil { firstSeen[r[0]] = v }
                last[r[0]] = v
            }
        }
        for (c, v) in firstSeen { orsFirst.append(v); orsLast.append(last[c]!) }
        let meanSRS = srs.reduce(0, +) / Double(srs.count)
        let intake = orsFirst.reduce(0, +) / Double(orsFirst.count)
        let end = orsLast.reduce(0, +) / Double(orsLast.count)
        #expect(meanSRS > 28 && meanSRS < 38)
        #expect(intake > 15 && intake < 25)
        #expect(end > intake + 3)
    }

    /// A larger therapist ICC gives larger between-therapist variance of client mean alliance.
    @Test func therapistEffect() throws {
        func icc1(_ icc: Double) throws -> Double {
            var d = Design(clients: 400, therapists: 20, sessionsMax: 6, seed: 99, therapistICC: icc,
                           ruptureRate: 0, repairRate: 0, ceilingRate: 0, rupturePoints: 5)
            d.threads = 2
            let (rows, _) = try Self.run([SimFixtures.srs], d)
            var clientSum: [String: (Double, Int, String)] = [:]
            for r in rows.dropFirst() where !r[3].isEmpty {
                let v = (3..<7).reduce(0) { $0 + Double(r[$1])! }
                let e = clientSum[r[0]] ?? (0, 0, r[1])
                clientSum[r[0]] = (e.0 + v, e.1 + 1, r[1])
            }
            // One-way ANOVA ICC(1) of client means within therapists (balanced: 20 per therapist).
            var groups: [String: [Double]] = [:]
            for (_, v) in clientSum { groups[v.2, default: []].append(v.0 / Double(v.1)) }
            let all = groups.values.flatMap { $0 }
            let grand = all.reduce(0, +) / Double(all.count)
            var ssb = 0.0, ssw = 0.0
            for g in groups.values {
                let m = g.reduce(0, +) / Double(g.count)
                ssb += Double(g.count) * (m - grand) * (m - grand)
                for x in g { ssw += (x - m) * (x - m) }
            }
            let k = Double(all.count) / Double(groups.count)
            let msb = ssb / Double(groups.count - 1), msw = ssw / Double(all.count - groups.count)
            return (msb - msw) / (msb + (k - 1) * msw)
        }
        let none = try icc1(0), strong = try icc1(0.3)
        #expect(strong > 0.12)
        #expect(none < 0.08)
    }

    @Test func designErrors() {
        let i = [SimFixtures.srs]
        let bad: [Design] = [
            Design(clients: 0, therapists: 1, sessionsMax: 5, seed: 1, rupturePoints: 5),
            Design(clients: 5, therapists: 6, sessionsMax: 5, seed: 1, rupturePoints: 5),
            Design(clients: 5, therapists: 1, sessionsMin: 2, sessionsMax: 5, seed: 1, rupturePoints: 5),
            Design(clients: 5, therapists: 1, sessionsMax: 5, seed: 1, rupturePoints: 45),
            Design(clients: 5, therapists: 1, sessionsMax: 5, seed: 1, ruptureRate: 0.6, repairRate: 0.6, rupturePoints: 5),
            Design(clients: 5, therapists: 1, sessionsMax: 5, seed: 1, improvementRate: 0.3, rupturePoints: 5),
            Design(clients: 5, therapists: 1, sessionsMax: 5, seed: 1),   // SRS declares no reliable change
        ]
        for d in bad {
            #expect(throws: SimulationError.self) { try SessionSimulator(instruments: i, design: d) }
        }
        #expect(throws: SimulationError.self) {
            try SessionSimulator(instruments: [SimFixtures.srs, SimFixtures.srs],
                                 design: Design(clients: 5, therapists: 1, sessionsMax: 5, seed: 1, rupturePoints: 5))
        }
    }

    @Test func eventsSideFile() throws {
        let sim = try SessionSimulator(instruments: [SimFixtures.srs, SimFixtures.ors],
                                       design: Design(clients: 6, therapists: 2, sessionsMax: 5, seed: 3, rupturePoints: 5))
        let events = try sim.write { _ in }
        let text = String(decoding: SessionSimulator.eventsCSV(events), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "client,therapist,instrument,event,session,score,before,after,threshold")
        #expect(lines.count == events.count + 1)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 9 })
    }
}
