import Foundation

/// The one way Rapport writes a file: every output of every command goes through here.
///
/// Where the bytes go depends on the target:
/// - `nil` or `-`: standard output.
/// - `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: that descriptor, as is.
/// - an existing file that is **not regular** (a character device such as `/dev/null`, a FIFO,
///   a socket): opened and written in place. It is never replaced: a temporary file renamed
///   over `/dev/null` would destroy the device for every program on the machine.
/// - a regular file or a new name: a temporary file in the same folder
///   (`.NAME.rapport-PID-N.tmp`, created exclusively, registered for removal on signals), synced
///   with `fsync` and renamed over `NAME` by ``commit()``. A reader of `NAME` sees the old file
///   or the complete new one. A symbolic link is followed: the file it points to is replaced
///   and the link stays.
///
/// A target that is an input of the run (``InputFiles``, plus `inputs`) is refused, when the
/// file is opened and again before it is committed. Several outputs of one run are committed
/// together by ``OutputSet``.
///
/// Write errors are ``OutputError`` (exit 2), except a closed pipe on standard output or a
/// FIFO, which is ``BrokenPipe`` (a quiet stop, 141).
public final class OutputFile {
    /// The path as given (`nil` for standard output).
    public let path: String?
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// The temporary file and the final (symlink-resolved) path of an atomic target.
    private let atomic: (temp: String, final: String)?
    private let inputs: [String]
    private var buffer: [UInt8] = []
    private var finished = false

    /// What the user calls this output in messages.
    public var displayName: String { path ?? "standard output" }

