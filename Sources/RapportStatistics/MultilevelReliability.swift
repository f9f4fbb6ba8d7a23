#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generalizability coefficients of repeated measures, as `psych::mlr` 2.2.9 (Shrout & Lane
/// 2012; Revelle & Condon 2019): persons (clients) × times (sessions) × items.
///
/// **Balanced designs** (every person has the same times, every item answered) — psych's `aov`
/// route, closed form. With P persons, T times, K items and the usual two-way means, the mean
/// squares of the random three-way model without replication give
/// ```
/// σ²_id    = (MS_p − MS_pt − MS_pk + MS_e)/(T K)     σ²_time  = (MS_t − MS_pt − MS_tk + MS_e)/(P K)
/// σ²_items = (MS_k − MS_pk − MS_tk + MS_e)/(P T)     σ²_id×time = (MS_pt − MS_e)/K
/// σ²_id×items = (MS_pk − MS_e)/T                     σ²_time×items = (MS_tk − MS_e)/P,  σ²_e = MS_e
/// RkF = (σ²_id + σ²_id×items/K) / (σ²_id + σ²_id×items/K + σ²_e/(T K))
/// R1R = (σ²_id + σ²_id×items/K) / (σ²_id + σ²_id×items/K + σ²_time + σ²_id×time + σ²_e/K)
/// RkR = (σ²_id + σ²_id×items/K) / (σ²_id + σ²_id×items/K + (σ²_time + σ²_id×time)/T + σ²_e/(T K))
/// Rc  = σ²_id×time / (σ²_id×time + σ²_e/K)            (reliability of change within persons)
/// ```
/// **Any design** — psych's `lme` route (used for unbalanced data): REML estimates of the nested
/// model `y = μ + a_id + b_id:time + e` (`nlme::lme(values ~ 1, random = ~ 1 | id/time)`), with
/// ```
/// RkRn = σ²_id / (σ²_id + σ²_id(time)/T + σ²_e/(T K)),   Rcn = σ²_id(time) / (σ²_id(time) + σ²_e/K)
/// ```
/// where T is the number of distinct times and K the number of items (psych's `n.time`,
/// `n.items`). The REML deviance is profiled over μ and σ²_e and evaluated person by person
/// (two nested compound-symmetry blocks, Woodbury twice), minimised by Nelder–Mead over the
/// standard-deviation ratios. psych reads these components back through `VarCorr`, which rounds
/// them to 7 significant digits; Rapport keeps full precision.
public struct MultilevelReliability: Sendable, Hashable {
    /// psych's variance components table (`components`): `aov` rows for balanced data.
    public struct Components: Sendable, Hashable, Codable {
        public var id: Double, time: Double, items: Double
        public var idTime: Double, idItems: Double, timeItems: Double, residual: Double
        public var total: Double { id + time + items + idTime + idItems + timeItems + residual }
    }
    /// The REML components of the nested model (`id`, `id(time)`, `residual`).
    public struct NestedComponents: Sendable, Hashable, Codable {
        public var id: Double, idTime: Double, residual: Double
        public var total: Double { id + idTime + residual }
    }

    public let persons: Int
    public let times: Int
    public let items: Int
    /// Observations used (answered item values).
    public let observations: Int
    /// Every person has every time and every item answered.
    public let balanced: Bool
    /// Balanced only.
    public let components: Components?
    public let rkf: Double?, r1r: Double?, rkr: Double?, rc: Double?
    public let nested: NestedComponents
    public let rkrn: Double, rcn: Double

    /// - Parameter data: per person, per time (in order; the time index is the position), the
    ///   item values (`nil` = not answered). Every time row has the same number of items.
    ///   `nil` when fewer than 2 persons, 2 items or 2 observations per person exist.
    public init?(_ data: [[[Double?]]]) {
        let k = data.first?.first?.count ?? 0
        let p = data.count
        let t = data.map(\.count).max() ?? 0
        guard p >= 2, k >= 2, t >= 2, data.allSatisfy({ $0.allSatisfy { $0.count == k } }) else { return nil }
        persons = p; times = t; items = k
        observations = data.reduce(0) { $0 + $1.reduce(0) { $0 + $1.compactMap { $0 }.count } }
        balanced = data.allSatisfy { $0.count == t && $0.allSatisfy { $0.allSatisfy { $0 != nil } } }
        if balanced {
            let c = Self.anova(data, p: p, t: t, k: k)
            components = c
            let pd = Double(k), td = Double(t)
            let num = c.id + c.idItems / pd
            rkf = num / (num + c.residual / (td * pd))
            r1r = num / (num + c.time + c.idTime + c.residual / pd)
            rkr = num / (num + c.time / td + c.idTime / td + c.residual / (td * pd))
            rc = c.idTime / (c.idTime + c.residual / pd)
        } else {
            components = nil; rkf = nil; r1r = nil; rkr = nil; rc = nil
        }
        guard let n = Self.reml(data) else { return nil }
        nested = n
        rkrn = n.id / (n.id + n.idTime / Double(t) + n.residual / (Double(t) * Double(k)))
        rcn = n.idTime / (n.idTime + n.residual / Double(k))
    }

