extension ResponseBlock {
    /// A copy with only the rows whose starting line passes `keep`: cells (compact or not),
    /// lines and pass-through text kept in step; the block's findings and counts are kept as
    /// they are. Rows are matched by line, so the result does not depend on how the input was
    /// cut into blocks. Used by `--exclude-flagged` (``ScreeningResult/excludingFlagged(_:)``,
    /// the reliability engine's kept moments).
    public func keepingRows(where keep: (_ line: Int) -> Bool) -> ResponseBlock {
        let mask = lines.map(keep)
        guard mask.contains(false) else { return self }
        var out = self
        let k = itemCount
        out.lines = []
        out.passthrough = []
        if let compact {
            var codes: [UInt8] = []
            codes.reserveCapacity(compact.codes.count)
            for r in 0..<rowCount where mask[r] { codes.append(contentsOf: compact.codes[(r * k)..<((r + 1) * k)]) }
            codes.append(contentsOf: repeatElement(CompactCells.missing, count: CompactCells.padding))
            out.compact = CompactCells(codes: codes, grids: compact.grids)
        } else {
            out.values = []
            out.status = []
            for r in 0..<rowCount where mask[r] {
                out.values.append(contentsOf: values[(r * k)..<((r + 1) * k)])
                out.status.append(contentsOf: status[(r * k)..<((r + 1) * k)])
            }
        }
        for r in 0..<rowCount where mask[r] {
            out.lines.append(lines[r])
            if r < passthrough.count { out.passthrough.append(passthrough[r]) }
        }
        out.rowCount = out.lines.count
        out.checkShape()
        out._checkInvariants()
        return out
    }
}