    /// Opens `path` for writing (see the type's discussion for what happens where).
    /// - Parameters:
    ///   - path: the target, or `nil`/`-` for standard output.
    ///   - inputs: files this output must not replace, in addition to ``InputFiles/all``.
    public init(path: String?, inputs: [String] = []) throws(OutputError) {
        self.inputs = inputs
        guard let path, path != "-" else {
            self.path = nil
            fd = 1
            ownsDescriptor = false
            atomic = nil
            return
        }
        self.path = path
        try Self.refuseInputs(path, inputs: inputs)
        if let n = Self.standardDescriptor(path) {
            fd = n
            ownsDescriptor = false
            atomic = nil
            return
        }
        var st = stat()
        if stat(path, &st) == 0 {
            let type = st.st_mode & S_IFMT
            if type == S_IFDIR { throw OutputError(path: path, "is a folder; give a file name") }
            if type != S_IFREG {
                // Devices, FIFOs, sockets: write in place, never replace.
                let opened = open(path, O_WRONLY | O_CLOEXEC)
                guard opened >= 0 else { throw OutputError(path: path, "cannot open for writing: \(Self.reason())") }
                fd = opened
                ownsDescriptor = true
                atomic = nil
                return
            }
        }
        let final = Self.resolvedTarget(path)
        let url = URL(fileURLWithPath: final)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw OutputError(path: path, "the folder \(dir) does not exist")
        }
        var created: Int32 = -1
        var temp = ""
        for attempt in 0..<100 {
            temp = dir + "/." + url.lastPathComponent + ".rapport-\(getpid())-\(attempt).tmp"
            let made = TemporaryFiles.create(temp) { open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666) }
            created = made.fd
            errno = made.errno
            if created >= 0 || errno != EEXIST { break }
        }
        guard created >= 0 else {
            throw OutputError(path: path, "cannot create a file in \(dir): \(Self.reason())")
        }
        if stat(final, &st) == 0 { _ = fchmod(created, st.st_mode & 0o7777) }
        fd = created
        ownsDescriptor = true
        atomic = (temp, final)
    }

    deinit { abandon() }

    /// Whether the bytes are replaced atomically at commit (a regular file), rather than
    /// written straight to a stream or device.
    public var isAtomic: Bool { atomic != nil }

    /// Buffers `bytes`, writing through once 1 MiB has accumulated; a large piece is written
    /// directly after what is buffered, without a copy.
    public func write(_ bytes: [UInt8]) throws {
        if bytes.count >= 1 << 18 {
            try flush()
            try Self.writeAll(fd, bytes, name: displayName)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes a string's UTF-8 bytes.
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes out what is buffered.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try Self.writeAll(fd, buffer, name: displayName)
        buffer.removeAll(keepingCapacity: true)
    }

    /// First half of a commit: flushes and, for an atomic target, syncs the temporary file
    /// and checks again that the target is not an input.
    func prepare() throws {
        try flush()
        guard atomic != nil, let path else { return }
        try Self.refuseInputs(path, inputs: inputs)
        if fsync(fd) != 0 { throw OutputError(path: path, "cannot write: \(Self.reason())") }
    }

    /// Second half of a commit: renames the temporary file into place.
    func publish() throws {
        guard !finished else { return }
        finished = true
        defer { if ownsDescriptor { close(fd) } }
        guard let atomic, let path else { return }
        if rename(atomic.temp, atomic.final) != 0 {
            let why = Self.reason()
            unlink(atomic.temp)
            TemporaryFiles.remove(atomic.temp)
            throw OutputError(path: path, "cannot write: \(why)")
        }
        TemporaryFiles.remove(atomic.temp)
        Self.syncFolder(of: atomic.final)
    }

    /// Flushes and puts the file in place (a single output; several go through ``OutputSet``).
    public func commit() throws {
        guard !finished else { return }
        try prepare()
        try publish()
    }

    /// Drops a partly written file; the target is untouched (standard output and devices
    /// cannot be taken back).
    public func abandon() {
        guard !finished else { return }
        finished = true
        if ownsDescriptor { close(fd) }
        if let atomic {
            unlink(atomic.temp)
            TemporaryFiles.remove(atomic.temp)
        }
    }

    /// Writes `bytes` to `path` (standard output for `nil`/`-`) and commits.
    public static func write(_ bytes: [UInt8], to path: String?, inputs: [String] = []) throws {
        let file = try OutputFile(path: path, inputs: inputs)
        try file.write(bytes)
        try file.commit()
    }

    // MARK: - Low level

    /// Writes every byte to `fd`, retrying on `EINTR`. `EPIPE` is ``BrokenPipe``; any other
    /// failure an ``OutputError`` naming `name`.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], name: String) throws {
        var offset = 0
        try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { throw BrokenPipe() }
                    throw OutputError(path: name, "cannot write: \(reason())")
                }
                offset += n
            }
        }
    }

    static func reason() -> String { String(cString: strerror(errno)) }

    /// The descriptor a `/dev/stdout`-style path names, or `nil`.
    static func standardDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            if let n = Int32(path.dropFirst(prefix.count)), n >= 0 { return n }
        }
        return nil
    }

    /// `path` with symbolic links resolved, so a link to a file is kept and its target replaced.
    static func resolvedTarget(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return path }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    static func refuseInputs(_ path: String, inputs: [String]) throws(OutputError) {
        for input in inputs + InputFiles.all where input != "-" && InputFiles.sameFile(path, input) {
            throw OutputError(path: path, "is an input of this run (\(input)); an output never replaces an input: choose another output name")
        }
    }

    /// Syncs the folder entry of a renamed file (best effort: some file systems refuse).
    static func syncFolder(of path: String) {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let d = open(dir, O_RDONLY | O_CLOEXEC)
        if d >= 0 { _ = fsync(d); close(d) }
    }
}

/// The reader of standard output (or of an output FIFO) went away: the run stops quietly with
/// status 141, as programs killed by SIGPIPE do, after removing its temporary files.
public struct BrokenPipe: RapportError, Hashable {
    public init() {}
    public var exitStatus: ExitStatus { .brokenPipe }
    public var description: String { "broken pipe" }
}

/// All the outputs of one run, committed together or not at all.
///
/// ``commit()`` flushes and syncs every file first and renames only when all succeeded; if
/// the run fails before that (an error, a signal), every temporary file is removed and no
/// target changes. Two outputs of one run may not name the same file.
public final class OutputSet {
    private var files: [OutputFile] = []

    public init() {}

    /// Opens one more output of the run.
    public func open(_ path: String?, inputs: [String] = []) throws -> OutputFile {
        if let path, path != "-", OutputFile.standardDescriptor(path) == nil {
            for other in files {
                if let p = other.path, p == path || InputFiles.sameFile(p, path) {
                    throw OutputError(path: path, "is named by two outputs of this run; give each output its own file")
                }
            }
        }
        let file = try OutputFile(path: path, inputs: inputs)
        files.append(file)
        return file
    }

    /// Syncs every output, then puts each in place.
    public func commit() throws {
        do {
            for file in files { try file.prepare() }
        } catch {
            abandon()
            throw error
        }
        for file in files { try file.publish() }
    }

    /// Drops every output not yet committed.
    public func abandon() { for file in files { file.abandon() } }

    deinit { abandon() }
}
