import Foundation
import Testing
@testable import Rapport

/// A temporary output file is created and registered in one step, so a signal's cleanup never
/// sees a file that exists but is not registered. (`OutputLayerTests.signalsRemoveTemporaryFiles`
/// left `.big.csv.rapport-PID-0.tmp` behind under load: SIGTERM landed between the `open` and
/// the registration.) `removeAll()` itself ends the process's ability to create files, so it is
/// exercised only by that end-to-end test, in a child process.
@Suite struct TemporaryFilesTests {
    @Test func createdFileIsRegisteredAtOnce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tmpfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(".x.rapport-test.tmp").path
        var seenInside: Set<String>?
        let made = TemporaryFiles.create(path) {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            seenInside = TemporaryFiles.currentIfUnlocked   // the lock is held: nobody else looks
            return fd
        }
        #expect(made.fd >= 0)
        #expect(seenInside == nil, "the file is created while the registry is locked")
        #expect(TemporaryFiles.current.contains(path))
        close(made.fd)
        TemporaryFiles.remove(path)
        #expect(!TemporaryFiles.current.contains(path))
    }

    @Test func failedCreateRegistersNothingAndKeepsErrno() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tmpfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("exists").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let made = TemporaryFiles.create(path) { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        #expect(made.fd == -1)
        #expect(made.errno == EEXIST)
        #expect(!TemporaryFiles.current.contains(path))
    }
}
