/// Colour of the terminal text report: only on a terminal, never when `NO_COLOR` is set
/// (https://no-color.org: any value, even empty) or `TERM=dumb`.
///
/// Colour only adds emphasis, never information: scale headings bold, the `Warnings`
/// block yellow. The characters between the escape codes are exactly the plain report's, so
/// the 80-column layout is unchanged.
package enum ReportColour {
    /// Whether to colour output going to a stream that is (or is not) a terminal.
    package static func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal, environment["NO_COLOR"] == nil else { return false }
        return environment["TERM"] != "dumb"
    }

    static let bold = "\u{1B}[1m", yellow = "\u{1B}[33m", reset = "\u{1B}[0m"

    /// The plain text report with ANSI emphasis added.
    package static func apply(to text: String) -> String {
        var out = ""
        var inWarnings = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { inWarnings = false }
            if line == "Warnings" { inWarnings = true }
            if line.hasPrefix("Scale ") {
                out += bold + line + reset
            } else if inWarnings && !line.isEmpty {
                out += yellow + line + reset
            } else {
                out += line
            }
            out += "\n"
        }
        out.removeLast()
        return out
    }
}
