import Foundation

extension ScreeningRow {
    /// Names of the screening columns, in the order ``fields(decimals:)`` writes them. Commands
    /// prefix them (`wai-sr.screen.longstring`).
    public static let columnNames = [
        "answered", "longstring", "avgstr", "longstring_keyed", "avgstr_keyed", "irv",
        "mahal_d2", "mahal_p", "evenodd", "antonym", "person_total", "attention_failed",
        "sec_per_item", "flags",
    ]

    /// The row's screening cells. Numbers in the shortest form that reads back as the same
    /// double (`3`, `1.4705882352941178`, `8.4e-20`), or with exactly `decimals` decimals
    /// (p-values then in `%.{decimals}g`, so small ones keep their digits). An undefined index
    /// is an empty cell; flags are joined by `;` (empty when none).
    public func fields(decimals: Int? = nil) -> [String] {
        func num(_ x: Double, significant: Bool = false) -> String {
            if x.isNaN { return "" }
            if let decimals {
                return String(format: significant ? "%.\(max(decimals, 1))g" : "%.\(decimals)f", x)
            }
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
            return x.description
        }
        return [
            String(answered), String(longstring), num(averageString), String(longstringKeyed),
            num(averageStringKeyed), num(irv), num(mahalanobisD2),
            num(mahalanobisP, significant: true), num(evenOdd), num(antonym), num(personTotal),
            attentionChecks > 0 ? String(attentionFailed) : "", num(secondsPerItem),
            flags.map(\.rawValue).joined(separator: ";"),
        ]
    }
}
