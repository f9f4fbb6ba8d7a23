#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Special functions behind Rapport's distributions: the regularized incomplete beta and
/// gamma functions, computed with the numerically stable density prefactors R uses.
///
/// Conventions:
/// - Both tails are returned together (`lower`, `upper`) and each is computed directly, never
///   as `1 − other`, so tail probabilities keep full relative accuracy.
/// - The prefactors `xᵃ(1−x)ᵇ / B(a, b)` and `xᵃ e⁻ˣ / Γ(a+1)` are evaluated through
///   Loader's saddle-point form (`stirlerr`, `bd0`, as in R's `dbinom_raw` / `dpois_raw`), which
///   stays accurate for degrees of freedom up to 10⁹ where `lgamma` differences lose ~7 digits.
/// - Continued fractions use the modified Lentz algorithm (Numerical Recipes §6.2, §6.4).
public enum SpecialFunctions {

    /// Natural log of the gamma function for `x > 0` (thread-safe `lgamma_r`).
    public static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// Stirling-formula error `log Γ(n+1) − ((n+½) log n − n + ½ log 2π)` (R `stirlerr`).
    ///
    /// For `n > 15` the asymptotic series (coefficients 1/12, 1/360, 1/1260, 1/1680, 1/1188);
    /// below, the definition through `lgamma` (absolute error ~1e-15).
    static func stirlerr(_ n: Double) -> Double {
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        if n <= 15 {
            return logGamma(n + 1) - (n + 0.5) * log(n) + n - 0.918_938_533_204_672_741_78
        }
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// Deviance term `x log(x/np) + np − x`, evaluated without cancellation (Loader 2000).
    static func bd0(_ x: Double, _ np: Double) -> Double {
        if abs(x - np) < 0.1 * (x + np) {
            var v = (x - np) / (x + np)
            var s = (x - np) * v
            if abs(s) < Double.leastNormalMagnitude { return s }
            var ej = 2 * x * v
            v *= v
            for j in 1..<1000 {
                ej *= v
                let s1 = s + ej / Double(2 * j + 1)
                if s1 == s { return s1 }
                s = s1
            }
        }
        return x * log(x / np) + np - x
    }

    /// `Γ(n+1)/(Γ(x+1)Γ(n−x+1)) pˣ qⁿ⁻ˣ` for real `0 ≤ x ≤ n` (R `dbinom_raw`, non-log).
    static func binomialDensityRaw(_ x: Double, _ n: Double, _ p: Double, _ q: Double) -> Double {
        if p == 0 { return x == 0 ? 1 : 0 }
        if q == 0 { return x == n ? 1 : 0 }
        if x == 0 {
            if n == 0 { return 1 }
            return exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * log(q))
        }
        if x == n {
            return exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p))
        }
        if x < 0 || x > n { return 0 }
        let lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q)
        let lf = 1.837_877_066_409_345_483_56 + log(x) + log1p(-x / n)
        return exp(lc - 0.5 * lf)
    }

    /// `xᵃ(1−x)ᵇ / B(a, b)`, with `y = 1 − x` supplied exactly by the caller.
    ///
    /// ```
    /// xᵃ yᵇ / B(a,b) = dbinom_raw(a; a+b, x, y) · a·b/(a+b)
    /// ```
    static func betaKernel(x: Double, y: Double, a: Double, b: Double) -> Double {
        binomialDensityRaw(a, a + b, x, y) * a * b / (a + b)
    }

    /// `xᵃ e⁻ˣ / Γ(a+1)` (R `dpois_raw(a, x)`).
    static func poissonKernel(a: Double, x: Double) -> Double {
        if x == 0 { return a == 0 ? 1 : 0 }
        if a == 0 { return exp(-x) }
        return exp(-stirlerr(a) - bd0(a, x)) / (2 * Double.pi * a).squareRoot()
    }

    /// Regularized incomplete beta `I_x(a, b)` and its complement, for `x + y = 1`.
    ///
    /// ```
    /// I_x(a,b) = xᵃ(1−x)ᵇ / (a B(a,b)) · 1/(1+ d₁/(1+ d₂/(1+ …)))
    /// d₂ₘ₊₁ = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)),  d₂ₘ = m(b−m)x / ((a+2m−1)(a+2m))
    /// ```
    /// evaluated on the side `x < (a+1)/(a+b+2)` where the fraction converges fast; the other
    /// tail comes from the symmetry `I_x(a,b) = 1 − I_y(b,a)`.
    /// - Parameters: `x` in [0, 1]; `y = 1 − x` (pass it exactly when you have it); `a, b > 0`.
    /// - Returns: `(lower: I_x(a,b), upper: 1 − I_x(a,b))`; NaN for invalid arguments.
    public static func incompleteBeta(x: Double, y: Double? = nil, a: Double, b: Double)
        -> (lower: Double, upper: Double)
    {
        let y = y ?? (1 - x)
        guard a > 0, b > 0, x >= 0, y >= 0, !x.isNaN, !y.isNaN else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if y == 0 { return (1, 0) }
        if x * (a + b + 2) < a + 1 {
            let v = betaKernel(x: x, y: y, a: a, b: b) / a * betaContinuedFraction(x: x, a: a, b: b)
            return (v, 1 - v)
        } else {
            let v = betaKernel(x: y, y: x, a: b, b: a) / b * betaContinuedFraction(x: y, a: b, b: a)
            return (1 - v, v)
        }
    }

    /// The continued fraction of `I_x(a,b)` (modified Lentz); converges for `x < (a+1)/(a+b+2)`.
    static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, eps = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        var m = 1.0
        while m < 10_000_000 {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < eps { break }
            m += 1
        }
        return h
    }

    /// Regularized incomplete gamma `P(a, x)` and `Q(a, x) = 1 − P(a, x)`.
    ///
    /// ```
    /// P(a,x) = xᵃe⁻ˣ/Γ(a+1) · Σₙ xⁿ / ((a+1)…(a+n))          (x < a+1)
    /// Q(a,x) = xᵃe⁻ˣ/Γ(a)   · 1/(x+1−a− 1·(1−a)/(x+3−a− …))  (x ≥ a+1)
    /// ```
    public static func incompleteGamma(a: Double, x: Double) -> (lower: Double, upper: Double) {
        guard a > 0, x >= 0, !x.isNaN else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if x.isInfinite { return (1, 0) }
        if x < a + 1 {
            var sum = 1.0, term = 1.0, ap = a
            for _ in 0..<100_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            let p = poissonKernel(a: a, x: x) * sum
            return (p, 1 - p)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 10_000_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
            i += 1
        }
        let q = a * poissonKernel(a: a, x: x) * h
        return (1 - q, q)
    }
}
