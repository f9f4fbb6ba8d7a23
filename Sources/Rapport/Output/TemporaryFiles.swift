import Dispatch
import Foundation
import Synchronization

/// The temporary files of outputs in flight, removed on every way out of the process:
/// a commit or abandon (normally), ``Termination/exit(_:)`` (an unwritable standard stream,
/// a broken pipe), and SIGINT, SIGTERM or SIGHUP (``Termination/installSignalHandlers()``).
///
/// A temporary file is created and registered under one lock (``create(_:_:)``), and
/// ``removeAll()`` takes that lock too, so a signal can never find a file that exists but is
/// not yet registered (it used to: SIGTERM right after the `open` left the file behind). Once
/// ``removeAll()`` has run the process is ending, and no further file is created.
enum TemporaryFiles {
    private struct State {
        var paths: Set<String> = []
        var ending = false
    }
    private static let state = Mutex(State())

    /// Creates the temporary file `path` with `make` (an `open` returning a descriptor, or −1
    /// with `errno` set) and registers it, atomically with respect to ``removeAll()``. Returns
    /// the descriptor, or −1 and the `errno` of the failure (`EINTR` once the process is ending).
    static func create(_ path: String, _ make: () -> Int32) -> (fd: Int32, errno: Int32) {
        state.withLock { s in
            guard !s.ending else { return (-1, EINTR) }
            let fd = make()
            let error = errno
            if fd >= 0 { s.paths.insert(path) }
            return (fd, error)
        }
    }

    static func remove(_ path: String) { state.withLock { _ = $0.paths.remove(path) } }

    /// Unlinks every registered temporary file, forgets them, and creates none from now on
    /// (the process is ending: a signal or ``Termination/exit(_:)``).
    static func removeAll() {
        state.withLock { s in
            s.ending = true
            for path in s.paths { unlink(path) }
            s.paths.removeAll()
        }
    }

    /// The registered paths (for tests).
    package static var current: Set<String> { state.withLock { $0.paths } }

    /// The registered paths, or `nil` while the registry is locked (for tests).
    package static var currentIfUnlocked: Set<String>? { state.withLockIfAvailable { $0.paths } }
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
