import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Rapport

/// The Dispatch engine: order, bounds, errors.
@Suite struct PipelineTests {
    /// Counts work running at once and inputs submitted but not delivered.
    final class Gauge: Sendable {
        let state = Mutex<(running: Int, maxRunning: Int)>((0, 0))
        func enter() { state.withLock { $0.running += 1; $0.maxRunning = max($0.maxRunning, $0.running) } }
        func leave() { state.withLock { $0.running -= 1 } }
        var maxRunning: Int { state.withLock { $0.maxRunning } }
    }

    @Test(arguments: [1, 2, 3, 8])
    func deliversInInputOrderWithinBounds(threads: Int) throws {
        let pipeline = ChunkPipeline(threads: threads, maxInFlight: threads + 1)
        let gauge = Gauge()
        var produced = 0
        var delivered: [Int] = []
        var maxOutstanding = 0
        try pipeline.run(
            next: { () -> Int? in
                guard produced < 200 else { return nil }
                produced += 1
                maxOutstanding = max(maxOutstanding, produced - delivered.count)
                return produced - 1
            },
            work: { i -> Int in
                gauge.enter()
                defer { gauge.leave() }
                // Uneven work so that later inputs often finish first.
                var x = UInt64(i)
                for _ in 0..<((i * 7919) % 13 * 2000) { x = x &* 6364136223846793005 &+ 1 }
                return i * 10 + Int(x & 0)
            },
            deliver: { delivered.append($0) })
        #expect(delivered == (0..<200).map { $0 * 10 })
        #expect(gauge.maxRunning <= threads)
        #expect(maxOutstanding <= threads + 1)
    }

    struct Boom: Error, Equatable { var at: Int }

    @Test func aWorkerErrorStopsInOrder() {
        let pipeline = ChunkPipeline(threads: 4)
        var produced = 0
        var delivered: [Int] = []
        #expect(throws: Boom(at: 37)) {
            try pipeline.run(
                next: { () -> Int? in
                    produced += 1
                    return produced <= 1000 ? produced - 1 : nil
                },
                work: { i -> Int in
                    if i == 37 || i == 39 { throw Boom(at: i) }
                    return i
                },
                deliver: { delivered.append($0) })
        }
        #expect(delivered == Array(0..<37))
        #expect(produced < 1000)
    }

    @Test func aProducerErrorComesAfterEverythingItProduced() {
        let pipeline = ChunkPipeline(threads: 2)
        var produced = 0
        var delivered: [Int] = []
        #expect(throws: Boom(at: -1)) {
            try pipeline.run(
                next: { () throws -> Int? in
                    if produced == 10 { throw Boom(at: -1) }
                    produced += 1
                    return produced - 1
                },
                work: { $0 },
                deliver: { delivered.append($0) })
        }
        #expect(delivered == Array(0..<10))
    }

    @Test func aSinkErrorStops() {
        let pipeline = ChunkPipeline(threads: 2)
        var produced = 0
        #expect(throws: Boom(at: 5)) {
            try pipeline.run(
                next: { () -> Int? in
                    produced += 1
                    return produced <= 100 ? produced - 1 : nil
                },
                work: { $0 },
                deliver: { if $0 == 5 { throw Boom(at: 5) } })
        }
    }

    /// Workers take queued inputs themselves; when `run` returns (normally or by an error)
    /// every worker has stopped and the inputs still queued were dropped, not worked.
    @Test(arguments: [1, 2, 4])
    func noWorkRunsAfterRunReturns(threads: Int) {
        let pipeline = ChunkPipeline(threads: threads, maxInFlight: 16)
        let worked = Mutex(0)
        #expect(throws: Boom(at: 3)) {
            try pipeline.run(
                next: { () -> Int? in 0 },
                work: { i -> Int in
                    usleep(2000)
                    worked.withLock { $0 += 1 }
                    return i
                },
                deliver: { _ in
                    let n = worked.withLock { $0 }
                    if n >= 3 { throw Boom(at: 3) }
                })
        }
        let atReturn = worked.withLock { $0 }
        usleep(50_000)
        #expect(worked.withLock { $0 } == atReturn)
        #expect(atReturn < 3 + 16, "queued inputs were dropped")
    }

    @Test func emptyInput() throws {
        var delivered = 0
        try ChunkPipeline(threads: 2).run(next: { () -> Int? in nil }, work: { $0 }, deliver: { _ in delivered += 1 })
        #expect(delivered == 0)
    }

    @Test func shardSyntax() throws {
        let s = try Shard(parsing: "2/8")
        #expect(s.index == 2 && s.count == 8 && s.description == "2/8")
        for bad in ["0/3", "4/3", "1/0", "a/b", "3", "1/2/3", ""] {
            #expect(throws: DataError.self) { _ = try Shard(parsing: bad) }
        }
    }

    @Test func shardCutsLieOnTheGrid() {
        for n in 1...7 {
            var previous = 100
            for i in 0...n {
                let cut = Shard.nominalCut(i, count: n, dataStart: 100, size: 10_000, gridSize: 64)
                #expect(cut >= previous)
                if i > 0 && i < n { #expect(cut % 64 == 0 || cut == 100) }
                previous = cut
            }
            #expect(Shard.nominalCut(n, count: n, dataStart: 100, size: 10_000, gridSize: 64) == 10_000)
        }
    }
}
