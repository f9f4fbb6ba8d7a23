import Testing
@testable import Rapport

/// Hand-computed fixtures, one per scoring rule. Each expected value is worked out in the
/// comment above it.
@Suite struct ScoringRulesTests {
    let likert7 = ResponseScale(id: "l7", min: 1, max: 7)
    let likert5 = ResponseScale(id: "l5", min: 1, max: 5)

    // MARK: Reverse keying

    @Test func reverseKeyUsesDeclaredRangeNotObserved() throws {
        // 1–7 scale, item 2 reversed. Observed answers only span 2..5, so psych's default
        // (observed min + max = 7) would give 7 − 5 = 2; the declared rule gives 8 − 5 = 3.
        let items = scItems("w", 3, scale: "l7", reversed: [2])
        let inst = scInstrument(responseScales: [likert7], items: items,
                                scales: [Scale(id: "s", name: "S", members: scMembers(["w1", "w2", "w3"]),
                                               scoring: .sum, key: scKey)])
        let out = try scScorer(inst).score(scBlock([[2, 5, 4], [5, 2, 3]]))
        // row 1: 2 + (8 − 5) + 4 = 9; row 2: 5 + (8 − 2) + 3 = 14
        #expect(out.scores == [9, 14])
        #expect(out.answered == [3, 3])
    }

    @Test func memberOverrideBeatsItemKeying() throws {
        // w2 is reversed by default; scale "plain" overrides it to not reversed,
        // scale "flip" reverses w1 which is not reversed by default.
        let items = scItems("w", 2, scale: "l5", reversed: [2])
        let inst = scInstrument(responseScales: [likert5], items: items, scales: [
            Scale(id: "plain", name: "P", members: [.init(kind: .item, ref: "w1"),
                                                    .init(kind: .item, ref: "w2", reversed: false)],
                  scoring: .sum, key: scKey),
            Scale(id: "flip", name: "F", members: [.init(kind: .item, ref: "w1", reversed: true),
                                                   .init(kind: .item, ref: "w2")],
                  scoring: .sum, key: scKey),
        ])
        let out = try scScorer(inst).score(scBlock([[1, 2]]))
        // plain: 1 + 2 = 3; flip: (6 − 1) + (6 − 2) = 9
        #expect(out.scores == [3, 9])
    }

    // MARK: Validity and prorating

    @Test func sumWithoutRuleNeedsEveryItem() throws {
        let inst = scInstrument(responseScales: [likert5], items: scItems("i", 3, scale: "l5"),
                                scales: [Scale(id: "s", name: "S", members: scMembers(["i1", "i2", "i3"]),
                                               scoring: .sum, key: scKey)])
        let out = try scScorer(inst).score(scBlock([[1, 2, 3], [1, .missing, 3], [.missing, .missing, .missing]]))
        #expect(out.scores[0] == 6)
        #expect(out.scores[1].isNaN)
        #expect(out.status == [.valid, .incomplete, .noAnswers])
        #expect(out.answered == [3, 2, 0])
    }

    @Test func proratedSumAtItsBoundary() throws {
        // 4 items, prorated sum, minAnswered 3.
        let inst = scInstrument(responseScales: [likert5], items: scItems("i", 4, scale: "l5"),
                                scales: [Scale(id: "s", name: "S", members: scMembers(["i1", "i2", "i3", "i4"]),
                                               scoring: .proratedSum, validity: .init(minAnswered: 3),
                                               key: scKey)])
        let out = try scScorer(inst).score(scBlock([
            [2, 3, 4, 5],              // complete: 14
            [2, 3, 4, .missing],       // 3 answered (boundary): mean 3 × 4 = 12
            [2, 3, .missing, .missing],// 2 answered: below the minimum
            [1, 2, 2, .notApplicable], // N/A counts as missing without a replacement rule: 5/3 × 4
        ]))
        #expect(out.scores[0] == 14)
        #expect(out.scores[1] == 12)
        #expect(out.scores[2].isNaN)
        #expect(out.status[2] == .tooFewAnswered)
        #expect(out.scores[3] == 20.0 / 3.0)
    }

    @Test func maxMissingRule() throws {
        let inst = scInstrument(responseScales: [likert5], items: scItems("i", 4, scale: "l5"),
                                scales: [Scale(id: "s", name: "S", members: scMembers(["i1", "i2", "i3", "i4"]),
                                               scoring: .mean, validity: .init(maxMissing: 1), key: scKey)])
        let out = try scScorer(inst).score(scBlock([[1, 2, 3, .missing], [1, 2, .missing, .missing]]))
        #expect(out.scores[0] == 2)
        #expect(out.status == [.valid, .tooManyMissing])
    }

