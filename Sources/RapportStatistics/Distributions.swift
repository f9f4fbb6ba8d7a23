#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution.
///
/// ```
/// Φ(x) = ½ erfc(−x/√2)
/// ```
/// The quantile starts from Abramowitz–Stegun 26.2.23 (error < 4.5e-4) and is polished by
/// Halley steps on the tail that is smaller, so it matches R's `qnorm` (Wichura AS241) to
/// ~1e-15 relative for `1e-300 < p < 1 − 1e-16`.
public enum NormalDistribution {
    /// `P(Z ≤ x)`.
    public static func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return 0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// `P(Z > x)`, accurate in the upper tail.
    public static func survival(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return 0.5 * erfc(x / 2.0.squareRoot())
    }

    /// Density `φ(x) = e^{−x²/2}/√(2π)`.
    public static func density(_ x: Double) -> Double {
        exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
    }

    /// The `p`-quantile: `Φ⁻¹(p)`; `−∞` at 0, `+∞` at 1, NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        // Work on the lower tail q = min(p, 1−p) and reflect.
        let upper = p > 0.5
        let q = upper ? 1 - p : p
        let t = (-2 * log(q)).squareRoot()
        var x = -(t - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t)
            / (1 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t))
        for _ in 0..<8 {
            let e = cdf(x) - q
            let u = e / density(x)
            let step = u / (1 + 0.5 * x * u)
            x -= step
            if abs(step) <= 1e-16 * abs(x) { break }
        }
        return upper ? -x : x
    }
}

/// Fisher's F distribution with `df1`, `df2` degrees of freedom (R `pf`, `qf`).
///
/// ```
/// P(F ≤ f) = I_{d₁f/(d₁f+d₂)}(d₁/2, d₂/2)
/// ```
/// Quantiles solve `P(F ≤ f) = p` by safeguarded Newton iteration in `log f`.
public struct FDistribution: Sendable, Hashable {
    public var df1: Double
    public var df2: Double

    public init(df1: Double, df2: Double) {
        self.df1 = df1
        self.df2 = df2
    }

    /// `(P(F ≤ f), P(F > f))`, each computed directly.
    public func tails(_ f: Double) -> (lower: Double, upper: Double) {
        if f.isNaN || df1 <= 0 || df2 <= 0 { return (.nan, .nan) }
        if f <= 0 { return (0, 1) }
        if f.isInfinite { return (1, 0) }
        let num = df1 * f, den = df2 + df1 * f
        // x = d₁f/(d₁f+d₂) and y = d₂/(d₁f+d₂), each exact to rounding.
        return SpecialFunctions.incompleteBeta(x: num / den, y: df2 / den, a: df1 / 2, b: df2 / 2)
    }

    /// `P(F ≤ f)`.
    public func cdf(_ f: Double) -> Double { tails(f).lower }

    /// Density at `f > 0`.
    public func density(_ f: Double) -> Double {
        if f <= 0 { return 0 }
        let den = df2 + df1 * f
        let x = df1 * f / den, y = df2 / den
        // dbeta(x) · dx/df with dbeta(x) = kernel/(x y), dx/df = d₁d₂/den².
        let kernel = SpecialFunctions.betaKernel(x: x, y: y, a: df1 / 2, b: df2 / 2)
        return kernel / (x * y) * df1 * df2 / (den * den)
    }

    /// The `p`-quantile.
    public func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 || df1 <= 0 || df2 <= 0 { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        return logScaleQuantile(tail: p > 0.5 ? 1 - p : p, upper: p > 0.5, tails: tails, density: density)
    }
}

/// Student's t distribution with `df` degrees of freedom (R `pt`, `qt`).
///
/// ```
/// P(T ≤ −|t|) = ½ I_{ν/(ν+t²)}(ν/2, ½)
/// ```
public struct StudentTDistribution: Sendable, Hashable {
    public var df: Double

    public init(df: Double) { self.df = df }

