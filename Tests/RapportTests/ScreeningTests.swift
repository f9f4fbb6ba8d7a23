import Foundation
import Testing
import RapportStatistics
@testable import Rapport

/// A 12-item instrument on 1–5 with three sub-scales of four (one reversed item each) and one
/// attention check (item 13, expected answer 2).
func screeningInstrument() -> Instrument {
    let scale = ResponseScale(id: "agree5", min: 1, max: 5)
    var items = (1...12).map { n in
        Item(id: "q\(n)", number: n, column: "q\(n)", responseScale: "agree5",
             reversed: [2, 7, 12].contains(n))
    }
    items.append(Item(id: "check", number: 13, column: "check", responseScale: "agree5",
                      expectedAnswer: 2))
    let key = KeyProvenance(source: "test", verification: .primary)
    let subs = (0..<3).map { s in
        Scale(id: "s\(s + 1)", name: "S\(s + 1)",
              members: (1...4).map { .init(kind: .item, ref: "q\(s * 4 + $0)") },
              scoring: .mean, key: key)
    }
    let total = Scale(id: "total", name: "Total",
                      members: subs.map { .init(kind: .scale, ref: $0.id) }, scoring: .mean, key: key)
    return Instrument(id: "screen-test", version: "1", name: "Screen test", abbreviation: "ST",
                      construct: .other, respondent: .client, responseScales: [scale],
                      items: items, scales: subs + [total],
                      provenance: Provenance(citation: "test"), licence: Licence(use: .free, terms: "test"))
}

/// A block of `rows` (13 values each: items 1–12 then the check), lines from 2, optional
/// duration text passed through.
func screeningBlock(_ rows: [[Double]], durations: [String]? = nil, firstLine: Int = 2) -> ResponseBlock {
    ResponseBlock(firstRow: firstLine - 2, rowCount: rows.count, itemCount: 13,
                  values: rows.flatMap { $0 },
                  status: rows.flatMap { $0.map { $0.isNaN ? CellStatus.missing : .answered } },
                  lines: rows.indices.map { firstLine + $0 },
                  passthrough: durations.map { $0.map { [$0] } } ?? [])
}

/// Attentive rows from a three-factor model (seeded), answered on 1–5, check answered 2.
func attentiveRows(_ n: Int, seed: UInt64 = 7) -> [[Double]] {
    var rng = SeededGenerator(seed: seed)
    func normal() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
    return (0..<n).map { _ in
        let theta = (0..<3).map { _ in normal() }
        var row = (0..<12).map { j -> Double in
            var z = 0.8 * theta[j / 4] + 0.6 * normal()
            if [1, 6, 11].contains(j) { z = -z }
            return Double(min(5, max(1, Int((z * 1.2 + 3).rounded()))))
        }
        row.append(2)
        return row
    }
}

let itemSlots = Dictionary(uniqueKeysWithValues: ((1...12).map { ("q\($0)", $0 - 1) }) + [("check", 12)])

@Suite struct ScreeningTests {
    @Test func planReadsStructureFromTheDefinition() {
        let plan = ScreeningPlan(instrument: screeningInstrument(), itemSlots: itemSlots)
        #expect(plan.items.map(\.id) == (1...12).map { "q\($0)" })
        #expect(plan.subscales.map(\.scale) == ["s1", "s2", "s3"])
        #expect(plan.subscales.map(\.positions) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])
        #expect(plan.hasEvenOdd && plan.hasAntonyms)
        // q2 ↔ q1 (tie with q3: earlier), q7 ↔ q6 (tie with q8: earlier), q12 ↔ q11.
        #expect(plan.antonymPairs.map(\.reversed) == [1, 6, 11])
        #expect(plan.antonymPairs.map(\.partner) == [0, 5, 10])
        #expect(plan.attentionChecks.map(\.item) == ["check"])
    }

    @Test func memberKeyingOverridesTheItemsOwn() {
        // Quick --scale definitions reverse items on the member, not the item.
        var inst = screeningInstrument()
        for i in inst.items.indices { inst.items[i].reversed = false }
        inst.scales[0].members[1].reversed = true
        let plan = ScreeningPlan(instrument: inst, itemSlots: itemSlots)
        #expect(plan.reversed == [false, true] + Array(repeating: false, count: 10))
        #expect(plan.ceiling[1] == 1 && plan.ceiling[0] == 5)
        #expect(plan.antonymPairs.map(\.reversed) == [1])
        // A raw straight line at 5 is not at the keyed ceiling on item 2, so it flags.
        #expect(plan.longestRunLeavesCeiling(Array(repeating: 5, count: 12), longest: 12))
        #expect(!plan.longestRunLeavesCeiling([5, 1] + Array(repeating: 5, count: 10), longest: 10))
    }

