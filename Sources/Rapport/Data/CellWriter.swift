/// Where a block's cells are written: `Double` and status (``ValueCells``), or one code per
/// cell (``CodeCells``). The parse is the same either way; only the stores differ.
protocol CellWriter {
    /// The single-digit (or empty) cell `e = slot · tableWidth + digit`, from the digit tables.
    func digit(_ at: Int, _ e: Int)
    /// A classified cell of `slot`.
    func cell(_ at: Int, slot: Int, value: Double, status: CellStatus)
}

struct ValueCells: CellWriter {
    let values: UnsafeMutablePointer<Double>
    let status: UnsafeMutablePointer<CellStatus>
    let digitValues: UnsafePointer<Double>
    let digitStatus: UnsafePointer<CellStatus>

    @inline(__always) func digit(_ at: Int, _ e: Int) {
        values[at] = digitValues[e]
        status[at] = digitStatus[e]
    }

    @inline(__always) func cell(_ at: Int, slot: Int, value: Double, status st: CellStatus) {
        values[at] = value
        status[at] = st
    }
}

struct CodeCells: CellWriter {
    let codes: UnsafeMutablePointer<UInt8>
    let digitCodes: UnsafePointer<UInt8>
    let grids: UnsafePointer<CodeGrid>
    /// Set when an answered value is not exactly on its grid.
    let offGrid: UnsafeMutablePointer<Bool>

    @inline(__always) func digit(_ at: Int, _ e: Int) { codes[at] = digitCodes[e] }

    @inline(__always) func cell(_ at: Int, slot: Int, value: Double, status: CellStatus) {
        guard status == .answered else {
            codes[at] = CompactCells.code(absent: status)
            return
        }
        if let c = grids[slot].code(of: value) {
            codes[at] = c
        } else {
            codes[at] = CompactCells.invalid
            offGrid.pointee = true
        }
    }
}
