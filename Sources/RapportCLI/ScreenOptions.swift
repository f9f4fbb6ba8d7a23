import ArgumentParser
import Rapport

/// Screening thresholds and switches, shared by `rapport screen` and `rapport score --screen`.
/// Defaults and formulas: `docs/screening.md`.
struct ScreenOptions: ParsableArguments {
    @Option(name: .customLong("duration"),
            help: ArgumentHelp("A column holding each row's completion time in seconds; flags rows faster than --seconds-per-item.",
                               valueName: "COLUMN"))
    var duration: String?

    @Option(name: .customLong("longstring-fraction"),
            help: ArgumentHelp("Flag a run of identical answers covering at least this share of the answered items (default 0.8).", valueName: "F"))
    var longstringFraction: Double?

    @Option(name: .customLong("longstring-min-run"),
            help: ArgumentHelp("…and at least this long (default 5).", valueName: "N"))
    var longstringMinRun: Int?

    @Flag(name: .customLong("flag-ceiling-lines"),
          help: "Also flag a run entirely at the keyed ceiling (the best answer everywhere); off by default because attentive respondents give it on ceiling-skewed forms.")
    var flagCeilingLines = false

    @Option(name: .customLong("mahalanobis-p"),
            help: ArgumentHelp("Flag Mahalanobis D² with a χ² p-value below P (default 0.005; df = answered items).", valueName: "P"))
    var mahalanobisP: Double?

    @Option(name: .customLong("attention-failures"),
            help: ArgumentHelp("Flag at least N failed (or skipped) attention checks (default 1).", valueName: "N"))
    var attentionFailures: Int?

    @Option(name: .customLong("seconds-per-item"),
            help: ArgumentHelp("With --duration: flag fewer seconds per answered item (default 2).", valueName: "S"))
    var secondsPerItem: Double?

    @Option(name: .customLong("irv-below"), help: ArgumentHelp("Flag a within-person SD below X (off by default).", valueName: "X"))
    var irvBelow: Double?

    @Option(name: .customLong("irv-above"), help: ArgumentHelp("Flag a within-person SD above X (off by default).", valueName: "X"))
    var irvAbove: Double?

    @Option(name: .customLong("evenodd-above"),
            help: ArgumentHelp("Flag even-odd inconsistency (careless' sign, −1…1) above X (off by default).", valueName: "X"))
    var evenOddAbove: Double?

    @Option(name: .customLong("antonym-above"),
            help: ArgumentHelp("Flag an antonym correlation above X (off by default; attentive rows are negative).", valueName: "X"))
    var antonymAbove: Double?

    @Option(name: .customLong("person-total-below"),
            help: ArgumentHelp("Flag a person–total correlation below X (off by default).", valueName: "X"))
    var personTotalBelow: Double?

    @Option(name: .customLong("no-flag"),
            help: ArgumentHelp("Turn off the rule of an index (repeatable): longstring, mahalanobis, attention, duration, …", valueName: "INDEX"))
    var noFlag: [ScreeningIndex] = []

    @Flag(name: .customLong("no-sample-indices"),
          help: "Skip the first pass: no Mahalanobis D² and no person–total (needed to screen standard input).")
    var noSampleIndices = false

    /// Whether any screening option was given (`score` accepts them only with `--screen`).
    var isCustomized: Bool {
        duration != nil || flagCeilingLines || longstringFraction != nil || longstringMinRun != nil || mahalanobisP != nil
            || attentionFailures != nil || secondsPerItem != nil || irvBelow != nil || irvAbove != nil
            || evenOddAbove != nil || antonymAbove != nil || personTotalBelow != nil || !noFlag.isEmpty
            || noSampleIndices
    }

    func validate() throws {
        for (name, v) in [("--longstring-fraction", longstringFraction), ("--mahalanobis-p", mahalanobisP)] {
            if let v, !(v > 0 && v <= 1) { throw ValidationError("\(name) must be in (0, 1].") }
        }
        if let n = longstringMinRun, n < 2 { throw ValidationError("--longstring-min-run must be at least 2.") }
        if let n = attentionFailures, n < 1 { throw ValidationError("--attention-failures must be at least 1.") }
        if let s = secondsPerItem, !(s > 0) { throw ValidationError("--seconds-per-item must be positive.") }
        if noSampleIndices && mahalanobisP != nil {
            throw ValidationError("--mahalanobis-p needs the first pass: drop --no-sample-indices.")
        }
        if noSampleIndices && personTotalBelow != nil {
            throw ValidationError("--person-total-below needs the first pass: drop --no-sample-indices.")
        }
    }

    /// The thresholds in force.
    var thresholds: ScreeningThresholds {
        var t = ScreeningThresholds()
        if let v = longstringFraction { t.longstringFraction = v }
        if let v = longstringMinRun { t.longstringMinimumRun = v }
        t.longstringAtCeiling = flagCeilingLines
        if let v = mahalanobisP { t.mahalanobisP = v }
        if let v = attentionFailures { t.attentionFailures = v }
        if let v = secondsPerItem { t.secondsPerItem = v }
        t.irvBelow = irvBelow
        t.irvAbove = irvAbove
        t.evenOddAbove = evenOddAbove
        t.antonymAbove = antonymAbove
        t.personTotalBelow = personTotalBelow
        for index in noFlag {
            switch index {
            case .longstring: t.longstringFraction = nil
            case .irv: t.irvBelow = nil; t.irvAbove = nil
            case .mahalanobis: t.mahalanobisP = nil
            case .evenOdd: t.evenOddAbove = nil
            case .antonym: t.antonymAbove = nil
            case .personTotal: t.personTotalBelow = nil
            case .attention: t.attentionFailures = nil
            case .duration: t.secondsPerItem = nil
            }
        }
        if noSampleIndices { t.mahalanobisP = nil; t.personTotalBelow = nil }
        return t
    }
}

extension ScreeningIndex: ExpressibleByArgument {}
