import Foundation
import Testing
@testable import Rapport

/// SHA-256 fingerprints (swift-crypto underneath): FIPS 180-4 / NIST example vectors through
/// the hex writer, files read in pieces, and read errors surfaced instead of a `null` digest.
@Suite struct FileDigestTests {
    @Test func fipsVectors() {
        #expect(FileDigest.sha256([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(FileDigest.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(FileDigest.sha256(Array(twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let long = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(FileDigest.sha256(Array(long.utf8)) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(FileDigest.sha256([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// A file larger than one 8 MiB read gives the digest of its bytes, in the foreground and
    /// in the background.
    @Test func fileInPiecesEqualsBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = dir.appendingPathComponent("big.bin")
        try Data(bytes).write(to: file)
        #expect(try FileDigest.sha256(path: file.path) == FileDigest.sha256(bytes))
        #expect(try FileDigest.Background(path: file.path).wait() == FileDigest.sha256(bytes))
    }

    /// A folder opens but cannot be read: the error names the file and the system's reason
    /// (it used to crash inside Foundation, or become `sha256: null`).
    @Test func readErrorsAreThrown() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { try FileDigest.sha256(path: dir.path) } throws: { error in
            "\(error)" == "\(dir.path): cannot read the file (Is a directory)"
        }
        #expect(throws: DataFileUnreadable.self) { try FileDigest.Background(path: dir.path).wait() }
        let missing = dir.appendingPathComponent("none.csv").path
        #expect(throws: DataFileUnreadable(path: missing, reason: "cannot open the file")) {
            try FileDigest.sha256(path: missing)
        }
    }
}
