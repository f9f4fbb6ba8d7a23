import Foundation
import Synchronization

/// Every file this process reads (response data, definitions, map files, keys, state files),
/// so that no output is ever written over one of them.
///
/// Readers call ``register(_:)`` when they open a path; ``OutputFile`` refuses a target that is
/// the same file as any registered input (same resolved path, or same device and inode), both
/// when it is opened and again just before it is committed.
public enum InputFiles {
    private static let paths = Mutex<[String]>([])

    /// Records `path` as an input of this run (`-`, standard input, is ignored).
    public static func register(_ path: String) {
        guard path != "-", !path.isEmpty else { return }
        paths.withLock { if !$0.contains(path) { $0.append(path) } }
    }

    /// The inputs registered so far, in the order they were first read.
    public static var all: [String] { paths.withLock { $0 } }

    /// Forgets every input (for tests that run several commands in one process).
    package static func reset() { paths.withLock { $0.removeAll() } }

    /// Whether two paths name the same file: equal after resolving symbolic links, or the
    /// same device and inode.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        let ra = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
        let rb = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
        if ra == rb { return true }
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
