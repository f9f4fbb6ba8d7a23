/// What a user must be told whenever an instrument is shown or used: its licence and
/// which of its facts are not verified. Every command that scores or reports calls these.
extension Instrument {
    /// One paragraph: the licence class, holder and terms, e.g.
    /// `Licence (permission-required, SPR): Free to download; …`.
    public var licenceNotice: String {
        var head = "Licence (\(licence.use.rawValue)"
        if let holder = licence.holder { head += ", \(holder)" }
        head += ")"
        let terms = licence.terms.isEmpty ? "no licence terms are recorded for this instrument; check them with its authors before use." : licence.terms
        return "\(abbreviation) — \(head): \(terms)"
    }

    /// One line per unverified fact that affects scores or their reading: scale keys,
    /// transforms, cutoffs, bands, norms, reliable-change thresholds and alert rules.
    /// Empty when everything is verified.
    public var verificationWarnings: [String] {
        lint().filter { $0.code == .unverifiedKey || $0.code == .unverifiedValue }
            .map { "\(abbreviation): \($0.message)" }
    }

    /// Runs the lint on an in-memory instrument (for instruments built without a file,
    /// such as quick scales). Findings carry no line numbers; `file` names the source.
    public func lint(file: String? = nil) -> [InstrumentError] {
        InstrumentLint.check(self, file: file ?? id)
    }
}