    @Test func indicesEqualThePureFunctions() {
        let rows = attentiveRows(60)
        let plan = ScreeningPlan(instrument: screeningInstrument(), itemSlots: itemSlots)
        let block = screeningBlock(rows)
        let moments = Screener.firstPass(block, plan: plan)
        let screener = Screener(plan: plan, moments: moments)
        let out = screener.screen(block)
        let items = rows.map { Array($0.prefix(12)) }
        var reference = CarelessMoments(itemCount: 12)
        items.forEach { reference.add($0) }
        let inv = reference.inverseCovariance()!
        for (i, r) in out.enumerated() {
            let keyed = items[i].enumerated().map { [1, 6, 11].contains($0.offset) ? 6 - $0.element : $0.element }
            #expect(r.line == i + 2)
            #expect(r.longstring == Careless.longstring(items[i]).longest)
            #expect(r.longstringKeyed == Careless.longstring(keyed).longest)
            #expect(r.irv == Careless.irv(items[i]))
            #expect(r.mahalanobisD2 == Careless.mahalanobis(items[i], means: reference.means, inverseCovariance: inv).d2)
            #expect(r.evenOdd.isNaN == Careless.evenOdd(keyed, subscales: plan.subscales.map(\.positions)).isNaN)
            #expect(r.attentionFailed == 0 && r.attentionChecks == 1)
        }
    }

    @Test func plantedRowsAreFlaggedByTheIndexThatCatchesThem() {
        var rows = attentiveRows(200)
        rows[10] = Array(repeating: 4, count: 12) + [2]                 // straight line
        rows[20] = [1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 2]               // alternating, off-model
        rows[30][12] = 5                                                 // failed attention check
        rows[40][12] = .nan                                              // skipped attention check
        var durations = Array(repeating: "300", count: rows.count)
        durations[50] = "12"                                             // 1 s per item
        durations[51] = "n/a"
        let plan = ScreeningPlan(instrument: screeningInstrument(), itemSlots: itemSlots)
        let block = screeningBlock(rows, durations: durations)
        let screener = Screener(plan: plan, moments: Screener.firstPass(block, plan: plan),
                                durationColumn: 0)
        let out = screener.screen(block)
        #expect(out[10].flags.contains(.longstring))
        #expect(out[10].irv == 0)
        #expect(out[20].flags.contains(.mahalanobis))
        #expect(out[30].flags == [.attention])
        #expect(out[40].flags == [.attention] && out[40].attentionFailed == 1)
        #expect(out[50].flags == [.duration] && out[50].secondsPerItem == 1)
        #expect(out[51].secondsPerItem.isNaN && !out[51].flags.contains(.duration))
        let result = ScreeningResult(rows: out)
        let mask = result.keepMask(for: block)
        #expect(mask.filter { !$0 }.count == result.flaggedCount)
        #expect(!mask[10] && !mask[30] && !mask[50])
        let kept = result.excludingFlagged(block)
        #expect(kept.rowCount == rows.count - result.flaggedCount)
        #expect(kept.values.count == kept.rowCount * 13 && kept.passthrough.count == kept.rowCount)
        #expect(!kept.lines.contains(12))
        // Attentive rows rarely trip a default flag.
        let planted: Set<Int> = [10, 20, 30, 40, 50]
        let falsePositives = out.indices.filter { !planted.contains($0) && out[$0].isFlagged }.count
        #expect(falsePositives <= 10, "\(falsePositives) of 195 attentive rows flagged")
    }

    @Test func resultDoesNotDependOnHowTheFileIsChunked() {
        let rows = attentiveRows(90, seed: 11)
        let plan = ScreeningPlan(instrument: screeningInstrument(), itemSlots: itemSlots)
        let whole = screeningBlock(rows)
        let one = Screener(plan: plan, moments: Screener.firstPass(whole, plan: plan)).screen(whole)
        let parts = [screeningBlock(Array(rows[0..<31])),
                     screeningBlock(Array(rows[31..<32]), firstLine: 33),
                     screeningBlock(Array(rows[32...]), firstLine: 34)]
        var moments = CarelessMoments(itemCount: plan.itemCount)
        for p in parts { moments.merge(Screener.firstPass(p, plan: plan)) }
        let screener = Screener(plan: plan, moments: moments)
        let chunked = parts.flatMap { screener.screen($0) }
        // Exact equality, NaN included (String(describing:) prints shortest round-trip digits).
        #expect(chunked.map { String(describing: $0) } == one.map { String(describing: $0) })
    }

    @Test func withoutAFirstPassSampleIndicesAreMissingAndNeverFlag() {
        let rows = attentiveRows(20)
        let plan = ScreeningPlan(instrument: screeningInstrument(), itemSlots: itemSlots)
        let out = Screener(plan: plan, moments: nil).screen(screeningBlock(rows))
        #expect(out.allSatisfy { $0.mahalanobisD2.isNaN && $0.personTotal.isNaN })
        #expect(out.allSatisfy { !$0.flags.contains(.mahalanobis) && !$0.flags.contains(.personTotal) })
    }

    @Test func csvFieldsMatchTheHeader() {
        let rows = [Array(repeating: 3.0, count: 12) + [2]] + attentiveRows(30)
        let plan = ScreeningPlan(instrument: screeningInstrument(), itemSlots: itemSlots)
        let block = screeningBlock(rows)
        let out = Screener(plan: plan, moments: Screener.firstPass(block, plan: plan)).screen(block)
        #expect(out[0].fields().count == ScreeningRow.columnNames.count)
        #expect(out[0].fields()[5] == "0")                           // irv of a straight line
        #expect(out[0].fields(decimals: 3)[5] == "0.000")
        #expect(out[0].fields()[8] == "")                            // even-odd undefined
        #expect(out[0].fields().last!.hasPrefix("longstring"))
        #expect(out[1].fields()[2] == String(out[1].averageString))  // shortest round-trip form
    }
}