    @Test func invalidCellsCountAsMissing() throws {
        let inst = scInstrument(responseScales: [likert5], items: scItems("i", 3, scale: "l5"),
                                scales: [Scale(id: "s", name: "S", members: scMembers(["i1", "i2", "i3"]),
                                               scoring: .mean, key: scKey)])
        let out = try scScorer(inst).score(scBlock([[4, .invalid, 5]]))
        #expect(out.scores == [4.5])
        #expect(out.answered == [2])
    }

    // MARK: CARE replacement

    func care(applies: Scale.Replacement.Applies = .notApplicableOrMissing) -> Instrument {
        let rs = ResponseScale(id: "care5", min: 1, max: 5,
                               codes: [.init(token: "N/A", meaning: .notApplicable)])
        return scInstrument(id: "care", responseScales: [rs], items: scItems("c", 10, scale: "care5"),
                            scales: [Scale(id: "total", name: "Total",
                                           members: scMembers((1...10).map { "c\($0)" }), scoring: .sum,
                                           replacement: .init(maxReplaced: 2, applies: applies), key: scKey)])
    }

    @Test func careWithZeroTwoAndThreeNotApplicable() throws {
        let s = try scScorer(care())
        let out = s.score(scBlock([
            // 0 N/A: 4+5+3+4+4+5+3+4+4+5 = 41
            [4, 5, 3, 4, 4, 5, 3, 4, 4, 5],
            // 2 N/A: answered 4+5+3+4+4+5+3+2 = 30 over 8 → mean 3.75, total 3.75 × 10 = 37.5
            [4, 5, 3, 4, 4, 5, 3, 2, .notApplicable, .notApplicable],
            // 3 N/A: more than 2 → missing
            [4, 5, 3, 4, 4, 5, 3, .notApplicable, .notApplicable, .notApplicable],
            // 1 N/A + 1 missing: both replaced under CARE's rule; 9 × 8 … answered 5×8 = 40 → 50
            [5, 5, 5, 5, 5, 5, 5, 5, .notApplicable, .missing],
            // 2 missing + 1 N/A: 3 to replace → missing
            [5, 5, 5, 5, 5, 5, 5, .missing, .notApplicable, .missing],
        ]))
        #expect(out.scores[0] == 41)
        #expect(out.scores[1] == 37.5)
        #expect(out.scores[2].isNaN)
        #expect(out.status[2] == .tooManyReplaced)
        #expect(out.scores[3] == 50)
        #expect(out.status[4] == .tooManyReplaced)
        // n counts answers actually given, not replaced ones.
        #expect(out.answered == [10, 8, 7, 8, 7])
    }

    @Test func replacementOfNotApplicableOnly() throws {
        let s = try scScorer(care(applies: .notApplicable))
        let out = s.score(scBlock([
            [4, 4, 4, 4, 4, 4, 4, 4, 4, .notApplicable],  // 4 × 10 = 40
            [4, 4, 4, 4, 4, 4, 4, 4, 4, .missing],        // a missing answer is not replaced
        ]))
        #expect(out.scores[0] == 40)
        #expect(out.status[1] == .missingNotReplaceable)
    }

    // MARK: SRS decimals and cutoffs

    func srs() -> Instrument {
        let vas = ResponseScale(id: "vas", min: 0, max: 10, step: 0.1)
        return scInstrument(id: "srs", responseScales: [vas], items: scItems("s", 4, scale: "vas"),
                            scales: [Scale(id: "total", name: "Total", members: scMembers(["s1", "s2", "s3", "s4"]),
                                           scoring: .sum,
                                           interpretation: Interpretation(cutoffs: [
                                               Cutoff(code: "low-alliance", value: 36, direction: .below,
                                                      inclusive: false, label: "below 36", verification: .secondary),
                                           ], bands: [
                                               Band(lower: 0, upper: 35.9, label: "explore", verification: .secondary),
                                               Band(lower: 36, upper: 40, label: "positive", verification: .secondary),
                                           ]),
                                           key: scKey)])
    }

