import ArgumentParser
import Rapport
@testable import RapportCLI
import Testing

/// Every command's arguments, `validate()` and refusal messages, in-process: parsing reads no
/// file, so a data path need not exist. End-to-end runs (files, exit statuses of real runs,
/// output bytes) stay in the subprocess suites.
@Suite struct ArgumentParsingTests {
    static let data = "data.csv"
    static let wai = [data, "--instrument", "wai-sr"]
    static let quick = [data, "--scale", "s=q1,q2", "--range", "1-5"]

    /// Arguments `rapport` refuses before reading anything, with the message it prints.
    static let refusals: [(arguments: [String], message: String)] = [
        // Options every data command shares (InstrumentOptions).
        (["score", data], "Give at least one --instrument (or --scale NAME=ITEMS with --range MIN-MAX)."),
        (["score", data, "--scale", "agree=-A1,A2"], "--scale needs --range MIN-MAX (the declared response range, e.g. --range 1-6)."),
        (["score"] + wai + ["--range", "1-5"], "--range applies only to --scale."),
        (["score"] + wai + ["--threads", "0"], "--threads must be at least 1."),
        (["score"] + wai + ["--delimiter", "|"], "--delimiter must be ',', ';' or 'tab'."),
        // score
        (["score"] + wai + ["--decimals", "16"], "--decimals must be between 0 and 15."),
        (["score"] + wai + ["--no-flag", "longstring"],
         "Screening options (--duration, thresholds, --no-flag, --no-sample-indices) need --screen."),
        // screen (ScreenOptions)
        (["screen"] + wai + ["--decimals=-1"], "--decimals must be between 0 and 15."),
        (["screen"] + wai + ["--mahalanobis-p", "2"], "--mahalanobis-p must be in (0, 1]."),
        (["screen"] + wai + ["--longstring-fraction", "0"], "--longstring-fraction must be in (0, 1]."),
        (["screen"] + wai + ["--longstring-min-run", "1"], "--longstring-min-run must be at least 2."),
        (["screen"] + wai + ["--attention-failures", "0"], "--attention-failures must be at least 1."),
        (["screen"] + wai + ["--seconds-per-item", "0"], "--seconds-per-item must be positive."),
        (["screen"] + wai + ["--no-sample-indices", "--mahalanobis-p", "0.01"],
         "--mahalanobis-p needs the first pass: drop --no-sample-indices."),
        (["screen"] + wai + ["--no-sample-indices", "--person-total-below", "0.1"],
         "--person-total-below needs the first pass: drop --no-sample-indices."),
        // reliability
        (["reliability"] + wai + ["--confidence", "1"], "--confidence must be between 0 and 1 (e.g. 0.95)."),
        (["reliability"] + wai + ["--bootstrap=-1"], "--bootstrap must be between 0 and 1000000."),
        (["reliability"] + wai + ["--omega-factors", "1"],
         "--omega-factors must be 0 (off) or between 2 and 50: ω hierarchical needs at least 2 group factors."),
        (["reliability"] + wai + ["--shard", "1/2"],
         "--shard needs --state-out FILE: a shard's moments are merged later by `rapport merge`."),
        (["reliability"] + wai + ["--shard", "1/2", "--state-out", "s.json", "--bootstrap", "10"],
         "--bootstrap resamples whole rows and cannot run on a shard; run it on the whole file."),
        (["reliability", "-", "--instrument", "wai-sr", "--exclude-flagged"],
         "--exclude-flagged reads the file more than once; give a file, not standard input."),
        (["reliability"] + wai + ["--exclude-flagged", "--shard", "1/2", "--state-out", "s.json"],
         "--exclude-flagged screens against the whole file's moments and cannot run on a shard."),
        (["reliability"] + wai + ["--mahalanobis-p", "0.01"], "Screening thresholds apply only with --exclude-flagged."),
        (["reliability", "-", "--instrument", "wai-sr", "--shard", "1/2", "--state-out", "s.json"],
         "--shard needs a file: standard input cannot be split."),
        // check
        (["check"] + wai + ["--max-missing-rate", "1.5"], "--max-missing-rate must be a proportion between 0 and 1 (e.g. 0.05)."),
        (["check"] + wai + ["--max-invalid-rate=-0.1"], "--max-invalid-rate must be a proportion between 0 and 1 (e.g. 0.05)."),
        (["check"] + wai + ["--min-alpha", "1.2"], "--min-alpha must be a number at most 1 (e.g. 0.70)."),
        (["check"] + wai + ["--min-omega", "2"], "--min-omega must be a number at most 1 (e.g. 0.70)."),
        (["check", "-", "--instrument", "wai-sr", "--max-flagged-rate", "0.1"],
         "--max-flagged-rate screens the file in a second reading; give a file, not standard input."),
        (["check"] + wai + ["-o", "report.html"],
         "check writes text, JSON, Markdown or JUnit; for an HTML report run `rapport reliability -o report.html`."),
        // merge, validate, audit: argument-parser's own check of a required list comes first
        // (the commands' validate() messages for these cases are never reached).
        (["merge"], "Missing expected argument '<STATE> ...'"),
        (["validate"], "Missing expected argument '<paths> ...'"),
        (["audit", data, "--client", "c", "--instrument", "srs"], "Missing expected argument '--session <COL> ...'"),
        (["audit", data, "--client", "c", "--session", "s", "--instrument", "srs", "--min-cell", "0"],
         "--min-cell must be at least 1."),
        (["audit", data, "--client", "c", "--session", "s", "--instrument", "srs", "--confidence", "0"],
         "--confidence must be between 0 and 1."),
        (["audit", data, "--client", "c", "--session", "s", "--instrument", "srs", "--drop-points", "0"],
         "--drop-points and --dip-points must be positive."),
        // agreement
        (["agreement", data, "--wide", "a,b", "--confidence", "1.5"], "--confidence must be between 0 and 1."),
        (["agreement", data, "--wide", "a,b", "--rater", "r"], "--wide replaces --rater and --value; give one format."),
        (["agreement", data, "--target", "t", "--rater", "r"],
         "Give --target, --rater and --value (long format), or --wide COL,COL,... ."),
    ]

