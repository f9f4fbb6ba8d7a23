/// A plain-text table with columns padded to their widest cell.
package struct TextTable {
    package var header: [String]
    package var rows: [[String]]
    package var rightAligned: Set<Int>

    package init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    package func render() -> String {
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
