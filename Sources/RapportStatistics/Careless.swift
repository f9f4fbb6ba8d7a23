/// Per-person indices of careless (insufficient-effort) responding, as pure functions of one
/// row of answers.
///
/// A row is `[Double]` in item order with `.nan` for a missing answer. Structure that the
/// indices need (sub-scales, reverse-keyed pairs, sample means, inverse covariance) is passed in
/// by the caller; `Rapport`'s screening layer takes it from the instrument definition.
///
/// `longstring`, `irv`, `mahalanobis` and `evenOdd` equal the R package `careless` 1.2.1
/// (`longstring`, `irv`, `mahad`, `evenodd`) to 1e-9 on `psychTools::bfi` and on a synthetic set
/// (`Tests/RapportStatisticsTests/Fixtures/careless/make-careless-reference.R`). Where Rapport
/// defines the missing-data behaviour differently, the function's comment says so.
public enum Careless {

    // MARK: - Longstring

    /// Run lengths of identical consecutive answers.
    public struct Longstring: Sendable, Hashable {
        /// Length of the longest run (`careless::longstring`'s `longstr`).
        public var longest: Int
        /// Mean run length (`careless::longstring(avg = TRUE)`'s `avgstr`).
        public var average: Double
        public init(longest: Int, average: Double) {
            self.longest = longest
            self.average = average
        }
    }

    /// Longest and average run of identical consecutive answers (Johnson, 2005).
    ///
    /// ```
    /// runs  = rle(row)            // maximal blocks of equal consecutive values
    /// longest = max(length(runs)),  average = mean(length(runs))
    /// ```
    /// As R's `rle`, a missing answer is never equal to anything, itself included: it breaks a
    /// run and counts as a run of length 1. An empty row gives `longest = 0`, `average = .nan`.
    /// Pass reverse-keyed values to get the index "after reverse keying".
    public static func longstring(_ row: [Double]) -> Longstring {
        guard !row.isEmpty else { return Longstring(longest: 0, average: .nan) }
        var longest = 1, current = 1, runs = 1
        for i in 1..<row.count {
            if row[i] == row[i - 1] {   // false whenever either side is NaN
                current += 1
            } else {
                runs += 1
                current = 1
            }
            if current > longest { longest = current }
        }
        return Longstring(longest: longest, average: Double(row.count) / Double(runs))
    }

    // MARK: - Intra-individual response variability

    /// Intra-individual response variability: the within-person standard deviation
    /// (Dunn et al., 2018; Marjanovic et al., 2015).
    ///
    /// ```
    /// irv = sqrt( Σ (x_i − x̄)² / (n − 1) )     over the n answered items
    /// ```
    /// The divisor is `n − 1`, as `careless::irv` (which calls `stats::sd`). `careless` returns
    /// `NA` for any row with a missing answer; Rapport uses the answered items, so both agree on
    /// complete rows. Fewer than two answers give `.nan`.
    public static func irv(_ row: [Double]) -> Double {
        var n = 0.0, sum = 0.0
        for x in row where !x.isNaN {
            n += 1
            sum += x
        }
        guard n >= 2 else { return .nan }
        let mean = sum / n
        var ss = 0.0
        for x in row where !x.isNaN {
            let d = x - mean
            ss += d * d
        }
        return (ss / (n - 1)).squareRoot()
    }

    // MARK: - Mahalanobis distance

    /// Squared Mahalanobis distance of a row from the sample centroid, and the number of
    /// answered items (the χ² degrees of freedom Rapport uses).
    ///
    /// ```
    /// c_i = x_i − m_i   (0 when item i is missing)
    /// D² = Σ_i Σ_j c_i · S⁻¹_ij · c_j
    /// ```
    /// `means` are the item means over answered cells, `inverseCovariance` (row-major `k × k`)
    /// the inverse of the pairwise-complete covariance matrix (divisor `n − 1`): exactly
    /// `psych::outlier`, which `careless::mahad` calls. Dropping the missing terms is the same
    /// as imputing the item mean. `careless::mahad` flags with `df = k` whatever is missing;
    /// Rapport's p-value uses `df = answered` (see ``mahalanobisPValue(_:answered:)``).
    /// A row with no answer gives `d2 = .nan`.
    public static func mahalanobis(_ row: [Double], means: [Double],
                                   inverseCovariance: [Double]) -> (d2: Double, answered: Int) {
        let k = row.count
        precondition(means.count == k && inverseCovariance.count == k * k,
                     "mahalanobis: dimensions of row, means and inverse covariance differ")
        var c = [Double](repeating: 0, count: k)
        var answered = 0
        for i in 0..<k where !row[i].isNaN {
            c[i] = row[i] - means[i]
            answered += 1
        }
        guard answered > 0 else { return (.nan, 0) }
        var d2 = 0.0
        for i in 0..<k where c[i] != 0 {
            var s = 0.0
            let base = i * k
            for j in 0..<k { s += inverseCovariance[base + j] * c[j] }
            d2 += c[i] * s
        }
        return (d2, answered)
    }

    /// Upper-tail probability of D² under χ² with `answered` degrees of freedom.
    ///
    /// ```
    /// p = P(χ²_df ≥ D²) = Q(df/2, D²/2)     (regularized upper incomplete gamma)
    /// ```
    /// `.nan` when `answered < 1` or `d2` is NaN.
    public static func mahalanobisPValue(_ d2: Double, answered: Int) -> Double {
        guard answered >= 1, !d2.isNaN else { return .nan }
        return ChiSquaredDistribution(df: Double(answered)).tails(max(d2, 0)).upper
    }

