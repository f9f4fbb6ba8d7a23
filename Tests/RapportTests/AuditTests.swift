import Foundation
import Testing
@testable import Rapport

/// The clinic audit's statistics on small hand-made session data.
@Suite struct AuditTests {
    static let srs = try! InstrumentCatalog.resolve("srs")
    static let ors = try! InstrumentCatalog.resolve("ors")

    static func measures(drop: Double? = nil, dip: Double? = nil) -> [AuditMeasure] {
        var o: [AlertRule.Kind: Double] = [:]
        if let drop { o[.drop] = drop }
        if let dip { o[.ruptureRepair] = dip }
        return [AuditMeasure.make(instrument: srs, scaleIndex: 0, range: 0...40, pointOverrides: o),
                AuditMeasure.make(instrument: ors, scaleIndex: 0, range: 0...40)]
    }

    /// Rows of one client: SRS and ORS totals per session (nil = not given).
    static func client(_ id: String, therapist: String? = "T1", srs: [Double?], ors: [Double?], line: inout Int) -> [AuditRow] {
        zip(srs, ors).enumerated().map { i, pair in
            line += 1
            return AuditRow(line: line, client: id, therapist: therapist, session: String(i + 1),
                            scores: [pair.0, pair.1], items: [[nil], [nil]])
        }
    }

    @Test func categoriesFollowDeclaredFivePointsAndCutoff() throws {
        var line = 1
        var rows: [AuditRow] = []
        rows += Self.client("A", srs: [38, 38, 38], ors: [20, 22, 26], line: &line)   // +6, 20 ≤ 25 → 26 > 25: recovered
        rows += Self.client("B", srs: [38, 38], ors: [26, 31], line: &line)           // +5 from outside clinical: improved
        rows += Self.client("C", srs: [38, 38], ors: [20, 24.9], line: &line)         // +4.9: unchanged
        rows += Self.client("D", srs: [38, 38], ors: [30, 25], line: &line)           // −5: deteriorated
        rows += Self.client("E", srs: [38], ors: [nil], line: &line)                  // no ORS at all
        rows += Self.client("F", srs: [38, 38], ors: [20, nil], line: &line)          // one ORS: single
        let r = try ClinicAudit.run(rows: rows, measures: Self.measures(), settings: AuditSettings(minCell: 1),
                                    label: AuditPseudonymizer())
        let cat = Dictionary(uniqueKeysWithValues: r.clients.compactMap { c in c.changes.first.map { (c.client, $0.category) } })
        #expect(cat == ["A": "recovered", "B": "improved", "C": "unchanged", "D": "deteriorated", "F": "single"])
        let ors = r.measures[1]
        #expect(ors.changeCriterion == .declaredPoints)
        #expect(ors.reliableChangePoints == 5)
        // Jacobson–Truax RCI from the declared norm: SE_diff = 5.83·√(2(1 − .53)).
        let se = 5.83 * (2 * (1 - 0.53)).squareRoot()
        #expect(abs(ors.seDifference! - se) < 1e-12)
        #expect(ors.rciReliabilityKind == .testRetest)
        let a = r.clients.first { $0.client == "A" }!.changes[0]
        #expect(abs(a.rci! - 6 / se) < 1e-12)
        #expect(a.firstSession == 1 && a.lastSession == 3)
    }

    @Test func sampleNormsUseSampleSDAndAlpha() throws {
        // Two clients, four-item ORS; sample SD of first totals and α of complete rows.
        let items: [[Double]] = [[5, 5, 5, 5], [6, 6, 7, 6], [3, 4, 3, 3], [4, 5, 4, 5]]
        var rows: [AuditRow] = []
        for (i, it) in items.enumerated() {
            rows.append(AuditRow(line: i + 2, client: i < 2 ? "A" : "B", therapist: nil, session: String(i % 2 + 1),
                                 scores: [nil, it.reduce(0, +)], items: [[nil], it.map { $0 }]))
        }
        let r = try ClinicAudit.run(rows: rows, measures: Self.measures(), settings: AuditSettings(minCell: 1, norms: .sample),
                                    label: AuditPseudonymizer())
        let m = r.measures[1]
        // Hand computation: first totals 20 and 13 → SD = 7/√2; α over the four rows.
        #expect(abs(m.rciSD! - 7 / 2.0.squareRoot()) < 1e-12)
        func v(_ x: [Double]) -> Double { let mu = x.reduce(0, +) / Double(x.count); return x.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(x.count - 1) }
        let alpha = 4.0 / 3 * (1 - (0..<4).map { j in v(items.map { $0[j] }) }.reduce(0, +) / v(items.map { $0.reduce(0, +) }))
        #expect(abs(m.rciReliability! - alpha) < 1e-12)
        #expect(m.changeCriterion == .jacobsonTruaxSample)
        #expect(abs(m.reliableChangePoints! - 1.96 * m.seDifference!) < 1e-12)
    }

