import CReadStat
import Foundation
import Synchronization

/// ReadStat, loaded on first use by `dlopen` (see the `CReadStat` target): building Rapport
/// needs neither its headers nor the library, and only SPSS/Stata input needs it at run time.
///
/// The library name is `libreadstat.so.1` (Debian/Ubuntu package `libreadstat1`), or the
/// value of the environment variable `RAPPORT_READSTAT_LIBRARY` (a name or a path), which
/// also lets tests check what happens when the library is absent.
enum ReadStatLibrary {
    static let environmentVariable = "RAPPORT_READSTAT_LIBRARY"
    #if os(macOS)
    static let defaultName = "libreadstat.1.dylib"
    static let installCommand = "brew install readstat"
    #else
    static let defaultName = "libreadstat.so.1"
    static let installCommand = "apt-get install -y libreadstat1"
    #endif

    private enum State {
        case loaded
        case failed(name: String, reason: String)
    }
    private static let state = Mutex<State?>(nil)

    /// Loads the library once per process (later calls return the first outcome).
    ///
    /// - Throws: ``DataError`` `missing-library` naming the package to install.
    static func load(file: String, format: InputFormat) throws(DataError) {
        let outcome = state.withLock { s -> State in
            if let s { return s }
            let env = ProcessInfo.processInfo.environment[environmentVariable] ?? ""
            let name = env.isEmpty ? defaultName : env
            var buffer = [CChar](repeating: 0, count: 1024)
            let rc = rapport_rs_load(name, &buffer, buffer.count)
            let result: State = rc == 0 ? .loaded
                : .failed(name: name, reason: String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            s = result
            return result
        }
        if case let .failed(name, reason) = outcome {
            throw DataError(.missingLibrary, file: file,
                            message: "reading \(format.displayName) files needs the ReadStat library, and \(name) cannot be loaded (\(reason)). Install it with: \(installCommand)")
        }
    }
}

extension DataError.Code {
    /// A library the input's format needs is not installed (ReadStat for SPSS/Stata).
    public static let missingLibrary = DataError.Code(rawValue: "missing-library")
    /// The file is not a readable file of its format (truncated, damaged, wrong structure).
    public static let unreadable = DataError.Code(rawValue: "unreadable")
    /// The options ask for something this input format cannot do (`--shard` on a `.sav`).
    public static let unsupported = DataError.Code(rawValue: "unsupported")
}
