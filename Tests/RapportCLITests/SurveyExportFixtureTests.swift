import Foundation
import Testing

/// Issue 13 §7: realistic exports score, screen, check and audit with exactly the numbers of
/// their clean numeric twins. Every file, and which rows differ, comes from
/// `scripts/fixtures/make-export-fixtures.R` (its header says what each export holds).
@Suite struct SurveyExportFixtureTests {
    static let dir = "Tests/RapportCLITests/Fixtures/exports/"
    static let wai = ["--instrument", "wai-sr", "--id", "ResponseId"]
    static let sessions = ["--instrument", "srs", "--instrument", "ors"]
    static let audit = ["--client", "Patient_Nº", "--session", "Séance", "--therapist", "Thérapeute"] + sessions

    static func run(_ args: [String]) throws -> CLIResult {
        let r = try CLI.run(args)
        #expect(r.status == 0, "\(args.joined(separator: " ")): \(r.stderr)")
        return r
    }

    /// A JSON report without the keys that describe the input file itself (its name, size,
    /// hash, rows read), which are the only ones allowed to differ from the twin's.
    static func json(_ args: [String], dropping: Set<String>) throws -> Data {
        let r = try run(args + ["--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        return try JSONSerialization.data(withJSONObject: object.filter { !dropping.contains($0.key) }, options: .sortedKeys)
    }

    /// `score`, `screen`, `check` print the same bytes for `export` (read with `flags`) and
    /// for `twin`; `reliability --format json` gives the same report but for `input`.
    static func expectSame(_ export: String, _ twin: String, flags: [String], instrument: [String],
                           reliability: [String]? = nil) throws {
        for command in ["score", "screen", "check"] {
            let mine = try run([command, dir + export] + instrument + flags)
            let theirs = try run([command, dir + twin] + instrument)
            #expect(mine.stdout == theirs.stdout, "\(command) \(export)")
            #expect(!mine.stdout.isEmpty && !mine.stderr.contains("\u{FFFD}"))
        }
        let rel = reliability ?? Array(instrument.prefix(2))
        #expect(try json(["reliability", dir + export] + rel + flags, dropping: ["input"])
                == json(["reliability", dir + twin] + rel, dropping: ["input"]), "reliability \(export)")
    }

    // MARK: Qualtrics

    @Test func qualtricsNumericExportEqualsItsTwin() throws {
        try Self.expectSame("qualtrics-numeric.csv", "qualtrics-twin.csv", flags: ["--where", "Finished=1"], instrument: Self.wai)
        let r = try Self.run(["score", Self.dir + "qualtrics-numeric.csv", "--where", "Finished=1"] + Self.wai)
        #expect(r.stderr.contains("qualtrics-numeric.csv: 212 rows read = 200 scored + 0 rejected + 12 filtered out by --where Finished=1 (--on-invalid missing)\n"
                                  + "  Qualtrics export: row 1 is the header, lines 2–4 (question text, ImportId) skipped (--skip-rows 0 reads them)\n"))
        // Without --where the 12 unfinished responses are scored too: the twin is not matched.
        let all = try Self.run(["score", Self.dir + "qualtrics-numeric.csv"] + Self.wai)
        #expect(all.stdout.split(separator: "\n").count == 1 + 212)
        // Rows 2-3 read as responses are refused loudly: every item has text in them.
        let raw = try CLI.run(["score", Self.dir + "qualtrics-numeric.csv", "--skip-rows", "0", "--on-invalid", "fail"] + Self.wai)
        #expect(raw.status == 1 && raw.stderr.contains("qualtrics-numeric.csv:2:"), "\(raw.stderr)")
    }

    /// The same responses exported as choice text: every answer is an anchor label of the
    /// WAI-SR's scale (2,323 answered cells in the 200 finished rows), Finished is True/False.
    @Test func qualtricsLabelExportEqualsItsTwin() throws {
        try Self.expectSame("qualtrics-labels.csv", "qualtrics-twin.csv", flags: ["--where", "Finished=True"], instrument: Self.wai)
        let r = try Self.run(["score", Self.dir + "qualtrics-labels.csv", "--where", "Finished=True"] + Self.wai)
        #expect(r.stderr.contains("qualtrics-labels.csv: 212 rows read = 200 scored + 0 rejected + 12 filtered out by --where Finished=True (--on-invalid missing)\n"
                                  + "  Qualtrics export: row 1 is the header, lines 2–4 (question text, ImportId) skipped (--skip-rows 0 reads them)\n"
                                  + "  labels read as values: 2323\n"), "\(r.stderr)")
    }

    // MARK: European Excel

    /// Both Excel files (Windows-1252 and UTF-8 with a mark; `;` and decimal commas, detected)
    /// score, screen, check, give reliability and audit exactly as the clean twin.
    @Test func europeanExcelFilesEqualTheirTwin() throws {
        let keep = ["--keep", "Patient_Nº,Thérapeute"]
        for (file, flags) in [("excel-cp1252.csv", ["--encoding", "windows-1252"]), ("excel-utf8-bom.csv", [])] {
            try Self.expectSame(file, "excel-twin.csv", flags: flags, instrument: Self.sessions + keep,
                                reliability: Self.sessions)
            let audit = try Self.run(["audit", Self.dir + file, "--format", "json"] + Self.audit + flags)
            let twin = try Self.run(["audit", Self.dir + "excel-twin.csv", "--format", "json"] + Self.audit)
            #expect(audit.stdout == twin.stdout, "audit \(file)")
            #expect(audit.stdout.contains("\"Dr Šimek\"") && audit.stdout.contains("\"Dr Œhlin\""))
            #expect(audit.stderr.contains("  decimal comma detected (';'-separated file): 726 cells like 7,3 read as 7.3\n"), "\(audit.stderr)")
        }
    }

    /// Windows-1252 (with letters Latin-1 lacks) and UTF-8 with a byte-order mark, accented
    /// headers named in any case: the names come out as written, never as U+FFFD.
    @Test func europeanHeadersAndNamesAreDecoded() throws {
        for (file, flags) in [("excel-cp1252.csv", ["--encoding", "windows-1252"]), ("excel-utf8-bom.csv", [])] {
            let r = try CLI.run(["score", Self.dir + file, "--keep", "thérapeute", "--id", "PATIENT_Nº"] + Self.sessions + flags)
            let header = r.stdout.prefix { $0 != "\n" }
            #expect(header.hasPrefix("Patient_Nº,Thérapeute,srs.total,"), "\(file): \(header)")
            for name in ["Dr Šimek", "Dr Œhlin", "Dr Müller", "Dr Lefèvre", "Dr Ødegård", "Dr Grüß"] {
                #expect(r.stdout.contains(",\(name),"), "\(file): \(name)")
            }
            #expect(!r.stdout.contains("\u{FFFD}") && !r.stderr.contains("\u{FFFD}"))
        }
        let guessed = try CLI.run(["score", Self.dir + "excel-cp1252.csv"] + Self.sessions)
        #expect(guessed.status == 2 && guessed.stdout.isEmpty)
        #expect(guessed.stderr.contains("excel-cp1252.csv:1: byte 10 of the line (byte 10 of the file) is 0xBA, not valid UTF-8")
                && guessed.stderr.contains("give --encoding windows-1252"), "\(guessed.stderr)")
    }

    /// The audit finds its columns in any case and spelling the header allows.
    @Test func auditColumnsMatchIgnoringCase() throws {
        let exact = try Self.run(["audit", Self.dir + "excel-twin.csv", "--format", "json"] + Self.audit)
        let lower = try Self.run(["audit", Self.dir + "excel-twin.csv", "--format", "json", "--client", "patient_nº",
                                  "--session", "SÉANCE", "--therapist", "thérapeute"] + Self.sessions)
        #expect(lower.stdout == exact.stdout && exact.stdout.contains("\"therapistCount\""))
    }

    /// `--where` reads record formats' cells as their text too: an SPSS file keeps the rows of
    /// the CSV it was made from (`scripts/reference/make-format-fixtures.R`); `--skip-rows`
    /// has no meaning there and is refused. A value on the `--id` column is withheld.
    @Test func whereOnAnSPSSFileKeepsTheRowsOfItsCSV() throws {
        let formats = "Tests/RapportTests/Fixtures/formats/wai-sr-240."
        let flags = ["--instrument", "wai-sr", "--id", "id", "--where", "waisr_1=5", "--where", "id!=P000001"]
        let sav = try Self.run(["score", formats + "sav"] + flags)
        let csv = try Self.run(["score", formats + "csv"] + flags)
        #expect(sav.stdout == csv.stdout && sav.stderr.contains(": 240 rows read = 116 scored + 0 rejected + 124 filtered out by --where waisr_1=5 --where id!=<value withheld: identifier column>"))
        // The ID in the condition on the --id column is never written.
        #expect(!sav.stderr.contains("P000001") && !csv.stderr.contains("P000001"))
        let skip = try CLI.run(["score", formats + "sav", "--instrument", "wai-sr", "--skip-rows", "1"])
        #expect(skip.status == 2 && skip.stderr.contains("--skip-rows applies to CSV/TSV files"))
    }

    // MARK: Ragged rows

    /// Ten ragged rows (lines 16, 63, 64, 74, 115, 150, 162, 165, 182, 196) are rejected under
    /// every policy; the rest scores as the twin, which holds only the other 190.
    @Test func raggedRowsAreRejectedAndTheRestEqualsTheTwin() throws {
        let idOnly = ["--instrument", "wai-sr", "--id", "id"]
        for policy in ["missing", "reject-row"] {
            try Self.expectSame("ragged.csv", "ragged-twin.csv", flags: ["--on-invalid", policy], instrument: idOnly)
        }
        let r = try Self.run(["score", Self.dir + "ragged.csv"] + idOnly)
        #expect(r.stderr.contains("ragged.csv: 200 rows read = 190 scored + 10 rejected (--on-invalid missing)\n  ragged-row: 10\n"))
        #expect(r.stderr.contains("line 63: the row has 14 fields, the header has 13"))
        let fail = try CLI.run(["score", Self.dir + "ragged.csv", "--on-invalid", "fail"] + idOnly)
        #expect(fail.status == 1 && fail.stderr.contains("ragged.csv:16: the row has 12 fields, the header has 13"))
    }
}