    @Test func srsDecimalsSumExactly() throws {
        let out = try scScorer(srs()).score(scBlock([
            [7.3, 8.1, 9.0, 6.9],   // 31.3 (a naive double sum gives 31.299999999999997)
            [9.9, 9.9, 8.2, 7.9],   // 35.9: flagged, band "explore"
            [9.0, 9.0, 9.0, 9.0],   // 36: at the cutoff, not flagged (exclusive), band "positive"
            [0.1, 0.2, 0.0, 0.0],   // 0.3 (naive: 0.30000000000000004)
        ]))
        #expect(out.scores == [31.3, 35.9, 36, 0.3])
        #expect(ScoreFormat.shortest.string(out.scores[0]) == "31.3")
        #expect(out.cutoffs == [1, 1, 0, 1])
        #expect(out.bands == [0, 0, 1, 0])
    }

    @Test func cutoffBoundariesInclusiveAndAbove() throws {
        let inst = scInstrument(responseScales: [likert5], items: scItems("o", 2, scale: "l5"),
                                scales: [Scale(id: "s", name: "S", members: scMembers(["o1", "o2"]), scoring: .sum,
                                               interpretation: Interpretation(cutoffs: [
                                                   Cutoff(code: "clinical", value: 5, direction: .below,
                                                          inclusive: true, label: "", verification: .primary),
                                                   Cutoff(code: "high", value: 8, direction: .above,
                                                          inclusive: false, label: "", verification: .primary),
                                               ]), key: scKey)])
        let out = try scScorer(inst).score(scBlock([[2, 3], [3, 3], [4, 4], [4, 5]]))
        // 5 ≤ 5 flags "clinical" (bit 0); 6 nothing; 8 is not > 8; 9 > 8 flags "high" (bit 1)
        #expect(out.scores == [5, 6, 8, 9])
        #expect(out.cutoffs == [1, 0, 0, 2])
    }

    // MARK: Sub-scales, transform, norms, attention checks

    @Test func subscaleTotals() throws {
        // goal = mean(i1, i2 reversed); bond = prorated sum (i3, i4), ≥1 answered;
        // total = goal + bond, needs both; contrast = goal + reversed(bond).
        let items = [
            Item(id: "i1", number: 1, column: "c1", responseScale: "l5"),
            Item(id: "i2", number: 2, column: "c2", responseScale: "l5", reversed: true),
            Item(id: "i3", number: 3, column: "c3", responseScale: "l5"),
            Item(id: "i4", number: 4, column: "c4", responseScale: "l5"),
        ]
        let inst = scInstrument(responseScales: [likert5], items: items, scales: [
            Scale(id: "goal", name: "Goal", members: scMembers(["i1", "i2"]), scoring: .mean, key: scKey),
            Scale(id: "bond", name: "Bond", members: scMembers(["i3", "i4"]), scoring: .proratedSum,
                  validity: .init(minAnswered: 1), key: scKey),
            Scale(id: "total", name: "Total", members: [.init(kind: .scale, ref: "goal"), .init(kind: .scale, ref: "bond")],
                  scoring: .sum, validity: .init(maxMissing: 0), key: scKey),
            Scale(id: "contrast", name: "C", members: [.init(kind: .scale, ref: "goal"),
                                                        .init(kind: .scale, ref: "bond", reversed: true)],
                  scoring: .sum, key: scKey),
        ])
        let s = try scScorer(inst)
        // bond's possible range: 2…10, so reversed bond = 12 − bond.
        #expect(s.possibleRange(ofScale: 1) == 2...10)
        #expect(s.possibleRange(ofScale: 0) == 1...5)
        let out = s.score(scBlock([
            // goal = (4 + (6 − 2))/2 = 4; bond = 3 × 2 = 6; total 10; contrast 4 + 6 = 10
            [4, 2, 3, .missing],
            // goal = (5 + 5)/2 = 5; bond = (4 + 5) = 9; total 14; contrast 5 + 3 = 8
            [5, 1, 4, 5],
            // bond missing → total and contrast missing
            [5, 1, .missing, .missing],
        ]))
        #expect(Array(out.scores[0..<4]) == [4, 6, 10, 10])
        #expect(Array(out.scores[4..<8]) == [5, 9, 14, 8])
        #expect(Array(out.status[8..<12]) == [.valid, .noAnswers, .tooManyMissing, .subscaleMissing])
        // n of a scale of sub-scales counts answered items over all its items.
        #expect(Array(out.answered[0..<4]) == [2, 1, 3, 3])
    }

