import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// `rapport score`'s rows, in-process: compact blocks score like `values` blocks, and the
/// table-driven formatter writes the bytes the per-number formatter writes, for every built-in
/// instrument, output kind and number format.
@Suite struct ScoreOutputTests {
    /// A simulated file for `instrument` (missing and not-applicable answers included).
    static func simulated(_ instrument: Instrument, rows: Int, seed: UInt64) throws -> URL {
        let hasNA = instrument.responseScales.contains { $0.codes.contains { $0.meaning == .notApplicable } }
        let sim = try ResponseSimulator(instrument: instrument, options: .init(
            rows: rows, seed: seed, missingRate: 0.05, carelessRate: 0.02, notApplicableRate: hasNA ? 0.05 : 0))
        var bytes: [UInt8] = []
        try sim.write { bytes += $0 }
        return try CSVTest.temporaryFile(Data(bytes), name: "\(instrument.id).csv")
    }

    /// A reader, column plan and scorer over a simulated file for `instrument`.
    static func scoring(_ instrument: Instrument, rows: Int, seed: UInt64) throws
        -> (reader: ResponseReader, columns: ColumnPlan, scorer: Scorer)
    {
        let url = try simulated(instrument, rows: rows, seed: seed)
        let reader = try ResponseReader(.file(url.path))
        let mapping = try ColumnMapping.resolve(instruments: [instrument], header: reader.header, file: url.path)
        let columns = try ColumnPlan(header: reader.header, requests: mapping.slots.map {
            .init(item: $0.item, column: $0.columnName, scale: $0.responseScale)
        }, file: url.path)
        return (reader, columns, try Scorer(instrument: instrument, itemSlots: mapping.itemSlots[0]))
    }

    /// Every row scored and formatted, blocks in `layout`.
    static func output(_ url: URL, _ instrument: Instrument, layout: CellLayout, kind: ScoreOutputFormat.Kind,
                       numbers: ScoreFormat, tables: Bool) throws -> (bytes: [UInt8], compactBlocks: Int) {
        var options = ReaderOptions(threads: 2)
        options.gridSize = 8192
        let reader = try ResponseReader(.file(url.path), options: options)
        let mapping = try ColumnMapping.resolve(instruments: [instrument], header: reader.header, file: url.path)
        let columns = try ColumnPlan(header: reader.header, requests: mapping.slots.map {
            .init(item: $0.item, column: $0.columnName, scale: $0.responseScale)
        }, file: url.path)
        let scorer = try Scorer(instrument: instrument, itemSlots: mapping.itemSlots[0])
        let format = ScoreOutputFormat(kind: kind, numbers: numbers, passthroughNames: [], scorers: [scorer],
                                       tables: tables)
        var out = format.header()
        var compactBlocks = 0
        _ = try reader.read(plan: columns, layout: layout, transform: { block -> ([UInt8], Bool) in
            var bytes: [UInt8] = []
            format.format(rowCount: block.rowCount, passthrough: block.passthrough, scored: [scorer.score(block)],
                          into: &bytes)
            return (bytes, block.compact != nil)
        }, sink: { bytes, compact in
            out += bytes
            if compact { compactBlocks += 1 }
        })
        return (out, compactBlocks)
    }

    @Test(arguments: InstrumentCatalog.builtins.map(\.id))
    func tablesAndCompactBlocksWriteTheSameBytes(instrument id: String) throws {
        let instrument = try InstrumentCatalog.resolve(id)
        let url = try Self.simulated(instrument, rows: 3000, seed: 7)
        for kind in ScoreOutputFormat.Kind.allCases {
            for numbers in [ScoreFormat.shortest, .fixed(3)] {
                let reference = try Self.output(url, instrument, layout: .values, kind: kind, numbers: numbers, tables: false)
                #expect(reference.compactBlocks == 0)
                #expect(reference.bytes.count > 3000 * 4)
                let fast = try Self.output(url, instrument, layout: .compact, kind: kind, numbers: numbers, tables: true)
                #expect(fast.compactBlocks > 0, "\(id): the simulated items are on their grids")
                #expect(fast.bytes == reference.bytes, "\(id), \(kind), \(numbers)")
            }
        }
    }

    /// The tables cover what rows produce: every score seen is among the scale's possible
    /// scores (when the scale has a table), so rows are copied, not formatted.
    @Test(arguments: InstrumentCatalog.builtins.map(\.id))
    func possibleScoresCoverEveryScore(instrument id: String) throws {
        let instrument = try InstrumentCatalog.resolve(id)
        let (reader, columns, scorer) = try Self.scoring(instrument, rows: 2000, seed: 9)
        let possible = scorer.scales.indices.map { scorer.possibleScores(ofScale: $0).map { Set($0.map(\.bitPattern)) } }
        #expect(possible.contains { $0 != nil }, "\(id): at least one scale has a table")
        _ = try reader.forEachBlock(plan: columns) { block in
            let scored = scorer.score(block)
            for r in 0..<scored.rowCount {
                for j in scorer.scales.indices {
                    let x = scored.score(row: r, scale: j)
                    guard x.isFinite, let set = possible[j] else { continue }
                    #expect(set.contains(x.bitPattern), "\(id).\(scorer.scales[j].id): \(x) not listed")
                }
            }
        }
    }

    /// Reliability's scores-only pass gives the scores and statuses the full pass gives, from
    /// either block form, and leaves the rest at its documented defaults.
    @Test(arguments: InstrumentCatalog.builtins.map(\.id))
    func scoresOnlyEqualsTheFullPass(instrument id: String) throws {
        let instrument = try InstrumentCatalog.resolve(id)
        let (reader, columns, scorer) = try Self.scoring(instrument, rows: 2000, seed: 11)
        var rows = 0, valid = 0
        for layout in [CellLayout.values, .compact] {
            _ = try reader.read(plan: columns, layout: layout, transform: { block -> Int in
                let full = scorer.score(block)
                let only = scorer.scoresOnly(block)
                #expect(only.rowCount == full.rowCount && only.scaleCount == full.scaleCount)
                #expect(only.scores.map(\.bitPattern) == full.scores.map(\.bitPattern), "\(id), \(layout)")
                #expect(only.status == full.status, "\(id), \(layout)")
                #expect(only.answered.allSatisfy { $0 == 0 } && only.cutoffs.allSatisfy { $0 == 0 }
                        && only.bands.allSatisfy { $0 == -1 })
                return full.status.filter { $0 == .valid }.count
            }, sink: { v in valid += v; rows += 1 })
        }
        #expect(rows > 0 && valid > 0, "\(id): blocks were scored")
    }
}
