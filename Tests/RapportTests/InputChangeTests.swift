import Foundation
import Synchronization
import Testing
@testable import Rapport

/// Issue 11, failure 4: a file truncated while it was read killed every run with SIGBUS (the
/// mapped windows). Now the fault is absorbed and every change to the file — shrinking,
/// growing, rewriting in place, between two readings — stops the read with
/// `input-changed` (exit 2).
@Suite(.serialized) struct InputChangeTests {
    static func file(rows: Int) throws -> URL {
        var text = "a,b,c\n"
        text.reserveCapacity(rows * 6 + 6)
        for r in 0..<rows { text += "\(r % 5 + 1),\((r / 5) % 5 + 1),\((r / 25) % 5 + 1)\n" }
        return try CSVTest.temporaryFile(text, name: "changing-\(UUID().uuidString).csv")
    }

    static func plan(_ reader: ResponseReader) throws -> ColumnPlan {
        let scale = ResponseScale(id: "l5", min: 1, max: 5)
        return try ColumnPlan(header: reader.header, requests: reader.header.map {
            ColumnPlan.Request(item: $0, column: $0, scale: scale)
        })
    }

    /// Reads with small windows and chunks; `change` runs on the reading thread once about
    /// `after` bytes have been delivered.
    static func read(_ url: URL, after: Int, threads: Int = 2, change: @escaping @Sendable () -> Void) throws -> DataError? {
        var options = ReaderOptions(threads: threads)
        options.gridSize = 4096
        options.windowSize = 64 << 10
        let fired = Mutex(false)
        options.progress = { p in
            guard p.bytesDone >= after else { return }
            let first = fired.withLock { f -> Bool in
                defer { f = true }
                return !f
            }
            if first { change() }
        }
        let reader = try ResponseReader(.file(url.path), options: options)
        do {
            _ = try reader.read(plan: try plan(reader), transform: { $0.rowCount }, sink: { _ in })
            return nil
        } catch let e as DataError {
            return e
        }
    }

    /// The mechanism itself: a mapped window read after its file was truncated. Without the
    /// guard this access is a SIGBUS that kills the process.
    @Test func faultInAMappedWindowIsAbsorbed() throws {
        let url = try Self.file(rows: 40_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try MappedFileSource(path: url.path, windowSize: 1 << 20)
        let window = try source.window(from: 0, minimum: 1)
        let before = InputGuardCounters.faults
        #expect(truncate(url.path, 4096) == 0)
        // Past the new end: the guard maps zeros there and raises the source's flag.
        var sum = 0
        for offset in stride(from: 8192, to: window.end, by: 4096) { sum &+= Int(window.pointer(offset)[0]) }
        #expect(sum == 0)
        #expect(InputGuardCounters.faults > before)
        #expect(source.changed.raised)
        #expect(throws: DataError.self) { try source.checkUnchanged() }
    }

    @Test(arguments: [1, 2])
    func truncatedDuringARead(threads: Int) throws {
        let url = try Self.file(rows: 200_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let path = url.path
        let error = try Self.read(url, after: 100_000, threads: threads) { _ = truncate(path, 150_000) }
        let e = try #require(error, "a read of a file that shrank succeeded")
        #expect(e.code == .inputChanged)
        #expect(e.exitStatus == .unusable)
        #expect(e.description.contains("the input changed while it was read"))
        #expect(e.description.contains(path))
    }

    @Test func rewrittenInPlaceDuringARead() throws {
        let url = try Self.file(rows: 200_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let path = url.path
        let error = try Self.read(url, after: 100_000) {
            // Same size, other bytes, a later modification time.
            let fd = open(path, O_WRONLY)
            var byte: UInt8 = 0x34
            _ = pwrite(fd, &byte, 1, 600_000)
            _ = futimens(fd, nil)
            close(fd)
        }
        #expect(error?.code == .inputChanged)
    }

    @Test func grownDuringARead() throws {
        let url = try Self.file(rows: 200_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let path = url.path
        let error = try Self.read(url, after: 100_000) {
            if let h = FileHandle(forWritingAtPath: path) {
                h.seekToEndOfFile()
                h.write(Data("1,1,1\n".utf8))
                try? h.close()
            }
        }
        #expect(error?.code == .inputChanged)
    }

    /// Two readings of one file (screen, --exclude-flagged, histograms) must read the same file.
    @Test func changedBetweenReadings() throws {
        let url = try Self.file(rows: 1000)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try ResponseReader(.file(url.path))
        let plan = try Self.plan(reader)
        _ = try reader.read(plan: plan, transform: { $0.rowCount }, sink: { _ in })
        let h = try #require(FileHandle(forWritingAtPath: url.path))
        h.seekToEndOfFile()
        h.write(Data("2,2,2\n".utf8))
        try h.close()
        #expect(throws: DataError.self) {
            _ = try reader.read(plan: plan, transform: { $0.rowCount }, sink: { _ in })
        }
    }

    /// An unchanged file still reads, twice.
    @Test func unchangedFileReads() throws {
        let url = try Self.file(rows: 50_000)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Self.read(url, after: 10_000) {} == nil)
    }
}
