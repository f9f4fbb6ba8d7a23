import RapportStatistics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instrument compiled for the graded-response (normal-ogive) model of `rapport simulate`.
///
/// For respondent *i* and item *j* on factor *f(j)*:
/// ```
/// θ_i   ~ N(0, Φ_F)                      one latent factor per top-level sub-scale,
///                                         Φ_F[f,g] = ρ · s_f · s_g  (f ≠ g)
/// y*_ij = λ_j · θ_i,f(j) + √(1 − λ_j²) · ε_ij,     ε_ij ~ N(0, 1)
/// c_ij  = #{ k : y*_ij > τ_jk }            keyed category 0 … K_j − 1
/// x_ij  = min_j + step_j · c_ij            (reverse-keyed items: c ← K_j − 1 − c)
/// ```
/// `ρ` is the definition's `factorCorrelation`; `s_f = −1` for a sub-scale that a composite
/// scale reverses (EBPAS Divergence), else +1. Thresholds come from the definition's
/// `simulation` block when it gives `K − 1` of them; otherwise
/// ```
/// τ_k = σ_K · Φ⁻¹((k / K)^γ),  k = 1 … K − 1
/// ```
/// On a Likert grid (K ≤ 20, σ_K = 1) this makes every category equally likely at γ = 1 and
/// skews answers towards the top of the scale for γ > 1 (the ceiling effect of alliance and
/// empathy measures). γ is solved so that the expected keyed position
/// `E[c] / (K − 1) = Σ_k (1 − Φ(τ_k)) / (K − 1)` equals the construct's target
/// (``defaultMeanPosition(for:)``). The same rule covers the SRS/ORS visual-analogue lines —
/// 0–10 in 0.1 steps is a 101-category grid — with σ_K = 1.5 for grids of more than 20
/// points, which turns the flat marginal into a single-peaked one (marks cluster around the
/// respondent's typical position instead of spreading evenly over the line).
struct SimulationModel: Sendable {
    struct Item: Sendable {
        var id: String
        var number: Int
        var column: String
        var factor: Int
        var loading: Double
        /// √(1 − λ²).
        var uniqueness: Double
        /// `K − 1` ascending latent thresholds.
        var thresholds: [Double]
        var categories: Int
        var reversed: Bool
        /// The answer grid as integers in units of 10^-decimals.
        var scaledMin: Int
        var scaledStep: Int
        var decimals: Int
        /// Token written for a not-applicable answer, when the item's scale declares one.
        var notApplicableToken: String?
        /// Attention-check items: the keyed category an attentive respondent gives.
        var fixedCategory: Int?

        /// Keyed category → raw category (what the respondent marks).
        @inline(__always) func raw(_ keyed: Int) -> Int { reversed ? categories - 1 - keyed : keyed }

