/// What the exact integer arithmetic behind scoring and reliability can hold.
///
/// Answers are accumulated as integers in grid units of `10^−decimals` (``Scorer``,
/// `ScaleMoments`), so a response scale is usable only when every answer, in those units, fits
/// comfortably in an `Int64` together with its products and sums:
///
/// ```
/// decimals        ≤ 6                    (the step is a multiple of 0.000001)
/// |min|, |max|    ≤ 10^9 / 10^decimals   (at most 1,000,000,000 grid units from zero)
/// ```
///
/// These bounds make every step count finite (at most 2·10^9 steps), every scaled answer and
/// every product of two answers exact in an `Int64` (≤ 10^18 < 2^63), and leave the row
/// limits of the exact moments well above zero for any scale a questionnaire uses. The lint
/// (`lint.response-grid`), `--range` and ``Scorer`` refuse anything beyond them, with the
/// limit in the message.
extension ResponseScale {
    /// Largest magnitude of an answer in grid units (`|x| · 10^decimals`).
    public static let exactUnitLimit: Double = 1_000_000_000
    /// Most decimals a step may have (`0.000001` is the finest grid).
    public static let maxDecimals = 6

    /// Why exact integer arithmetic cannot hold this scale's answers (a sentence naming the
    /// limit), or `nil` when it can. Assumes nothing: non-finite or non-positive values are
    /// reported too.
    public var arithmeticProblem: String? {
        Self.arithmeticProblem(min: min, max: max, step: step)
    }

    /// ``arithmeticProblem`` for a range given as numbers (also used by `--range`).
    public static func arithmeticProblem(min: Double, max: Double, step: Double) -> String? {
        guard min.isFinite, max.isFinite, step.isFinite else {
            return "min, max and step must be finite numbers"
        }
        guard step > 0 else { return "step \(fmt(step)) must be positive" }
        // The step must be a whole number of 10^−6 units.
        let micro = step * 1_000_000
        guard micro.rounded() >= 1, abs(micro - micro.rounded()) <= 1e-6 * Swift.max(1, micro) else {
            return "step \(fmt(step)) is finer than 0.000001 (at most \(maxDecimals) decimals): exact arithmetic counts answers in whole steps of at most \(maxDecimals) decimals"
        }
        let d = ResponseScale(id: "", min: min, max: max, step: step).decimals
        var unit = 1.0
        for _ in 0..<d { unit *= 10 }
        let largest = Swift.max(abs(min), abs(max))
        if largest * unit > exactUnitLimit {
            let bound = exactUnitLimit / unit
            let which = abs(max) >= abs(min) ? "max \(fmt(max))" : "min \(fmt(min))"
            return "\(which) is beyond what exact arithmetic can hold: answers counted in units of \(fmt(1 / unit)) must lie within ±\(fmt(bound)) (at most \(fmt(exactUnitLimit)) units from zero)"
        }
        return nil
    }
}
