/// The α family of one covariance matrix — psych's internal `alpha.1(C, R)`.
///
/// With `k` items, keyed covariance `C`, `R = cov2cor(C)`, `ΣA` the sum of all entries:
/// ```
/// raw α        = k/(k−1) · (1 − tr C / ΣC)
/// standardized = k/(k−1) · (1 − k / ΣR)
/// G6(smc)      = 1 − (k − Σ smcᵢ) / ΣR              smcᵢ = 1 − 1/(R⁺)ᵢᵢ (psych::smc)
/// average r    = (ΣR − k) / (k(k−1))
/// median r     = median of the lower triangle of R;  var r = its variance (divisor m−1)
/// S/N          = k·r̄ / (1 − r̄)
/// Q            = 2k² / ((k−1)² (ΣC)³) · [ΣC·(tr(C·C) + (tr C)²) − 2·tr C·Σ(C·C)]
/// ase          = √(Q / n)                            (Duhachek & Iacobucci 2004)
/// ```
/// For `k = 2` the α-if-dropped rows follow psych's special case (see ``AlphaAnalysis``).
public struct AlphaCoefficients: Sendable, Hashable, Codable {
    public var raw: Double
    public var standardized: Double
    public var g6: Double
    public var averageR: Double
    public var medianR: Double
    public var varR: Double
    public var signalToNoise: Double
    /// Duhachek's `Q` (ase² · n).
    public var q: Double

    public init(raw: Double, standardized: Double, g6: Double, averageR: Double, medianR: Double,
                varR: Double, signalToNoise: Double, q: Double) {
        self.raw = raw
        self.standardized = standardized
        self.g6 = g6
        self.averageR = averageR
        self.medianR = medianR
        self.varR = varR
        self.signalToNoise = signalToNoise
        self.q = q
    }

    /// Computes the coefficients of keyed covariance `c` (correlations by `cov2cor`).
    public init(covariance c: SymmetricMatrix) {
        let r = c.correlation()
        let k = c.count
        let kd = Double(k)
        let sumC = c.sum, trC = c.trace
        let sumR = r.sum
        raw = (1 - trC / sumC) * (kd / (kd - 1))
        standardized = (1 - kd / sumR) * (kd / (kd - 1))
        let smc = r.squaredMultipleCorrelations()
        var smcSum = 0.0
        for v in smc { smcSum += v }
        g6 = 1 - (kd - smcSum) / sumR
        let avr = (sumR - kd) / (kd * (kd - 1))
        averageR = avr
        var lower = [Double]()
        for j in 0..<k { for i in (j + 1)..<max(k, j + 1) { lower.append(r[i, j]) } }
        medianR = Self.median(lower)
        varR = Self.variance(lower)
        signalToNoise = kd * avr / (1 - avr)
        // tr(C·C) = Σ c_ij²; Σ(C·C) = Σ_j (Σ_i c_ij)² for symmetric C.
        var trCC = 0.0
        for i in 0..<k { for j in 0..<k { trCC += c[i, j] * c[i, j] } }
        var sumCC = 0.0
        for s in c.rowSums { sumCC += s * s }
        q = (2 * kd * kd / ((kd - 1) * (kd - 1) * sumC * sumC * sumC))
            * (sumC * (trCC + trC * trC) - 2 * (trC * sumCC))
    }

    /// Median as R's `median` (mean of the two middle values); NaN when empty.
    static func median(_ v: [Double]) -> Double {
        let s = v.filter { !$0.isNaN }.sorted()
        if s.isEmpty { return .nan }
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// Sample variance (divisor m−1) as R's two-pass `var`; NaN for fewer than 2 values.
    static func variance(_ v: [Double]) -> Double {
        let s = v.filter { !$0.isNaN }
        if s.count < 2 { return .nan }
        var mean = 0.0
        for x in s { mean += x }
        mean /= Double(s.count)
        var ss = 0.0
        for x in s { ss += (x - mean) * (x - mean) }
        return ss / Double(s.count - 1)
    }
}
