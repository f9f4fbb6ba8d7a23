import Foundation
import Testing
@testable import Rapport

@Suite struct InstrumentsBuiltinTests {
    /// The compiled-in copies must be byte-identical to `Instruments/`: run
    /// `scripts/embed-instruments.sh` after editing a definition or the schema.
    @Test func generatedFileIsUpToDate() throws {
        let root = InstrumentFixtures.packageRoot
        let xsd = try String(contentsOf: root.appendingPathComponent("Instruments/schema/instrument.xsd"), encoding: .utf8)
        #expect(BuiltinInstruments.schema == xsd, "instrument.xsd changed: run scripts/embed-instruments.sh")
        let dir = root.appendingPathComponent("Instruments")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".xml") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(BuiltinInstruments.sources.map(\.file) == files, "Instruments/*.xml changed: run scripts/embed-instruments.sh")
        for (file, xml) in BuiltinInstruments.sources {
            let onDisk = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            #expect(xml == onDisk, "\(file) changed: run scripts/embed-instruments.sh")
        }
    }

    @Test func schemaCompiles() {
        #expect(LibXML.schema != nil)
    }

    /// Every built-in loads; the only warnings allowed are unverified facts and a licence
    /// whose class is genuinely unknown (its terms still say what is known).
    @Test func everyBuiltinValidatesAndLintsClean() {
        let allowed: Set<InstrumentError.Code> = [.unverifiedKey, .unverifiedValue, .missingLicence]
        #expect(InstrumentCatalog.builtinChecks.count == BuiltinInstruments.sources.count)
        for check in InstrumentCatalog.builtinChecks {
            #expect(check.errors.isEmpty, "\(check.errors)")
            for w in check.warnings {
                #expect(allowed.contains(w.code), "\(w)")
                if w.code == .missingLicence {
                    #expect(check.instrument?.licence.use == .unknown && check.instrument?.licence.terms.isEmpty == false)
                }
            }
        }
        #expect(InstrumentCatalog.builtins.count == BuiltinInstruments.sources.count)
        #expect(InstrumentCatalog.builtins.count >= 11)
        // File name = id, so `export ID` and `Instruments/ID.xml` agree.
        #expect(InstrumentCatalog.builtins.map { "\($0.id).xml" }.sorted() == BuiltinInstruments.sources.map(\.file).sorted())
    }

    @Test func builtinsRoundTripThroughTheWriter() throws {
        for instrument in InstrumentCatalog.builtins {
            let xml = InstrumentXMLWriter.xml(for: instrument)
            var again = try InstrumentLoader.load(data: Array(xml.utf8), file: "\(instrument.id)-export.xml")
            again.sha256 = instrument.sha256
            #expect(again == instrument, "\(instrument.id)")
        }
    }

    @Test func resolveTakesIdsAndPaths() throws {
        for instrument in InstrumentCatalog.builtins {
            #expect(try InstrumentCatalog.resolve(instrument.id) == instrument)
            #expect(try InstrumentCatalog.resolve(instrument.id.uppercased()) == instrument)
        }
        let example = try InstrumentCatalog.resolve(InstrumentFixtures.example)
        #expect(example.id == "example-alliance")
        #expect {
            _ = try InstrumentCatalog.resolve("not-an-instrument")
        } throws: { error in
            (error as? InstrumentError)?.code == .unreadable
        }
        #expect {
            _ = try InstrumentCatalog.resolve("missing/file.xml")
        } throws: { error in
            (error as? InstrumentError)?.message == "no such file; give a built-in instrument id (see `rapport instruments list`) or the path of an XML definition"
        }
    }
}

@Suite struct InstrumentsDocumentationTests {
    static let page = (try? String(contentsOf: InstrumentFixtures.packageRoot.appendingPathComponent("docs/instrument-format.md"),
                                   encoding: .utf8)) ?? ""

    @Test func userPageCarriesTheExampleVerbatim() throws {
        let example = try String(contentsOfFile: InstrumentFixtures.example, encoding: .utf8)
        #expect(Self.page.contains("```xml\n" + example + "```"))
    }

    @Test func userPageListsEveryCode() {
        let codes: [InstrumentError.Code] = [
            .unreadable, .tooLarge, .encoding, .malformed, .doctype, .tooDeep, .namespace, .formatVersion, .schema,
            .duplicateID, .unknownReference, .scaleCycle, .reverseWithoutRange, .siblingOverlap, .outOfRange,
            .prorateWithoutMinimum, .reliableChangeWithoutNorms, .responseGrid, .impossibleValidity,
            .scoredAttentionCheck, .unscoredItem, .unverifiedKey, .unverifiedValue, .missingLicence, .missingCitation,
        ]
        for code in codes {
            #expect(Self.page.contains("| `\(code)` |"), "\(code)")
        }
    }
}
