import Foundation
@testable import Rapport

/// One cell of a hand-written test row.
enum ScoringCell: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    case value(Double)
    case missing
    case notApplicable
    case invalid

    init(floatLiteral v: Double) { self = .value(v) }
    init(integerLiteral v: Int) { self = .value(Double(v)) }
}

/// A block whose slot `s` holds column `s` of each row.
func scBlock(_ rows: [[ScoringCell]], firstRow: Int = 0) -> ResponseBlock {
    let width = rows.first?.count ?? 0
    var values: [Double] = []
    var status: [CellStatus] = []
    for row in rows {
        precondition(row.count == width)
        for c in row {
            switch c {
            case .value(let v): values.append(v); status.append(.answered)
            case .missing: values.append(.nan); status.append(.missing)
            case .notApplicable: values.append(.nan); status.append(.notApplicable)
            case .invalid: values.append(.nan); status.append(.invalid)
            }
        }
    }
    return ResponseBlock(firstRow: firstRow, rowCount: rows.count, itemCount: width, values: values,
                         status: status, lines: Array(2..<(2 + rows.count)))
}

/// Item ids `prefix1 … prefixN` on response scale `rs`, item `i` reversed when in `reversed`.
func scItems(_ prefix: String, _ count: Int, scale rs: String, reversed: Set<Int> = []) -> [Item] {
    (1...count).map { Item(id: "\(prefix)\($0)", number: $0, column: "\(prefix)_\($0)",
                           responseScale: rs, reversed: reversed.contains($0)) }
}

func scMembers(_ ids: [String]) -> [Scale.Member] { ids.map { Scale.Member(kind: .item, ref: $0) } }

func scInstrument(id: String = "test", responseScales: [ResponseScale], items: [Item],
                    scales: [Scale]) -> Instrument {
    Instrument(id: id, version: "1", name: id, abbreviation: id, construct: .other,
               respondent: .client, responseScales: responseScales, items: items, scales: scales,
               provenance: Provenance(citation: "test"), licence: Licence(use: .free, terms: ""))
}

let scKey = KeyProvenance(source: "test", verification: .primary)

/// Slots in item declaration order (item `k` → slot `k`).
func scSlots(_ inst: Instrument) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: inst.items.enumerated().map { ($1.id, $0) })
}

/// A scorer over items in declaration order.
func scScorer(_ inst: Instrument) throws -> Scorer {
    try Scorer(instrument: inst, itemSlots: scSlots(inst))
}

/// Reads a fixture CSV without quotes: header, then rows; empty cell = missing.
func scReadCSV(_ name: String) throws -> (header: [String], rows: [[String]]) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scoring/\(name)")
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false)
        .map { $0.replacingOccurrences(of: "\"", with: "") }
    let rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    return (header, rows)
}

/// A block from fixture rows, reading the named columns (empty → missing).
func scBlockFrom(_ header: [String], _ rows: [[String]], columns: [String]) -> ResponseBlock {
    let idx = columns.map { c in header.firstIndex(of: c)! }
    return scBlock(rows.map { r in idx.map { r[$0].isEmpty ? ScoringCell.missing : .value(Double(r[$0])!) } })
}
