import Foundation
import Rapport

/// What `rapport screen` and `rapport score --screen` share: the column plan (with the
/// `--duration` column read as pass-through text after the output's own pass-through columns),
/// the first pass when the sample indices are wanted, and one ``Screener`` per instrument.
struct ScreenSetup {
    let columns: ColumnPlan
    /// The output's pass-through columns (`--id`, `--keep`), without the duration column.
    let passthroughNames: [String]
    let screeners: [Screener]

    init(reader: ResponseReader, input: InputSource, instruments: [Instrument],
         options: InstrumentOptions, screen: ScreenOptions) throws {
        let mapping = try options.resolveMapping(instruments, reader: reader, input: input)
        let names = mapping.passthroughColumns.map { reader.header[$0] }
        let columns = try options.columnPlan(instruments, mapping: mapping, reader: reader, input: input,
                                             passthrough: names + (screen.duration.map { [$0] } ?? []))
        let plans = instruments.enumerated().map { i, inst in
            ScreeningPlan(instrument: inst, itemSlots: mapping.itemSlots[i])
        }
        try self.init(reader: reader, columns: columns, passthroughNames: names, plans: plans, screen: screen)
    }

    /// For a command that built its own column plan: `columns.passthrough` must end with the
    /// duration column when `screen.duration` is given.
    init(reader: ResponseReader, columns: ColumnPlan, passthroughNames: [String],
         plans: [ScreeningPlan], screen: ScreenOptions) throws {
        self.columns = columns
        self.passthroughNames = passthroughNames
        screeners = try ScreeningPass.screeners(reader: reader, columns: columns, plans: plans,
                                                thresholds: screen.thresholds,
                                                durationColumn: screen.duration == nil ? nil : passthroughNames.count,
                                                sampleIndices: !screen.noSampleIndices)
    }
}

/// Writes the screening table: pass-through columns, then `<instrument>.screen.<index>` columns.
struct ScreenTableWriter: Sendable {
    let delimiter: UInt8
    let decimals: Int?
    let passthroughNames: [String]
    let instrumentIDs: [String]

    init(delimiter: UInt8, decimals: Int?, passthroughNames: [String], instruments: [Instrument]) {
        self.delimiter = delimiter
        self.decimals = decimals
        self.passthroughNames = passthroughNames
        self.instrumentIDs = instruments.map(\.id)
    }

    /// Screening column names for the given instruments (also used by `score --screen`).
    static func columnNames(instrumentIDs: [String]) -> [String] {
        instrumentIDs.flatMap { id in ScreeningRow.columnNames.map { "\(id).screen.\($0)" } }
    }

    func header() -> [UInt8] {
        var out: [UInt8] = []
        for (k, name) in (passthroughNames + Self.columnNames(instrumentIDs: instrumentIDs)).enumerated() {
            if k > 0 { out.append(delimiter) }
            CSVFieldWriter.append(name, delimiter: delimiter, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// One line per row: `passthrough[row]` (the output's columns only) and each instrument's cells.
    func format(passthrough: [[String]], rows: [[ScreeningRow]], into out: inout [UInt8]) {
        let count = rows.first?.count ?? 0
        for r in 0..<count {
            var first = true
            func put(_ text: String) {
                if !first { out.append(delimiter) }
                first = false
                CSVFieldWriter.append(text, delimiter: delimiter, to: &out)
            }
            let pass = r < passthrough.count ? passthrough[r] : []
            for k in 0..<passthroughNames.count { put(k < pass.count ? pass[k] : "") }
            for instrument in rows { instrument[r].fields(decimals: decimals).forEach(put) }
            out.append(UInt8(ascii: "\n"))
        }
    }

}

/// Counts rows and flags per instrument for the stderr summary.
struct ScreenTally {
    let instrumentIDs: [String]
    var rows = 0
    var flagged: [Int]
    var byIndex: [[ScreeningIndex: Int]]

    init(instruments: [Instrument]) {
        instrumentIDs = instruments.map(\.id)
        flagged = instruments.map { _ in 0 }
        byIndex = instruments.map { _ in [:] }
    }

    mutating func add(_ rows: [[ScreeningRow]]) {
        self.rows += rows.first?.count ?? 0
        for (i, instrumentRows) in rows.enumerated() {
            for row in instrumentRows where row.isFlagged {
                flagged[i] += 1
                for f in row.flags { byIndex[i][f, default: 0] += 1 }
            }
        }
    }

    /// `wai-sr: 41 of 812 rows flagged (5.0%): longstring 20, mahalanobis 23`, then the notes.
    func summary(notes: [[String]]) -> [String] {
        var lines: [String] = []
        for (i, id) in instrumentIDs.enumerated() {
            let share = rows > 0 ? String(format: "%.1f", 100 * Double(flagged[i]) / Double(rows)) : "0.0"
            var line = "\(id): \(flagged[i]) of \(rows) rows flagged (\(share)%)"
            let parts = byIndex[i].sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            if !parts.isEmpty { line += ": " + parts.joined(separator: ", ") }
            lines.append(line)
            if i < notes.count { lines += notes[i].map { "note: \(id): \($0)" } }
        }
        return lines
    }
}

/// Appends the screening cells of a row after its scores (`score --screen`), in
/// ``ScreenTableWriter/columnNames(instrumentIDs:)`` order: CSV/TSV fields, or JSON members
/// (numbers as numbers, an undefined index as `null`, flags as an array of strings).
struct ScreenCells: Sendable {
    let json: Bool
    let delimiter: UInt8
    let decimals: Int?
    let names: [[UInt8]]

    init(kind: ScoreOutputFormat.Kind, decimals: Int?, instrumentIDs: [String]) {
        json = kind == .jsonLines
        delimiter = kind == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        self.decimals = decimals
        names = ScreenTableWriter.columnNames(instrumentIDs: instrumentIDs).map { Array(ScoreOutputFormat.jsonString($0).utf8) }
    }

    func append(_ rows: [[ScreeningRow]], row r: Int, to out: inout [UInt8]) {
        var k = 0
        for instrument in rows {
            let fields = instrument[r].fields(decimals: decimals)
            for (j, text) in fields.enumerated() {
                defer { k += 1 }
                guard json else {
                    out.append(delimiter)
                    CSVFieldWriter.append(text, delimiter: delimiter, to: &out)
                    continue
                }
                out.append(UInt8(ascii: ","))
                out.append(contentsOf: names[k])
                out.append(UInt8(ascii: ":"))
                if j == fields.count - 1 {
                    let flags = text.isEmpty ? [] : text.split(separator: ";").map { ScoreOutputFormat.jsonString(String($0)) }
                    out.append(contentsOf: ("[" + flags.joined(separator: ",") + "]").utf8)
                } else if text.isEmpty {
                    out.append(contentsOf: "null".utf8)
                } else {
                    out.append(contentsOf: text.utf8)
                }
            }
        }
    }
}
