import Crypto
import Foundation

/// SHA-256 of an input file, for the provenance of every report.
public enum FileDigest {
    /// Lower-case hex SHA-256 of the file's bytes, read in 8 MiB pieces (bounded memory).
    public static func sha256(path: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw DataFileUnreadable(path: path)
        }
        defer { try? h.close() }
        var hasher = Crypto.SHA256()
        while true {
            let d = h.readData(ofLength: 8 << 20)
            if d.isEmpty { break }
            hasher.update(data: d)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Starts hashing on a background queue; `wait()` returns the digest (nil if unreadable).
    public final class Background: @unchecked Sendable {
        private let group = DispatchGroup()
        private var result: String?
        public init(path: String) {
            group.enter()
            DispatchQueue.global(qos: .utility).async {
                self.result = try? FileDigest.sha256(path: path)
                self.group.leave()
            }
        }
        public func wait() -> String? {
            group.wait()
            return result
        }
    }
}

struct DataFileUnreadable: Error, CustomStringConvertible {
    var path: String
    var description: String { "\(path): cannot open the file" }
}