    @Test func alertsNameTheirRule() throws {
        var line = 1
        var rows: [AuditRow] = []
        rows += Self.client("flat", srs: [37, 36.1, 37, 36.2, 37], ors: [20, 20, 20, 20, 20], line: &line)
        rows += Self.client("drop", srs: [38, 38, 33, 33.5], ors: [20, 20, 20, 20], line: &line)
        rows += Self.client("vee", srs: [38, 32.9, 38, 38], ors: [20, 20, 20, 20], line: &line)
        rows += Self.client("top", srs: [40, 40, 40], ors: [20, 20, 20], line: &line)
        rows += Self.client("top2", srs: [40, 40], ors: [20, 20], line: &line)      // 2 < minSessions 3
        rows += Self.client("gap", srs: [38, nil, 32], ors: [20, 20, 20], line: &line) // drop across a missed session
        let r = try ClinicAudit.run(rows: rows, measures: Self.measures(drop: 5, dip: 5), settings: AuditSettings(minCell: 1),
                                    label: AuditPseudonymizer())
        func alerts(_ c: String) -> [String] {
            r.alerts.filter { $0.client == c && $0.instrument == "srs" }.map { "\($0.rule)@\($0.session.map(String.init) ?? "all")" }
        }
        #expect(alerts("flat") == [])
        #expect(alerts("drop") == ["below-cutoff@3", "below-cutoff@4", "drop@3"])
        #expect(alerts("vee") == ["below-cutoff@2", "drop@2", "rupture-repair@2"])
        #expect(alerts("top") == ["ceiling@all"])
        #expect(alerts("top2") == [])
        #expect(alerts("gap") == ["below-cutoff@3", "drop@3"])
        // ORS at 20 ≤ 25 every session: its below-cutoff rule fires, reliable-drop never.
        #expect(!r.alerts.contains { $0.instrument == "ors" && $0.rule == "reliable-drop" })
        #expect(r.measures[0].alertRules.first { $0.kind == "drop" }?.points == 5)
        #expect(r.measures[0].alertRules.first { $0.kind == "drop" }?.source == "command line")
    }

    @Test func definitionThresholdsApplyWithoutFlags() throws {
        var line = 1
        let rows = Self.client("x", srs: [38, 37, 38.5, 37.4], ors: [20, 20, 20, 20], line: &line)
        let r = try ClinicAudit.run(rows: rows, measures: Self.measures(), settings: AuditSettings(minCell: 1),
                                    label: AuditPseudonymizer())
        // The SRS definition: drop ≥ 1 point; rupture-repair dip ≥ 1.
        let got = r.alerts.filter { $0.instrument == "srs" }.map { "\($0.rule)@\($0.session!)" }
        #expect(got == ["drop@2", "drop@4", "rupture-repair@2"])
    }

