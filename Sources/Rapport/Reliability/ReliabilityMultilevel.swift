import Foundation
import RapportStatistics

/// `rapport reliability --client COL --session COL`: psych `mlr` per scale over clients ×
/// sessions × the scale's keyed items (``MultilevelReliability``).
///
/// A second reading of the file (like the HTML histograms) collects each row's client, session
/// and item values. Rows are grouped by client (in order of first appearance) and ordered by
/// session — numerically when every session value is a number, else as text (ISO dates sort
/// correctly) — ties in file order; a client's k-th session is time k. Reversed items are keyed
/// against the declared range (`min + max − x`). An unanswered item is a missing observation.
public enum ReliabilityMultilevel {
    /// One summary per plan entry (`nil` when the scale has fewer than 2 items or clients).
    /// - Parameters:
    ///   - client, session: positions of the two columns among `columns`' pass-through columns.
    public static func run(reader: ResponseReader, columns: ColumnPlan, plan: ReliabilityPlan,
                           client: Int, session: Int) throws -> [MultilevelSummary?] {
        struct Row: Sendable { var client: String; var session: String; var line: Int; var values: [Double?] }
        let union = Array(Set(plan.entries.flatMap(\.slots))).sorted()
        var rows: [Row] = []
        _ = try reader.read(plan: columns, transform: { block -> [Row] in
            (0..<block.rowCount).map { r in
                let pass = block.passthrough[r]
                return Row(client: pass[client], session: pass[session], line: block.lines[r],
                           values: union.map { s in block.status(row: r, slot: s) == .answered ? block.value(row: r, slot: s) : nil })
            }
        }, sink: { rows.append(contentsOf: $0) })
        var order: [String] = []
        var byClient: [String: [Row]] = [:]
        for row in rows {
            if byClient[row.client] == nil { order.append(row.client) }
            byClient[row.client, default: []].append(row)
        }
        let numeric = rows.allSatisfy { Double($0.session.trimmingCharacters(in: .whitespaces)) != nil }
        func before(_ a: Row, _ b: Row) -> Bool {
            if numeric {
                let x = Double(a.session.trimmingCharacters(in: .whitespaces))!, y = Double(b.session.trimmingCharacters(in: .whitespaces))!
                return x < y || (x == y && a.line < b.line)
            }
            return a.session < b.session || (a.session == b.session && a.line < b.line)
        }
        let clients = order.map { byClient[$0]!.sorted(by: before) }
        return plan.entries.map { e in
            let pos = e.slots.map { union.firstIndex(of: $0)! }
            let c = (e.categories.first ?? 0) + (e.categories.last ?? 0)
            let data = clients.map { list in
                list.map { row in pos.enumerated().map { j, p in row.values[p].map { e.reversed[j] ? c - $0 : $0 } } }
            }
            return MultilevelReliability(data).map(MultilevelSummary.init)
        }
    }
}
