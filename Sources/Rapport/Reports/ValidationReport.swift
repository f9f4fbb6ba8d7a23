import Foundation

/// The outcome of `rapport validate` over many files, rendered as text, JSON or JUnit XML.
package struct ValidationReport {
    package var results: [InstrumentCheck]
    /// `--strict`: a warning fails its file too.
    package var strict: Bool

    package init(results: [InstrumentCheck], strict: Bool) {
        self.results = results
        self.strict = strict
    }

    private func failed(_ r: InstrumentCheck) -> Bool { !r.isValid || (strict && !r.warnings.isEmpty) }
    private func unreadable(_ r: InstrumentCheck) -> Bool { r.errors.contains { $0.code.isUnreadable } }

    /// 2 if a path could not be read, else 1 if a definition failed, else 0.
    package var exitCode: Int32 {
        if results.contains(where: unreadable) { return 2 }
        return results.contains(where: failed) ? 1 : 0
    }

    package var errorCount: Int { results.reduce(0) { $0 + $1.errors.count } }
    package var warningCount: Int { results.reduce(0) { $0 + $1.warnings.count } }
    package var failedCount: Int { results.filter(failed).count }

    package func text() -> String {
        var out = ""
        for r in results {
            for d in r.diagnostics { out += d.description + "\n" }
            let verdict: String
            if unreadable(r) { verdict = "unreadable" }
            else if !r.isValid { verdict = "invalid (\(plural(r.errors.count, "error")), \(plural(r.warnings.count, "warning")))" }
            else if failed(r) { verdict = "fails under --strict (\(plural(r.warnings.count, "warning")))" }
            else if r.warnings.isEmpty { verdict = "valid" }
            else { verdict = "valid (\(plural(r.warnings.count, "warning")))" }
            let id = r.instrument.map { " [\($0.id)]" } ?? ""
            out += "\(r.file)\(id): \(verdict)\n"
        }
        out += "\(plural(results.count, "file")): \(results.count - failedCount) passed, \(failedCount) failed; "
            + "\(plural(errorCount, "error")), \(plural(warningCount, "warning"))\(strict ? " (strict)" : "")\n"
        return out
    }

    struct JSONFile: Encodable {
        var file: String
        var id: String?
        var sha256: String?
        var valid: Bool
        var passed: Bool
        var diagnostics: [JSONDiagnostic]
    }

    struct JSONDiagnostic: Encodable {
        var code, severity, message: String
        var line, column: Int?
    }

    struct JSONReport: Encodable {
        var strict: Bool
        var exitCode: Int32
        var files: [JSONFile]
        var summary: [String: Int]
    }

    package func json() throws -> String {
        let files = results.map { r in
            JSONFile(file: r.file, id: r.instrument?.id, sha256: r.instrument?.sha256, valid: r.isValid,
                     passed: !failed(r),
                     diagnostics: r.diagnostics.map {
                         JSONDiagnostic(code: $0.code.rawValue, severity: $0.severity.rawValue, message: $0.message,
                                        line: $0.line, column: $0.column)
                     })
        }
        return try JSONOutput.encode(JSONReport(
            strict: strict, exitCode: exitCode, files: files,
            summary: ["files": results.count, "passed": results.count - failedCount, "failed": failedCount,
                      "errors": errorCount, "warnings": warningCount]))
    }

    /// One test case per file; errors (and warnings under --strict) are failures, an
    /// unreadable path is an error, other warnings go to `system-out`. Written by the
    /// shared ``JUnitReport`` (also used by `rapport check`).
    package func junit() -> String {
        let cases = results.map { r -> JUnitReport.Case in
            let failing = r.diagnostics.filter { $0.severity == .error || strict }
            let notes = r.diagnostics.filter { !($0.severity == .error || strict) }
            var outcome = JUnitReport.Case.Outcome.passed
            if let first = failing.first {
                let detail = failing.map(\.description).joined(separator: "\n")
                outcome = unreadable(r)
                    ? .error(type: first.code.rawValue, message: first.message, detail: detail)
                    : .failure(type: first.code.rawValue, message: first.message, detail: detail)
            }
            return JUnitReport.Case(classname: "instruments", name: r.file, outcome: outcome,
                                    output: notes.map(\.description).joined(separator: "\n"))
        }
        return JUnitReport(name: "rapport validate", cases: cases).xml()
    }

    private func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
