import Dispatch
import Foundation
import Synchronization

/// The temporary files of outputs in flight, removed on every way out of the process:
/// a commit or abandon (normally), ``Termination/exit(_:)`` (an unwritable standard stream,
/// a broken pipe), and SIGINT, SIGTERM or SIGHUP (``Termination/installSignalHandlers()``).
enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    static func add(_ path: String) { paths.withLock { _ = $0.insert(path) } }
    static func remove(_ path: String) { paths.withLock { _ = $0.remove(path) } }

    /// Unlinks every registered temporary file and forgets them.
    static func removeAll() {
        let all = paths.withLock { p -> Set<String> in
            let copy = p
            p.removeAll()
            return copy
        }
        for path in all { unlink(path) }
    }

    /// The registered paths (for tests).
    package static var current: Set<String> { paths.withLock { $0 } }
}

/// How the process ends when it cannot go on: temporary files first, then the exit status.
public enum Termination {
    /// Removes every temporary output file and exits with `status`.
    public static func exit(_ status: Int32) -> Never {
        TemporaryFiles.removeAll()
        Foundation.exit(status)
    }

    /// Installs the process-wide handling of signals, once, at start-up:
    /// - SIGINT, SIGTERM, SIGHUP: remove temporary output files, exit 128 + signal
    ///   (130, 143, 129). The handlers run on a Dispatch queue, not in signal context.
    /// - SIGPIPE: ignored, so a closed reader shows up as `EPIPE` on the write, which ends the
    ///   run quietly with status 141 (see ``OutputFile``).
    public static func installSignalHandlers() {
        signal(SIGPIPE, SIG_IGN)
        let queue = DispatchQueue(label: "rapport.signals")
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                TemporaryFiles.removeAll()
                _exit(128 + sig)
            }
            source.resume()
            // Kept for the life of the process: a released source would stop delivering.
            _ = Unmanaged.passRetained(source as AnyObject)
        }
    }
}
