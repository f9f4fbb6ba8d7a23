import Foundation
import RapportStatistics

/// The documents of `rapport agreement`: the six Shrout & Fleiss forms of an ``ICC`` as a
/// fixed-width table or as JSON (keys as psych::ICC's `results` and mean squares).
public enum ICCReport {
    struct JSONForm: Codable {
        var name: String, label: String, icc: Double, F: Double, df1: Double, df2: Double, p: Double, lower: Double, upper: Double
    }
    struct JSONReport: Codable {
        var method: String, confidence: Double, targets: Int, raters: Int, missingCells: Int, targetsDropped: Int
        var MSB: Double, MSJ: Double, MSE: Double, MSW: Double
        var forms: [JSONForm]
    }

    /// Pretty JSON with sorted keys (``JSONOutput``). Its strings are the method and psych's
    /// form names and labels, none of which holds a `/`.
    public static func json(_ icc: ICC) throws -> String {
        let report = JSONReport(
            method: icc.method.rawValue, confidence: icc.confidence, targets: icc.targets, raters: icc.raters,
            missingCells: icc.missingCells, targetsDropped: icc.targetsDropped,
            MSB: icc.meanSquares.targets, MSJ: icc.meanSquares.raters, MSE: icc.meanSquares.error, MSW: icc.meanSquares.within,
            forms: icc.forms.map { .init(name: $0.name, label: $0.label, icc: $0.value, F: $0.f, df1: $0.df1, df2: $0.df2,
                                         p: $0.p, lower: $0.lower, upper: $0.upper) })
        return try JSONOutput.encode(report)
    }

    public static func text(_ icc: ICC) -> String {
        let level = Int((icc.confidence * 100).rounded())
        var out = "Intraclass correlations (Shrout & Fleiss 1979), \(icc.targets) targets × \(icc.raters) raters"
        out += icc.missingCells > 0 ? ", \(icc.missingCells) missing ratings" : ""
        out += icc.targetsDropped > 0 ? ", \(icc.targetsDropped) incomplete targets dropped" : ""
        out += "; method \(icc.method.rawValue)\n\n"
        out += "form   ICC     F        df1  df2      p        \(level)% lower  upper  type\n"
        for f in icc.forms {
            out += f.name.padding(toLength: 7, withPad: " ", startingAt: 0)
            out += String(format: "%-7.3f %-8.2f %-4.0f %-8.2f %-8.4f %-9.3f %-6.3f ", f.value, f.f, f.df1, f.df2, f.p, f.lower, f.upper)
            out += f.label + "\n"
        }
        return out
    }
}
