import Foundation
import Testing
@testable import Rapport

/// What a state file records as covered (``InputCoverage/init(readBy:bytes:sha256:)``): the
/// whole file, a shard's byte range, or, with nothing recorded, the bytes read.
@Suite struct InputCoverageTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Datasets/wai-sr-2000.csv").path

    func read(shard: Shard?) throws -> (ResponseReader, ReliabilityAccumulation) {
        let instrument = try InstrumentCatalog.resolve("wai-sr")
        var options = ReaderOptions(threads: 1, shard: shard)
        options.gridSize = 4096  // shards cut on this grid: both halves of the 63 kB file get rows
        let reader = try ResponseReader(.file(Self.file), options: options)
        let mapping = try ColumnMapping.resolve(instruments: [instrument], header: reader.header, file: Self.file)
        let columns = try ColumnPlan(header: reader.header, requests: mapping.slots.map {
            .init(item: "wai-sr:\($0.item)", column: $0.columnName, scale: $0.responseScale)
        }, file: Self.file)
        let plan = try ReliabilityPlan(instruments: [instrument], itemSlots: mapping.itemSlots)
        let (acc, _, _) = try ReliabilityEngine.accumulate(reader: reader, columns: columns, plan: plan, retain: false)
        return (reader, acc)
    }

    @Test func wholeFileShardsAndNothingRecorded() throws {
        let size = try #require(try FileManager.default.attributesOfItem(atPath: Self.file)[.size] as? Int)
        let (reader, acc) = try read(shard: nil)
        let whole = InputCoverage(readBy: reader, bytes: acc.data.bytes, sha256: "ab")
        #expect(whole == InputCoverage(fileSize: size, dataStart: reader.dataStart, start: reader.dataStart, end: size,
                                       sha256: "ab"))
        #expect(reader.dataStart > 0)
        let (first, firstAcc) = try read(shard: try Shard(index: 1, count: 2))
        let (second, secondAcc) = try read(shard: try Shard(index: 2, count: 2))
        let a = InputCoverage(readBy: first, bytes: firstAcc.data.bytes, sha256: nil)
        let b = InputCoverage(readBy: second, bytes: secondAcc.data.bytes, sha256: nil)
        #expect(a.start == reader.dataStart && a.end == b.start && b.end == size && a.fileSize == size)
        #expect(a.start < a.end && b.start < b.end)
        // A reader that recorded nothing (standard input; here: not read yet).
        let fresh = try ResponseReader(.file(Self.file), options: ReaderOptions(threads: 1))
        #expect(InputCoverage(readBy: fresh, bytes: 500, sha256: nil)
                == InputCoverage(fileSize: 500, dataStart: fresh.dataStart, start: fresh.dataStart, end: 500, sha256: nil))
    }
}
