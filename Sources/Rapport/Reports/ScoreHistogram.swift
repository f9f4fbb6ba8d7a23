/// The distribution of one scale's scores, for the HTML report's histogram.
///
/// A pure, mergeable accumulator: ``add(_:)`` each score (NaN = missing by rule) in any
/// chunking, ``merge(_:)`` partial histograms in any order; integer counts make the result
/// identical at any thread count. Bins are `bins` equal-width intervals over the scale's
/// possible range `[lower, upper]`, left-closed (`[a, b)`) except the last, which is closed;
/// when the possible scores lie on a grid of `step` (1 for a sum of integer items, 1/k for
/// the mean of k integer items) and there are at most 61 of them, there is one bin per
/// possible score, `step` wide and centred on it (``pointBins``). A score outside the
/// range (impossible unless the range is wrong) is counted in ``outOfRange``, never clamped.
public struct ScoreHistogram: Sendable, Hashable, Codable {
    /// A vertical line at a clinical cutoff.
    public struct Line: Sendable, Hashable, Codable {
        public var value: Double
        public var label: String
        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// A shaded interpretation band `[lower, upper]`.
    public struct Region: Sendable, Hashable, Codable {
        public var lower: Double
        public var upper: Double
        public var label: String
        public init(lower: Double, upper: Double, label: String) {
            self.lower = lower
            self.upper = upper
            self.label = label
        }
    }

    /// The report's scale id this histogram belongs to.
    public var scale: String
    /// Left edge of the first bin.
    public var lower: Double
    /// Right edge of the last bin.
    public var upper: Double
    /// Count per bin.
    public var counts: [Int]
    /// Scores that were missing (NaN).
    public var missing: Int = 0
    /// Finite scores outside `[lower, upper]`.
    public var outOfRange: Int = 0
    public var cutoffs: [Line]
    public var bands: [Region]
    /// One bin per possible score (bin `i` holds the score `lower + (i + ½)·binWidth`).
    public var pointBins: Bool = false

    /// - Parameters:
    ///   - range: the scale's possible range (``Scorer/possibleRange(ofScale:)``).
    ///   - integral: every possible score is an integer (a sum of integer-coded items): `step` 1.
    ///   - step: the spacing of the possible scores, when they lie on a grid.
    ///   - bins: number of bins when the scores are not on a small grid (default 30).
    public init(scale: String, range: ClosedRange<Double>, integral: Bool = false, step: Double? = nil,
                bins: Int = 30, cutoffs: [Line] = [], bands: [Region] = []) {
        self.scale = scale
        self.cutoffs = cutoffs
        self.bands = bands
        let span = range.upperBound - range.lowerBound
        let grid = step ?? (integral ? 1 : nil)
        let points = grid.map { span / $0 } ?? .infinity
        if let grid, grid > 0, span.isFinite, span > 0, points <= 60, abs(points - points.rounded()) < 1e-9 {
            // One bin per possible score, centred on it.
            lower = range.lowerBound - grid / 2
            upper = range.upperBound + grid / 2
            counts = Array(repeating: 0, count: Int(points.rounded()) + 1)
            pointBins = true
        } else if span.isFinite, span > 0 {
            lower = range.lowerBound
            upper = range.upperBound
            counts = Array(repeating: 0, count: max(1, bins))
        } else {
            lower = range.lowerBound - 0.5
            upper = range.lowerBound + 0.5
            counts = [0]
        }
    }

    /// Width of one bin.
    public var binWidth: Double { (upper - lower) / Double(counts.count) }

    /// Scores counted in a bin.
    public var total: Int { counts.reduce(0, +) }

    /// Left edge of bin `i`.
    public func edge(_ i: Int) -> Double { lower + Double(i) * binWidth }

    /// Counts one score.
    public mutating func add(_ score: Double) {
        guard !score.isNaN else { missing += 1; return }
        guard score >= lower, score <= upper, score.isFinite else { outOfRange += 1; return }
        var i = Int(((score - lower) / binWidth).rounded(.down))
        if i >= counts.count { i = counts.count - 1 }
        counts[i] += 1
    }

    /// Adds another histogram of the same scale and bins.
    public mutating func merge(_ other: ScoreHistogram) {
        precondition(other.counts.count == counts.count && other.lower == lower && other.upper == upper,
                     "merging histograms with different bins")
        for i in counts.indices { counts[i] += other.counts[i] }
        missing += other.missing
        outOfRange += other.outOfRange
    }
}
