/// ω hierarchical in the report: psych's `omega(x, nfactors = m, key = …)` Schmid–Leiman
/// solution (minres, oblimin, `option = "equal"` for 2 factors) of a scale's keyed items.
///
/// ```
/// { "factors", "method": "minres", "rotation": "oblimin", "total", "limit", "groupShare",
///   "generalLoadings": [g per analysed item], "groups": [{ "items", "total", "general", "group" }],
///   "converged" }
/// ```
/// `total` is the m-factor ω total psych prints beside ω_h; `limit` = ω_h / ω_t; `groupShare`
/// is psych's first `omega.group` row of `group`; each group lists the items assigned to it
/// (largest |group loading|) and its total, general and group shares (``OmegaHierarchical/Group``).
public struct OmegaHierarchicalSummary: Sendable, Hashable, Codable {
    public struct Group: Sendable, Hashable, Codable {
        public var items: [String]
        public var total: Double?
        public var general: Double?
        public var group: Double?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(items, forKey: .items)
            try c.encodeNullable(total, forKey: .total)
            try c.encodeNullable(general, forKey: .general)
            try c.encodeNullable(group, forKey: .group)
        }
    }
    public var factors: Int
    public var method: Omega.Method
    public var rotation: String
    public var total: Double?
    public var limit: Double?
    public var groupShare: Double?
    public var generalLoadings: [Double?]
    public var groups: [Group]
    public var converged: Bool
    /// Bootstrap intervals of ω_h (percentile and BCa; empty without `--bootstrap`).
    public var ci: [ScaleReliability.Interval] = []

    enum CodingKeys: String, CodingKey {
        case factors, method, rotation, total, limit, groupShare, generalLoadings, groups, converged, ci
    }

    public init(_ o: OmegaHierarchical, itemIDs: [String]) {
        factors = o.factors
        method = .minres
        rotation = "oblimin"
        total = finite(o.total)
        limit = finite(o.asymptotic)
        groupShare = finite(o.groupShare)
        generalLoadings = o.generalLoadings.map(finite)
        groups = o.groups.map {
            Group(items: $0.items.map { itemIDs[$0] }, total: finite($0.total), general: finite($0.general),
                  group: finite($0.group))
        }
        converged = o.converged
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(factors, forKey: .factors)
        try c.encode(method, forKey: .method)
        try c.encode(rotation, forKey: .rotation)
        try c.encodeNullable(total, forKey: .total)
        try c.encodeNullable(limit, forKey: .limit)
        try c.encodeNullable(groupShare, forKey: .groupShare)
        try c.encode(generalLoadings, forKey: .generalLoadings)
        try c.encode(groups, forKey: .groups)
        try c.encode(converged, forKey: .converged)
        try c.encode(ci, forKey: .ci)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        factors = try c.decode(Int.self, forKey: .factors)
        method = try c.decode(Omega.Method.self, forKey: .method)
        rotation = try c.decode(String.self, forKey: .rotation)
        total = try c.decodeIfPresent(Double.self, forKey: .total)
        limit = try c.decodeIfPresent(Double.self, forKey: .limit)
        groupShare = try c.decodeIfPresent(Double.self, forKey: .groupShare)
        generalLoadings = try c.decode([Double?].self, forKey: .generalLoadings)
        groups = try c.decode([Group].self, forKey: .groups)
        converged = try c.decode(Bool.self, forKey: .converged)
        ci = try c.decodeIfPresent([ScaleReliability.Interval].self, forKey: .ci) ?? []
    }
}

