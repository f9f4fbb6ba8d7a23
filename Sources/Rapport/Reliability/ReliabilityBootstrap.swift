import Dispatch
import RapportStatistics
import Synchronization

/// Bootstrap intervals of raw α, ω total and ω hierarchical (`--bootstrap N --seed S`).
///
/// - Replicate `b` resamples the retained rows with replacement from
///   `SeededGenerator(seed).stream(b)`, so every replicate — and the intervals — are the same
///   at any thread count; replicates are computed in parallel, one slot each.
/// - Each replicate recomputes the statistic exactly as the report does on the same analysed
///   items: α from the keyed covariances, ω total from `cor(x, use = "pairwise")` of the keyed
///   items unflipped (psych's omega with key), ω_h from the same N-factor Schmid–Leiman solution.
/// - Intervals (``BootstrapInterval``, as boot 1.3-28.1's `boot.ci`): percentile (`bootstrap`)
///   and BCa (`bca`). BCa's acceleration comes from a jackknife: leave-one-out when the file has
///   at most ``jackknifeGroups`` rows, otherwise leave one of ``jackknifeGroups`` contiguous
///   blocks of rows out (a grouped jackknife; blocks in file order, so deterministic).
///   Replicates whose statistic is undefined are dropped.
extension ReliabilityEngine {
    /// Most jackknife estimates computed for BCa.
    static let jackknifeGroups = 500

    /// The statistics of one set of rows: α, ω total, ω_h (NaN when undefined or not asked).
    struct Statistics: Sendable {
        var alpha = Double.nan, omega = Double.nan, omegaH = Double.nan
    }

    static func statistics(_ m: ScaleMoments, keep: [Int], missing: MissingPolicy, factors: Int?) -> Statistics {
        let k = m.itemCount
        let sign = m.reversed.map { $0 ? -1.0 : 1.0 }
        let cov = m.covariance(missing).covariance
        let cor = m.correlation(missing)
        let keyedCov = SymmetricMatrix(count: keep.count) { i, j in
            sign[keep[i]] * cov[keep[i] * k + keep[j]] * sign[keep[j]]
        }
        let keyedCor = SymmetricMatrix(count: keep.count) { i, j in
            sign[keep[i]] * cor[keep[i] * k + keep[j]] * sign[keep[j]]
        }
        var s = Statistics()
        s.alpha = AlphaCoefficients(covariance: keyedCov).raw
        if keep.count >= 2 { s.omega = Omega(keyedCor, flip: false)?.total ?? .nan }
        if let factors, let h = OmegaHierarchical(keyedCor, factors: factors, flip: false) { s.omegaH = h.hierarchical }
        return s
    }

