import Testing
@testable import Rapport

/// One fixture per lint rule, each reporting its code at the marked line.
@Suite struct InstrumentsLintTests {
    static let marked = InstrumentFixtures.files(in: "lint").filter {
        InstrumentFixtures.markedLine(InstrumentFixtures.path("lint/\($0)")) != nil
    }

    @Test(arguments: marked)
    func ruleFiresAtMarkedLine(_ name: String) throws {
        let path = InstrumentFixtures.path("lint/\(name)")
        let expected = try #require(InstrumentFixtures.markedLine(path))
        let check = InstrumentLoader.check(path: path)
        let hits = check.diagnostics.filter { $0.code.rawValue == expected.code }
        #expect(!hits.isEmpty, "\(name): \(check.diagnostics)")
        #expect(hits.contains { $0.line == expected.line }, "\(name): \(hits)")
        #expect(hits.allSatisfy { $0.column != nil })
        // An error-severity finding means no instrument comes out.
        #expect((check.instrument == nil) == hits.contains { $0.severity == .error })
    }

    @Test func everyRuleHasAFixture() {
        let covered = Set(Self.marked.compactMap {
            InstrumentFixtures.markedLine(InstrumentFixtures.path("lint/\($0)"))?.code
        })
        let rules: [InstrumentError.Code] = [
            .duplicateID, .unknownReference, .scaleCycle, .reverseWithoutRange, .siblingOverlap, .outOfRange,
            .prorateWithoutMinimum, .reliableChangeWithoutNorms, .responseGrid, .impossibleValidity,
            .scoredAttentionCheck, .unscoredItem, .unverifiedKey, .unverifiedValue, .missingLicence, .missingCitation,
        ]
        #expect(Set(rules.map(\.rawValue)) == covered)
    }

    @Test(arguments: ["valid-base.xml", "sibling-overlap-declared.xml"])
    func cleanDefinitionsHaveNoFindings(_ name: String) {
        let check = InstrumentLoader.check(path: InstrumentFixtures.path("lint/\(name)"))
        #expect(check.diagnostics.isEmpty, "\(check.diagnostics)")
        #expect(check.instrument != nil)
    }

    @Test func severities() {
        let warnings: Set<InstrumentError.Code> = [.unscoredItem, .unverifiedKey, .unverifiedValue, .missingLicence, .missingCitation]
        for name in Self.marked {
            let path = InstrumentFixtures.path("lint/\(name)")
            for d in InstrumentLoader.check(path: path).diagnostics {
                #expect((d.severity == .warning) == warnings.contains(d.code), "\(d)")
            }
        }
    }

    @Test func inMemoryLintHasNoLines() throws {
        let i = try InstrumentLoader.load(path: InstrumentFixtures.example)
        let findings = i.lint()
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.line == nil && $0.severity == .warning })
        #expect(i.verificationWarnings.count == findings.filter { $0.code != .unscoredItem }.count)
        #expect(i.verificationWarnings[0].hasPrefix("EAS: the key of scale \"bond\" is unverified"))
        #expect(i.licenceNotice.hasPrefix("EAS — Licence (permission-required, Example University): Free for individual"))
    }

    @Test func scaleRangesFollowScoringAndTransform() throws {
        let i = try InstrumentLoader.load(path: InstrumentFixtures.example)
        let rs = Dictionary(uniqueKeysWithValues: i.responseScales.map { ($0.id, $0) })
        let items = Dictionary(uniqueKeysWithValues: i.items.map { ($0.id, $0) })
        let idx = Dictionary(uniqueKeysWithValues: i.scales.enumerated().map { ($1.id, $0) })
        var calc = RangeCalculator(instrument: i, responseScales: rs, itemsByID: items, scaleIndex: idx, cyclic: [])
        #expect(calc.rawRange("goal") == 1...5)        // mean of two 1–5 items
        #expect(calc.rawRange("bond") == 2...10)       // prorated sum of two
        #expect(calc.rawRange("total") == 3...15)      // sum of the two sub-scales
        #expect(calc.rawRange("items") == 4...20)
        #expect(calc.finalRange("items") == 0...100)   // after the 4–20 → 0–100 transform
    }
}