    // MARK: - Even-odd consistency

    /// Even-odd consistency across declared sub-scales (Johnson, 2005), with the sign of
    /// `careless` ≥ 1.2.0: **higher means less consistent** (more likely careless).
    ///
    /// For each sub-scale (item slots in declared order) the mean of its even-numbered items
    /// (2nd, 4th, …) and of its odd-numbered items (1st, 3rd, …), over answered items. Then
    /// ```
    /// r  = cor(even means, odd means)       over sub-scales with both means defined
    /// sb = 2r / (1 + r),   clamped to ≥ −1
    /// evenodd = −sb
    /// ```
    /// Pass reverse-keyed values. `.nan` when fewer than two sub-scales have both halves, or
    /// either vector of means has zero variance (as `careless`, which returns `NA` there).
    public static func evenOdd(_ row: [Double], subscales: [[Int]]) -> Double {
        var even: [Double] = [], odd: [Double] = []
        even.reserveCapacity(subscales.count)
        odd.reserveCapacity(subscales.count)
        for slots in subscales {
            var es = 0.0, en = 0.0, os = 0.0, on = 0.0
            for (position, slot) in slots.enumerated() {
                let x = row[slot]
                guard !x.isNaN else { continue }
                if position % 2 == 1 { es += x; en += 1 } else { os += x; on += 1 }
            }
            guard en > 0, on > 0 else { continue }
            even.append(es / en)
            odd.append(os / on)
        }
        let r = pearson(even, odd)
        guard !r.isNaN else { return .nan }
        var sb = 2 * r / (1 + r)
        if sb < -1 { sb = -1 }   // also catches r = −1 (−∞)
        return -sb
    }

    // MARK: - Psychometric antonyms from declared keys

    /// Pairs for the antonym index: each reverse-keyed item with the nearest non-reversed item
    /// of the same sub-scale (by declared position; the earlier one on a tie).
    ///
    /// `subscales` are item slots in declared order, `reversed(slot)` the effective keying.
    /// Sub-scales without both kinds of item contribute no pair.
    public static func antonymPairs(subscales: [[Int]],
                                    reversed: (Int) -> Bool) -> [(reversed: Int, partner: Int)] {
        var pairs: [(Int, Int)] = []
        for slots in subscales {
            let forward = slots.indices.filter { !reversed(slots[$0]) }
            guard !forward.isEmpty else { continue }
            for (position, slot) in slots.enumerated() where reversed(slot) {
                var best = forward[0]
                for f in forward where abs(f - position) < abs(best - position) { best = f }
                pairs.append((slot, slots[best]))
            }
        }
        return pairs
    }

    /// Psychometric antonym consistency from **declared** reverse keys.
    ///
    /// ```
    /// antonym = cor(raw answers to the reversed items, raw answers to their partners)
    ///           over pairs with both answered
    /// ```
    /// Unlike `careless::psychant`, which mines item pairs correlating below −.60 in the sample,
    /// the pairs come from the definition (``antonymPairs(subscales:reversed:)``). An attentive
    /// respondent disagrees with a reversed item where they agree with its partner, so the
    /// value is **negative**; a value near 0 or positive suggests careless answering.
    /// `.nan` with fewer than 3 complete pairs or zero variance on either side.
    public static func antonym(_ row: [Double], pairs: [(reversed: Int, partner: Int)]) -> Double {
        var a: [Double] = [], b: [Double] = []
        for (r, p) in pairs where !row[r].isNaN && !row[p].isNaN {
            a.append(row[r])
            b.append(row[p])
        }
        guard a.count >= 3 else { return .nan }
        return pearson(a, b)
    }

    // MARK: - Person–total correlation

    /// Person–total correlation: how far one person's keyed answers follow the sample's item
    /// means (Curran, 2016).
    ///
    /// ```
    /// ptc = cor(keyed row, keyed item means)    over the answered items
    /// ```
    /// Low or negative values suggest careless answering. `.nan` with fewer than 2 answered
    /// items or zero variance (a straight line: use longstring for those).
    public static func personTotal(_ keyedRow: [Double], itemMeans: [Double]) -> Double {
        precondition(keyedRow.count == itemMeans.count, "personTotal: dimensions differ")
        var a: [Double] = [], b: [Double] = []
        for i in keyedRow.indices where !keyedRow[i].isNaN && !itemMeans[i].isNaN {
            a.append(keyedRow[i])
            b.append(itemMeans[i])
        }
        return pearson(a, b)
    }

    // MARK: - Shared

    /// Pearson correlation of two equally long vectors (two-pass, centred); `.nan` when
    /// `n < 2` or either has zero variance, as R's `cor` returns `NA`.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = x.count
        guard n >= 2 else { return .nan }
        var mx = 0.0, my = 0.0
        for i in 0..<n {
            mx += x[i]
            my += y[i]
        }
        mx /= Double(n)
        my /= Double(n)
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx, dy = y[i] - my
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        // Exact test for a constant vector: a rounded mean can leave a tiny non-zero sum.
        guard sxx > 0, syy > 0, x.contains(where: { $0 != x[0] }),
              y.contains(where: { $0 != y[0] }) else { return .nan }
        let r = sxy / (sxx * syy).squareRoot()
        return min(1, max(-1, r))
    }
}
