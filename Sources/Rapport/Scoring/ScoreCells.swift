/// How ``Scorer`` reads a block's cells: one answer in grid units (`10^−D`), or why there is
/// none. Two forms, the same answers: `Double` + status (``ValueScoreCells``), or one code
/// per cell (``CodeScoreCells``).
protocol ScoreCells {
    func read(_ i: Int, slot: Int) -> ScoreCell
    func isAnswered(_ i: Int) -> Bool
}

struct ScoreCell {
    enum Kind { case answered, notApplicable, missing }
    var kind: Kind
    /// The raw answer in grid units, when answered.
    var units: Int64

    /// Answers lie on the grid (the reader rejects off-grid cells), so `raw · 10^D` is within
    /// rounding error of an integer: round half away from zero. A value beyond the arithmetic
    /// limit (only a block built by hand can hold one) is `nil`: it counts as missing rather
    /// than overflowing.
    @inline(__always)
    static func units(_ raw: Double, unit u: Double) -> Int64? {
        let y = raw * u
        guard y.magnitude <= Scorer.answerUnitLimit else { return nil }
        return Int64(y + (y < 0 ? -0.5 : 0.5))
    }
}

struct ValueScoreCells: ScoreCells {
    let values: UnsafePointer<Double>?
    let status: UnsafePointer<CellStatus>?
    let unit: Double

    @inline(__always)
    func read(_ i: Int, slot: Int) -> ScoreCell {
        switch status.unsafelyUnwrapped[i] {
        case .answered:
            let raw = values.unsafelyUnwrapped[i]
            guard raw.isFinite, let units = ScoreCell.units(raw, unit: unit) else {
                return ScoreCell(kind: .missing, units: 0)
            }
            return ScoreCell(kind: .answered, units: units)
        case .notApplicable: return ScoreCell(kind: .notApplicable, units: 0)
        case .missing, .invalid: return ScoreCell(kind: .missing, units: 0)
        }
    }

    @inline(__always)
    func isAnswered(_ i: Int) -> Bool { status.unsafelyUnwrapped[i] == .answered }
}

struct CodeScoreCells: ScoreCells {
    let codes: UnsafePointer<UInt8>
    /// Grid units of slot `s`'s code `c` at `units[start[s] + c]` (`nil` only without slots);
    /// ``beyondLimit`` for a value ``ValueScoreCells`` would count as missing.
    let units: UnsafePointer<Int64>?
    let start: UnsafePointer<Int>?
    static let beyondLimit = Int64.min

    /// Each slot's codes in grid units, converted as ``ValueScoreCells`` converts the values.
    static func unitTable(_ grids: [CodeGrid], unit: Double) -> (table: [Int64], start: [Int]) {
        var table: [Int64] = []
        var start: [Int] = []
        for grid in grids {
            start.append(table.count)
            table += grid.values.map { ScoreCell.units($0, unit: unit) ?? beyondLimit }
        }
        return (table, start)
    }

    @inline(__always)
    func read(_ i: Int, slot: Int) -> ScoreCell {
        let c = codes[i]
        if c < CompactCells.invalid {
            let v = units.unsafelyUnwrapped[start.unsafelyUnwrapped[slot] &+ Int(c)]
            return ScoreCell(kind: v == Self.beyondLimit ? .missing : .answered, units: v)
        }
        return ScoreCell(kind: c == CompactCells.notApplicable ? .notApplicable : .missing, units: 0)
    }

    @inline(__always)
    func isAnswered(_ i: Int) -> Bool { codes[i] < CompactCells.invalid }
}
