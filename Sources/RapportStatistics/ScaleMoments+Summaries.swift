/// How incomplete rows enter a statistic.
public enum MissingPolicy: String, Sendable, Codable, CaseIterable {
    /// psych's default: each covariance from the rows where both items are answered
    /// (`cov(x, use = "pairwise")`), correlations by `cov2cor`.
    case pairwise
    /// Only rows with every item of the scale answered, for every statistic
    /// (= `psych::alpha(na.omit(x))`).
    case listwise
}

/// Covariances and counts in raw (unkeyed) units, `k×k` row-major.
public struct CovarianceSummary: Sendable, Equatable {
    public var itemCount: Int
    /// Rows behind each entry (`n_ii` = answers to item `i`).
    public var counts: [Double]
    /// `C_ij`, divisor `n_ij − 1`; NaN when `n_ij < 2`.
    public var covariance: [Double]
    /// Item means over the rows behind `C_ii`.
    public var means: [Double]

    /// `cov2cor(C)`: `C_ij / √(C_ii C_jj)`.
    public var correlation: [Double] {
        let k = itemCount
        var r = covariance
        for i in 0..<k {
            for j in 0..<k {
                r[i * k + j] = covariance[i * k + j] / (covariance[i * k + i] * covariance[j * k + j]).squareRoot()
            }
        }
        return r
    }
}

/// Person-score moments behind `raw.r` and the score mean/SD (raw units, score `T` = mean of
/// the available keyed items).
struct ScoreSummary {
    /// Per item, over rows where the item is answered: n, Σx, Σx², ΣT, ΣT², ΣxT.
    var itemN: [Double], sx: [Double], sxx: [Double], st: [Double], stt: [Double], sxt: [Double]
    /// Over rows with at least one answer (listwise: complete rows).
    var n: Double, sumT: Double, sumTT: Double
}

extension ScaleMoments {
    /// Total pairwise count `n_ij` (complete plus incomplete rows).
    func pairCount(_ i: Int, _ j: Int) -> Int64 {
        completeRows + pairCountIncomplete[i * itemCount + j]
    }

    /// Pairwise counts: smallest and largest `n_ij` over pairs `i ≠ j` (or `n_ii` when k = 1).
    public var pairwiseCountRange: (min: Int64, max: Int64) {
        let k = itemCount
        var lo = Int64.max, hi = Int64.min
        for i in 0..<k {
            for j in 0..<k where i != j || k == 1 {
                let n = pairCount(i, j)
                lo = min(lo, n)
                hi = max(hi, n)
            }
        }
        return (lo, hi)
    }

    /// Answers per item.
    public var answeredCounts: [Int64] { (0..<itemCount).map { pairCount($0, $0) } }

    /// Covariance matrix of the raw items under `policy` (psych `cov(x, use=)`).
    public func covariance(_ policy: MissingPolicy) -> CovarianceSummary {
        if let e = exact { return covariance(e, policy) }
        return covariance(float!, policy)
    }

    private func covariance<A: MomentAccumulator>(_ s: MomentSums<A>, _ policy: MissingPolicy) -> CovarianceSummary {
        let k = itemCount
        let sc = scale
        var counts = [Double](repeating: 0, count: k * k)
        var cov = [Double](repeating: .nan, count: k * k)
        var means = [Double](repeating: .nan, count: k)
        for i in 0..<k {
            for j in i..<k {
                let n: Int64
                var si = s.sumC[i], sj = s.sumC[j], p = s.prodC[i * k + j]
                if policy == .pairwise {
                    n = pairCount(i, j)
                    si.merge(s.sumP[i * k + j])
                    sj.merge(s.sumP[j * k + i])
                    p.merge(s.prodP[i * k + j])
                } else {
                    n = completeRows
                }
                counts[i * k + j] = Double(n)
                counts[j * k + i] = Double(n)
                if i == j, n >= 1 { means[i] = si.double / Double(n) / sc }
                if n >= 2 {
                    let num = A.centered(n: n, sxy: p, sx: si, sy: sj)
                    let c = num / (Double(n) * Double(n - 1)) / (sc * sc)
                    cov[i * k + j] = c
                    cov[j * k + i] = c
                }
            }
        }
        return CovarianceSummary(itemCount: k, counts: counts, covariance: cov, means: means)
    }

    /// `cor(x, use = "pairwise")` of the raw items: each correlation from its own pair-complete
    /// rows (means and SDs of both items over those rows), as `omega`, `fa` and `splitHalf`
    /// use. Under `.listwise`, the complete-row correlation. `k×k` row-major.
    public func correlation(_ policy: MissingPolicy) -> [Double] {
        if policy == .listwise { return covariance(.listwise).correlation }
        if let e = exact { return pairwiseCorrelation(e) }
        return pairwiseCorrelation(float!)
    }