    @Test func subscaleDeclaredLaterIsAnError() {
        let inst = scInstrument(responseScales: [likert5], items: scItems("i", 2, scale: "l5"), scales: [
            Scale(id: "total", name: "T", members: [.init(kind: .scale, ref: "sub")], scoring: .sum, key: scKey),
            Scale(id: "sub", name: "S", members: scMembers(["i1", "i2"]), scoring: .sum, key: scKey),
        ])
        do {
            _ = try Scorer(instrument: inst, itemSlots: scSlots(inst))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .scaleOrder)
        }
    }

    @Test func tpsTransformTo0to100() throws {
        // TPS-like: mean of 11 items on 1–5 (items 1, 5, 7, 11 reversed), then (mean − 1)/4 × 100.
        let inst = scInstrument(responseScales: [likert5], items: scItems("t", 11, scale: "l5", reversed: [1, 5, 7, 11]),
                                scales: [Scale(id: "trust", name: "Trust", members: scMembers((1...11).map { "t\($0)" }),
                                               scoring: .mean,
                                               transform: .init(fromMin: 1, fromMax: 5, toMin: 0, toMax: 100,
                                                                verification: .secondary),
                                               key: scKey)])
        let s = try scScorer(inst)
        #expect(s.possibleRange(ofScale: 0) == 0...100)
        let out = s.score(scBlock([
            // reversed items answered 2 → 4; others 4: mean 4 → 75
            [2, 4, 4, 4, 2, 4, 2, 4, 4, 4, 2],
            // all answered 3 (reversed 3 stays 3): mean 3 → 50
            Array(repeating: 3, count: 11),
            // reversed items 1 → 5, others 5: mean 5 → 100
            [1, 5, 5, 5, 1, 5, 1, 5, 5, 5, 1],
        ]))
        #expect(out.scores == [75, 50, 100])
    }

    @Test func tScoreFromNorm() {
        let norm = Norm(id: "outpatients", population: .clinical, description: "", mean: 60.2, sd: 12.1,
                        source: "test", verification: .unverified)
        // 50 + 10 × (72.3 − 60.2) / 12.1 = 60
        #expect(abs(Scorer.tScore(72.3, norm: norm) - 60) < 1e-12)
        #expect(Scorer.tScore(60.2, norm: norm) == 50)
    }

    @Test func attentionChecksAreNeverScored() throws {
        var items = scItems("i", 3, scale: "l5")
        items.append(Item(id: "chk", number: 4, column: "chk", responseScale: "l5", expectedAnswer: 2))
        let inst = scInstrument(responseScales: [likert5], items: items, scales: [
            Scale(id: "s", name: "S", members: scMembers(["i1", "i2", "i3", "chk"]), scoring: .sum, key: scKey),
        ])
        // The check item needs no slot at all.
        let s = try Scorer(instrument: inst, itemSlots: ["i1": 0, "i2": 1, "i3": 2])
        let out = s.score(scBlock([[1, 2, 3]]))
        #expect(out.scores == [6])
        #expect(out.answered == [3])
    }

    @Test func unmappedItemIsAnError() {
        let inst = scInstrument(responseScales: [likert5], items: scItems("i", 2, scale: "l5"),
                                scales: [Scale(id: "s", name: "S", members: scMembers(["i1", "i2"]), scoring: .sum,
                                               key: scKey)])
        do {
            _ = try Scorer(instrument: inst, itemSlots: ["i1": 0])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unmappedItem)
            #expect(error.item == "i2")
        }
    }

    @Test func reusedOutputBlockIsResized() throws {
        let inst = scInstrument(responseScales: [likert5], items: scItems("i", 2, scale: "l5"),
                                scales: [Scale(id: "s", name: "S", members: scMembers(["i1", "i2"]), scoring: .mean,
                                               key: scKey)])
        let s = try scScorer(inst)
        var out = ScoredBlock()
        s.score(scBlock([[1, 2], [3, 4], [5, 5]]), into: &out)
        #expect(out.scores == [1.5, 3.5, 5])
        s.score(scBlock([[2, 2]], firstRow: 3), into: &out)
        #expect(out.scores == [2])
        #expect(out.firstRow == 3)
    }

    @Test func shortestAndFixedFormatting() {
        #expect(ScoreFormat.shortest.string(14) == "14")
        #expect(ScoreFormat.shortest.string(-0.0) == "0")
        #expect(ScoreFormat.shortest.string(2.0 / 3.0) == "0.6666666666666666")
        #expect(ScoreFormat.shortest.string(.nan) == "")
        #expect(ScoreFormat.fixed(2).string(2.0 / 3.0) == "0.67")
        #expect(ScoreFormat.fixed(1).string(-0.01) == "0.0")
        var buf: [UInt8] = []
        ScoreFormat.shortest.append(-1234567, to: &buf)
        ScoreFormat.shortest.append(7.25, to: &buf)
        #expect(String(decoding: buf, as: UTF8.self) == "-12345677.25")
    }
}