        /// Keyed category of a latent response (binary search over the thresholds).
        @inline(__always) func category(_ y: Double) -> Int {
            var lo = 0, hi = thresholds.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if y > thresholds[mid] { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    var instrumentID: String
    var items: [Item]
    /// Factor names (sub-scale ids, or the instrument id for a single factor).
    var factorNames: [String]
    var factorSigns: [Double]
    var factorCorrelation: Double
    /// Lower-triangular Cholesky factor of Φ_F, row-major F × F.
    var cholesky: [Double]

    var factorCount: Int { factorNames.count }

    /// Target expected keyed position E[c]/(K − 1) for default thresholds, by construct and grid.
    ///
    /// alliance, empathy 0.80 (WAI-SR item means ≈ 4 of 5; CARE totals ≈ 42–46 of 50), but
    /// 0.90 for an alliance visual-analogue line (K > 20: SRS totals then average 36, the
    /// cutoff — Rapport's choice, not a published norm); trust 0.70; ebp 0.65 (EBPAS item
    /// means ≈ 2.6 of 0–4); outcome and other 0.50 (ORS intake ≈ 20 of 40).
    static func defaultMeanPosition(for construct: Instrument.Construct, categories k: Int) -> Double {
        switch construct {
        case .alliance: k > 20 ? 0.90 : 0.80
        case .empathy: 0.80
        case .trust: 0.70
        case .ebp: 0.65
        case .outcome, .other: 0.50
        }
    }

    /// Threshold spread σ_K: 1 on Likert grids, 1.5 on visual-analogue grids (K > 20).
    static func dispersion(categories k: Int) -> Double { k > 20 ? 1.5 : 1 }

    /// Expected keyed position Σ_{k=1}^{K−1} (1 − Φ(τ_k)) / (K − 1) under y* ~ N(0, 1).
    static func meanPosition(thresholds t: [Double]) -> Double {
        var s = 0.0
        for x in t { s += 1 - StandardNormal.cdf(x) }
        return s / Double(t.count)
    }

    /// γ such that the default thresholds give the expected keyed position `m`
    /// (bisection on log γ; the position increases with γ).
    static func skew(categories k: Int, meanPosition m: Double) -> Double {
        var lo = log(0.01), hi = log(500.0)
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if meanPosition(thresholds: defaultThresholds(categories: k, gamma: exp(mid))) < m { lo = mid } else { hi = mid }
        }
        return exp((lo + hi) / 2)
    }

    static func defaultThresholds(categories k: Int, gamma: Double) -> [Double] {
        let sigma = dispersion(categories: k)
        return (1..<k).map { sigma * StandardNormal.quantile(pow(Double($0) / Double(k), gamma)) }
    }

    init(_ instrument: Instrument) throws {
        let sim = instrument.simulation ?? Simulation()
        instrumentID = instrument.id
        factorCorrelation = sim.factorCorrelation

        // Factors: item-only sub-scales that a composite scale is built from; failing that,
        // two or more disjoint item-only scales; failing that, one factor.
        let itemOnly = instrument.scales.filter { s in !s.members.isEmpty && s.members.allSatisfy { $0.kind == .item } }
        var reversedSub = Set<String>()
        var usedAsSub = Set<String>()
        for s in instrument.scales {
            for m in s.members where m.kind == .scale {
                usedAsSub.insert(m.ref)
                if m.reversed == true { reversedSub.insert(m.ref) }
            }
        }
        var factorScales = itemOnly.filter { usedAsSub.contains($0.id) }
        if factorScales.isEmpty, itemOnly.count > 1 {
            var seen = Set<String>()
            var disjoint = true
            for s in itemOnly {
                for m in s.members where !seen.insert(m.ref).inserted { disjoint = false }
            }
            if disjoint { factorScales = itemOnly }
        }
        var names: [String] = factorScales.map(\.id)
        var signs: [Double] = factorScales.map { reversedSub.contains($0.id) ? -1 : 1 }
        var factorOf: [String: Int] = [:]
        for (f, s) in factorScales.enumerated() {
            for m in s.members where factorOf[m.ref] == nil { factorOf[m.ref] = f }
        }
        let unassigned = instrument.items.contains { factorOf[$0.id] == nil && !$0.isAttentionCheck }
        if names.isEmpty || unassigned {
            names.append(names.isEmpty ? instrument.id : "general")
            signs.append(1)
        }
        factorNames = names
        factorSigns = signs

        let f = names.count
        let rho = sim.factorCorrelation
        guard rho.isFinite, rho > -1, rho < 1 || f == 1 else {
            throw SimulationError(.parameter, "\(instrument.id): factorCorrelation \(rho) must lie in (−1, 1)")
        }
        var phi = [Double](repeating: 0, count: f * f)
        for a in 0..<f {
            for b in 0..<f { phi[a * f + b] = a == b ? 1 : rho * signs[a] * signs[b] }
        }
        guard let l = Self.choleskyLower(phi, f) else {
            throw SimulationError(.parameter,
                "\(instrument.id): factorCorrelation \(rho) gives a factor correlation matrix that is not positive definite for \(f) factors")
        }
        cholesky = l

        var gammaCache: [Int: [Double]] = [:]
        var out: [Item] = []
        for item in instrument.items {
            guard let rs = instrument.responseScale(for: item) else {
                throw SimulationError(.responseScale,
                    "\(instrument.id): item \(item.id) refers to response scale '\(item.responseScale)', which is not declared")
            }
            guard rs.min.isFinite, rs.max.isFinite, rs.step.isFinite, rs.step > 0, rs.max > rs.min else {
                throw SimulationError(.responseScale,
                    "\(instrument.id): response scale \(rs.id) needs min < max and step > 0")
            }
            if let problem = rs.arithmeticProblem {
                throw SimulationError(.responseScale, "\(instrument.id): response scale \(rs.id): \(problem)")
            }
            let span = (rs.max - rs.min) / rs.step
            // Compared as a double first: a span beyond Int cannot be converted.
            let k = span >= 1 && span <= 100_000.5 ? Int(span.rounded()) + 1 : 0
            guard abs(span - span.rounded()) < 1e-6, k >= 2, k <= 100_001 else {
                throw SimulationError(.responseScale,
                    "\(instrument.id): response scale \(rs.id) (\(rs.min)–\(rs.max) step \(rs.step)) is not a grid of 2 to 100001 points")
            }
            let lambda = sim.loadings[item.id] ?? sim.defaultLoading
            guard lambda.isFinite, abs(lambda) < 1 else {
                throw SimulationError(.parameter, "\(instrument.id): loading of item \(item.id) is \(lambda); it must lie in (−1, 1)")
            }
            let thresholds: [Double]
            if let t = sim.thresholds, t.count == k - 1 {
                guard zip(t, t.dropFirst()).allSatisfy({ $0 < $1 }), t.allSatisfy(\.isFinite) else {
                    throw SimulationError(.parameter, "\(instrument.id): simulation thresholds must be finite and strictly increasing")
                }
                thresholds = t
            } else if let cached = gammaCache[k] {
                thresholds = cached
            } else {
                let g = Self.skew(categories: k, meanPosition: Self.defaultMeanPosition(for: instrument.construct, categories: k))
                thresholds = Self.defaultThresholds(categories: k, gamma: g)
                gammaCache[k] = thresholds
            }
            let d = rs.decimals
            let scale = pow(10.0, Double(d))
            var fixed: Int?
            if let e = item.expectedAnswer {
                let c = (e - rs.min) / rs.step
                guard abs(c - c.rounded()) < 1e-6, c >= 0, c.rounded() < Double(k) else {
                    throw SimulationError(.parameter, "\(instrument.id): expected answer of item \(item.id) is not on its response grid")
                }
                let rawCat = Int(c.rounded())
                fixed = item.reversed ? k - 1 - rawCat : rawCat
            }
            out.append(Item(
                id: item.id, number: item.number, column: item.column,
                factor: factorOf[item.id] ?? (names.count - 1),
                loading: lambda, uniqueness: (1 - lambda * lambda).squareRoot(),
                thresholds: thresholds, categories: k, reversed: item.reversed,
                scaledMin: Int((rs.min * scale).rounded()), scaledStep: Int((rs.step * scale).rounded()),
                decimals: d,
                notApplicableToken: rs.codes.first { $0.meaning == .notApplicable }?.token,
                fixedCategory: fixed))
        }
        guard !out.isEmpty else {
            throw SimulationError(.parameter, "\(instrument.id) declares no items")
        }
        items = out
    }

    /// Cholesky factor L (row-major) with L·Lᵀ = A, or nil when A is not positive definite.
    static func choleskyLower(_ a: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard s > 1e-12 else { return nil }
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        return l
    }
}
