import Foundation
import Testing
@testable import Rapport

/// The one screening tally (`screen`'s summary, `--exclude-flagged`, `check --max-flagged-rate`,
/// ``ScreeningResult``) and ``ResponseBlock/keepingRows(where:)``.
@Suite struct ScreeningTallyTests {
    /// Rows of the planted scenario in ``ScreeningTests``: a straight line, an off-model row, a
    /// failed and a skipped attention check.
    static func plantedRows() -> (block: ResponseBlock, rows: [ScreeningRow]) {
        var rows = attentiveRows(120)
        rows[10] = Array(repeating: 4, count: 12) + [2]
        rows[20] = [1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 2]
        rows[30][12] = 5
        let plan = ScreeningPlan(instrument: screeningInstrument(), itemSlots: itemSlots)
        let block = screeningBlock(rows, durations: rows.indices.map { "d\($0)" })
        let screener = Screener(plan: plan, moments: Screener.firstPass(block, plan: plan))
        return (block, screener.screen(block))
    }

    @Test func countsOnceInFlaggedAndUnderEveryIndex() {
        let (_, rows) = Self.plantedRows()
        var whole = ScreeningTally()
        whole.add(rows)
        var split = ScreeningTally(keepingLines: false)
        split.add(rows[..<37])
        split.add(rows[37...])
        #expect(whole.rows == 120 && split.rows == 120)
        let flagged = rows.filter(\.isFlagged)
        #expect(whole.flagged == flagged.count && split.flagged == flagged.count)
        #expect(whole.countsByIndex == split.countsByIndex)
        #expect(whole.countsByIndex.values.reduce(0, +) == flagged.map(\.flags.count).reduce(0, +))
        #expect(whole.flaggedLines == Set(flagged.map(\.line)) && split.flaggedLines == nil)
        #expect(whole.flaggedRate == Double(flagged.count) / 120)
        #expect(ScreeningTally().flaggedRate == 0)
        #expect(ScreeningResult(rows: rows).tally == whole)
    }

    @Test func summaryAndExclusionNoteWording() {
        let base = Self.plantedRows().rows[0]
        let row = { (line: Int, flags: [ScreeningIndex]) -> ScreeningRow in
            var r = base
            r.line = line
            r.flags = flags
            return r
        }
        var tally = ScreeningTally()
        tally.add([row(2, [.mahalanobis, .longstring]), row(3, []), row(4, [.longstring]), row(5, [])])
        // `screen` orders the indices as ``ScreeningIndex`` does, the report's note by name.
        let byOrder = [ScreeningIndex.longstring, .mahalanobis].sorted().map(\.rawValue)
        let counts = ["longstring": 2, "mahalanobis": 1]
        #expect(tally.summaryLine(instrument: "wai-sr")
                == "wai-sr: 2 of 4 rows flagged (50.0%): " + byOrder.map { "\($0) \(counts[$0]!)" }.joined(separator: ", "))
        #expect(tally.exclusionNote(instrument: "wai-sr") == "wai-sr: 2 rows flagged (longstring 2, mahalanobis 1)")
        #expect(ScreeningTally().summaryLine(instrument: "x") == "x: 0 of 0 rows flagged (0.0%)")
        #expect(ScreeningTally().exclusionNote(instrument: "x") == "x: 0 rows flagged")
    }

    @Test func keepingRowsKeepsCellsLinesAndPassThroughInStep() {
        let (block, rows) = Self.plantedRows()
        let drop = Set(rows.filter(\.isFlagged).map(\.line))
        let kept = block.keepingRows { !drop.contains($0) }
        #expect(kept.rowCount == block.rowCount - drop.count && kept.lines.allSatisfy { !drop.contains($0) })
        for (r, line) in kept.lines.enumerated() {
            let src = line - block.lines[0]
            #expect(Array(kept.values[(r * 13)..<((r + 1) * 13)]).elementsEqual(
                block.values[(src * 13)..<((src + 1) * 13)]) { $0 == $1 || ($0.isNaN && $1.isNaN) })
            #expect(kept.status[(r * 13)..<((r + 1) * 13)] == block.status[(src * 13)..<((src + 1) * 13)])
            #expect(kept.passthrough[r] == ["d\(src)"])
        }
        #expect(block.keepingRows { _ in true }.lines == block.lines)
        #expect(block.keepingRows { _ in false }.rowCount == 0)
    }

    @Test func keepingRowsOfACompactBlockKeepsTheCodesAndPadding() throws {
        let grid = try #require(CodeGrid(scale: ResponseScale(id: "s", min: 1, max: 5, step: 1)))
        let codes: [UInt8] = [0, 1, 2, 3, 4, CompactCells.missing]  // 3 rows × 2 items
        let block = ResponseBlock(firstRow: 0, rowCount: 3, itemCount: 2, values: [], status: [], lines: [2, 3, 4],
                                  compact: CompactCells(codes: codes + Array(repeating: CompactCells.missing,
                                                                             count: CompactCells.padding),
                                                        grids: [grid, grid]))
        let kept = block.keepingRows { $0 != 3 }
        #expect(kept.lines == [2, 4] && kept.rowCount == 2 && kept.values.isEmpty)
        #expect(kept.compact?.codes == [0, 1, 4, CompactCells.missing]
                + Array(repeating: CompactCells.missing, count: CompactCells.padding))
    }

    @Test func countingPassMatchesTheRowKeepingPass() throws {
        let (url, instrument) = try ScreeningPassTests.simulatedFile(rows: 600)
        defer { try? FileManager.default.removeItem(at: url) }
        let (reader, columns, plan) = try ScreeningPassTests.screening(url, instrument)
        let full = try ScreeningPass.screen(reader: reader, columns: columns, plans: [plan],
                                            thresholds: ScreeningThresholds()).results[0]
        let counted = try ScreeningPass.tallies(reader: reader, columns: columns, plans: [plan],
                                                thresholds: ScreeningThresholds(), keepingLines: false)
        #expect(counted.tallies[0].rows == 600 && counted.tallies[0].flaggedLines == nil)
        #expect(counted.tallies[0].flagged == full.flaggedCount)
        #expect(counted.tallies[0].countsByIndex == full.countsByIndex)
        #expect(counted.notes == [full.notes])
        let excluded = try ScreeningPass.exclusion(reader: reader, columns: columns, plans: [plan, plan],
                                                   instrumentIDs: ["a", "b"], thresholds: ScreeningThresholds())
        #expect(excluded.lines == full.flaggedLines && full.flaggedCount > 0)
        #expect(excluded.notes.first == full.tally.exclusionNote(instrument: "a"))
        #expect(excluded.notes.last == "thresholds: \(ScreeningThresholds().summary)")
        #expect(excluded.notes.count == 3 + 2 * full.notes.count)
    }
}
