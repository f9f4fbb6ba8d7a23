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

/// A regular file memory-mapped one window at a time, so that mapped (resident) pages stay
/// bounded by the windows in flight rather than the file size.
final class MappedFileSource: ByteSource {
    let path: String
    let fd: Int32
    let size: Int?
    private let fileSize: Int
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
    }

    deinit { close(fd) }

    func window(from offset: Int, minimum: Int) throws(DataError) -> ByteWindow {
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
                          reachesEnd: aligned + length == fileSize, release: .unmap(p, length))
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
