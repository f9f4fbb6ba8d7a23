import Foundation
import Testing
@testable import Rapport

/// How the audit turns rows into sessions (``AuditSessions``, ``SessionValue``): session kinds,
/// event order, rows without answers, the carried therapist, and therapist changes.
@Suite struct AuditSessionTests {
    static let measures = AuditTests.measures(drop: 5, dip: 5)

    static func row(_ line: Int, _ client: String, _ sessions: [String], therapist: String? = nil,
                    srs: Double? = 38, ors: Double? = 20) -> AuditRow {
        AuditRow(line: line, client: client, therapist: therapist, sessions: sessions, scores: [srs, ors],
                 items: [[nil], [nil]], hasAnswer: srs != nil || ors != nil)
    }

    static func run(_ rows: [AuditRow], _ settings: AuditSettings = AuditSettings(minCell: 1)) throws -> AuditResult {
        try ClinicAudit.run(rows: rows, measures: measures, settings: settings, label: AuditPseudonymizer())
    }

    static func message(_ rows: [AuditRow], _ settings: AuditSettings = AuditSettings(minCell: 1)) -> String {
        do {
            _ = try run(rows, settings)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func classifiesEveryAcceptedForm() {
        #expect(SessionValue.classify("7") == .number(7))
        #expect(SessionValue.classify("3.5") == .number(3.5))
        let day = Double(CivilDate(year: 2026, month: 1, day: 12).daysSinceEpoch) * 86_400
        #expect(SessionValue.classify("2026-01-12") == .date(day, zoned: false))
        #expect(SessionValue.classify("2026-01-12 14:30") == .date(day + 14 * 3600 + 30 * 60, zoned: false))
        #expect(SessionValue.classify("2026-01-12T14:30:15") == .date(day + 14 * 3600 + 30 * 60 + 15, zoned: false))
        #expect(SessionValue.classify("2026-01-12T14:30:15.5") == .date(day + 14 * 3600 + 30 * 60 + 15.5, zoned: false))
        #expect(SessionValue.classify("2026-01-12T14:30Z") == .date(day + 14 * 3600 + 30 * 60, zoned: true))
        #expect(SessionValue.classify("2026-01-12T14:30:00+01:00") == .date(day + 13 * 3600 + 30 * 60, zoned: true))
        #expect(SessionValue.classify("2026-01-12T14:30-0200") == .date(day + 16 * 3600 + 30 * 60, zoned: true))
        #expect(SessionValue.classify("screening_arm_1") == .event("screening_arm_1"))
        for bad in ["2026-13-01", "2026-02-30", "2026-01-12 25:00", "2026-01-12 14:30 CET", "2026-1-12"] {
            guard case .badDate = SessionValue.classify(bad) else { Issue.record("\(bad) accepted"); continue }
        }
        for other in ["week 1", "12/01/2026", "12.01.2026", "_x", "1e3", "-"] {
            #expect(SessionValue.classify(other) == .other, "\(other)")
        }
    }

    @Test func dateTimesOrderWithinADay() throws {
        // Two sessions on one day: the time orders them (a date alone would be a duplicate).
        let rows = [Self.row(2, "a", ["2026-01-12 16:00"], srs: 30), Self.row(3, "a", ["2026-01-12 09:15"], srs: 38)]
        let r = try Self.run(rows)
        #expect(r.sessionOrder == "date")
        #expect(r.clients[0].sessionValues == ["2026-01-12 09:15", "2026-01-12 16:00"])
        #expect(r.alerts.contains { $0.rule == "drop" && $0.session == 2 && $0.sessionValue == "2026-01-12 16:00" && $0.line == 2 })
        // A zone on some date-times only is refused, naming both lines.
        let mixed = [Self.row(2, "a", ["2026-01-12T16:00Z"]), Self.row(3, "a", ["2026-01-12 09:15"])]
        let m = Self.message(mixed)
        #expect(m.contains("line 3") && m.contains("line 2") && m.contains("time zone"))
        // Zones are compared in UTC: 10:00+02:00 is before 09:00Z.
        let zoned = try Self.run([Self.row(2, "a", ["2026-01-12T09:00Z"]), Self.row(3, "a", ["2026-01-12T10:00+02:00"])])
        #expect(zoned.clients[0].lines == [3, 2])
    }

    @Test func rejectedValuesAreQuotedWithTheAcceptedForms() {
        let m = Self.message([Self.row(2, "SECRET-7", ["1"]), Self.row(3, "SECRET-7", ["12/01/2026"])])
        #expect(m.contains("line 3") && m.contains("\"12/01/2026\"") && m.contains("accepted session values"))
        #expect(!m.contains("SECRET"))
        let kind = Self.message([Self.row(2, "SECRET-7", ["2026-01-05"]), Self.row(3, "SECRET-7", ["2"])])
        #expect(kind.contains("line 3: session (column session) \"2\" is a number, but the column holds dates (line 2: \"2026-01-05\")"))
        let bad = Self.message([Self.row(5, "SECRET-7", ["2026-02-30 10:00"])])
        #expect(bad.contains("line 5") && bad.contains("\"2026-02-30 10:00\" is not a calendar date"))
        #expect(!bad.contains("SECRET"))
    }

    @Test func eventsFollowTheRecordsNotJustFirstAppearance() throws {
        // Record a skipped week_2; b had it. First appearance alone would put week_2 after week_3.
        let rows = [
            Self.row(2, "a", ["screening_arm_1"], srs: nil, ors: nil),
            Self.row(3, "a", ["week_1_arm_1"]), Self.row(4, "a", ["week_3_arm_1"]),
            Self.row(5, "b", ["screening_arm_1"], srs: nil, ors: nil),
            Self.row(6, "b", ["week_1_arm_1"]), Self.row(7, "b", ["week_2_arm_1"]), Self.row(8, "b", ["week_3_arm_1"]),
        ]
        let r = try Self.run(rows)
        #expect(r.eventOrder == ["screening_arm_1", "week_1_arm_1", "week_2_arm_1", "week_3_arm_1"])
        #expect(r.sessionOrder == "event")
        #expect(r.rows == 5 && r.rowsWithoutAnswers == 2 && r.rowsRead == 7)
        // Records that disagree stop the run and ask for --session-order, naming lines, not records.
        let clash = [Self.row(2, "SECRET-1", ["week_1_arm_1"]), Self.row(3, "SECRET-1", ["week_2_arm_1"]),
                     Self.row(4, "SECRET-2", ["week_2_arm_1"]), Self.row(5, "SECRET-2", ["week_1_arm_1"])]
        let m = Self.message(clash)
        #expect(m.contains("--session-order week_1_arm_1,week_2_arm_1"))
        #expect(m.contains("lines 2, 3") && m.contains("lines 4, 5"))
        #expect(!m.contains("SECRET"))
        // --session-order settles it; a value outside it is quoted.
        let ordered = try Self.run(clash, AuditSettings(minCell: 1, sessionOrder: ["week_2_arm_1", "week_1_arm_1"]))
        #expect(ordered.eventOrder == ["week_2_arm_1", "week_1_arm_1"])
        #expect(ordered.clients.allSatisfy { $0.sessionValues == ["week_2_arm_1", "week_1_arm_1"] })
        let outside = Self.message(clash, AuditSettings(minCell: 1, sessionOrder: ["week_1_arm_1"]))
        #expect(outside.contains("\"week_2_arm_1\" is not in --session-order (week_1_arm_1)"))
    }

    @Test func secondColumnOrdersInstancesAndMayBeEmpty() throws {
        let rows = [
            Self.row(2, "a", ["screening_arm_1", ""], therapist: "T1", srs: nil, ors: nil),
            Self.row(3, "a", ["therapy_arm_1", "2"], srs: 30), Self.row(4, "a", ["therapy_arm_1", "1"]),
            Self.row(5, "a", ["followup_arm_1", ""], srs: nil, ors: 26),
        ]
        let r = try Self.run(rows, AuditSettings(minCell: 1, sessionColumns: ["redcap_event_name", "redcap_repeat_instance"]))
        #expect(r.sessionOrder == "event, number")
        #expect(r.clients[0].sessionValues == ["therapy_arm_1/1", "therapy_arm_1/2", "followup_arm_1"])
        #expect(r.clients[0].therapists == ["T1", "T1", "T1"])
        #expect(r.therapistCarried == 3)
        // The first column alone: a duplicate, with the hint.
        let one = rows.map { var x = $0; x.sessions = [x.sessions[0]]; return x }
        let m = Self.message(one, AuditSettings(minCell: 1, sessionColumns: ["redcap_event_name"], duplicateHint: "add --session X"))
        #expect(m == "line 4: the same client and session (\"therapy_arm_1\") as line 3; add --session X")
    }

    @Test func rowsWithoutAnswersAreNotSessionsUnlessKept() throws {
        var line = 1
        var rows: [AuditRow] = []
        for c in ["a", "b"] {
            line += 1
            rows.append(Self.row(line, c, ["0"], therapist: "T1", srs: nil, ors: nil))   // screening
            for s in 1...4 { line += 1; rows.append(Self.row(line, c, [String(s)], srs: s == 2 ? nil : 38)) }
        }
        let r = try Self.run(rows)
        #expect(r.rows == 8 && r.rowsWithoutAnswers == 2)
        #expect(r.fidelity.shareGiven["srs"] == 6.0 / 8)
        #expect(r.fidelity.longestMissedRun["srs"] == 1)
        let kept = try Self.run(rows, AuditSettings(minCell: 1, keepUnansweredRows: true))
        #expect(kept.rows == 10 && kept.unansweredRowsCounted)
        #expect(kept.fidelity.shareGiven["srs"] == 6.0 / 10)
        #expect(kept.fidelity.longestMissedRun["srs"] == 1)
    }

    /// A client seen by T1 at sessions 1–2 and T2 at 3–4: each session counts for its own
    /// therapist; the client is a client of both; change counts for the last ORS's therapist.
    @Test func aSwitchAttributesEachSessionToItsTherapist() throws {
        let rows = [
            Self.row(2, "x", ["1"], therapist: "T1", srs: 38, ors: 10),
            Self.row(3, "x", ["2"], srs: 36, ors: 12),
            Self.row(4, "x", ["3"], therapist: "T2", srs: 30, ors: 14),
            Self.row(5, "x", ["4"], srs: 32, ors: 18),
            Self.row(6, "y", ["1"], therapist: "T1", srs: 39, ors: 20),
            Self.row(7, "y", ["2"], therapist: "T1", srs: 39, ors: 21),
        ]
        let r = try Self.run(rows)
        #expect(r.therapistChanges == 1 && r.clientsWithTherapistChange == 1 && r.therapistCarried == 2)
        let x = r.clients.first { $0.client == "x" }!
        #expect(x.therapists == ["T1", "T1", "T2", "T2"] && x.therapistChanges == 1 && x.therapist == "T1")
        let t1 = r.therapists.first { $0.therapist == "T1" }!, t2 = r.therapists.first { $0.therapist == "T2" }!
        #expect(t1.clients == 2 && t1.sessions == 4 && t1.sharedClients == 1)
        #expect(t2.clients == 1 && t2.sessions == 2 && t2.sharedClients == 1)
        // T1: client means 37 (x's sessions 1–2) and 39; T2: 31 (x's sessions 3–4).
        #expect(t1.meanAlliance == 38 && t2.meanAlliance == 31)
        // The drop at session 3 (36 → 30) is T2's.
        #expect(r.alerts.contains { $0.client == "x" && $0.rule == "drop" && $0.session == 3 && $0.therapist == "T2" })
        #expect(t2.alertRate == 1.0)   // both of T2's sessions below the cutoff 36
        // ORS 10 → 18: reliable improvement, counted for T2 (last ORS), not T1; y unchanged for T1.
        #expect(t2.shareReliablyImproved == 1 && t1.shareReliablyImproved == 0)
        #expect(r.therapistEffect?.clients == 3)
        #expect(r.notes.contains { $0.contains("1 client saw more than one therapist") })
    }

    @Test func aTherapistBeforeTheFirstValueIsTheRecordsFirst() throws {
        // The therapist is only on the third session's row: it is the record's therapist throughout.
        let rows = [Self.row(2, "a", ["1"]), Self.row(3, "a", ["2"]), Self.row(4, "a", ["3"], therapist: "T9")]
        let r = try Self.run(rows)
        #expect(r.clients[0].therapists == ["T9", "T9", "T9"] && r.therapistCarried == 2 && r.therapistChanges == 0)
        // No therapist anywhere: sessions count for none, and nothing is reported about carrying.
        let none = try Self.run([Self.row(2, "a", ["1"]), Self.row(3, "b", ["1"], therapist: "T1")])
        #expect(none.sessionsWithoutTherapist == 1 && none.therapistCount == 1)
    }
}