    /// Mean squares of the balanced persons × times × items design → psych's components.
    static func anova(_ y: [[[Double?]]], p: Int, t: Int, k: Int) -> Components {
        let v = y.map { $0.map { $0.map { $0! } } }
        let n = Double(p * t * k)
        var grand = 0.0
        var mp = [Double](repeating: 0, count: p), mt = [Double](repeating: 0, count: t), mk = [Double](repeating: 0, count: k)
        var mpt = [[Double]](repeating: [Double](repeating: 0, count: t), count: p)
        var mpk = [[Double]](repeating: [Double](repeating: 0, count: k), count: p)
        var mtk = [[Double]](repeating: [Double](repeating: 0, count: k), count: t)
        for a in 0..<p { for b in 0..<t { for c in 0..<k {
            let x = v[a][b][c]
            grand += x; mp[a] += x; mt[b] += x; mk[c] += x
            mpt[a][b] += x; mpk[a][c] += x; mtk[b][c] += x
        } } }
        grand /= n
        mp = mp.map { $0 / Double(t * k) }; mt = mt.map { $0 / Double(p * k) }; mk = mk.map { $0 / Double(p * t) }
        mpt = mpt.map { $0.map { $0 / Double(k) } }; mpk = mpk.map { $0.map { $0 / Double(t) } }
        mtk = mtk.map { $0.map { $0 / Double(p) } }
        var ssP = 0.0, ssT = 0.0, ssK = 0.0, ssPT = 0.0, ssPK = 0.0, ssTK = 0.0, ssE = 0.0
        for a in 0..<p { ssP += (mp[a] - grand) * (mp[a] - grand) }
        for b in 0..<t { ssT += (mt[b] - grand) * (mt[b] - grand) }
        for c in 0..<k { ssK += (mk[c] - grand) * (mk[c] - grand) }
        for a in 0..<p { for b in 0..<t { let d = mpt[a][b] - mp[a] - mt[b] + grand; ssPT += d * d } }
        for a in 0..<p { for c in 0..<k { let d = mpk[a][c] - mp[a] - mk[c] + grand; ssPK += d * d } }
        for b in 0..<t { for c in 0..<k { let d = mtk[b][c] - mt[b] - mk[c] + grand; ssTK += d * d } }
        for a in 0..<p { for b in 0..<t { for c in 0..<k {
            let d = v[a][b][c] - mpt[a][b] - mpk[a][c] - mtk[b][c] + mp[a] + mt[b] + mk[c] - grand
            ssE += d * d
        } } }
        let (P, T, K) = (Double(p), Double(t), Double(k))
        let msP = ssP * T * K / (P - 1), msT = ssT * P * K / (T - 1), msK = ssK * P * T / (K - 1)
        let msPT = ssPT * K / ((P - 1) * (T - 1)), msPK = ssPK * T / ((P - 1) * (K - 1))
        let msTK = ssTK * P / ((T - 1) * (K - 1)), msE = ssE / ((P - 1) * (T - 1) * (K - 1))
        return Components(id: (msP - msPT - msPK + msE) / (T * K), time: (msT - msPT - msTK + msE) / (P * K),
                          items: (msK - msPK - msTK + msE) / (P * T), idTime: (msPT - msE) / K,
                          idItems: (msPK - msE) / T, timeItems: (msTK - msE) / P, residual: msE)
    }

