/// The invariants every ``ScaleMoments`` holds when it was accumulated by ``ScaleMoments/add(values:rowCount:rowStride:offsets:)``
/// and merged by ``ScaleMoments/merge(_:)`` — checked when moments come from outside (a state
/// file), so that tampered or damaged sums are refused instead of trapping, wrapping or
/// printing impossible statistics (a negative frequency, a `null` raw r).
extension ScaleMoments {
    /// A broken invariant: the stored field it is in, and what is wrong.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// The coding key of the field (`frequency`, `exact.prodC`).
        public var field: String
        public var problem: String
        public var description: String { "\(field): \(problem)" }
    }

    /// Largest item count moments can be decoded with (`7·k²` sums per mode).
    public static let maximumItemCount = 10_000
    /// Most response categories a scale can declare (the finest grid of a questionnaire is
    /// 0–10 in 0.1 steps, 101 categories; plans cap one response scale at 100,001).
    public static let maximumCategoryCount = 1_000_000

    /// Checks the sizes of every array against `itemCount` (before any is indexed). `nil`
    /// when they fit.
    static func shapeViolation(itemCount k: Int, decimals: Int, categories: [Double], reversed: [Bool],
                               pairCount: Int, bucketCount: Int, frequency: Int, frequencyComplete: Int,
                               offGrid: Int, ranges: [Int], exact: MomentSums<Int64>?,
                               float: MomentSums<CompensatedSum>?) -> Violation? {
        guard k >= 1, k <= maximumItemCount else {
            return Violation(field: "itemCount", problem: "\(k) is not an item count (1…\(maximumItemCount))")
        }
        guard (0...6).contains(decimals) else {
            return Violation(field: "decimals", problem: "\(decimals) is outside 0…6")
        }
        guard categories.count <= maximumCategoryCount, categories.allSatisfy(\.isFinite),
              zip(categories, categories.dropFirst()).allSatisfy({ $0 < $1 }) else {
            return Violation(field: "categories", problem: "must be at most \(maximumCategoryCount) finite values in ascending order")
        }
        let kk = k * k, g = categories.count
        let sizes: [(String, Int, Int)] = [
            ("reversed", reversed.count, k), ("pairCountIncomplete", pairCount, kk),
            ("bucketCount", bucketCount, k), ("frequency", frequency, k * g),
            ("frequencyComplete", frequencyComplete, k * g), ("offGrid", offGrid, k),
        ]
        for (name, have, want) in sizes where have != want {
            return Violation(field: name, problem: "has \(have) entries; \(k) items need \(want)")
        }
        for (i, name) in ["observedMin", "observedMax", "observedMinComplete", "observedMaxComplete"].enumerated()
        where ranges[i] != k {
            return Violation(field: name, problem: "has \(ranges[i]) entries; \(k) items need \(k)")
        }
        guard (exact == nil) != (float == nil) else {
            return Violation(field: "exact", problem: "exactly one of 'exact' and 'float' must be present")
        }
        if let exact, let v = exact.shapeViolation(k: k, prefix: "exact") { return v }
        if let float, let v = float.shapeViolation(k: k, prefix: "float") { return v }
        return nil
    }

    /// The first broken invariant of a well-shaped value, or `nil`:
    /// - every count is non-negative; `completeRows + emptyRows + Σ bucketCount = rows`, and
    ///   the bucket of `k` answered items is empty (those rows are complete);
    /// - pairwise counts are symmetric and at most the incomplete rows;
    /// - per item, the answers counted by category plus those off the grid equal the rows that
    ///   answered it (`completeRows + n_ii`), and complete-row counts never exceed them;
    /// - observed ranges are ordered;
    /// - exact sums: at most ``exactRowLimit`` rows, and every sum within `rows · k²·(b+1)²`
    ///   (what `rows` on-grid rows can produce), so merging parts can never overflow;
    ///   compensated sums are finite.
    public func invariantViolation() -> Violation? {
        let k = itemCount, g = categories.count
        func negative(_ a: [Int64]) -> Bool { a.contains { $0 < 0 } }
        if rows < 0 || completeRows < 0 || emptyRows < 0 {
            return Violation(field: "rows", problem: "row counts must not be negative")
        }
        for (name, a) in [("pairCountIncomplete", pairCountIncomplete), ("bucketCount", bucketCount),
                          ("frequency", frequency), ("frequencyComplete", frequencyComplete), ("offGrid", offGrid)]
        where negative(a) {
            return Violation(field: name, problem: "counts must not be negative")
        }
        // Sums of non-negative counts, each checked against `rows` as it grows: no overflow.
        var total = completeRows
        for n in [emptyRows] + bucketCount {
            let (t, o) = total.addingReportingOverflow(n)
            guard !o, t <= rows else { return Violation(field: "bucketCount", problem: "more rows by answered items than rows (\(rows))") }
            total = t
        }
        if total != rows {
            return Violation(field: "rows", problem: "\(rows) rows but \(total) counted as complete, empty or by answered items")
        }
        if bucketCount[k - 1] != 0 {
            return Violation(field: "bucketCount", problem: "rows with all \(k) items answered are complete rows")
        }
        let incomplete = rows - completeRows - emptyRows
        for i in 0..<k {
            for j in 0..<k {
                let n = pairCountIncomplete[i * k + j]
                if n > incomplete || n != pairCountIncomplete[j * k + i] {
                    return Violation(field: "pairCountIncomplete", problem: "pair (\(i + 1), \(j + 1)) is not a symmetric count of at most \(incomplete) incomplete rows")
                }
            }
            let answered = completeRows + pairCountIncomplete[i * k + i]
            var counted = offGrid[i], countedComplete: Int64 = 0
            for c in 0..<g {
                let (t, o) = counted.addingReportingOverflow(frequency[i * g + c])
                let (u, o2) = countedComplete.addingReportingOverflow(frequencyComplete[i * g + c])
                if o || o2 || t > answered || frequencyComplete[i * g + c] > frequency[i * g + c] {
                    return Violation(field: "frequency", problem: "item \(i + 1) has more answers by category than rows that answered it (\(answered))")
                }
                counted = t
                countedComplete = u
            }
            if counted != answered || countedComplete > completeRows {
                return Violation(field: "frequency", problem: "item \(i + 1): \(counted) answers counted by category, \(answered) rows answered it")
            }
            if observedMin[i] > observedMax[i] && answered > 0 {
                return Violation(field: "observedMin", problem: "item \(i + 1) has its observed minimum above its maximum")
            }
            if observedMin[i].isNaN || observedMax[i].isNaN || observedMinComplete[i].isNaN || observedMaxComplete[i].isNaN {
                return Violation(field: "observedMin", problem: "observed ranges must be numbers")
            }
        }
        if let exact {
            guard rows <= exactRowLimit else {
                return Violation(field: "exact", problem: "\(rows) rows are more than exact sums hold for this grid (\(exactRowLimit)); they would be in 'float'")
            }
            // rows ≤ exactRowLimit, so rows · perRow ≤ Int64.max / 2.
            let b = exactBound + 1, kk = Int64(k) * Int64(k)
            let cap = rows * kk * b * b
            if let field = exact.firstSum(where: { $0.magnitude > UInt64(cap) }) {
                return Violation(field: "exact.\(field)", problem: "a sum is larger than \(rows) rows on this grid can produce")
            }
        }
        if let float, let field = float.firstSum(where: { !$0.s.isFinite || !$0.c.isFinite }) {
            return Violation(field: "float.\(field)", problem: "sums must be finite numbers")
        }
        return nil
    }
}

extension MomentSums {
    /// The name of the first array whose size does not fit `k` items, as a violation.
    func shapeViolation(k: Int, prefix: String) -> ScaleMoments.Violation? {
        let kk = k * k
        let sizes: [(String, Int, Int)] = [
            ("sumC", sumC.count, k), ("prodC", prodC.count, kk), ("sumP", sumP.count, kk),
            ("sqP", sqP.count, kk), ("prodP", prodP.count, kk), ("bucket", bucket.count, 5 * k),
            ("itemBucket", itemBucket.count, 7 * kk),
        ]
        for (name, have, want) in sizes where have != want {
            return .init(field: "\(prefix).\(name)", problem: "has \(have) entries; \(k) items need \(want)")
        }
        return nil
    }

    /// The name of the first array holding a sum that satisfies `bad`.
    func firstSum(where bad: (A) -> Bool) -> String? {
        for (name, a) in [("sumC", sumC), ("prodC", prodC), ("sumP", sumP), ("sqP", sqP), ("prodP", prodP),
                          ("bucket", bucket), ("itemBucket", itemBucket)] where a.contains(where: bad) {
            return name
        }
        return nil
    }
}
