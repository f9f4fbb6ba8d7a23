import ArgumentParser
import Rapport
import RapportStatistics

/// The options that choose reliability conventions; shared by `reliability` (and `check`).
struct ReliabilityOptionGroup: ParsableArguments {
    @Option(name: .customLong("compat"),
            help: ArgumentHelp("Convention preset: psych (pairwise, observed reverse range, CI N = all rows, Duhachek z = 1.96), spss (listwise, declared range, complete cases, exact z) or jasp (listwise, observed range, complete cases, exact z). Default: Rapport's (pairwise, declared range, all rows, exact z). --missing, --reverse-range and --ci-n override a preset.", valueName: "psych|spss|jasp"))
    var compat: ReliabilityOptions.Preset?

    @Option(name: .customLong("missing"),
            help: ArgumentHelp("Missing data: pairwise (psych's default: pairwise covariances, then cov2cor) or listwise (complete rows only). Default: the preset's, else pairwise.", valueName: "pairwise|listwise"))
    var missing: MissingPolicy?

    @Option(name: .customLong("confidence"), help: ArgumentHelp("Confidence level of every interval.", valueName: "LEVEL"))
    var confidence: Double = 0.95

    @Option(name: .customLong("ci-n"),
            help: ArgumentHelp("N behind the Feldt and Duhachek intervals and ase: all-rows (psych: counts incomplete rows), complete (complete cases) or pairwise-min (the smallest pairwise n). Default: the preset's, else all-rows.", valueName: "all-rows|complete|pairwise-min"))
    var ciN: CIN?

    @Option(name: .customLong("reverse-range"),
            help: ArgumentHelp("Range reverse keying uses for item means and scores: declared (the definition's response range; the default) or observed (psych: the observed min and max of the scale's items; the psych and jasp presets). α is the same either way.", valueName: "observed|declared"))
    var reverseRange: ReverseKeyingRange?

    @Option(name: .customLong("split-half"),
            help: ArgumentHelp("Split-halves: all (every distinct split up to 16 items, seeded random above) or psych (psych::splitHalf's enumeration, which covers only half the splits for odd k).", valueName: "all|psych"))
    var splitHalf: SplitChoice = .all

    @Option(name: .customLong("bootstrap"),
            help: ArgumentHelp("Add percentile and BCa bootstrap CIs of α, ω total and ω_h from N resamples (seeded by --seed; keeps the item values in memory).", valueName: "N"))
    var bootstrap: Int?

    @Option(name: .customLong("seed"), help: ArgumentHelp("Seed of the bootstrap and of random split-halves.", valueName: "S"))
    var seed: UInt64 = 1

    @Option(name: .customLong("correlations"),
            help: ArgumentHelp("The correlations α and ω are computed from: pearson (default) or polychoric (psych::polychoric: thresholds from the marginals, ρ by maximum likelihood; for Likert items). Item statistics stay Pearson.", valueName: "pearson|polychoric"))
    var correlations: ReliabilityOptions.Correlations = .pearson

    @Option(name: .customLong("omega-factors"),
            help: ArgumentHelp("ω hierarchical (Schmid–Leiman: minres, oblimin, as psych::omega) with N group factors for every scale with at least 3N items; 0 turns it off. Default: only scales built from sub-scales, one factor per sub-scale.", valueName: "N"))
    var omegaFactors: Int?

    enum CIN: String, ExpressibleByArgument, CaseIterable {
        case allRows = "all-rows"
        case complete
        case pairwiseMin = "pairwise-min"
        var value: IntervalSampleSize {
            switch self {
            case .allRows: .allRows
            case .complete: .completeCases
            case .pairwiseMin: .pairwiseMinimum
            }
        }
    }

    enum SplitChoice: String, ExpressibleByArgument, CaseIterable { case all, psych }

    /// The conventions in force: explicit options, else the preset's, else Rapport's
    /// (``ReliabilityOptions/Preset/alphaOptions(missing:reverseKeying:intervalSampleSize:confidenceLevel:)``).
    var alphaOptions: AlphaOptions {
        (compat ?? .rapport).alphaOptions(missing: missing, reverseKeying: reverseRange,
                                          intervalSampleSize: ciN?.value, confidenceLevel: confidence)
    }

    func check() throws {
        if !(confidence > 0 && confidence < 1) {
            throw ValidationError("--confidence must be between 0 and 1 (e.g. 0.95).")
        }
        if let bootstrap, bootstrap < 0 || bootstrap > 1_000_000 {
            throw ValidationError("--bootstrap must be between 0 and 1000000.")
        }
        if correlations == .polychoric && (bootstrap ?? 0) > 0 {
            throw ValidationError("--bootstrap is not available with --correlations polychoric yet (each replicate would need its own polychoric matrix); run the bootstrap on Pearson correlations.")
        }
        if let omegaFactors, omegaFactors < 0 || omegaFactors == 1 || omegaFactors > 50 {
            throw ValidationError("--omega-factors must be 0 (off) or between 2 and 50: ω hierarchical needs at least 2 group factors.")
        }
    }

    var engineOptions: ReliabilityOptions {
        ReliabilityOptions(alpha: alphaOptions, psychSplits: splitHalf == .psych, bootstrap: bootstrap, seed: seed,
                           omegaFactors: omegaFactors, compat: compat, correlations: correlations)
    }
}

extension MissingPolicy: ExpressibleByArgument {}
extension ReverseKeyingRange: ExpressibleByArgument {}
extension ReliabilityOptions.Correlations: ExpressibleByArgument {}

/// `--compat` names another tool's preset: Rapport's conventions are what apply without it,
/// so `rapport` is not a value of the option (nor listed in its messages).
extension ReliabilityOptions.Preset: ExpressibleByArgument {
    public init?(argument: String) {
        guard let preset = Self(rawValue: argument), Self.otherTools.contains(preset) else { return nil }
        self = preset
    }

    public static var allValueStrings: [String] { otherTools.map(\.rawValue) }
}
