#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the input bytes come from: a file mapped in windows, or a stream read in bounded
/// buffers. Both hand out ``ByteWindow``s moving forward through the input.
protocol ByteSource: AnyObject {
    /// Total size in bytes when known (files), `nil` for streams.
    var size: Int? { get }
    /// A window that holds the bytes from absolute `offset` on: at least `minimum` of them,
    /// or all that remain. Offsets never move back before the previous window's start.
    func window(from offset: Int, minimum: Int) throws(DataError) -> ByteWindow
}

/// What identifies the contents of a file between two looks: device, inode, size and
/// modification time (to the nanosecond).
struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int
    var modified: Int64
    var modifiedNanoseconds: Int

    init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int(st.st_size)
        #if canImport(Darwin)
        modified = Int64(st.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int(st.st_mtimespec.tv_nsec)
        #else
        modified = Int64(st.st_mtim.tv_sec)
        modifiedNanoseconds = Int(st.st_mtim.tv_nsec)
        #endif
    }
}

/// A regular file memory-mapped one window at a time, so that mapped (resident) pages stay
/// bounded by the windows in flight rather than the file size.
///
/// **A file that changes while it is read** is detected, never a crash: a SIGBUS in a window
/// (the file shrank under the mapping) is absorbed by the guard and raises ``changed``; and the
/// file's size and modification time are compared with those it had when opened (and, for a
/// second reading, with the first one's) before each window is mapped and after the read
/// (``checkUnchanged()``). Either way the read stops with ``DataError/Code/inputChanged``.
final class MappedFileSource: ByteSource {
    let path: String
    let fd: Int32
    let size: Int?
    private let fileSize: Int
    /// The file as it was when opened.
    let identity: FileIdentity
    /// Raised by a SIGBUS in one of this file's windows.
    let changed = InputChangeFlag()
    /// Nominal bytes per mapping.
    let windowSize: Int
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String, windowSize: Int) throws(DataError) {
        self.path = path
        self.windowSize = max(windowSize, Self.pageSize)
        InputFiles.register(path)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw DataError(.io, file: path, message: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw DataError(.io, file: path, message: "cannot read the file's size: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw DataError(.io, file: path, message: "is a directory, not a data file")
        }
        self.fd = fd
        self.fileSize = Int(st.st_size)
        self.size = Int(st.st_size)
        self.identity = FileIdentity(st)
    }

    deinit { close(fd) }

    /// Throws ``DataError/Code/inputChanged`` when a fault was absorbed in a window, or the
    /// file's size or modification time is no longer what it was when opened (or `expected`).
    func checkUnchanged(expected: FileIdentity? = nil) throws(DataError) {
        var st = stat()
        let now = fstat(fd, &st) == 0 ? FileIdentity(st) : nil
        let before = expected ?? identity
        guard !changed.raised, let now, now == before else {
            let size = now.map { "\($0.size) bytes" } ?? "unreadable"
            throw DataError(.inputChanged, file: path,
                            message: "the input changed while it was read (\(before.size) bytes when opened, now \(size)); nothing read from it is used. Read a copy that nothing writes to")
        }
    }

    func window(from offset: Int, minimum: Int) throws(DataError) -> ByteWindow {
        try checkUnchanged()
        guard offset < fileSize else { return .empty(at: fileSize) }
        let aligned = offset - offset % Self.pageSize
        let wanted = max(windowSize, offset - aligned + minimum)
        let length = min(fileSize - aligned, wanted)
        var flags = MAP_PRIVATE
        #if os(Linux)
        flags |= MAP_POPULATE
        #endif
        guard let p = mmap(nil, length, PROT_READ, flags, fd, off_t(aligned)),
              p != UnsafeMutableRawPointer(bitPattern: -1)
        else {
            throw DataError(.io, file: path, message: "cannot map bytes \(aligned)–\(aligned + length): \(String(cString: strerror(errno)))")
        }
        return ByteWindow(base: UnsafeRawPointer(p), start: aligned, end: aligned + length,
                          reachesEnd: aligned + length == fileSize, release: .unmap(p, length),
                          guarding: changed)
    }
}

/// A stream (standard input, a pipe) read into fresh bounded buffers. Bytes still needed
/// from the previous buffer (an incomplete row) are copied to the front of the next one.
final class StreamSource: ByteSource {
    let name: String
    let fd: Int32
    let size: Int? = nil
    let bufferSize: Int
    private var previous: ByteWindow?
    private var atEOF = false

    init(fd: Int32, name: String, bufferSize: Int) {
        self.fd = fd
        self.name = name
        self.bufferSize = max(bufferSize, 64)
    }

    func window(from offset: Int, minimum: Int) throws(DataError) -> ByteWindow {
        let prevStart = previous?.start ?? 0
        let prevEnd = previous?.end ?? 0
        precondition(offset >= prevStart && (previous == nil || offset <= prevEnd),
                     "stream windows only move forward, without gaps")
        if atEOF, let previous, offset >= prevEnd {
            return .empty(at: previous.end)
        }
        if atEOF, let previous, offset >= previous.start {
            // Nothing more to read: the previous window already holds the rest.
            return previous
        }
        let carried = max(0, prevEnd - offset)
        let capacity = max(bufferSize, minimum, carried + 1)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        if carried > 0, let previous {
            buffer.copyMemory(from: previous.pointer(offset), byteCount: carried)
        }
        var filled = carried
        var eof = false
        while filled < capacity {
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                buffer.deallocate()
                throw DataError(.io, file: name, message: "cannot read: \(message)")
            }
            if n == 0 { eof = true; break }
            filled += n
        }
        atEOF = eof
        let w = ByteWindow(base: UnsafeRawPointer(buffer), start: offset, end: offset + filled,
                           reachesEnd: eof, release: .free(buffer))
        previous = w
        return w
    }
}
