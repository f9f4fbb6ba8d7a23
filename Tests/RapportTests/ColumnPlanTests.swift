import Testing
@testable import Rapport

/// Header mapping and cell classification.
@Suite struct ColumnPlanTests {
    static let likert = ResponseScale(id: "l5", min: 1, max: 5, step: 1,
                                      codes: [.init(token: "99", meaning: .missing),
                                              .init(token: "N/A", meaning: .notApplicable)])
    static let vas = ResponseScale(id: "vas", min: 0, max: 10, step: 0.1)

    static func instrument() -> Instrument {
        Instrument(id: "demo", version: "1", name: "Demo", abbreviation: "D", construct: .alliance,
                   respondent: .client, responseScales: [likert, vas],
                   items: [Item(id: "i1", number: 1, column: "d_1", responseScale: "l5"),
                           Item(id: "i2", number: 2, column: "d_2", responseScale: "l5", reversed: true),
                           Item(id: "v", number: 3, column: "d_v", responseScale: "vas")],
                   scales: [], provenance: Provenance(citation: "test"),
                   licence: Licence(use: .free, terms: "test"))
    }

    @Test func mapsItemsToColumnsInInstrumentOrder() throws {
        let plan = try ColumnPlan(header: ["pid", " d_2 ", "d_1", "d_v", "x_1"], instrument: Self.instrument(),
                                  columns: ["i1": "x_1"], passthrough: ["pid"], id: "pid")
        #expect(plan.items.map(\.item) == ["i1", "i2", "v"])
        #expect(plan.items.map(\.column) == [4, 1, 3])
        #expect(plan.items.map(\.columnName) == ["x_1", "d_2", "d_v"])
        #expect(plan.items[2].scale == Self.vas)
        #expect(plan.passthrough.map(\.column) == [0])
        #expect(plan.idColumn == 0)
        #expect(plan.slot(of: "v") == 2)
    }

    @Test func missingColumnNamesTheItem() {
        #expect {
            _ = try ColumnPlan(header: ["d_1", "d_v"], instrument: Self.instrument(), file: "x.csv")
        } throws: { error in
            guard let e = error as? DataError else { return false }
            return e.code == .missingColumn && e.item == "i2" && e.file == "x.csv"
                && e.description.contains("column \"d_2\" for item i2 is not in the header")
        }
        #expect(throws: DataError.self) {
            _ = try ColumnPlan(header: ["d_1", "d_2", "d_v"], instrument: Self.instrument(), passthrough: ["site"])
        }
    }

    @Test func duplicateHeaderColumns() throws {
        #expect {
            _ = try ColumnPlan(header: ["d_1", "d_2", "d_1", "d_v"], instrument: Self.instrument())
        } throws: { ($0 as? DataError)?.code == .duplicateColumn }
        // A duplicated column that nothing reads is only a warning.
        let plan = try ColumnPlan(header: ["d_1", "d_2", "d_v", "note", "note"], instrument: Self.instrument())
        #expect(plan.headerFindings.map(\.kind) == [.duplicateColumn])
        #expect(plan.headerFindings[0].column == 5)
    }

    @Test func classification() throws {
        let plan = try ColumnPlan(header: ["d_1", "d_2", "d_v"], instrument: Self.instrument(),
                                  naTokens: ["NA", "-9", "refused"])
        func c(_ s: String, _ slot: Int = 0) -> String {
            let r = plan.classify(s, slot: slot)
            switch r.status {
            case .answered: return "\(r.value)"
            case .missing: return "missing"
            case .notApplicable: return "n/a"
            case .invalid: return r.finding!.rawValue
            }
        }
        #expect(c("1") == "1.0" && c("5") == "5.0" && c(" 3 ") == "3.0" && c("+2") == "2.0" && c("4.0") == "4.0")
        #expect(c("") == "missing" && c("   ") == "missing" && c("NA") == "missing" && c("99") == "missing")
        #expect(c("-9") == "missing" && c("refused") == "missing" && c("N/A") == "n/a")
        #expect(c("0") == "out-of-range" && c("6") == "out-of-range" && c("-1") == "out-of-range")
        #expect(c("2.5") == "off-grid" && c("1.0000001") == "off-grid")
        #expect(c("na") == "non-numeric" && c("x") == "non-numeric" && c("1,5") == "non-numeric")
        #expect(c("inf") == "non-numeric" && c("nan") == "non-numeric" && c(".") == "non-numeric" && c("-") == "non-numeric")
        #expect(c("7.3", 2) == "7.3" && c("0", 2) == "0.0" && c("10.0", 2) == "10.0" && c(".5", 2) == "0.5")
        #expect(c("7.35", 2) == "off-grid" && c("10.1", 2) == "out-of-range" && c("5e0", 2) == "5.0")
        #expect(c("99", 2) == "out-of-range")   // 99 is a code of the Likert scale only
    }

    @Test func numberParsingIsExact() {
        func parse(_ s: String) -> Double? {
            Array(s.utf8).withUnsafeBufferPointer { CellClassifier.parseNumber($0) }
        }
        for s in ["0.1", "7.3", "2.675", "123456.789", "0.000123", "-42", "1234567890123456789", "3.14159265358979323846"] {
            #expect(parse(s) == Double(s), "\(s)")
        }
        #expect(parse("1e3") == 1000)
        #expect(parse("") == nil && parse("+") == nil && parse("1.2.3") == nil && parse("0x10") == nil)
    }
}
