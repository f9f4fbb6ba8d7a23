import Foundation

/// Reads instrument definitions (format version 1) from XML.
///
/// Pipeline for one file, stopping at the first stage that fails:
/// ```
/// size ≤ maximumSize → UTF-8 only → libxml2 parse (no DOCTYPE, no entities, no network)
///   → root is {https://rapport.dev/ns/instrument/1}instrument with formatVersion="1"
///   → instrument.xsd → decode into Instrument → lint
/// ```
/// Safe to call from many threads at once: each call has its own parser and validation
/// context; the compiled schema is shared read-only.
public enum InstrumentLoader {
    /// The format's XML namespace.
    public static let namespace = "https://rapport.dev/ns/instrument/1"
    /// The only `formatVersion` this Rapport reads.
    public static let formatVersion = "1"
    /// Larger files are refused unread (1 MiB; the biggest built-in is a few kB).
    public static let maximumSize = 1 << 20

    /// Loads and lints the file at `path`. Throws the first error; warnings do not throw
    /// (see ``Instrument/verificationWarnings`` and ``check(path:)``).
    public static func load(path: String) throws(InstrumentError) -> Instrument {
        try check(path: path).instrumentOrFirstError()
    }

    /// Loads and lints a definition held in memory; `file` names it in errors.
    public static func load(data: some Collection<UInt8>, file: String) throws(InstrumentError) -> Instrument {
        try check(data: data, file: file).instrumentOrFirstError()
    }

    /// Every problem found in the file at `path`, warnings included, and the instrument
    /// when there is no error.
    public static func check(path: String) -> InstrumentCheck {
        switch readFile(path) {
        case .success(let bytes): return check(data: bytes, file: path)
        case .failure(let error): return InstrumentCheck(file: path, instrument: nil, diagnostics: [error])
        }
    }

    /// Every problem found in an in-memory definition, warnings included.
    public static func check(data: some Collection<UInt8>, file: String) -> InstrumentCheck {
        let bytes = Array(data)
        func fail(_ e: InstrumentError) -> InstrumentCheck {
            InstrumentCheck(file: file, instrument: nil, diagnostics: [e])
        }
        guard bytes.count <= maximumSize else {
            return fail(InstrumentError(code: .tooLarge, file: file, message: tooLargeMessage(bytes.count)))
        }
        let source = SourceText(bytes)
        if let problem = source.encodingProblem() {
            let at = source.position(ofOffset: problem.offset)
            return fail(InstrumentError(code: .encoding, file: file, line: at.line, column: at.column,
                                        message: problem.message))
        }
        switch XMLDocumentReader.read(source: source, file: file) {
        case .failure(let errors):
            return InstrumentCheck(file: file, instrument: nil, diagnostics: errors)
        case .decoded(let decoded):
            var instrument = decoded.instrument
            instrument.sha256 = FileDigest.sha256(bytes)
            let lint = InstrumentLint.check(instrument, file: file, map: decoded.map, source: source)
            let hasError = lint.contains { $0.severity == .error }
            return InstrumentCheck(file: file, instrument: hasError ? nil : instrument, diagnostics: lint)
        }
    }

    static func tooLargeMessage(_ size: Int) -> String {
        "the file is \(size) bytes; instrument definitions are limited to \(maximumSize) bytes (1 MiB) — is this really an instrument definition?"
    }

    /// Reads at most `maximumSize + 1` bytes, after checking the size, so a huge file is
    /// refused without being read.
    static func readFile(_ path: String) -> Result<[UInt8], InstrumentError> {
        InputFiles.register(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(InstrumentError(code: .unreadable, file: path,
                                            message: "no such file; give a built-in instrument id (see `rapport instruments list`) or the path of an XML definition"))
        }
        guard !isDirectory.boolValue else {
            return .failure(InstrumentError(code: .unreadable, file: path,
                                            message: "is a folder, not an instrument definition file"))
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > maximumSize {
            return .failure(InstrumentError(code: .tooLarge, file: path, message: tooLargeMessage(size)))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(InstrumentError(code: .unreadable, file: path,
                                            message: "cannot be opened for reading (check its permissions)"))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maximumSize + 1) ?? Data()
            if data.count > maximumSize {
                return .failure(InstrumentError(code: .tooLarge, file: path,
                                                message: tooLargeMessage(data.count)))
            }
            return .success([UInt8](data))
        } catch {
            return .failure(InstrumentError(code: .unreadable, file: path,
                                            message: "cannot be read: \(error.localizedDescription)"))
        }
    }
}

/// The outcome of checking one definition: every diagnostic, and the instrument when
/// none of them is an error.
public struct InstrumentCheck: Sendable {
    public var file: String
    public var instrument: Instrument?
    /// Errors and warnings in file order.
    public var diagnostics: [InstrumentError]

    public init(file: String, instrument: Instrument?, diagnostics: [InstrumentError]) {
        self.file = file
        self.instrument = instrument
        self.diagnostics = diagnostics.sorted {
            ($0.line ?? 0, $0.column ?? 0, $0.code) < ($1.line ?? 0, $1.column ?? 0, $1.code)
        }
    }

    public var errors: [InstrumentError] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [InstrumentError] { diagnostics.filter { $0.severity == .warning } }
    /// True when there is no error (warnings allowed).
    public var isValid: Bool { errors.isEmpty }

    func instrumentOrFirstError() throws(InstrumentError) -> Instrument {
        if let first = errors.first {
            var e = first
            if errors.count > 1 {
                e.message += " (and \(errors.count - 1) more; run `rapport validate \(file)` to see all)"
            }
            throw e
        }
        guard let instrument else {
            throw InstrumentError(code: .malformed, file: file, message: "could not be read")
        }
        return instrument
    }
}
