#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard bivariate normal distribution with correlation ρ.
///
/// Upper orthant `P(X > h, Y > k)` by Genz's BVNU (Drezner & Wesolowsky 1990 as refined by
/// Genz 2004, "Numerical computation of rectangular bivariate and trivariate normal and t
/// probabilities", Statistics and Computing 14:251–260): Gauss–Legendre quadrature on
/// 6, 12 or 20 points by |ρ| (< .3, < .75, else), the Drezner–Wesolowsky form below
/// |ρ| = .925 and Genz's asymptotic form above. Absolute error about 1e-15; tested against
/// R's `mnormt::sadmvn` / `pnorm`.
public enum BivariateNormal {
    // Gauss–Legendre nodes (negative half) and weights for 6, 12 and 20 points.
    private static let nodes: [[Double]] = [
        [-0.9324695142031522, -0.6612093864662647, -0.2386191860831970],
        [-0.9815606342467191, -0.9041172563704750, -0.7699026741943050, -0.5873179542866171,
         -0.3678314989981802, -0.1252334085114692],
        [-0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188,
         -0.7463319064601508, -0.6360536807265150, -0.5108670019508271, -0.3737060887154196,
         -0.2277858511416451, -0.07652652113349733],
    ]
    private static let weights: [[Double]] = [
        [0.1713244923791705, 0.3607615730481384, 0.4679139345726904],
        [0.04717533638651177, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659,
         0.2334925365383547, 0.2491470458134029],
        [0.01761400713915212, 0.04060142980038694, 0.06267204833410906, 0.08327674157670475,
         0.1019301198172404, 0.1181945319615184, 0.1316886384491766, 0.1420961093183821,
         0.1491729864726037, 0.1527533871307259],
    ]

    private static func phi(_ x: Double) -> Double { NormalDistribution.cdf(x) }

    /// `P(X > h, Y > k)`; infinite limits allowed.
    public static func upper(_ h: Double, _ k: Double, rho r: Double) -> Double {
        if h == .infinity || k == .infinity { return 0 }
        if h == -.infinity { return k == -.infinity ? 1 : phi(-k) }
        if k == -.infinity { return phi(-h) }
        let tp = 2 * Double.pi
        let g = abs(r) < 0.3 ? 0 : (abs(r) < 0.75 ? 1 : 2)
        let x = nodes[g], w = weights[g]
        var hk = h * k
        var bvn = 0.0
        if abs(r) < 0.925 {
            let hs = (h * h + k * k) / 2
            let asr = asin(r)
            for i in x.indices {
                var sn = sin(asr * (1 + x[i]) / 2)
                bvn += w[i] * exp((sn * hk - hs) / (1 - sn * sn))
                sn = sin(asr * (1 - x[i]) / 2)
                bvn += w[i] * exp((sn * hk - hs) / (1 - sn * sn))
            }
            return bvn * asr / (2 * tp) + phi(-h) * phi(-k)
        }
        var kk = k
        if r < 0 { kk = -k; hk = -hk }
        if abs(r) < 1 {
            let asq = (1 - r) * (1 + r)
            var a = asq.squareRoot()
            let bs = (h - kk) * (h - kk)
            let c = (4 - hk) / 8, d = (12 - hk) / 16
            bvn = a * exp(-(bs / asq + hk) / 2) * (1 - c * (bs - asq) * (1 - d * bs / 5) / 3 + c * d * asq * asq / 5)
            if hk > -160 {
                let b = bs.squareRoot()
                bvn -= exp(-hk / 2) * tp.squareRoot() * phi(-b / a) * b * (1 - c * bs * (1 - d * bs / 5) / 3)
            }
            a /= 2
            for i in x.indices {
                for s in [-1.0, 1.0] {
                    let xs = (a * (s * x[i] + 1)) * (a * (s * x[i] + 1))
                    let rs = (1 - xs).squareRoot()
                    bvn += a * w[i] * (exp(-bs / (2 * xs) - hk / (1 + rs)) / rs - exp(-(bs / xs + hk) / 2) * (1 + c * xs * (1 + d * xs)))
                }
            }
            bvn = -bvn / tp
        }
        if r > 0 { return bvn + phi(-max(h, kk)) }
        if h >= kk { return -bvn }
        let l = h < 0 ? phi(kk) - phi(h) : phi(-h) - phi(-kk)
        return l - bvn
    }

    /// `P(a₁ < X ≤ b₁, a₂ < Y ≤ b₂)`.
    public static func rectangle(x a1: Double, _ b1: Double, y a2: Double, _ b2: Double, rho: Double) -> Double {
        upper(a1, a2, rho: rho) - upper(b1, a2, rho: rho) - upper(a1, b2, rho: rho) + upper(b1, b2, rho: rho)
    }
}