    @Test(arguments: refusals.indices)
    func refusedWithItsMessage(_ i: Int) {
        AssertErrorMessage(Self.refusals[i].arguments, Self.refusals[i].message)
    }

    /// Argument-parser's own refusals (unknown option, bad enum value) also end with status 2.
    @Test func parserRefusalsExitTwo() {
        for arguments in [["--no-such-option"], ["validate", "--format", "yaml", "x.xml"],
                          ["score"] + Self.wai + ["--on-invalid", "ignore"], ["reliability"] + Self.wai + ["--missing", "some"]] {
            #expect(throws: (any Error).self) { try RapportCommand.parseAsRoot(arguments) }
            do { _ = try RapportCommand.parseAsRoot(arguments) } catch {
                #expect(RapportCommand.exitStatus(for: error) == 2, "\(arguments)")
            }
        }
    }

    @Test func scoreParses() {
        AssertParse(["score"] + Self.wai + ["--format", "json-lines", "--decimals", "3", "--id", "pid",
                                              "--keep", "a,b", "--on-invalid", "reject-row", "-o", "out.jsonl"],
                    as: ScoreCommand.self) { c in
            #expect(c.data == Self.data)
            #expect(c.format == .jsonLines && c.decimals == 3 && c.output == "out.jsonl")
            #expect(c.options.instruments == ["wai-sr"] && c.options.idColumn == "pid" && c.options.keep == ["a,b"])
            #expect(c.options.onInvalid == .rejectRow)
        }
        AssertParse(["score"] + Self.quick + ["--screen", "--duration", "secs", "--no-flag", "longstring"],
                    as: ScoreCommand.self) { c in
            #expect(c.screenRows && c.screen.duration == "secs" && c.screen.noFlag == [.longstring])
            #expect(c.screen.thresholds.longstringFraction == nil)
        }
    }

    @Test func reliabilityParses() {
        AssertParse(["reliability"] + Self.wai + ["--missing", "listwise", "--bootstrap", "200", "--seed", "7",
                                                    "--scale-only", "bond", "--format", "md", "--stamp"],
                    as: ReliabilityCommand.self) { c in
            #expect(c.reliability.missing == .listwise && c.reliability.bootstrap == 200 && c.reliability.seed == 7)
            #expect(c.scaleOnly == ["bond"] && c.format == .markdown && c.stamp)
        }
        AssertParse(["reliability"] + Self.wai + ["--shard", "2/8", "--state-out", "part-2.json"],
                    as: ReliabilityCommand.self) { c in
            #expect(c.shard == "2/8" && c.stateOut == "part-2.json")
        }
    }