    /// `P(T ≤ t)`.
    public func cdf(_ t: Double) -> Double {
        if t.isNaN || df <= 0 { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let den = df + t * t
        let tail = 0.5 * SpecialFunctions.incompleteBeta(x: df / den, y: t * t / den,
                                                        a: df / 2, b: 0.5).lower
        return t > 0 ? 1 - tail : tail
    }

    /// `P(T > |t|)`, the one-sided tail beyond `|t|`, without cancellation.
    public func tail(_ t: Double) -> Double {
        let den = df + t * t
        return 0.5 * SpecialFunctions.incompleteBeta(x: df / den, y: t * t / den,
                                                    a: df / 2, b: 0.5).lower
    }

    /// Density at `t`.
    public func density(_ t: Double) -> Double {
        let lc = SpecialFunctions.logGamma((df + 1) / 2) - SpecialFunctions.logGamma(df / 2)
        return exp(lc - 0.5 * log(df * Double.pi) - (df + 1) / 2 * log1p(t * t / df))
    }

    /// The `p`-quantile (Newton on the smaller tail, safeguarded by bisection).
    public func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 || df <= 0 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let q = min(p, 1 - p)
        // Solve tail(t) = q for t > 0 in log t.
        let t = logScaleQuantile(
            tail: q, upper: true,
            tails: { x in let u = self.tail(x); return (1 - u, u) },
            density: { x in self.density(x) })
        return p < 0.5 ? -t : t
    }
}

/// The χ² distribution with `df` degrees of freedom (R `pchisq`, `qchisq`).
///
/// ```
/// P(X ≤ x) = P(ν/2, x/2)    (regularized lower incomplete gamma)
/// ```
public struct ChiSquaredDistribution: Sendable, Hashable {
    public var df: Double

    public init(df: Double) { self.df = df }

    /// `(P(X ≤ x), P(X > x))`.
    public func tails(_ x: Double) -> (lower: Double, upper: Double) {
        if x.isNaN || df <= 0 { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        return SpecialFunctions.incompleteGamma(a: df / 2, x: x / 2)
    }

    /// `P(X ≤ x)`.
    public func cdf(_ x: Double) -> Double { tails(x).lower }

    /// Density at `x > 0`.
    public func density(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        let a = df / 2, h = x / 2
        return 0.5 * a * SpecialFunctions.poissonKernel(a: a, x: h) / h
    }

    /// The `p`-quantile.
    public func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 || df <= 0 { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        return logScaleQuantile(tail: p > 0.5 ? 1 - p : p, upper: p > 0.5, tails: tails, density: density)
    }
}

/// Solves `cdf(x) = p` for `x > 0` by Newton steps in `y = log x`, kept inside a bisection
/// bracket. The residual is taken on the smaller tail so small upper-tail probabilities keep
/// their relative accuracy.
/// - Parameters: `tail` is the target probability of the tail named by `upper`.
func logScaleQuantile(tail target: Double, upper useUpper: Bool,
                      tails: (Double) -> (lower: Double, upper: Double),
                      density: (Double) -> Double) -> Double
{
    // Residual g(y) increasing in y.
    func residual(_ y: Double) -> Double {
        let t = tails(exp(y))
        return useUpper ? target - t.upper : t.lower - target
    }
    // Bracket.
    var lo = -1.0, hi = 1.0
    var rlo = residual(lo), rhi = residual(hi)
    var guardCount = 0
    while rlo > 0 && guardCount < 2000 { hi = lo; rhi = rlo; lo -= 2 * Double(guardCount + 1); rlo = residual(lo); guardCount += 1 }
    guardCount = 0
    while rhi < 0 && guardCount < 2000 { lo = hi; rlo = rhi; hi += 2 * Double(guardCount + 1); rhi = residual(hi); guardCount += 1 }
    if rlo == 0 { return exp(lo) }
    if rhi == 0 { return exp(hi) }
    var y = (abs(rlo) < abs(rhi)) ? lo : hi
    if lo < 0 && hi > 0 { y = 0 }
    var r = residual(y)
    for _ in 0..<400 {
        if r == 0 { break }
        if r < 0 { lo = y } else { hi = y }
        let x = exp(y)
        let slope = x * density(x)
        var next = y - r / slope
        if !(next > lo && next < hi) || !slope.isFinite || slope <= 0 {
            next = 0.5 * (lo + hi)
        }
        if abs(next - y) <= 1e-15 * max(1, abs(y)) {
            y = next
            break
        }
        if hi - lo <= 1e-15 * max(1, abs(y)) { break }
        y = next
        r = residual(y)
    }
    return exp(y)
}
