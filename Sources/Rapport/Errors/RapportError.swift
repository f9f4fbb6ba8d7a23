import RapportStatistics

/// How a run of the `rapport` tool ended, as its process exit status.
///
/// The same table holds for every command (README, "Exit codes"):
///
/// | status | meaning |
/// |:--|:--|
/// | 0 | success |
/// | 1 | invalid data or an invalid definition under the chosen policy (`--on-invalid fail` met a bad cell, a definition does not lint, a gate failed, nothing usable was produced) |
/// | 2 | unusable input, arguments or output (missing, empty or header-only file, unknown column, bad option, unwritable output) |
/// | 129 / 130 / 143 | stopped by SIGHUP / SIGINT / SIGTERM (temporary files removed) |
/// | 141 | standard output was closed by its reader (a broken pipe): a quiet stop |
public enum ExitStatus: Int32, Sendable, Hashable, CaseIterable {
    case success = 0
    /// Invalid data or definition under the chosen policy.
    case invalid = 1
    /// Unusable input, arguments or output.
    case unusable = 2
    /// Standard output's reader went away (a quiet stop, as after SIGPIPE).
    case brokenPipe = 141
}

/// The one error model: every error Rapport throws conforms, and says which exit status it
/// ends a command with.
///
/// `description` is the message a person reads: it names the file, line, column and item
/// where it can, and never a participant or therapist ID. Each command maps errors to exit
/// statuses in one place (`CommandRun` in the CLI), from this property alone.
public protocol RapportError: Error, Sendable, CustomStringConvertible {
    /// The exit status a command ends with when this error stops it.
    var exitStatus: ExitStatus { get }
}

// MARK: - Conformances of the library's errors

extension DataError: RapportError {
    /// 1 when `--on-invalid fail` stopped at a row-level finding (a bad cell, a ragged row, a
    /// duplicate ID, a quoting error) or no usable answer was read; 2 for a file that cannot be
    /// used at all (missing, empty, header only, missing columns, bad options).
    public var exitStatus: ExitStatus {
        DataError.rowLevelCodes.contains(code) ? .invalid : .unusable
    }

    /// Codes of findings that stop a read only under `--on-invalid fail`, plus the
    /// "nothing usable" verdicts (the data was read and found invalid) and a definition whose
    /// labels read alike (`ambiguous-label`).
    public static let rowLevelCodes: Set<Code> = Set(
        [Finding.Kind.nonNumeric, .outOfRange, .offGrid, .raggedRow, .duplicateID,
         .unterminatedQuote, .strayQuote].map { Code.finding($0) } + [.noValidAnswers, .ambiguousLabel])
}

extension MappingError: RapportError {
    /// Always 2: a mapping that cannot be used is an argument or input problem.
    public var exitStatus: ExitStatus { .unusable }
}

extension ScoringError: RapportError {
    /// Always 1: the definition cannot be scored as mapped.
    public var exitStatus: ExitStatus { .invalid }
}

extension InstrumentError: RapportError {
    /// 2 when the file could not be read at all, 1 when it was read and is invalid.
    public var exitStatus: ExitStatus { code.isUnreadable ? .unusable : .invalid }
}

extension QuickScaleError: RapportError {
    /// Always 2: a malformed `--scale` or `--range` argument.
    public var exitStatus: ExitStatus { .unusable }
}

extension SimulationError: RapportError {
    /// Always 2: an option or design `simulate` cannot realise.
    public var exitStatus: ExitStatus { .unusable }
}

extension ReliabilityError: RapportError {
    /// Always 2: a reliability run that cannot proceed with these inputs.
    public var exitStatus: ExitStatus { .unusable }
}

extension AuditError: RapportError {
    /// Always 2: session data the audit cannot use.
    public var exitStatus: ExitStatus { .unusable }
}

extension DataFileUnreadable: RapportError {
    public var exitStatus: ExitStatus { .unusable }
}

extension ICC.Failure: RapportError {
    /// Always 2: a ratings table the ICC cannot use.
    public var exitStatus: ExitStatus { .unusable }
}

extension ScaleMoments.MergeError: RapportError {
    /// Always 2: shards that cannot be merged.
    public var exitStatus: ExitStatus { .unusable }
}

extension ICCOneWay.Failure: RapportError {
    /// Always 2: grouped values the one-way ICC cannot use.
    public var exitStatus: ExitStatus { .unusable }
}

/// A command that failed for a reason the user can act on, with the exit status it ends with.
/// For problems no more specific error type describes (an option combination, an empty result).
public struct CommandFailure: RapportError, Hashable {
    public var message: String
    public var exitStatus: ExitStatus
    public init(_ message: String, exitStatus: ExitStatus) {
        self.message = message
        self.exitStatus = exitStatus
    }
    public var description: String { message }
}
