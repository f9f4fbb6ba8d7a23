/// The declared response grid of one item, as the compact block codes it: code `c` is the
/// value `min + c·step`, rounded to the grid's decimals (the values a reliability plan lists
/// as the scale's categories).
public struct CodeGrid: Sendable, Hashable {
    /// The value of each code, ascending.
    public let values: [Double]
    let min: Double
    let step: Double

    /// Codes a grid may have: one byte, below the three absent markers.
    public static let maxCodes = Int(CompactCells.invalid)

    /// `nil` when the scale has no grid the compact block can code: a step that is not
    /// positive, non-finite bounds, or more than ``maxCodes`` points.
    public init?(scale: ResponseScale) {
        guard scale.step > 0, scale.min.isFinite, scale.max.isFinite, scale.max >= scale.min else { return nil }
        let span = (scale.max - scale.min) / scale.step
        guard span.isFinite, span < Double(Self.maxCodes) else { return nil }
        let count = Int((span + 1e-9).rounded(.down)) + 1
        var p = 1.0
        for _ in 0..<scale.decimals { p *= 10 }
        let values = (0..<count).map { ((scale.min + Double($0) * scale.step) * p).rounded() / p }
        // A grid whose minimum needs more decimals than its step: rounding moved the values.
        for (c, v) in values.enumerated() {
            let exact = scale.min + Double(c) * scale.step
            guard abs(v - exact) <= 1e-9 * Swift.max(1, abs(exact)) else { return nil }
        }
        min = scale.min
        step = scale.step
        self.values = values
    }

    /// The code of an answered value, when the value is exactly one of the grid's values
    /// (a cell written `4.9999999999` is answered by the classifier's tolerance, but is not
    /// exactly on the grid: the block then keeps `Double`s).
    @inline(__always)
    public func code(of value: Double) -> UInt8? {
        let c = ((value - min) / step).rounded()
        guard c >= 0, c < Double(values.count) else { return nil }
        let i = Int(c)
        return values[i] == value ? UInt8(i) : nil
    }
}

/// The compact form of a ``ResponseBlock``'s cells: one byte per cell.
///
/// `codes[row · itemCount + slot]` is the answer's code on the slot's ``CodeGrid`` (`0…252`)
/// when the cell is answered, else one of ``invalid``, ``notApplicable``, ``missing`` (all
/// `≥` `PatternAccumulator.firstAbsentCode`). `codes` holds ``padding`` more bytes than the
/// cells (set to ``missing``), so a vector load at any cell stays in bounds.
///
/// The reader writes this form instead of `values` and `status` when asked to
/// (``CellLayout/compact``) and every item of the plan sits on a declared grid
/// (``ColumnPlan/codeGrids``). It is the same information: ``value(_:slot:)`` and
/// ``status(_:)`` give back exactly the `Double` and status the other form holds.
public struct CompactCells: Sendable {
    public static let invalid: UInt8 = 0xFD
    public static let notApplicable: UInt8 = 0xFE
    public static let missing: UInt8 = 0xFF
    /// Bytes after the last cell.
    public static let padding = 64

    public var codes: [UInt8]
    /// The grid of each slot.
    public let grids: [CodeGrid]

    public init(codes: [UInt8], grids: [CodeGrid]) {
        self.codes = codes
        self.grids = grids
    }

    /// The status a code stands for.
    @inline(__always)
    public static func status(_ code: UInt8) -> CellStatus {
        switch code {
        case missing: .missing
        case notApplicable: .notApplicable
        case invalid: .invalid
        default: .answered
        }
    }

    /// The code of a cell that is not answered.
    @inline(__always)
    static func code(absent status: CellStatus) -> UInt8 {
        switch status {
        case .notApplicable: notApplicable
        case .invalid: invalid
        case .missing, .answered: missing
        }
    }

    /// The raw value of a code on `slot`'s grid, NaN when not answered.
    @inline(__always)
    public func value(_ code: UInt8, slot: Int) -> Double {
        code < Self.invalid ? grids[slot].values[Int(code)] : .nan
    }
}

/// Which form of cells a read produces.
public enum CellLayout: Sendable {
    /// `values` (`Double`) and `status` per cell: what every consumer reads.
    case values
    /// ``CompactCells`` when the plan allows it (``ColumnPlan/codeGrids``), else `values`.
    case compact
}

extension ResponseBlock {
    /// This block with `values` and `status` (a copy decoded from the compact form, or itself).
    public func expanded() -> ResponseBlock {
        guard let compact else { return self }
        let n = rowCount * itemCount
        var values = [Double](repeating: .nan, count: n)
        var status = [CellStatus](repeating: .missing, count: n)
        for r in 0..<rowCount {
            for s in 0..<itemCount {
                let c = compact.codes[r * itemCount + s]
                values[r * itemCount + s] = compact.value(c, slot: s)
                status[r * itemCount + s] = CompactCells.status(c)
            }
        }
        var b = self
        b.values = values
        b.status = status
        b.compact = nil
        return b
    }
}