    @Test func checkParsesAndChoosesItsFormat() {
        AssertParse(["check"] + Self.wai + ["--min-alpha", "0.8", "--max-flagged-rate", "0.05", "--junit", "g.xml"],
                    as: CheckCommand.self) { c in
            #expect(c.minAlpha == 0.8 && c.maxFlaggedRate == 0.05 && c.junit == "g.xml" && c.chosenFormat == .text)
        }
        for (output, format) in [("c.json", CheckCommand.Format.json), ("c.md", .markdown), ("c.xml", .junit),
                                 ("c.txt", .text), ("-", .text)] {
            AssertParse(["check"] + Self.wai + ["-o", output], as: CheckCommand.self) { c in
                #expect(c.chosenFormat == format, "\(output)")
            }
        }
        AssertParse(["check"] + Self.wai + ["-o", "c.json", "--format", "md"], as: CheckCommand.self) { c in
            #expect(c.chosenFormat == .markdown)
        }
    }

    @Test func otherCommandsParse() {
        AssertParse(["screen"] + Self.quick + ["--format", "tsv", "--decimals", "4"], as: ScreenCommand.self) { c in
            #expect(c.format == .tsv && c.decimals == 4)
        }
        AssertParse(["merge", "part-1.json", "part-2.json", "--format", "json"], as: MergeCommand.self) { c in
            #expect(c.states == ["part-1.json", "part-2.json"] && c.format == .json)
        }
        AssertParse(["validate", "Instruments/", "--format", "junit"], as: ValidateCommand.self)
        AssertParse(["agreement", Self.data, "--wide", "r1,r2,r3"], as: AgreementCommand.self) { c in
            #expect(c.wide == "r1,r2,r3")
        }
        AssertParse(["audit", Self.data, "--client", "c", "--session", "s", "--instrument", "srs"], as: AuditCommand.self)
        AssertParse(["simulate", "--instrument", "wai-s", "--rows", "3", "--seed", "1"], as: SimulateCommand.self)
        AssertParse(["instruments", "list"], as: ListInstruments.self)
    }

    /// The one mapping from a failure to an exit status (CommandRun): a RapportError keeps its
    /// own status, anything unforeseen is 2, argument-parser's exits pass through.
    @Test func failuresMapToExitStatuses() throws {
        #expect(throws: ExitCode(1)) {
            try CommandRun.perform("test") { throw CommandFailure("a gate failed", exitStatus: .invalid) }
        }
        #expect(throws: ExitCode(2)) {
            try CommandRun.perform("test") { throw CommandFailure("unusable", exitStatus: .unusable) }
        }
        struct Unforeseen: Error {}
        #expect(throws: ExitCode(2)) { try CommandRun.perform("test") { throw Unforeseen() } }
        #expect(throws: ExitCode(7)) { try CommandRun.perform("test") { throw ExitCode(7) } }
    }
}

/// `--compat` and `--correlations` parse to the library's enums, and the preset decides the
/// conventions through ``ReliabilityOptions/Preset/alphaOptions(missing:reverseKeying:intervalSampleSize:confidenceLevel:)``.
@Suite struct ReliabilityOptionParsingTests {
    static let wai = ["reliability", "data.csv", "--instrument", "wai-sr"]

    @Test func compatAndCorrelationsParseToTheLibraryEnums() {
        AssertParse(Self.wai, as: ReliabilityCommand.self) { c in
            #expect(c.reliability.compat == nil && c.reliability.correlations == .pearson)
            #expect(c.reliability.engineOptions == ReliabilityOptions(alpha: ReliabilityOptions.Preset.rapport.alphaOptions()))
        }
        for preset in ReliabilityOptions.Preset.otherTools {
            AssertParse(Self.wai + ["--compat", preset.rawValue, "--correlations", "polychoric"],
                        as: ReliabilityCommand.self) { c in
                let o = c.reliability.engineOptions
                #expect(o.compat == preset && o.correlations == .polychoric && o.alpha == preset.alphaOptions())
            }
        }
        AssertParse(["check", "data.csv", "--instrument", "wai-sr", "--compat", "spss", "--missing", "pairwise",
                     "--ci-n", "pairwise-min", "--confidence", "0.9"], as: CheckCommand.self) { c in
            #expect(c.reliability.engineOptions.alpha
                    == ReliabilityOptions.Preset.spss.alphaOptions(missing: .pairwise, intervalSampleSize: .pairwiseMinimum,
                                                                   confidenceLevel: 0.9))
        }
    }

    /// `rapport` is what applies without `--compat`, so it is not one of its values.
    @Test func compatRefusesRapportAndUnknownNames() {
        for value in ["rapport", "stata"] {
            AssertErrorMessage(Self.wai + ["--compat", value],
                               "The value '\(value)' is invalid for '--compat <psych|spss|jasp>'. Please provide one of 'psych', 'spss' or 'jasp'.")
        }
        AssertErrorMessage(Self.wai + ["--correlations", "spearman"],
                           "The value 'spearman' is invalid for '--correlations <pearson|polychoric>'. Please provide one of 'pearson' and 'polychoric'.")
    }
}
