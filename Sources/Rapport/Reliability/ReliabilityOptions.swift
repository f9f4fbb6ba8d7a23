import RapportStatistics

/// Options of a reliability run. Defaults reproduce `psych::alpha` 2.2.9; every choice is
/// written into the report's `options`. A state file stores them (synthesised `Codable`:
/// its keys are part of the state-file format).
public struct ReliabilityOptions: Sendable, Hashable, Codable {
    public var alpha: AlphaOptions
    /// `true`: psych's split-half enumeration (`splitHalf()`); `false`: every distinct split
    /// up to 16 items, seeded random splits above.
    public var psychSplits: Bool
    /// Bootstrap replicates for a percentile CI of raw α (`nil`: none).
    public var bootstrap: Int?
    /// Seed of the bootstrap and of random split-halves.
    public var seed: UInt64
    /// Group factors of ω hierarchical for every scale (`--omega-factors`; 0 turns it off);
    /// `nil`: only scales built from sub-scales get it, with one factor per sub-scale.
    public var omegaFactors: Int?
    /// The convention preset that chose the defaults (`--compat`); `nil`: Rapport's (the
    /// report names it `rapport`; a state file then has no `compat` key).
    public var compat: Preset?
    /// ``correlations`` as a state file stores it: `true` for polychoric, absent for Pearson.
    var polychoric: Bool?

    /// The correlations α and ω are computed from (`--correlations`).
    public var correlations: Correlations {
        get { polychoric == true ? .polychoric : .pearson }
        set { polychoric = newValue == .polychoric ? true : nil }
    }

    /// - Parameter compat: `.rapport` is stored as `nil` (Rapport's conventions either way).
    public init(alpha: AlphaOptions = AlphaOptions(), psychSplits: Bool = false, bootstrap: Int? = nil,
                seed: UInt64 = 1, omegaFactors: Int? = nil, compat: Preset? = nil,
                correlations: Correlations = .pearson) {
        self.compat = compat == .rapport ? nil : compat
        self.alpha = alpha
        self.psychSplits = psychSplits
        self.bootstrap = bootstrap
        self.seed = seed
        self.omegaFactors = omegaFactors
        self.correlations = correlations
    }

    /// The ω options of one plan entry.
    func omega(for entry: ReliabilityPlan.Entry) -> OmegaOptions {
        OmegaOptions(hierarchicalFactors: omegaFactors ?? entry.subscales)
    }

    var splitEnumeration: SplitHalf.Enumeration {
        psychSplits ? .psych(seed: seed) : .allDistinct(seed: seed)
    }
}

extension ReliabilityOptions {
    /// The correlations α and ω are computed from; the report's `options.correlations`.
    public enum Correlations: String, Sendable, Hashable, Codable, CaseIterable {
        /// Pearson correlations of the item values (the default; psych::alpha).
        case pearson
        /// psych::polychoric: thresholds from the marginals, ρ by maximum likelihood.
        case polychoric
    }

    /// A set of conventions: Rapport's own, or another tool's that `--compat` reproduces
    /// (docs/reliability-conventions.md, "Presets"); the report's `options.compat`.
    ///
    /// | | missing | reverse keying | CI and ase N | Duhachek z |
    /// |:--|:--|:--|:--|:--|
    /// | `rapport` | pairwise | declared | all rows | exact |
    /// | `psych` | pairwise | observed | all rows | 1.96 |
    /// | `spss` | listwise | declared | complete cases | exact |
    /// | `jasp` | listwise | observed | complete cases | exact |
    public enum Preset: String, Sendable, Hashable, Codable, CaseIterable {
        case rapport, psych, spss, jasp

        /// The presets `--compat` names: Rapport's conventions apply without it.
        public static let otherTools: [Preset] = [.psych, .spss, .jasp]

        public var missing: MissingPolicy { self == .psych || self == .rapport ? .pairwise : .listwise }
        public var reverseKeying: ReverseKeyingRange { self == .psych || self == .jasp ? .observed : .declared }
        public var intervalSampleSize: IntervalSampleSize {
            self == .psych || self == .rapport ? .allRows : .completeCases
        }
        public var duhachekQuantile: DuhachekQuantile { self == .psych ? .psych : .exact }

        /// The α conventions in force under this preset: each choice given (`--missing`,
        /// `--reverse-range`, `--ci-n`) overrides the preset's; the Duhachek z is always the
        /// preset's.
        public func alphaOptions(missing: MissingPolicy? = nil, reverseKeying: ReverseKeyingRange? = nil,
                                 intervalSampleSize: IntervalSampleSize? = nil,
                                 confidenceLevel: Double = 0.95) -> AlphaOptions {
            AlphaOptions(missing: missing ?? self.missing, reverseKeying: reverseKeying ?? self.reverseKeying,
                         confidenceLevel: confidenceLevel,
                         intervalSampleSize: intervalSampleSize ?? self.intervalSampleSize,
                         duhachekQuantile: duhachekQuantile)
        }
    }
}