extension KeyedEncodingContainer {
    /// Encodes `nil` as JSON `null` (the report keeps every documented key).
    mutating func encodeNullable(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

/// How ω is computed for each scale of a report.
public struct OmegaOptions: Sendable, Hashable, Codable {
    /// Group factors of ω hierarchical; `nil` or 0: none.
    public var hierarchicalFactors: Int?

    public init(hierarchicalFactors: Int? = nil) {
        self.hierarchicalFactors = hierarchicalFactors
    }

    /// Fewest items per group factor for ω hierarchical (a factor needs 3 indicators to be
    /// identified on its own): a scale with fewer than `3m` analysed items is skipped with an
    /// `omega-hierarchical-skipped` warning.
    public static let itemsPerFactor = 3
}

extension ScaleReliability {
    /// The whole analysis of one scale from its moments: α (``AlphaAnalysis``), ω and
    /// split-half/Guttman on the keyed items, with psych's correlation conventions
    /// (`omega`: `cor(x, use = "pairwise")`; `splitHalf`, λ2, λ6: `cov2cor` of the pairwise
    /// covariances). Zero-variance items are left out of all of them.
    ///
    /// ω follows psych's `omega(x, key = keys)`: every Rapport scale has declared keys, so the
    /// keyed items are summed as keyed (no `flip`); an item that still loads negatively is
    /// named in a `negative-loading` warning. A 2-item scale gets psych's ω, `2r/(1 + r)`,
    /// with a `two-item-omega` warning saying why it is fragile.
    public static func analyze(id: String, itemIDs: [String], moments m: ScaleMoments,
                               options: AlphaOptions = AlphaOptions(),
                               splitHalf enumeration: SplitHalf.Enumeration = .standard,
                               omega omegaOptions: OmegaOptions = OmegaOptions()) -> ScaleReliability {
        let a = AlphaAnalysis.analyze(m, options: options, itemIDs: itemIDs)
        let k = m.itemCount
        let keep = a.analysedItems
        let signs = m.reversed.map { $0 ? -1.0 : 1.0 }
        let cor = m.correlation(options.missing)
        let cov = m.covariance(options.missing).covariance
        let keyedCor = SymmetricMatrix(count: keep.count) { i, j in
            signs[keep[i]] * cor[keep[i] * k + keep[j]] * signs[keep[j]]
        }
        let keyedCov = SymmetricMatrix(count: keep.count) { i, j in
            signs[keep[i]] * cov[keep[i] * k + keep[j]] * signs[keep[j]]
        }
        let omega = keep.count >= 2 ? Omega(keyedCor, flip: false) : nil
        let split = SplitHalf(keyedCov, enumeration: enumeration)
        let guttman = Guttman(keyedCov, standardize: true, enumeration: enumeration)
        var s = ScaleReliability(id: id, itemIDs: itemIDs, alpha: a, omega: omega, splitHalf: split,
                                 guttman: guttman, decimals: m.decimals)
        let keptIDs = keep.map { itemIDs[$0] }
        if let o = omega {
            if !o.factor.converged {
                s.warnings.append(ReportWarning(scale: id, kind: .omegaNotConverged, items: [],
                    message: "the one-factor minres solution did not converge; ω is approximate"))
            }
            if keep.count == 2 {
                s.warnings.append(ReportWarning(scale: id, kind: .twoItemOmega, items: keptIDs,
                    message: "ω of 2 items is psych's number, 2r/(1 + r) (the Spearman–Brown of their correlation): one factor is not identified by 2 items, so ω adds nothing to r and moves with it"))
            } else if !o.negativeLoadingItems.isEmpty {
                let bad = o.negativeLoadingItems.map { keptIDs[$0] }
                s.warnings.append(ReportWarning(scale: id, kind: .negativeLoading, items: bad,
                    message: "\(bad.joined(separator: ", ")) load\(bad.count == 1 ? "s" : "") negatively on the factor of the keyed items; ω sums \(bad.count == 1 ? "it" : "them") as keyed (psych's omega with key), which lowers ω — check the key"))
            }
        }
        if let factors = omegaOptions.hierarchicalFactors, factors > 0 {
            let need = max(factors * OmegaOptions.itemsPerFactor, factors + 1)
            if factors < 2 {
                s.warnings.append(ReportWarning(scale: id, kind: .omegaHierarchicalSkipped, items: [],
                    message: "ω hierarchical needs at least 2 group factors; \(factors) was asked for"))
            } else if keep.count < need {
                s.warnings.append(ReportWarning(scale: id, kind: .omegaHierarchicalSkipped, items: [],
                    message: "ω hierarchical with \(factors) group factors needs at least \(need) analysed items (3 per factor); the scale has \(keep.count)"))
            } else if let h = OmegaHierarchical(keyedCor, factors: factors, flip: false) {
                s.omega?.omegaH = finite(h.hierarchical)
                s.omega?.hierarchical = OmegaHierarchicalSummary(h, itemIDs: keptIDs)
                if !h.converged {
                    s.warnings.append(ReportWarning(scale: id, kind: .omegaNotConverged, items: [],
                        message: "the \(factors)-factor minres solution or its oblimin rotation did not converge; ω hierarchical is approximate"))
                }
                let negative = (0..<keep.count).filter { h.generalLoadings[$0] < 0 }.map { keptIDs[$0] }
                if !negative.isEmpty {
                    s.warnings.append(ReportWarning(scale: id, kind: .negativeLoading, items: negative,
                        message: "\(negative.joined(separator: ", ")) load\(negative.count == 1 ? "s" : "") negatively on the general factor; ω hierarchical sums \(negative.count == 1 ? "it" : "them") as keyed (psych's omega with key) — check the key"))
                }
            } else {
                s.warnings.append(ReportWarning(scale: id, kind: .omegaHierarchicalSkipped, items: [],
                    message: "the \(factors)-factor Schmid–Leiman solution could not be formed (singular or undefined correlations)"))
            }
        }
        return s
    }
}

extension ScaleReliability {
    /// Reports the score the instrument defines (`metric`, e.g. `sum`) as the scale's score,
    /// with SEM = SD · √(1 − raw α); psych's item-mean score stays under `score.itemMean`.
    /// The top-level `sem` follows the instrument's score.
    public mutating func setInstrumentScore(metric: String, tally: ValueTally) {
        let m = tally.meanAndSD
        let sem = alpha.raw.flatMap { finite(m.sd * (1 - $0).squareRoot()) }
        score = Score(metric: metric, mean: finite(m.mean), sd: finite(m.sd), sem: sem, n: Int(m.n),
                      itemMean: score.itemMean)
        self.sem = sem
    }
}

extension ScaleReliability {
    /// Recomputes the α family (`alpha` object) and ω (`omega`) from another correlation matrix
    /// of the analysed, keyed items — the polychoric matrix under `--correlations polychoric`
    /// (psych: `alpha(polychoric(x)$rho)`, `omega(polychoric(x)$rho)`). On a correlation matrix
    /// raw α equals standardized α. ase, Feldt and Duhachek keep the N of the Pearson analysis.
    /// Split-half, Guttman's λ2/λ6 and the α-if-dropped table come from the same matrix (psych:
    /// `splitHalf(rho)`, `alpha(rho)$alpha.drop`), so no coefficient of the report mixes the two
    /// correlation kinds; the item description (n, means, SDs, item–total correlations,
    /// frequencies) stays that of the observed items.
    public mutating func useCorrelations(_ r: SymmetricMatrix, options: AlphaOptions, omega omegaOptions: OmegaOptions,
                                         splitHalf enumeration: SplitHalf.Enumeration = .standard) {
        let n = alpha.ci.first?.n ?? self.n.rows
        let co = AlphaCoefficients(covariance: r)
        let ase = (co.q / Double(n)).squareRoot()
        let k = r.count
        alpha = Alpha(raw: finite(co.raw), standardized: finite(co.standardized), g6: finite(co.g6),
                      averageR: finite(co.averageR), medianR: finite(co.medianR),
                      signalToNoise: finite(co.signalToNoise), ase: finite(ase),
                      ci: [ConfidenceInterval.feldt(alpha: co.raw, n: n, items: k, level: options.confidenceLevel),
                           ConfidenceInterval.duhachek(alpha: co.raw, ase: ase, n: n, level: options.confidenceLevel,
                                                       quantile: options.duhachekQuantile)].map {
                          Interval(method: $0.method, level: $0.level, lower: finite($0.lower), upper: finite($0.upper), n: $0.n)
                      })
        if let split = SplitHalf(r, enumeration: enumeration) {
            let g = Guttman(r, standardize: true, enumeration: enumeration)
            splitHalf = SplitHalfSummary(max: finite(split.maximum), min: finite(split.minimum), mean: finite(split.mean),
                                         lambda2: g.flatMap { finite($0.lambda2) }, lambda6: g.flatMap { finite($0.lambda6) },
                                         splits: split.splits, exhaustive: split.exhaustive)
        } else {
            splitHalf = nil
        }
        if k > 2, itemStatistics.count == k {
            for a in 0..<k {
                let d = AlphaCoefficients(covariance: r.removing(a))
                itemStatistics[a].alphaIfDropped = AlphaIfDropped(
                    raw: finite(d.raw), standardized: finite(d.standardized), g6: finite(d.g6),
                    averageR: finite(d.averageR), signalToNoise: finite(d.signalToNoise),
                    ase: n > k ? finite((d.q / Double(n)).squareRoot()) : nil,
                    varR: finite(d.varR), medianR: finite(d.medianR))
            }
        }
        let ids = itemStatistics.map(\.id)
        guard k >= 2, let o = Omega(r, flip: false) else { omega = nil; return }
        var summary = OmegaSummary(total: finite(o.total), totalModelImplied: finite(o.totalModelImplied),
                                   loadings: o.loadings.map(finite), method: o.method)
        if let m = omegaOptions.hierarchicalFactors, m >= 2, k >= max(m * OmegaOptions.itemsPerFactor, m + 1),
           let h = OmegaHierarchical(r, factors: m, flip: false) {
            summary.omegaH = finite(h.hierarchical)
            summary.hierarchical = OmegaHierarchicalSummary(h, itemIDs: ids)
        }
        omega = summary
    }
}
