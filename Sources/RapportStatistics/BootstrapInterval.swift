#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bootstrap confidence intervals from replicates, as R's `boot::boot.ci` (boot 1.3-28.1):
/// the percentile interval (`type = "perc"`) and the bias-corrected and accelerated interval
/// (`type = "bca"`, Efron 1987), both read off the replicates by boot's `norm.inter`.
///
/// ```
/// norm.inter(t, α): r = (R + 1) α, k = ⌊r⌋ over the sorted finite replicates t₍₁₎ ≤ … ≤ t₍R₎;
///   r integer → t₍k₎;  k = 0 → t₍₁₎;  k = R → t₍R₎;  else interpolate on the normal scale
///   t₍k₎ + (Φ⁻¹(α) − Φ⁻¹(k/(R+1))) / (Φ⁻¹((k+1)/(R+1)) − Φ⁻¹(k/(R+1))) · (t₍k+1₎ − t₍k₎)
/// percentile: norm.inter(t, (1 ∓ level)/2)
/// BCa:        w = Φ⁻¹(#{t < θ̂} / R),  a = Σ Lᵢ³ / (6 (Σ Lᵢ²)^{3/2})
///             αⱼ = Φ(w + (w + zⱼ) / (1 − a (w + zⱼ))),  zⱼ = Φ⁻¹((1 ∓ level)/2);  norm.inter(t, αⱼ)
/// ```
/// `L` are empirical influence values; from a (grouped) jackknife of G leave-one-out estimates
/// θ₍g₎, `Lg = (G − 1)(θ̄ − θ₍g₎)` (``jackknifeInfluence(_:)``; `a` does not depend on the scale
/// of `L`).
public enum BootstrapInterval {
    /// boot's `norm.inter` on sorted finite replicates.
    public static func normInter(_ sorted: [Double], _ alpha: Double) -> Double {
        let r = sorted.count
        guard r > 0 else { return .nan }
        let rk = Double(r + 1) * alpha
        let k = Int(rk.rounded(.towardZero))
        if Double(k) == rk, k >= 1, k <= r { return sorted[k - 1] }
        if k <= 0 { return sorted[0] }
        if k >= r { return sorted[r - 1] }
        let z = NormalDistribution.quantile(alpha)
        let z2 = NormalDistribution.quantile(Double(k) / Double(r + 1))
        let z3 = NormalDistribution.quantile(Double(k + 1) / Double(r + 1))
        let tk = sorted[k - 1], tk1 = sorted[k]
        return tk + (z - z2) / (z3 - z2) * (tk1 - tk)
    }

    /// The percentile interval; `nil` with fewer than 2 finite replicates.
    public static func percentile(_ t: [Double], level: Double) -> (lower: Double, upper: Double)? {
        let s = t.filter(\.isFinite).sorted()
        guard s.count >= 2 else { return nil }
        let tail = (1 - level) / 2
        return (normInter(s, tail), normInter(s, 1 - tail))
    }

    /// The BCa interval; `nil` with fewer than 2 finite replicates, a non-finite estimate or
    /// bias correction (every replicate on one side of θ̂), or no usable influence values.
    public static func bca(_ t: [Double], estimate t0: Double, influence l: [Double],
                           level: Double) -> (lower: Double, upper: Double)? {
        let s = t.filter(\.isFinite).sorted()
        let infl = l.filter(\.isFinite)
        guard s.count >= 2, t0.isFinite, !infl.isEmpty else { return nil }
        let below = s.reduce(0) { $0 + ($1 < t0 ? 1 : 0) }
        let w = NormalDistribution.quantile(Double(below) / Double(s.count))
        guard w.isFinite else { return nil }
        var s2 = 0.0, s3 = 0.0
        for x in infl { s2 += x * x; s3 += x * x * x }
        let a = s2 > 0 ? s3 / (6 * pow(s2, 1.5)) : 0
        func bound(_ p: Double) -> Double {
            let z = NormalDistribution.quantile(p)
            let adj = NormalDistribution.cdf(w + (w + z) / (1 - a * (w + z)))
            return normInter(s, adj)
        }
        let tail = (1 - level) / 2
        return (bound(tail), bound(1 - tail))
    }

    /// Jackknife influence values `(G − 1)(θ̄ − θ₍g₎)` of leave-one-(group-)out estimates.
    public static func jackknifeInfluence(_ leaveOut: [Double]) -> [Double] {
        let v = leaveOut.filter(\.isFinite)
        guard !v.isEmpty else { return [] }
        let mean = v.reduce(0, +) / Double(v.count)
        let g = Double(v.count - 1)
        return v.map { g * (mean - $0) }
    }
}
