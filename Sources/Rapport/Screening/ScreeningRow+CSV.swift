import Foundation

extension ScreeningRow {
    /// Column names of the screening columns, in the order ``csvFields()`` writes them.
    public static let csvHeader = [
        "screen_answered", "screen_longstring", "screen_avgstr", "screen_longstring_keyed",
        "screen_avgstr_keyed", "screen_irv", "screen_mahal_d2", "screen_mahal_p",
        "screen_evenodd", "screen_antonym", "screen_person_total", "screen_attention_failed",
        "screen_sec_per_item", "screen_flags",
    ]

    /// The row's screening cells: numbers with 6 decimals (p-values in `%.6g`), an empty cell
    /// where an index is undefined, flags joined by `;` (empty when none).
    public func csvFields() -> [String] {
        func f(_ x: Double) -> String { x.isNaN ? "" : String(format: "%.6f", x) }
        func g(_ x: Double) -> String { x.isNaN ? "" : String(format: "%.6g", x) }
        return [
            String(answered), String(longstring), f(averageString), String(longstringKeyed),
            f(averageStringKeyed), f(irv), f(mahalanobisD2), g(mahalanobisP), f(evenOdd),
            f(antonym), f(personTotal), attentionChecks > 0 ? String(attentionFailed) : "",
            f(secondsPerItem), flags.map(\.rawValue).joined(separator: ";"),
        ]
    }
}