    @Test func therapistEffectMatchesR() throws {
        // psych/multilevel reference (icc-reference.json "oneway", made by make-icc-reference.R):
        // 12 therapists, one client mean each → the audit's ICC(1) of client means.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RapportStatisticsTests/Fixtures/icc-reference.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let oneway = json["oneway"] as! [String: Any]
        let groups = (oneway["groups"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
        var rows: [AuditRow] = []
        for (g, values) in groups.enumerated() {
            for (i, x) in values.enumerated() {
                rows.append(AuditRow(line: rows.count + 2, client: "C\(g)-\(i)", therapist: String(format: "T%02d", g),
                                     session: "1", scores: [x, nil], items: [[nil], [nil]]))
            }
        }
        let r = try ClinicAudit.run(rows: rows, measures: Self.measures(), settings: AuditSettings(minCell: 5),
                                    label: AuditPseudonymizer())
        let e = try #require(r.therapistEffect)
        #expect(abs(e.icc1 - (oneway["icc1Adjusted"] as! Double)) < 1e-10)
        #expect(abs(e.f - (oneway["F"] as! Double)) < 1e-10)
        #expect(abs(e.p - (oneway["p"] as! Double)) < 1e-8)
        // Spearman–Brown per therapist for its caseload; suppression at the boundary:
        // 4 clients < 5 suppressed, exactly 5 shown.
        for (g, values) in groups.enumerated() {
            let t = r.therapists.first { $0.therapist == String(format: "T%02d", g) }!
            #expect(t.suppressed == (values.count < 5))
            if !t.suppressed {
                let m = Double(values.count), icc = e.icc1
                #expect(abs(t.meanReliability! - m * icc / (1 + (m - 1) * icc)) < 1e-12)
                #expect(t.clients == values.count)
            } else {
                #expect(t.meanAlliance == nil && t.clients == nil)
            }
        }
        #expect(r.therapists.contains { $0.clients == 5 && !$0.suppressed })
        #expect(r.therapists.contains { $0.suppressed })
        #expect(e.statement.contains("ICC(1) = .24"))
    }

    @Test func fidelityCountsGivenMeasuresAndGaps() throws {
        var line = 1
        var rows: [AuditRow] = []
        rows += Self.client("a", srs: [nil, nil, nil, 38, 38], ors: [20, nil, nil, nil, 20], line: &line)
        rows += Self.client("b", srs: [nil, nil, 38], ors: [20, 20, 20], line: &line)
        let r = try ClinicAudit.run(rows: rows, measures: Self.measures(), settings: AuditSettings(minCell: 1),
                                    label: AuditPseudonymizer())
        #expect(r.fidelity.sessions == 8)
        #expect(r.fidelity.shareGiven["srs"] == 3.0 / 8)
        #expect(r.fidelity.shareGiven["ors"] == 5.0 / 8)
        #expect(r.fidelity.allianceBySession3 == 0.5)
        #expect(r.fidelity.longestMissedRun == ["srs": 3, "ors": 3])
    }

    @Test func sessionsOrderByDateAndRejectDuplicates() throws {
        let rows = [
            AuditRow(line: 2, client: "a", therapist: nil, session: "2026-02-01", scores: [30, 20], items: [[nil], [nil]]),
            AuditRow(line: 3, client: "a", therapist: nil, session: "2026-01-01", scores: [38, 30], items: [[nil], [nil]]),
        ]
        let r = try ClinicAudit.run(rows: rows, measures: Self.measures(drop: 5), settings: AuditSettings(minCell: 1), label: AuditPseudonymizer())
        #expect(r.sessionOrder == "date")
        #expect(r.alerts.contains { $0.rule == "drop" && $0.session == 2 && $0.score == 30 })
        let dup = rows + [AuditRow(line: 4, client: "a", therapist: nil, session: "2026-01-01", scores: [38, 30], items: [[nil], [nil]])]
        #expect(throws: AuditError("line 4: the same client and session (\"2026-01-01\") as line 3")) {
            try ClinicAudit.run(rows: dup, measures: Self.measures(), settings: AuditSettings(), label: AuditPseudonymizer())
        }
        let bad = [AuditRow(line: 7, client: "SECRET-ID", therapist: nil, session: "week 1", scores: [38, 30], items: [[nil], [nil]])]
        do {
            _ = try ClinicAudit.run(rows: bad, measures: Self.measures(), settings: AuditSettings(), label: AuditPseudonymizer())
            Issue.record("expected an error")
        } catch let e as AuditError {
            #expect(e.message.contains("line 7"))
            #expect(!e.message.contains("SECRET"))
        }
    }

    @Test func pseudonymsAreKeyedAndStable() throws {
        let k1 = try AuditPseudonymizer(key: Array("0123456789abcdef0123456789abcdef".utf8))
        let k1again = try AuditPseudonymizer(key: Array("0123456789abcdef0123456789abcdef".utf8))
        let k2 = try AuditPseudonymizer(key: Array("fedcba9876543210fedcba9876543210".utf8))
        #expect(k1.client("C0001") == k1again.client("C0001"))
        #expect(k1.client("C0001") != k2.client("C0001"))
        #expect(k1.client("C0001") != k1.client("C0002"))
        #expect(k1.client("X") != k1.therapist("X").replacingOccurrences(of: "t-", with: "c-"))
        #expect(k1.client("C0001").hasPrefix("c-") && k1.client("C0001").count == 18)
        #expect(k1.therapist("T01").hasPrefix("t-"))
        #expect(AuditPseudonymizer().client("C0001") == "C0001")
        #expect(throws: AuditError.self) { try AuditPseudonymizer(key: Array("short".utf8)) }
        // Known-answer: HMAC-SHA256(key "0123456789abcdef0123456789abcdef", "client\0C0001"), first 8 bytes.
        #expect(k1.client("C0001") == "c-" + Self.referenceHex)
    }

    /// From `printf 'client\0C0001' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef`.
    static let referenceHex = "66fe986a3ee850a8"
}
