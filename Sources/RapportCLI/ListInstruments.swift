import ArgumentParser
import Foundation
import Rapport

/// `rapport instruments list`: one row per built-in instrument.
struct ListInstruments: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the built-in instruments.",
        discussion: "Keys: the weakest verification level among the instrument's scale keys (primary, secondary, unverified)."
    )

    @Option(help: ArgumentHelp("Output format.", valueName: ListFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: ListFormat = .text

    enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func execute() throws {
        let instruments = InstrumentCatalog.builtins
        switch format {
        case .text: Console.out(Self.table(instruments))
        case .json: Console.out(try Self.json(instruments))
        }
    }

    static func table(_ instruments: [Instrument]) -> String {
        let header = ["ID", "NAME", "CONSTRUCT", "RESPONDENT", "ITEMS", "SCALES", "KEYS", "LICENCE"]
        let rows = instruments.map { i in
            [i.id, i.abbreviation == i.name ? i.name : "\(i.abbreviation) — \(i.name)", i.construct.rawValue,
             i.respondent.rawValue, String(i.items.filter { !$0.isAttentionCheck }.count), String(i.scales.count),
             i.weakestKeyVerification.rawValue, i.licence.use.rawValue]
        }
        return TextTable(header: header, rows: rows, rightAligned: [4, 5]).render()
            + "\n\(instruments.count) built-in instruments. Show one with `rapport instruments show ID`.\n"
    }

    struct Row: Encodable {
        var id, version, name, abbreviation, construct, respondent, keys, licence, sha256: String
        var items, scales: Int
        var unverifiedScales: [String]
    }

    static func json(_ instruments: [Instrument]) throws -> String {
        let rows = instruments.map {
            Row(id: $0.id, version: $0.version, name: $0.name, abbreviation: $0.abbreviation,
                construct: $0.construct.rawValue, respondent: $0.respondent.rawValue,
                keys: $0.weakestKeyVerification.rawValue, licence: $0.licence.use.rawValue, sha256: $0.sha256,
                items: $0.items.filter { !$0.isAttentionCheck }.count, scales: $0.scales.count,
                unverifiedScales: $0.unverifiedScales.map(\.id))
        }
        return try JSONOutput.encode(["instruments": rows])
    }
}

/// Deterministic JSON: sorted keys, two-space indentation, trailing newline.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// A plain-text table with columns padded to their widest cell.
struct TextTable {
    var header: [String]
    var rows: [[String]]
    var rightAligned: Set<Int> = []

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i == cells.count - 1 && !rightAligned.contains(i) {
                    parts.append(cell)
                } else {
                    parts.append(rightAligned.contains(i) ? pad + cell : cell + pad)
                }
            }
            return parts.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