    private func pairwiseCorrelation<A: MomentAccumulator>(_ s: MomentSums<A>) -> [Double] {
        let k = itemCount
        var r = [Double](repeating: .nan, count: k * k)
        for i in 0..<k {
            for j in i..<k {
                let n = pairCount(i, j)
                if i == j { r[i * k + i] = n >= 2 ? 1 : .nan; continue }
                guard n >= 2 else { continue }
                var si = s.sumC[i], sj = s.sumC[j], p = s.prodC[i * k + j]
                var qi = s.prodC[i * k + i], qj = s.prodC[j * k + j]
                si.merge(s.sumP[i * k + j]); sj.merge(s.sumP[j * k + i])
                p.merge(s.prodP[i * k + j])
                qi.merge(s.sqP[i * k + j]); qj.merge(s.sqP[j * k + i])
                let num = A.centered(n: n, sxy: p, sx: si, sy: sj)
                let vi = A.centered(n: n, sxy: qi, sx: si, sy: si)
                let vj = A.centered(n: n, sxy: qj, sx: sj, sy: sj)
                let v = num / (vi.squareRoot() * vj.squareRoot())
                r[i * k + j] = v
                r[j * k + i] = v
            }
        }
        return r
    }

    /// Score moments with reversal constant `c` (raw units): a reversed item scores `c − x`.
    func scoreSummary(_ policy: MissingPolicy, reversalConstant c: Double) -> ScoreSummary {
        if let e = exact { return scoreSummary(e, policy, c) }
        return scoreSummary(float!, policy, c)
    }

    private func scoreSummary<A: MomentAccumulator>(_ s: MomentSums<A>, _ policy: MissingPolicy,
                                                    _ cRaw: Double) -> ScoreSummary {
        let k = itemCount
        let kd = Double(k)
        let sc = scale
        let c = cRaw * sc
        let sign = reversed.map { $0 ? -1.0 : 1.0 }
        let nRev = Double(reversed.filter { $0 }.count)
        // Complete rows: W = Σ s_j x_j, R = nRev, m = k.
        let nc = Double(completeRows)
        func prod(_ i: Int, _ j: Int) -> Double { s.prodC[min(i, j) * k + max(i, j)].double }
        var sw = 0.0, sww = 0.0
        var sxw = [Double](repeating: 0, count: k)
        for i in 0..<k {
            sw += sign[i] * s.sumC[i].double
            for j in 0..<k {
                let pij = prod(i, j)
                sww += sign[i] * sign[j] * pij
                sxw[i] += sign[j] * pij
            }
        }
        // Complete part of T: (W + cR)/k.
        let tC = (sw + c * nRev * nc) / kd
        let ttC = (sww + 2 * c * nRev * sw + c * c * nRev * nRev * nc) / (kd * kd)
        var out = ScoreSummary(itemN: [], sx: [], sxx: [], st: [], stt: [], sxt: [],
                               n: nc, sumT: tC, sumTT: ttC)
        for i in 0..<k {
            var n = nc, sx = s.sumC[i].double, sxx = prod(i, i)
            var st = tC, stt = ttC
            var sxt = (sxw[i] + c * nRev * s.sumC[i].double) / kd
            if policy == .pairwise {
                n += Double(pairCountIncomplete[i * k + i])
                sx += s.sumP[i * k + i].double
                sxx += s.sqP[i * k + i].double
                for b in 0..<(k - 1) {
                    let m = Double(b + 1)
                    let ib = 7 * (i * k + b)
                    let w = s.itemBucket[ib].double, ww = s.itemBucket[ib + 1].double
                    let r = s.itemBucket[ib + 2].double, rr = s.itemBucket[ib + 3].double
                    let wr = s.itemBucket[ib + 4].double
                    let xw = s.itemBucket[ib + 5].double, xr = s.itemBucket[ib + 6].double
                    st += (w + c * r) / m
                    stt += (ww + 2 * c * wr + c * c * rr) / (m * m)
                    sxt += (xw + c * xr) / m
                }
            }
            out.itemN.append(n)
            out.sx.append(sx / sc)
            out.sxx.append(sxx / (sc * sc))
            out.st.append(st / sc)
            out.stt.append(stt / (sc * sc))
            out.sxt.append(sxt / (sc * sc))
        }
        if policy == .pairwise {
            for b in 0..<(k - 1) {
                let m = Double(b + 1)
                let w = s.bucket[5 * b].double, ww = s.bucket[5 * b + 1].double
                let r = s.bucket[5 * b + 2].double, rr = s.bucket[5 * b + 3].double
                let wr = s.bucket[5 * b + 4].double
                out.n += Double(bucketCount[b])
                out.sumT += (w + c * r) / m
                out.sumTT += (ww + 2 * c * wr + c * c * rr) / (m * m)
            }
        }
        out.sumT /= sc
        out.sumTT /= sc * sc
        return out
    }

    /// Observed minimum and maximum over all the scale's items (raw values) under `policy`;
    /// nil when nothing was answered.
    public func observedRange(_ policy: MissingPolicy) -> (min: Double, max: Double)? {
        let lo = (policy == .pairwise ? observedMin : observedMinComplete).min() ?? .infinity
        let hi = (policy == .pairwise ? observedMax : observedMaxComplete).max() ?? -.infinity
        return lo.isFinite && hi.isFinite ? (lo, hi) : nil
    }

    /// Counts per category for item `i` (all rows, or complete rows under `.listwise`).
    public func categoryCounts(item i: Int, _ policy: MissingPolicy) -> [Int64] {
        let g = categories.count
        let f = policy == .pairwise ? frequency : frequencyComplete
        return Array(f[(i * g)..<((i + 1) * g)])
    }

    /// Answered values of item `i` that are not on the declared grid.
    public func offGridCount(item i: Int) -> Int64 { offGrid[i] }
}
