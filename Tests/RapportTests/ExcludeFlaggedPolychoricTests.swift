import Foundation
import Testing
@testable import Rapport

/// `--exclude-flagged --correlations polychoric` (issue 13 review): the kept rows' accumulation
/// had no category tables, so their "polychoric" α and ω were silently Pearson's. The kept rows
/// now get tables of their own, equal to those of a file holding only the kept rows.
@Suite struct ExcludeFlaggedPolychoricTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func accumulate(_ path: String, excluding: Set<Int>?, threads: Int = 2)
        throws -> (all: ReliabilityAccumulation, kept: ReliabilityAccumulation?) {
        var options = ReaderOptions(threads: threads)
        options.gridSize = 512
        let reader = try ResponseReader(.file(path), options: options)
        let scale = ResponseScale(id: "likert", min: 1, max: 5, step: 1)
        let items = (1...6).map { "q\($0)" }
        let columns = try ColumnPlan(header: reader.header, requests: items.map { .init(item: "quick:\($0)", column: $0, scale: scale) },
                                     file: path)
        let instrument = try QuickScale.instrument(scales: [try QuickScale.parse("s=" + items.joined(separator: ","))],
                                                   range: try QuickScale.Range.parse("1-5"), scoring: .mean)
        let plan = try ReliabilityPlan(instruments: [instrument], itemSlots: [Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1, $0) })])
        let (all, kept, _) = try ReliabilityEngine.accumulate(reader: reader, columns: columns, plan: plan,
                                                              excludingLines: excluding, polychoric: true)
        return (all, kept)
    }

    @Test func keptRowsHaveTheirOwnTables() throws {
        let path = Self.root.appendingPathComponent("Tests/RapportCLITests/Fixtures/exclude-flagged/polychoric.csv").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        // The planted straight-lined rows (make-exclude-flagged-polychoric-reference.R), by file line.
        let planted = Set(lines.indices.dropFirst().filter { i in
            let cells = lines[i].split(separator: ",", omittingEmptySubsequences: false)
            return cells.count == 6 && Set(cells).count == 1
        }.map { $0 + 1 })
        #expect(planted.count == 30)
        let keptText = lines.enumerated().filter { !planted.contains($0.offset + 1) }.map(\.element).joined(separator: "\n")
        let keptFile = try CSVTest.temporaryFile(keptText, name: "kept.csv")
        let reference = try Self.accumulate(keptFile.path, excluding: nil, threads: 1).all
        for threads in [1, 3] {
            let (all, kept) = try Self.accumulate(path, excluding: planted, threads: threads)
            let tables = try #require(kept?.polychoric, "the kept rows have no category tables")
            #expect(tables == reference.polychoric)
            #expect(tables != all.polychoric)
            // So their polychoric α is the kept file's, not the Pearson α it used to be.
            var options = ReliabilityOptions()
            options.correlations = .polychoric
            let keptAlpha = ReliabilityEngine.analyze(try #require(kept), options: options)[0].alpha.raw
            #expect(keptAlpha == ReliabilityEngine.analyze(reference, options: options)[0].alpha.raw)
            #expect(keptAlpha != ReliabilityEngine.analyze(try #require(kept), options: ReliabilityOptions())[0].alpha.raw)
        }
    }
}
