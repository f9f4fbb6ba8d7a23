/// Scale scores of one ``ResponseBlock`` for one instrument, columnar like the block.
///
/// Index `row * scaleCount + scale`, where `scale` follows ``Scorer/scales``
/// (the instrument's declaration order). Rows are the block's rows, in order.
public struct ScoredBlock: Sendable {
    /// 0-based index of the first row in the whole input (the block's `firstRow`).
    public var firstRow: Int
    public var rowCount: Int
    public var scaleCount: Int
    /// Final score (after replacement and transform); `.nan` when ``status`` is not valid.
    public var scores: [Double]
    /// Items actually answered (before any replacement), over the scale's items after
    /// expanding sub-scales; attention-check items never count.
    public var answered: [Int32]
    public var status: [ScaleStatus]
    /// Bit `c` set when the scale's cutoff `c` (declaration order) flags the score.
    public var cutoffs: [UInt64]
    /// Index of the first band (declaration order) containing the score, or -1.
    public var bands: [Int16]

    public init(firstRow: Int = 0, rowCount: Int = 0, scaleCount: Int = 0) {
        self.firstRow = firstRow
        self.rowCount = rowCount
        self.scaleCount = scaleCount
        let n = rowCount * scaleCount
        scores = Array(repeating: .nan, count: n)
        answered = Array(repeating: 0, count: n)
        status = Array(repeating: .noAnswers, count: n)
        cutoffs = Array(repeating: 0, count: n)
        bands = Array(repeating: -1, count: n)
    }

    /// Resizes every array for `rowCount` rows, reusing storage.
    mutating func reset(firstRow: Int, rowCount: Int, scaleCount: Int) {
        self.firstRow = firstRow
        self.rowCount = rowCount
        self.scaleCount = scaleCount
        let n = rowCount * scaleCount
        func fit<T>(_ a: inout [T], _ fill: T) {
            if a.count > n { a.removeLast(a.count - n) }
            else if a.count < n { a.append(contentsOf: repeatElement(fill, count: n - a.count)) }
        }
        fit(&scores, .nan)
        fit(&answered, 0)
        fit(&status, .noAnswers)
        fit(&cutoffs, 0)
        fit(&bands, -1)
    }

#if RAPPORT_INTERNAL_CHECKS
    /// The contract above, checked in debug and test builds only (`RAPPORT_INTERNAL_CHECKS`):
    /// every array holds `rowCount · scaleCount` entries, a score is a number exactly when its
    /// status is valid, and an invalid score has no cutoff and no band.
    func _checkInvariants() {
        let n = rowCount * scaleCount
        precondition([scores.count, answered.count, status.count, cutoffs.count, bands.count].allSatisfy { $0 == n },
                      "ScoredBlock: arrays do not fit \(rowCount)×\(scaleCount)")
        for i in 0..<n {
            if status[i] == .valid {
                precondition(!scores[i].isNaN, "ScoredBlock: valid score \(i) is NaN")
            } else {
                precondition(scores[i].isNaN && cutoffs[i] == 0 && bands[i] == -1,
                             "ScoredBlock: score \(i) is \(status[i]) but carries a value, cutoff or band")
            }
        }
    }
#else
    @inline(__always) func _checkInvariants() {}
#endif

    @inlinable public func score(row: Int, scale: Int) -> Double { scores[row &* scaleCount &+ scale] }
    @inlinable public func answered(row: Int, scale: Int) -> Int { Int(answered[row &* scaleCount &+ scale]) }
    @inlinable public func status(row: Int, scale: Int) -> ScaleStatus { status[row &* scaleCount &+ scale] }
}
