import Foundation
import Testing
@testable import Rapport

/// The reading fingerprint of a state file (issue 13 review): every setting that changes which
/// values a read takes is in it, so `merge` refuses shards read differently and names the
/// setting; `--recode` and `--map-file` count by content, not by path.
@Suite struct ReadingFingerprintTests {
    static func fingerprint(_ edit: (inout ReaderOptions) -> Void = { _ in }, delimiter: String? = nil,
                            decimalCommasRead: Bool = false, recode: String? = nil) -> [String] {
        var o = ReaderOptions()
        edit(&o)
        return ReliabilityState.readingFingerprint(delimiter: delimiter, naTokens: [], maps: [], prefixes: [],
                                                   mapFileSHA256: nil, scaleOnly: [], reader: o,
                                                   readsDecimalCommas: decimalCommasRead, recodeSHA256: recode)
    }

    @Test func isCanonicalAndOrdered() throws {
        var o = ReaderOptions(onInvalid: .rejectRow)
        o.encoding = .windows1252
        o.valueLabels = true
        o.decimalComma = false
        o.skipRows = 2
        o.filters = [try RowFilter(parsing: "Finished=1"), try RowFilter(parsing: "event!=screening")]
        let f = ReliabilityState.readingFingerprint(delimiter: nil, naTokens: ["NA", "-99"],
                                                    maps: ["wai-sr:q1=Q1"], prefixes: ["wai-sr=w"],
                                                    mapFileSHA256: "ab", scaleOnly: ["task"], reader: o,
                                                    readsDecimalCommas: false, recodeSHA256: "cd")
        #expect(f == ["delimiter=auto", "on-invalid=reject-row", "na=NA", "na=-99", "map=wai-sr:q1=Q1",
                      "prefix=wai-sr=w", "map-file=sha256:ab", "scale-only=task", "encoding=windows-1252",
                      "value-labels=on", "recode=sha256:cd", "decimal-comma=off", "skip-rows=2",
                      "where=Finished=1", "where=event!=screening"])
        #expect(Self.fingerprint(delimiter: ";", decimalCommasRead: true)
            == ["delimiter=;", "on-invalid=missing", "encoding=auto", "value-labels=off",
                "decimal-comma=auto (read)", "skip-rows=auto"])
    }

    /// Each setting that changes the values read changes the fingerprint, and the difference
    /// names it (never the value of a `--where` condition).
    @Test func everySettingIsInItAndNamed() throws {
        let base = Self.fingerprint()
        let cases: [(String, [String], String)] = [
            ("encoding", Self.fingerprint { $0.encoding = .latin1 }, "--encoding settings differ (latin1 and auto)"),
            ("value-labels", Self.fingerprint { $0.valueLabels = true }, "--value-labels settings differ (on and off)"),
            ("decimal-comma on", Self.fingerprint { $0.decimalComma = true }, "--decimal-comma settings differ (on and auto (not read))"),
            ("decimal-comma off", Self.fingerprint { $0.decimalComma = false }, "--decimal-comma settings differ (off and auto (not read))"),
            ("decimal-comma detected", Self.fingerprint(decimalCommasRead: true), "--decimal-comma settings differ (auto (read) and auto (not read))"),
            ("skip-rows", Self.fingerprint { $0.skipRows = 0 }, "--skip-rows settings differ (0 and auto)"),
            ("where", Self.fingerprint { $0.filters = [RowFilter(column: "pid", value: "P-SENTINEL-17", equal: false)] },
             "--where conditions differ"),
            ("recode", Self.fingerprint(recode: "00ff"), "--recode is given for one and not the other"),
            ("on-invalid", Self.fingerprint { $0.onInvalid = .rejectRow }, "--on-invalid settings differ (reject-row and missing)"),
        ]
        for (name, f, message) in cases {
            #expect(f != base, "\(name)")
            #expect(ReliabilityState.readingDifference(f, base) == message, "\(name)")
        }
        #expect(ReliabilityState.readingDifference(base, base) == nil)
        #expect(ReliabilityState.readingDifference(Self.fingerprint(recode: "01"), Self.fingerprint(recode: "02"))
            == "--recode files differ in content")
        // The order of --where conditions does not change which rows are read.
        let ab = Self.fingerprint { $0.filters = [RowFilter(column: "a", value: "1"), RowFilter(column: "b", value: "2")] }
        let ba = Self.fingerprint { $0.filters = [RowFilter(column: "b", value: "2"), RowFilter(column: "a", value: "1")] }
        #expect(ab == ba)
    }

    /// `merge` refuses two parts whose readings differ, exit 2 naming the files, the field and the
    /// setting; a `--where` value never appears in the message.
    @Test func mergeNamesTheSettingThatDiffers() throws {
        let data = try FuzzRegressionTests.fixture("state-huge-interval.json")
        let a = try ReliabilityState.decode(data, file: "a.json")
        var b = a
        b.reading = a.reading.map { $0 == "encoding=auto" ? "encoding=latin1" : $0 }
        #expect(b.reading != a.reading)
        let error = #expect(throws: StateFileError.self) {
            try ReliabilityState.merge([(name: "a.json", state: a), (name: "b.json", state: b)])
        }
        #expect(error?.field == "reading" && error?.exitStatus == .unusable)
        #expect(error?.description == "b.json: reading: b.json and a.json belong to different runs: their --encoding settings differ (latin1 and auto)")
        var c = a
        c.reading.append("where=pid!=P-SENTINEL-17")
        let hidden = #expect(throws: StateFileError.self) {
            try ReliabilityState.merge([(name: "a.json", state: a), (name: "c.json", state: c)])
        }
        #expect(hidden?.description.contains("--where conditions differ") == true)
        #expect(hidden?.description.contains("SENTINEL") == false)
    }

    /// A state read with `--where` holds rows read = scored + rejected + filtered out; it was
    /// refused as inconsistent (`rowsRead`), so a filtered run could not be merged at all.
    @Test func aFilteredStateIsValid() throws {
        var s = try ReliabilityState.decode(try FuzzRegressionTests.fixture("state-huge-interval.json"), file: "s.json")
        s.accumulation.data.rowsRead += 7
        s.input.rows += 7
        s.accumulation.data.rowsFilteredOut = 7
        s.accumulation.data.decoding = DataDecoding()
        s.accumulation.data.decoding?.filters = ["Finished=1"]
        s.reading.append("where=Finished=1")
        // The report's input says what the accumulation says (issue 13 review, JSON accounting).
        let noInput = #expect(throws: StateFileError.self) { try s.validate(file: "s.json") }
        #expect(noInput?.field == "input.rowsFilteredOut")
        s.input = ReliabilityReport.Input(path: s.input.path, data: s.accumulation.data, sha256: s.input.sha256)
        #expect(s.input.rowsFilteredOut == 7 && s.input.where == ["Finished=1"])
        try s.validate(file: "s.json")
        var otherWhere = s
        otherWhere.input.where = ["Finished=0"]
        let w = #expect(throws: StateFileError.self) { try otherWhere.validate(file: "s.json") }
        #expect(w?.field == "input.where")
        s.accumulation.data.rowsFilteredOut = 6
        s.input.rowsFilteredOut = 6
        let e = #expect(throws: StateFileError.self) { try s.validate(file: "s.json") }
        #expect(e?.field == "accumulation.data.rowsRead")
        s.accumulation.data.rowsFilteredOut = -1
        #expect(throws: StateFileError.self) { try s.validate(file: "s.json") }
    }

    /// A condition on an identifier column is withheld from its text and enters the fingerprint
    /// as the value's SHA-256: different values still differ, no value is written.
    @Test func identifierConditionsAreDigested() throws {
        let a = RowFilter(column: "pid", value: "P-SENTINEL-17", equal: false, identifier: true)
        #expect(a.description == "pid!=<value withheld: identifier column>")
        // SHA-256("P-SENTINEL-17"), by `printf %s P-SENTINEL-17 | sha256sum`.
        #expect(a.fingerprint == "pid!=sha256:1312ff854fc59174f9bd5972161492603293cbaefea2a5e84caa1c62b76928e7")
        var b = a
        b.value = "P-SENTINEL-18"
        let fa = Self.fingerprint { $0.filters = [a] }, fb = Self.fingerprint { $0.filters = [b] }
        #expect(fa != fb)
        #expect(!fa.joined().contains("SENTINEL") && !fb.joined().contains("SENTINEL"))
        #expect(ReliabilityState.readingDifference(fa, fb) == "--where conditions differ")
        // Not an identifier column: as given.
        #expect(RowFilter(column: "pid", value: "P1").fingerprint == "pid=P1")
    }

    /// The reader marks conditions on the run's identifier columns, matched as header names are.
    @Test func theReaderMarksIdentifierColumns() throws {
        let file = try CSVTest.temporaryFile("PID,tid,q1\nP1,T1,1\nP2,T2,2\nP3,T1,3\n")
        var o = ReaderOptions()
        o.filters = [try RowFilter(parsing: "pid!=P2"), try RowFilter(parsing: "q1!=3"), try RowFilter(parsing: "TID=T1")]
        o.identifierColumns = ["pid", "tid"]
        let reader = try ResponseReader(.file(file.path), options: o)
        #expect(reader.options.filters.map(\.identifier) == [true, false, true])
        let c = try CSVTest.read(file, items: ["q1"], options: o)
        #expect(c.values == [1] && c.report.rowsFilteredOut == 2)
        #expect(c.report.decoding?.filters == ["pid!=<value withheld: identifier column>", "q1!=3",
                                               "TID=<value withheld: identifier column>"])
        #expect(!c.report.summary.contains("P2") && !c.report.summary.contains("T1"))
    }
}
