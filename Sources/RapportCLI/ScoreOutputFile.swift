import Foundation
#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif

/// Where `score` writes: standard output, or a file written atomically.
///
/// A file is written to a temporary file in the **same directory** (`.NAME.rapport-PID-N.tmp`,
/// created exclusively), flushed with `fsync`, then renamed over `NAME` by ``commit()``; so a
/// reader of `NAME` sees the old file or the complete new one, never a partial one. If the
/// command fails, ``abandon()`` removes the temporary file and `NAME` is untouched.
/// The destination may never be one of the inputs (same path after resolving symbolic links,
/// or the same device and inode).
final class ScoreOutputFile {
    let path: String?
    private let fd: Int32
    private let tempPath: String?
    private var buffer: [UInt8] = []
    private var finished = false

    /// - Parameters:
    ///   - path: the output file, or `nil`/`-` for standard output.
    ///   - inputs: input files (`-` for standard input is ignored) that must not be overwritten.
    init(path: String?, inputs: [String]) throws {
        guard let path, path != "-" else {
            self.path = nil
            fd = 1
            tempPath = nil
            return
        }
        for input in inputs where input != "-" {
            if Self.sameFile(path, input) {
                throw CommandFailure("refusing to write the output over the input file \(input); choose another -o",
                                     exitCode: 2)
            }
        }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw CommandFailure("\(path) is a directory; -o needs a file name", exitCode: 2)
        }
        var created: Int32 = -1
        var temp = ""
        for attempt in 0..<100 {
            temp = dir + "/." + url.lastPathComponent + ".rapport-\(getpid())-\(attempt).tmp"
            created = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if created >= 0 || errno != EEXIST { break }
        }
        guard created >= 0 else {
            throw CommandFailure("cannot create a file in \(dir) for \(path): \(String(cString: strerror(errno)))",
                                 exitCode: 2)
        }
        self.path = path
        fd = created
        tempPath = temp
    }

    deinit { abandon() }

    /// Whether two paths name the same file (resolved paths equal, or same device and inode).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        let ra = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
        let rb = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
        if ra == rb { return true }
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// Buffers `bytes`, writing through once 1 MiB has accumulated; a large piece is
    /// written directly (after what is buffered) without being copied.
    func write(_ bytes: [UInt8]) throws {
        if bytes.count >= 1 << 18 {
            try flush()
            try writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        try writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CommandFailure("cannot write \(path ?? "standard output"): \(String(cString: strerror(errno)))",
                                         exitCode: 2)
                }
                offset += n
            }
        }
    }

    /// Flushes; for a file, syncs and renames the temporary file into place.
    func commit() throws {
        try flush()
        guard !finished else { return }
        finished = true
        guard let tempPath, let path else { return }
        defer { close(fd) }
        if fsync(fd) != 0 || rename(tempPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tempPath)
            throw CommandFailure("cannot write \(path): \(reason)", exitCode: 2)
        }
    }

    /// Drops a partly written file (standard output cannot be taken back).
    func abandon() {
        guard !finished else { return }
        finished = true
        guard let tempPath else { return }
        close(fd)
        unlink(tempPath)
    }
}