    /// REML of `y = μ + a_person + b_person:time + e` over the answered values.
    static func reml(_ data: [[[Double?]]]) -> NestedComponents? {
        // Per person, per time: count, sum, sum of squares of the answered values (centred).
        var all: [Double] = []
        for person in data { for row in person { for x in row { if let x { all.append(x) } } } }
        guard all.count > 2 else { return nil }
        let centre = all.reduce(0, +) / Double(all.count)
        let cells: [[(n: Double, s: Double, ss: Double)]] = data.map { person in
            person.compactMap { row in
                let xs = row.compactMap { $0 }.map { $0 - centre }
                return xs.isEmpty ? nil : (Double(xs.count), xs.reduce(0, +), xs.reduce(0) { $0 + $1 * $1 })
            }
        }
        let nObs = Double(all.count)
        // H = V / σ²_e with θa = σ_a/σ_e, θb = σ_b/σ_e; returns the profiled deviance and σ̂²_e.
        func deviance(_ ta: Double, _ tb: Double) -> (Double, Double) {
            let a2 = ta * ta, b2 = tb * tb
            var logDet = 0.0, oneH1 = 0.0, oneHy = 0.0, yHy = 0.0
            for person in cells where !person.isEmpty {
                var w = 0.0, u = 0.0, q = 0.0
                for c in person {
                    let d = 1 + c.n * b2
                    logDet += log(d)                       // |I + b² 11ᵀ| = 1 + n b²
                    w += c.n / d
                    u += c.s / d
                    q += c.ss - b2 * c.s * c.s / d
                }
                let e = 1 + a2 * w
                logDet += log(e)
                oneH1 += w / e
                oneHy += u / e
                yHy += q - a2 * u * u / e
            }
            let mu = oneHy / oneH1
            let rHr = yHy - mu * mu * oneH1
            guard rHr > 0, oneH1 > 0 else { return (.infinity, .nan) }
            return ((nObs - 1) * log(rHr) + logDet + log(oneH1), rHr / (nObs - 1))
        }
        func f(_ x: [Double]) -> Double { deviance(abs(x[0]), abs(x[1])).0 }
        var best = nelderMead(f, start: [1, 0.5], step: 0.5)
        best = nelderMead(f, start: best, step: 0.05)
        best = nelderMead(f, start: best, step: 0.001)
        let ta = abs(best[0]), tb = abs(best[1])
        let s2 = deviance(ta, tb).1
        guard s2.isFinite else { return nil }
        return NestedComponents(id: ta * ta * s2, idTime: tb * tb * s2, residual: s2)
    }
}

/// The `multilevel` object of a scale in the reliability report, with psych `mlr`'s names:
/// `RkF`, `R1R`, `RkR`, `Rc` (balanced designs, else null), `RkRn`, `Rcn` (REML), the
/// `components` table (`ID`, `Time`, `Items`, `ID x time`, `ID x items`, `time x items`,
/// `Residual`, `Total`; balanced only) and the REML `nested` table (`id`, `id(time)`,
/// `residual`, `total`).
public struct MultilevelSummary: Sendable, Hashable, Codable {
    public var persons: Int, times: Int, items: Int, observations: Int
    public var balanced: Bool
    public var rkf: Double?, r1r: Double?, rkr: Double?, rc: Double?
    public var rkrn: Double?, rcn: Double?
    public var components: [String: Double]?
    public var nested: [String: Double]

    enum CodingKeys: String, CodingKey {
        case persons, times, items, observations, balanced, components, nested
        case rkf = "RkF", r1r = "R1R", rkr = "RkR", rc = "Rc", rkrn = "RkRn", rcn = "Rcn"
    }

    public init(_ m: MultilevelReliability) {
        persons = m.persons; times = m.times; items = m.items; observations = m.observations
        balanced = m.balanced
        rkf = m.rkf; r1r = m.r1r; rkr = m.rkr; rc = m.rc
        rkrn = m.rkrn.isFinite ? m.rkrn : nil
        rcn = m.rcn.isFinite ? m.rcn : nil
        components = m.components.map { c in
            ["ID": c.id, "Time": c.time, "Items": c.items, "ID x time": c.idTime, "ID x items": c.idItems,
             "time x items": c.timeItems, "Residual": c.residual, "Total": c.total]
        }
        nested = ["id": m.nested.id, "id(time)": m.nested.idTime, "residual": m.nested.residual, "total": m.nested.total]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(persons, forKey: .persons)
        try c.encode(times, forKey: .times)
        try c.encode(items, forKey: .items)
        try c.encode(observations, forKey: .observations)
        try c.encode(balanced, forKey: .balanced)
        for (key, v) in [(CodingKeys.rkf, rkf), (.r1r, r1r), (.rkr, rkr), (.rc, rc), (.rkrn, rkrn), (.rcn, rcn)] {
            try c.encodeNullable(v, forKey: key)
        }
        if let components { try c.encode(components, forKey: .components) } else { try c.encodeNil(forKey: .components) }
        try c.encode(nested, forKey: .nested)
    }
}
