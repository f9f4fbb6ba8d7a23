import Foundation
import Synchronization
import Testing
@testable import Rapport

@Suite struct InstrumentsLoaderTests {
    @Test func normativeExampleLoadsWithEveryField() throws {
        let check = InstrumentLoader.check(path: InstrumentFixtures.example)
        #expect(check.errors.isEmpty, "\(check.errors)")
        let i = try #require(check.instrument)
        #expect(i.id == "example-alliance")
        #expect(i.version == "1.0.0")
        #expect(i.name == "Example Alliance Scale")
        #expect(i.abbreviation == "EAS")
        #expect(i.construct == .alliance)
        #expect(i.respondent == .client)
        #expect(i.language == "en")
        #expect(i.description == "Illustrates every field of format version 1.")
        #expect(i.provenance.doi == "10.0000/example.2020.1")
        #expect(i.provenance.url == "https://example.org/eas")
        #expect(i.provenance.notes == ["Any number of free-text notes about sources."])
        #expect(i.licence.use == .permissionRequired)
        #expect(i.licence.holder == "Example University")

        let likert = try #require(i.responseScale("likert5"))
        #expect(likert.min == 1 && likert.max == 5 && likert.step == 1)
        #expect(likert.anchors == [.init(value: 1, label: "Never"), .init(value: 5, label: "Always")])
        #expect(likert.codes == [.init(token: "99", meaning: .missing),
                                 .init(token: "N/A", meaning: .notApplicable, label: "Does not apply")])
        #expect(i.responseScale("vas")?.step == 0.1)

        #expect(i.items.map(\.id) == ["i1", "i2", "i3", "i4", "i5", "chk"])
        #expect(i.item("i2")?.reversed == true)
        #expect(i.item("i1")?.reversed == false)
        #expect(i.item("i1")?.label == "clear about goals")
        #expect(i.item("i3")?.label == nil)
        #expect(i.item("chk")?.expectedAnswer == 2)
        #expect(i.item("i5")?.column == "eas_5")

        #expect(i.scales.map(\.id) == ["goal", "bond", "total", "items"])
        let bond = try #require(i.scale("bond"))
        #expect(bond.scoring == .proratedSum)
        #expect(bond.validity == .init(minAnswered: 1, maxMissing: 1))
        #expect(bond.key.verification == .unverified)
        #expect(bond.key.note == "Check against the published key before relying on it.")
        let total = try #require(i.scale("total"))
        #expect(total.members.map(\.kind) == [.scale, .scale])
        #expect(total.validity.maxMissing == 0)
        let items = try #require(i.scale("items"))
        #expect(items.members[1].reversed == false)
        #expect(items.members[0].reversed == nil)
        #expect(items.replacement == .init(maxReplaced: 2, applies: .notApplicableOrMissing))
        #expect(items.transform?.apply(20) == 100)
        let x = items.interpretation
        #expect(x.cutoffs == [Cutoff(code: "low-alliance", value: 36, direction: .below, inclusive: false,
                                     label: "Below the clinical cutoff", source: "Doe 2020", verification: .secondary)])
        #expect(x.bands.map(\.upper) == [35.9, 100])
        #expect(x.norms == [Norm(id: "outpatients", population: .clinical, description: "Adult outpatients, US",
                                 mean: 60.2, sd: 12.1, n: 435, reliability: 0.88, reliabilityKind: .alpha,
                                 source: "Doe 2020, Table 3", verification: .unverified)])
        #expect(x.reliableChange == ReliableChange(points: 5, source: "Doe 2020", verification: .secondary))
        #expect(x.alerts.map(\.kind) == [.belowCutoff, .drop, .reliableDrop, .ruptureRepair, .ceiling])
        #expect(x.alerts[0].cutoff == "low-alliance")
        #expect(x.alerts[4].minSessions == 3)
        let sim = try #require(i.simulation)
        #expect(sim.defaultLoading == 0.7 && sim.factorCorrelation == 0.6)
        #expect(sim.loadings == ["i1": 0.8])
        #expect(sim.thresholds == [-1.5, -0.5, 0.5, 1.5])
    }

    @Test func exampleWarnsOnlyAboutUnverifiedFacts() {
        let check = InstrumentLoader.check(path: InstrumentFixtures.example)
        #expect(check.isValid)
        // i5 (the VAS item) is in no scale: the example shows a response scale, not a score.
        #expect(Set(check.warnings.map(\.code)) == [.unverifiedKey, .unverifiedValue, .unscoredItem])
        let key = check.warnings.first { $0.code == .unverifiedKey }
        #expect(key?.line == 58)
        #expect(key?.column == 7)
        #expect(key?.message.contains("\"bond\"") == true)
    }

    @Test func sha256IsOfTheFileBytes() throws {
        let bytes = try #require(FileManager.default.contents(atPath: InstrumentFixtures.example))
        let i = try InstrumentLoader.load(path: InstrumentFixtures.example)
        #expect(i.sha256 == FileDigest.sha256(bytes))
        #expect(i.sha256.count == 64)
    }

    @Test func loadThrowsTheFirstErrorWithPlace() {
        let path = InstrumentFixtures.path("lint/unknown-item.xml")
        #expect {
            _ = try InstrumentLoader.load(path: path)
        } throws: { error in
            guard let e = error as? InstrumentError else { return false }
            return e.code == .unknownReference && e.file == path && e.line == 37 && e.column == 7
        }
    }

    @Test func missingFileIsUnreadable() {
        let check = InstrumentLoader.check(path: "/nonexistent/rapport/instrument.xml")
        #expect(check.diagnostics.map(\.code) == [.unreadable])
        #expect(check.diagnostics[0].code.isUnreadable)
    }

    @Test func writerRoundTripsTheExample() throws {
        let original = try InstrumentLoader.load(path: InstrumentFixtures.example)
        let xml = InstrumentXMLWriter.xml(for: original)
        var again = try InstrumentLoader.load(data: Array(xml.utf8), file: "round-trip.xml")
        #expect(again.sha256 == FileDigest.sha256(Array(xml.utf8)))
        again.sha256 = original.sha256
        #expect(again == original)
        // Writing is deterministic.
        #expect(InstrumentXMLWriter.xml(for: again) == xml)
    }

    @Test func writerEscapesAndSerializesAnInMemoryInstrument() throws {
        let instrument = Instrument(
            id: "quick", version: "0", name: "Quick <scale> & \"friends\"", abbreviation: "Q",
            construct: .other, respondent: .client,
            responseScales: [ResponseScale(id: "r", min: 0, max: 10, step: 0.5)],
            items: [Item(id: "q1", number: 1, column: "q 1", responseScale: "r", reversed: true, label: "a & b"),
                    Item(id: "q2", number: 2, column: "q2", responseScale: "r")],
            scales: [Scale(id: "t", name: "Total", members: [.init(kind: .item, ref: "q1"), .init(kind: .item, ref: "q2")],
                           scoring: .mean, key: KeyProvenance(source: "user's own", verification: .unverified))],
            provenance: Provenance(citation: ""), licence: Licence(use: .unknown, terms: ""))
        let xml = InstrumentXMLWriter.xml(for: instrument)
        let check = InstrumentLoader.check(data: Array(xml.utf8), file: "quick.xml")
        #expect(check.isValid, "\(check.diagnostics)")
        var loaded = try #require(check.instrument)
        loaded.sha256 = ""
        #expect(loaded == instrument)
        #expect(Set(check.warnings.map(\.code)) == [.unverifiedKey, .missingLicence, .missingCitation])
    }

    @Test func loadsFromManyThreadsAtOnce() throws {
        let paths = [InstrumentFixtures.example] + InstrumentFixtures.files(in: "lint").map { InstrumentFixtures.path("lint/\($0)") }
            + InstrumentFixtures.files(in: "hostile").map { InstrumentFixtures.path("hostile/\($0)") }
        let serial = paths.map { InstrumentLoader.check(path: $0).diagnostics }
        let rounds = 8
        let results = Mutex([[InstrumentError]](repeating: [], count: paths.count * rounds))
        DispatchQueue.concurrentPerform(iterations: paths.count * rounds) { k in
            let diagnostics = InstrumentLoader.check(path: paths[k % paths.count]).diagnostics
            results.withLock { $0[k] = diagnostics }
        }
        let all = results.withLock { $0 }
        for k in 0..<(paths.count * rounds) {
            #expect(all[k] == serial[k % paths.count], "\(paths[k % paths.count])")
        }
    }
}
