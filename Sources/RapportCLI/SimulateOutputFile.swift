import Foundation

/// Where `rapport simulate` writes: standard output, or a file written atomically
/// (a temporary file in the same folder, renamed over the target on success and removed
/// on failure, so a reader never sees half a file).
final class SimulateOutputFile {
    let path: String?
    private let handle: FileHandle
    private let temporary: String?
    private var finished = false

    /// `path` nil or `-`: standard output.
    init(path: String?) throws {
        guard let path, path != "-" else {
            self.path = nil
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        self.path = path
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw SimulateCommandError("cannot write \(path): folder \(dir) does not exist")
        }
        let tmp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))").path
        guard FileManager.default.createFile(atPath: tmp, contents: nil),
              let h = FileHandle(forWritingAtPath: tmp) else {
            throw SimulateCommandError("cannot write \(path): permission denied or disk full")
        }
        temporary = tmp
        handle = h
    }

    func write(_ bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw SimulateCommandError("cannot write \(path ?? "standard output"): \(error.localizedDescription)")
        }
    }

    /// Closes the temporary file and renames it over the target.
    func commit() throws {
        guard let temporary, let path else { return }
        finished = true
        try handle.close()
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw SimulateCommandError("cannot write \(path): rename failed (errno \(errno))")
        }
    }

    deinit {
        if let temporary, !finished {
            try? handle.close()
            unlink(temporary)
        }
    }

    /// Writes a whole small file atomically.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let f = try SimulateOutputFile(path: path)
        try f.write(bytes)
        try f.commit()
    }
}

/// A usage or data problem of `rapport simulate`, printed as one line; exit status 2.
struct SimulateCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
