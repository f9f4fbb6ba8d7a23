import Foundation
import Rapport

/// The outcome of `rapport validate` over many files, rendered as text, JSON or JUnit XML.
struct ValidationReport {
    var results: [InstrumentCheck]
    var strict: Bool

    private func failed(_ r: InstrumentCheck) -> Bool { !r.isValid || (strict && !r.warnings.isEmpty) }
    private func unreadable(_ r: InstrumentCheck) -> Bool { r.errors.contains { $0.code.isUnreadable } }

    /// 2 if a path could not be read, else 1 if a definition failed, else 0.
    var exitCode: Int32 {
        if results.contains(where: unreadable) { return 2 }
        return results.contains(where: failed) ? 1 : 0
    }

    var errorCount: Int { results.reduce(0) { $0 + $1.errors.count } }
    var warningCount: Int { results.reduce(0) { $0 + $1.warnings.count } }
    var failedCount: Int { results.filter(failed).count }

    func text() -> String {
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

    func json() throws -> String {
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
    /// unreadable path is an error, other warnings go to `system-out`.
    func junit() -> String {
        let errors = results.filter(unreadable).count
        let failures = results.filter { failed($0) && !unreadable($0) }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let counts = "tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\""
        out += "<testsuites name=\"rapport validate\" \(counts)>\n"
        out += "  <testsuite name=\"rapport validate\" \(counts)>\n"
        for r in results {
            out += "    <testcase classname=\"instruments\" name=\"\(escape(r.file))\""
            let failing = r.diagnostics.filter { $0.severity == .error || strict }
            let notes = r.diagnostics.filter { !($0.severity == .error || strict) }
            if failing.isEmpty && notes.isEmpty {
                out += "/>\n"
                continue
            }
            out += ">\n"
            if !failing.isEmpty {
                let tag = unreadable(r) ? "error" : "failure"
                let first = failing[0]
                out += "      <\(tag) type=\"\(escape(first.code.rawValue))\" message=\"\(escape(first.message))\">"
                out += escape(failing.map(\.description).joined(separator: "\n"))
                out += "</\(tag)>\n"
            }
            if !notes.isEmpty {
                out += "      <system-out>" + escape(notes.map(\.description).joined(separator: "\n")) + "</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    private func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
