/// Finds instruments: the built-in library (compiled into the binary) and custom XML files.
///
/// Everywhere Rapport asks for an instrument, ``resolve(_:)`` accepts either a built-in id
/// (`wai-sr`) or the path of a definition file (`lab/my-scale.xml`).
public enum InstrumentCatalog {
    /// Built-in instruments, sorted by id. Each was validated and linted when first used;
    /// `BuiltinInstrumentsTests` guarantees that all of them load.
    public static var builtins: [Instrument] { library.instruments }

    /// The built-in with this id (case-insensitive), if any.
    public static func builtin(_ id: String) -> Instrument? {
        let key = id.lowercased()
        return library.instruments.first { $0.id == key }
    }

    /// The original XML text of a built-in (comments included), for `instruments export`.
    public static func builtinSource(_ id: String) -> String? {
        let key = id.lowercased()
        return library.sources[key]
    }

    /// A built-in id or a path to a custom XML definition. A string containing `/` or
    /// ending in `.xml` is always a path; otherwise a built-in id wins over a same-named file.
    public static func resolve(_ idOrPath: String) throws(InstrumentError) -> Instrument {
        let looksLikePath = idOrPath.contains("/") || idOrPath.lowercased().hasSuffix(".xml")
        if !looksLikePath, let builtin = builtin(idOrPath) { return builtin }
        let check = InstrumentLoader.check(path: idOrPath)
        if !looksLikePath, check.diagnostics.first?.code == .unreadable {
            let ids = library.instruments.map(\.id).joined(separator: ", ")
            throw InstrumentError(code: .unreadable, file: idOrPath,
                                  message: "is neither a built-in instrument (\(ids)) nor a file; run `rapport instruments list`, or give the path of an XML definition")
        }
        return try check.instrumentOrFirstError()
    }

    /// Checks (schema + lint) of every built-in, in file-name order.
    public static var builtinChecks: [InstrumentCheck] { library.checks }

    private struct Library: Sendable {
        var instruments: [Instrument] = []
        var sources: [String: String] = [:]
        var checks: [InstrumentCheck] = []
    }

    private static let library: Library = {
        var lib = Library()
        for (file, xml) in BuiltinInstruments.sources {
            let check = InstrumentLoader.check(data: Array(xml.utf8), file: "builtin:\(file)")
            lib.checks.append(check)
            if let instrument = check.instrument {
                lib.instruments.append(instrument)
                lib.sources[instrument.id] = xml
            }
        }
        lib.instruments.sort { $0.id < $1.id }
        return lib
    }()
}
