import Crypto
import Dispatch
import Foundation
import Synchronization

/// SHA-256 fingerprints for provenance: of an instrument definition's bytes and of every input
/// file a report names. swift-crypto computes them (the one SHA-256 in Rapport); this type only
/// reads the bytes and writes the digest as lower-case hexadecimal.
public enum FileDigest {
    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256<D: DataProtocol>(_ bytes: D) -> String {
        hex(Crypto.SHA256.hash(data: bytes))
    }

    /// Lower-case hex SHA-256 of the file's bytes, read through one reused 1 MiB buffer
    /// (bounded memory; the buffer stays in cache and nothing is allocated per piece).
    ///
    /// - Throws: ``DataFileUnreadable`` naming the file and the system's reason when it cannot
    ///   be opened or a read fails (a folder, an I/O error): never a partial digest.
    public static func sha256(path: String) throws(DataFileUnreadable) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DataFileUnreadable(path: path, reason: "cannot open the file") }
        defer { close(fd) }
        var hasher = Crypto.SHA256()
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw DataFileUnreadable(path: path, reason: "cannot read the file (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: n))
        }
        return hex(hasher.finalize())
    }

    private static func hex<S: Sequence<UInt8>>(_ digest: S) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Hashes a file on a background queue while the caller reads it; ``wait()`` returns the
    /// digest or throws the read error. Sendable by construction: the result crosses threads
    /// only inside a `Mutex`.
    public final class Background: Sendable {
        private let group = DispatchGroup()
        private let result = Mutex<Result<String, DataFileUnreadable>?>(nil)

        public init(path: String) {
            group.enter()
            DispatchQueue.global(qos: .utility).async { [self] in
                let digest = Result { () throws(DataFileUnreadable) in try FileDigest.sha256(path: path) }
                result.withLock { $0 = digest }
                group.leave()
            }
        }

        /// Blocks until the digest is ready.
        /// - Throws: ``DataFileUnreadable`` when the file could not be read to the end.
        public func wait() throws(DataFileUnreadable) -> String {
            group.wait()
            return try result.withLock { $0! }.get()
        }
    }
}

/// An input file that cannot be read for its fingerprint (exit status 2).
public struct DataFileUnreadable: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// Why, in words: `cannot open the file`, `cannot read the file (Is a directory)`.
    public var reason: String
    public init(path: String, reason: String = "cannot open the file") {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}