    /// Adds the bootstrap intervals to `s` (α's `ci`, `omega.ci`, `omega.hierarchical.ci`).
    ///
    /// The replicates and the jackknife run on `DispatchQueue.concurrentPerform`, the one
    /// parallel engine besides ``ChunkPipeline``, for a reason: this is a fixed-size fork–join
    /// with no input to stream, nothing that throws, and every result kept until the intervals
    /// are computed, so the pipeline's ordered delivery and in-flight bound would buy nothing,
    /// while each worker here reuses one row buffer over all its replicates. Each replicate
    /// draws from its own stream (`seed`, replicate index) into its own slot, so the intervals
    /// do not depend on `threads`.
    static func bootstrap(_ s: inout ScaleReliability, entry e: ReliabilityPlan.Entry, retained: RetainedRows,
                          replicates: Int, options: ReliabilityOptions, threads: Int) {
        let n = retained.count
        guard n >= 2 else { return }
        let keep = s.itemStatistics.compactMap { it in e.itemIDs.firstIndex(of: it.id) }
        let factors = s.omega?.hierarchical?.factors
        let missing = options.alpha.missing
        let level = options.alpha.confidenceLevel
        let width = retained.slots.count
        let pos = e.slots.map { slot in retained.slots.firstIndex(of: slot)! }
        let values = retained.values
        @Sendable func empty() -> ScaleMoments {
            ScaleMoments(itemCount: e.itemIDs.count, decimals: e.decimals, categories: e.categories, reversed: e.reversed)
        }
        @Sendable func add(_ m: inout ScaleMoments, row r: Int, buffer: inout [Double]) {
            for (j, p) in pos.enumerated() { buffer[j] = values[r * width + p] }
            m.add(row: buffer)
        }
        // Replicates.
        let base = SeededGenerator(seed: options.seed)
        let reps = ResultSlots(count: replicates)
        let workers = max(1, min(threads, replicates))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var row = [Double](repeating: .nan, count: e.itemIDs.count)
            var b = w
            while b < replicates {
                var g = base.stream(UInt64(b))
                var m = empty()
                for _ in 0..<n { add(&m, row: g.nextInt(below: n), buffer: &row) }
                reps.set(b, statistics(m, keep: keep, missing: missing, factors: factors))
                b += workers
            }
        }
        // Jackknife (leave one row, or one contiguous block of rows, out).
        let groups = min(n, jackknifeGroups)
        let bounds = (0...groups).map { $0 * n / groups }
        var blocks: [ScaleMoments] = []
        var row = [Double](repeating: .nan, count: e.itemIDs.count)
        for g in 0..<groups {
            var m = empty()
            for r in bounds[g]..<bounds[g + 1] { add(&m, row: r, buffer: &row) }
            blocks.append(m)
        }
        var before = [empty()], after = [empty()]
        for g in 0..<groups { var m = before[g]; m.merge(blocks[g]); before.append(m) }
        for g in (0..<groups).reversed() { var m = after[after.count - 1]; m.merge(blocks[g]); after.append(m) }
        // prefix[g] = blocks 0..<g; suffix[g] = blocks g..<groups.
        let prefix = before, suffix = Array(after.reversed())
        let jack = ResultSlots(count: groups)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, groups))) { w in
            var g = w
            while g < groups {
                var m = prefix[g]
                m.merge(suffix[g + 1])
                jack.set(g, statistics(m, keep: keep, missing: missing, factors: factors))
                g += max(1, min(threads, groups))
            }
        }
        let t = reps.values, l = jack.values
        func intervals(_ value: (Statistics) -> Double, estimate: Double?) -> [ScaleReliability.Interval] {
            guard let estimate, estimate.isFinite else { return [] }
            let tt = t.map(value)
            var out: [ScaleReliability.Interval] = []
            if let p = BootstrapInterval.percentile(tt, level: level) {
                out.append(.init(method: .bootstrap, level: level, lower: p.lower, upper: p.upper, n: n))
            }
            let infl = BootstrapInterval.jackknifeInfluence(l.map(value))
            if let b = BootstrapInterval.bca(tt, estimate: estimate, influence: infl, level: level) {
                out.append(.init(method: .bca, level: level, lower: b.lower, upper: b.upper, n: n))
            }
            return out
        }
        s.alpha.ci += intervals(\.alpha, estimate: s.alpha.raw)
        let omegaTotal = s.omega?.total, omegaH = s.omega?.omegaH
        s.omega?.ci = intervals(\.omega, estimate: omegaTotal)
        if factors != nil { s.omega?.hierarchical?.ci = intervals(\.omegaH, estimate: omegaH) }
    }
}

/// Per-index result slots written by `concurrentPerform` workers (each index once, by the
/// worker that computed it). A `Mutex` instead of raw memory behind `@unchecked Sendable`: a
/// replicate costs a whole resample's moments, so one lock per replicate is nothing.
private final class ResultSlots: Sendable {
    private let slots: Mutex<[ReliabilityEngine.Statistics]>
    init(count: Int) { slots = Mutex(Array(repeating: ReliabilityEngine.Statistics(), count: count)) }
    func set(_ i: Int, _ v: ReliabilityEngine.Statistics) { slots.withLock { $0[i] = v } }
    var values: [ReliabilityEngine.Statistics] { slots.withLock { $0 } }
}
