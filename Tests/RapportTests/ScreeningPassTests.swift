import Foundation
import Testing
@testable import Rapport

@Suite struct ScreeningPassTests {
    /// A simulated WAI-SR-like file with careless rows and missing cells, on disk.
    static func simulatedFile(rows: Int = 3000) throws -> (url: URL, instrument: Instrument) {
        let instrument = ScreeningRecallTests.waiLike(reversed: [2, 7, 12])
        let sim = try ResponseSimulator(instrument: instrument,
                                        options: .init(rows: rows, seed: 99, missingRate: 0.03, carelessRate: 0.1))
        var bytes: [UInt8] = []
        try sim.write { bytes += $0 }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("screening-pass-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        return (url, instrument)
    }

    /// A reader of `url` with the instrument's column plan and its screening plan.
    static func screening(_ url: URL, _ instrument: Instrument, options: ReaderOptions = ReaderOptions()) throws
        -> (reader: ResponseReader, columns: ColumnPlan, plan: ScreeningPlan) {
        let reader = try ResponseReader(.file(url.path), options: options)
        let columns = try ColumnPlan(header: reader.header, instrument: instrument)
        let slots = Dictionary(uniqueKeysWithValues: columns.items.enumerated().map { ($1.item, $0) })
        return (reader, columns, ScreeningPlan(instrument: instrument, itemSlots: slots))
    }

    @Test func sameResultAtAnyThreadCountAndChunkGrid() throws {
        let (url, instrument) = try Self.simulatedFile()
        defer { try? FileManager.default.removeItem(at: url) }
        var outputs: [[String]] = []
        for (threads, grid) in [(1, 1 << 20), (2, 4096), (3, 1000)] {
            var options = ReaderOptions(threads: threads)
            options.gridSize = grid
            let (reader, columns, plan) = try Self.screening(url, instrument, options: options)
            let (results, report) = try ScreeningPass.screen(reader: reader, columns: columns, plans: [plan],
                                                             thresholds: ScreeningThresholds())
            #expect(report.rowsRead == 3000)
            #expect(results[0].rows.count == 3000)
            #expect(results[0].rows.map(\.line) == Array(2...3001))
            outputs.append(results[0].rows.map { String(describing: $0) })
        }
        #expect(outputs[0] == outputs[1])
        // Keeping only the flags gives the same flags and counts.
        let (reader, columns, plan) = try Self.screening(url, instrument)
        let full = try ScreeningPass.screen(reader: reader, columns: columns, plans: [plan],
                                            thresholds: ScreeningThresholds()).results[0]
        let light = try ScreeningPass.screen(reader: reader, columns: columns, plans: [plan],
                                             thresholds: ScreeningThresholds(), keepRows: false).results[0]
        #expect(light.rows.isEmpty && light.rowCount == 3000)
        #expect(light.flaggedCount == full.flaggedCount && light.countsByIndex == full.countsByIndex)
        #expect(full.rows.allSatisfy { light.isFlagged(line: $0.line) == $0.isFlagged })
        #expect(outputs[0] == outputs[2])
    }

    @Test func skippingTheFirstPassLeavesSampleIndicesEmpty() throws {
        let (url, instrument) = try Self.simulatedFile(rows: 200)
        defer { try? FileManager.default.removeItem(at: url) }
        let (reader, columns, plan) = try Self.screening(url, instrument)
        let (results, _) = try ScreeningPass.screen(reader: reader, columns: columns, plans: [plan],
                                                    thresholds: ScreeningThresholds(), sampleIndices: false)
        #expect(results[0].rows.allSatisfy { $0.mahalanobisD2.isNaN && $0.personTotal.isNaN })
        #expect(results[0].rows.contains { $0.flags == [.longstring] })
    }
}
