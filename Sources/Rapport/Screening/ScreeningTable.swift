/// The screening table of `rapport screen`: the pass-through columns, then for each
/// instrument `<instrument>.screen.<index>` columns (``ScreeningRow/columnNames``), one line
/// per row, fields written by ``CSVFieldWriter``.
package struct ScreeningTableWriter: Sendable {
    package let delimiter: UInt8
    package let decimals: Int?
    package let passthroughNames: [String]
    package let instrumentIDs: [String]

    package init(delimiter: UInt8, decimals: Int?, passthroughNames: [String], instrumentIDs: [String]) {
        self.delimiter = delimiter
        self.decimals = decimals
        self.passthroughNames = passthroughNames
        self.instrumentIDs = instrumentIDs
    }

    /// Screening column names for the given instruments (also the columns `score --screen`
    /// appends).
    package static func columnNames(instrumentIDs: [String]) -> [String] {
        instrumentIDs.flatMap { id in ScreeningRow.columnNames.map { "\(id).screen.\($0)" } }
    }

    package func header() -> [UInt8] {
        var out: [UInt8] = []
        for (k, name) in (passthroughNames + Self.columnNames(instrumentIDs: instrumentIDs)).enumerated() {
            if k > 0 { out.append(delimiter) }
            CSVFieldWriter.append(name, delimiter: delimiter, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// One line per row: `passthrough[row]` (the output's columns only) and each instrument's
    /// cells.
    package func format(passthrough: [[String]], rows: [[ScreeningRow]], into out: inout [UInt8]) {
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

/// The screening cells `score --screen` appends to a row after its scores, in
/// ``ScreeningTableWriter/columnNames(instrumentIDs:)`` order: CSV/TSV fields, or JSON members
/// (numbers as numbers, an undefined index as `null`, flags as an array of strings).
package struct ScreeningCells: Sendable {
    package let json: Bool
    package let delimiter: UInt8
    package let decimals: Int?
    package let names: [[UInt8]]

    package init(kind: ScoreOutputFormat.Kind, decimals: Int?, instrumentIDs: [String]) {
        json = kind == .jsonLines
        delimiter = kind == .tsv ? CSVFieldWriter.tab : CSVFieldWriter.comma
        self.decimals = decimals
        names = ScreeningTableWriter.columnNames(instrumentIDs: instrumentIDs).map { Array(jsonStringLiteral($0).utf8) }
    }

    /// Appends row `r`'s cells of every instrument, each with its leading delimiter.
    package func append(_ rows: [[ScreeningRow]], row r: Int, to out: inout [UInt8]) {
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
                    let flags = text.isEmpty ? [] : text.split(separator: ";").map { jsonStringLiteral(String($0)) }
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
