import Benchmark
import Foundation
import Rapport
import RapportStatistics

/// The hot path of `rapport score` and `rapport reliability`, in units of 10k+ rows.
///
/// Inputs are simulated WAI-SR responses (12 items, 1–5, 3% missing, fixed seed), written to
/// temporary files once per process. Only `mallocCountTotal` is gated (absolute thresholds in
/// `Thresholds/`); wall clock is reported, never gated: it is too noisy on a shared machine.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 50,
        // Tolerance around the committed static thresholds (Thresholds/*.p90.json, which
        // hold mallocCountTotal only, so nothing else is gated).
        // ±8 allocations: the first-touch growth of a few buffers varies by a handful
        // between runs (score_block measured 16 and 20).
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 8])]
    )
    // The parallel pipelines: Dispatch's own bookkeeping varies a little from run to run.
    let pipeline = Benchmark.Configuration(
        metrics: Benchmark.defaultConfiguration.metrics, timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: .seconds(10), maxIterations: 5,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0])])

    // One chunk's worth of work, on a single thread: read a 10k-row file (mapped, parsed,
    // classified into a ResponseBlock).
    Benchmark("parse_10k_rows_1_thread") { benchmark in
        let f = Fixture.shared
        for _ in benchmark.scaledIterations {
            let reader = try ResponseReader(.file(f.small.path), options: ReaderOptions(threads: 1))
            var rows = 0
            _ = try reader.forEachBlock(plan: f.small.columns) { rows += $0.rowCount }
            blackHole(rows)
        }
    }

    // Scoring a block of 10k rows already in memory (reverse keys, validity rule, sub-scales).
    Benchmark("score_block_10k_rows") { benchmark in
        let f = Fixture.shared
        var out = f.scorer.score(f.block)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            f.scorer.score(f.block, into: &out)
            blackHole(out.scores.count)
        }
    }

    // Accumulating the moments (sums, cross-products, frequencies) of every WAI-SR scale
    // over a block of 10k rows.
    Benchmark("accumulate_moments_10k_rows") { benchmark in
        let f = Fixture.shared
        let entries = f.plan.entries
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var moments = f.plan.emptyMoments()
            f.block.values.withUnsafeBufferPointer { buf in
                for (i, e) in entries.enumerated() {
                    moments[i].add(values: buf, rowCount: f.block.rowCount, rowStride: f.block.itemCount,
                                   offsets: e.slots)
                }
            }
            blackHole(moments[0].rows)
        }
    }

    // The whole reliability pipeline on a 1M-row file: parallel read, moments, the report's
    // statistics (α family, ω, all 924 splits of 12 items).
    Benchmark("reliability_pipeline_1M_rows",
              configuration: pipeline) { benchmark in
        let f = Fixture.shared
        let large = f.large
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let reader = try ResponseReader(.file(large.path), options: ReaderOptions())
            let acc = try ReliabilityEngine.accumulate(reader: reader, columns: large.columns, plan: f.plan).all
            let scales = ReliabilityEngine.analyze(acc, options: ReliabilityOptions())
            blackHole(scales.count)
        }
    }

    // The whole scoring pipeline on the 1M-row file (without formatting the output).
    Benchmark("score_pipeline_1M_rows",
              configuration: pipeline) { benchmark in
        let f = Fixture.shared
        let large = f.large
        let scorer = f.scorer
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let reader = try ResponseReader(.file(large.path), options: ReaderOptions())
            var rows = 0
            _ = try reader.read(plan: large.columns, transform: { block in scorer.score(block).rowCount },
                                sink: { rows += $0 })
            blackHole(rows)
        }
    }
}
