/// A JUnit XML document (the Ant/Jenkins/Surefire schema that GitLab, GitHub Actions
/// reporters, Jenkins and Azure read): one `<testsuites>` with one `<testsuite>`.
///
/// Shared by `rapport validate --format junit` and `rapport check --junit`. A case is
/// passed, failed (`<failure>`: the gate was not met / the definition is invalid) or in
/// error (`<error>`: it could not be evaluated). Counts in the `tests`, `failures` and
/// `errors` attributes are derived from the cases.
package struct JUnitReport: Sendable, Hashable {
    package struct Case: Sendable, Hashable {
        package enum Outcome: Sendable, Hashable {
            case passed
            /// `type` is a short machine-readable code, `message` one line, `detail` the body.
            case failure(type: String, message: String, detail: String)
            case error(type: String, message: String, detail: String)
            /// Not evaluated (`<skipped>`); neither passed nor failed.
            case skipped(message: String)
        }
        package var classname: String
        package var name: String
        package var outcome: Outcome
        /// Notes shown as the case's `system-out` (omitted when empty).
        package var output: String

        package init(classname: String, name: String, outcome: Outcome = .passed, output: String = "") {
            self.classname = classname
            self.name = name
            self.outcome = outcome
            self.output = output
        }
    }

    package var name: String
    package var cases: [Case]

    package init(name: String, cases: [Case]) {
        self.name = name
        self.cases = cases
    }

    package var failures: Int { cases.filter { if case .failure = $0.outcome { true } else { false } }.count }
    package var errors: Int { cases.filter { if case .error = $0.outcome { true } else { false } }.count }
    package var skipped: Int { cases.filter { if case .skipped = $0.outcome { true } else { false } }.count }

    /// The document, UTF-8, ending in a newline.
    package func xml() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        var counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\""
        if skipped > 0 { counts += " skipped=\"\(skipped)\"" }
        out += "<testsuites name=\"\(XMLText.attribute(name))\" \(counts)>\n"
        out += "  <testsuite name=\"\(XMLText.attribute(name))\" \(counts)>\n"
        for c in cases {
            out += "    <testcase classname=\"\(XMLText.attribute(c.classname))\" name=\"\(XMLText.attribute(c.name))\""
            if c.outcome == .passed && c.output.isEmpty {
                out += "/>\n"
                continue
            }
            out += ">\n"
            switch c.outcome {
            case .passed: break
            case .skipped(let message):
                out += "      <skipped message=\"\(XMLText.attribute(message))\"/>\n"
            case .failure(let type, let message, let detail), .error(let type, let message, let detail):
                let tag = if case .error = c.outcome { "error" } else { "failure" }
                out += "      <\(tag) type=\"\(XMLText.attribute(type))\" message=\"\(XMLText.attribute(message))\">"
                out += XMLText.escape(detail) + "</\(tag)>\n"
            }
            if !c.output.isEmpty {
                out += "      <system-out>" + XMLText.escape(c.output) + "</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
