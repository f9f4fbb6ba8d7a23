import Testing
@testable import Rapport

@Suite struct MappingTests {
    let l5 = ResponseScale(id: "l5", min: 1, max: 5)

    func wai() -> Instrument {
        scInstrument(id: "wai-sr", responseScales: [l5], items: scItems("i", 3, scale: "l5"),
                     scales: [Scale(id: "task", name: "Task", members: scMembers(["i1", "i2", "i3"]),
                                    scoring: .mean, key: scKey)])
    }

    func care() -> Instrument {
        scInstrument(id: "care", responseScales: [l5], items: scItems("i", 2, scale: "l5"),
                     scales: [Scale(id: "total", name: "Total", members: scMembers(["i1", "i2"]),
                                    scoring: .sum, key: scKey)])
    }

    @Test func defaultColumnsFromDefinition() throws {
        // scItems names columns i_1, i_2, i_3.
        let m = try ColumnMapping.resolve(instruments: [wai()], header: ["id", "i_3", "i_1", "i_2"], file: "d.csv")
        #expect(m.slots.map(\.column) == [2, 3, 1])
        #expect(m.itemSlots[0] == ["i1": 0, "i2": 1, "i3": 2])
        #expect(m.slots.allSatisfy { $0.origin == "definition" })
    }

    @Test func prefixPlusItemNumber() throws {
        let m = try ColumnMapping.resolve(instruments: [wai()], header: ["wai_1", "wai_2", "wai_3"], file: "d.csv",
                                          options: .init(prefixes: [.init(prefix: "wai_")]))
        #expect(m.slots.map(\.columnName) == ["wai_1", "wai_2", "wai_3"])
    }

    @Test func perInstrumentPrefixAndMapOverrides() throws {
        let header = ["w1", "w2", "Q3", "c_1", "c_2", "pid", "site"]
        let prefixes = ["wai-sr=w", "care=c_"].map { MappingOptions.Prefix.parse($0, instrumentIDs: ["wai-sr", "care"]) }
        #expect(prefixes[0] == .init(instrument: "wai-sr", prefix: "w"))
        let opts = MappingOptions(maps: [try .parse("wai-sr:i3=Q3")], prefixes: prefixes,
                                  idColumn: "pid", keep: ["site", "pid"])
        let m = try ColumnMapping.resolve(instruments: [wai(), care()], header: header, file: "d.csv", options: opts)
        #expect(m.slots.map(\.columnName) == ["w1", "w2", "Q3", "c_1", "c_2"])
        #expect(m.itemSlots[1] == ["i1": 3, "i2": 4])
        #expect(m.idColumn == 5)
        #expect(m.passthroughColumns == [5, 6])
    }

    @Test func ambiguousItemNeedsInstrument() {
        #expect {
            try ColumnMapping.resolve(instruments: [wai(), care()], header: ["x"], file: "d.csv",
                                      options: .init(maps: [.parse("i1=x")]))
        } throws: { e in
            let e = e as! MappingError
            return e.code == .ambiguousItem && e.message.contains("wai-sr:i1 or care:i1")
        }
    }

    @Test func unknownItemSuggestsNearMatch() {
        #expect {
            try ColumnMapping.resolve(instruments: [wai()], header: ["i_1", "i_2", "i_3"], file: "d.csv",
                                      options: .init(maps: [.parse("l2=Q2")]))
        } throws: { e in
            let e = e as! MappingError
            return e.code == .unknownItem && e.message.contains("no item 'l2'") && e.message.contains("did you mean 'i2'")
        }
    }

    @Test func missingColumnNamesFileItemAndNearMatches() {
        #expect {
            try ColumnMapping.resolve(instruments: [wai()], header: ["i_1", "i_2", "I_3 "], file: "survey.csv")
        } throws: { e in
            let e = e as! MappingError
            return e.code == .missingColumn && e.file == "survey.csv"
                && e.description.hasPrefix("survey.csv: no column 'i_3' for item 'i3' of wai-sr (from definition)")
                && e.message.contains("did you mean 'I_3 '")
        }
    }

    @Test func everyMissingColumnIsListed() {
        #expect {
            try ColumnMapping.resolve(instruments: [wai()], header: ["i_1"], file: "d.csv")
        } throws: { e in
            let e = e as! MappingError
            return e.message.hasPrefix("2 items cannot be mapped") && e.message.contains("'i_2'") && e.message.contains("'i_3'")
        }
    }

    @Test func duplicateHeaderColumnIsAnError() {
        #expect {
            try ColumnMapping.resolve(instruments: [wai()], header: ["i_1", "i_2", "i_3", "i_2"], file: "d.csv")
        } throws: { e in
            (e as! MappingError).message.contains("appears 2 times in the header (columns 2, 4)")
        }
    }

    @Test func missingKeepColumn() {
        #expect {
            try ColumnMapping.resolve(instruments: [wai()], header: ["i_1", "i_2", "i_3", "site"], file: "d.csv",
                                      options: .init(keep: ["sitee"]))
        } throws: { e in
            (e as! MappingError).message == "--keep: no column 'sitee'; did you mean 'site'?"
        }
    }

    @Test func mapFileWithHeaderCommentsAndQuotes() throws {
        let text = "\u{FEFF}item,column\r\n# comment\r\n\r\ni1, Q 1 \r\ni2,\"Q2, part \"\"a\"\"\"\r\n"
        let entries = try MappingOptions.parseMapFile(text, name: "map.csv")
        #expect(entries.map(\.item) == ["i1", "i2"])
        #expect(entries.map(\.column) == ["Q 1", "Q2, part \"a\""])
        #expect(entries.map(\.origin) == ["map.csv:4", "map.csv:5"])
    }

    @Test func mapFileBadLineNamesFileAndLine() {
        #expect {
            try MappingOptions.parseMapFile("i1,Q1\ni2\n", name: "map.csv")
        } throws: { e in
            (e as! MappingError).description == "map.csv: line 2: expected two fields ITEM,COLUMN"
        }
        #expect(throws: MappingError.self) { try MappingOptions.parseMapFile("i1,\"Q1\n", name: "m") }
    }

    @Test func commandLineMapBeatsMapFile() throws {
        let opts = MappingOptions(maps: [try .parse("i1=B")],
                                  mapFileEntries: [.init(item: "i1", column: "A", origin: "m.csv:1")])
        let m = try ColumnMapping.resolve(instruments: [wai()], header: ["A", "B", "i_2", "i_3"], file: "d", options: opts)
        #expect(m.slots[0].columnName == "B")
        #expect(m.slots[0].origin == "--map i1=B")
    }

    @Test func sameItemMappedTwiceOnCommandLine() {
        #expect(throws: MappingError.self) {
            try ColumnMapping.resolve(instruments: [wai()], header: ["A", "B", "i_2", "i_3"], file: "d",
                                      options: .init(maps: [.parse("i1=A"), .parse("i1=B")]))
        }
    }

    @Test func malformedMapArgument() {
        for bad in ["i1", "=Q1", "i1="] {
            #expect(throws: MappingError.self) { try MappingOptions.ItemMap.parse(bad) }
        }
    }

    @Test func editDistanceSuggestions() {
        #expect(suggestion("wai_13", among: ["wai_1", "wai_12", "care_1"]) == "; did you mean 'wai_1', 'wai_12'?")
        #expect(suggestion("zzz", among: ["wai_1"]) == "")
    }
}

/// Issue 11, failure 9: "did you mean" over a header of 10⁶ columns took 27 s per run. The
/// suggestion's work is bounded: a length test, then at most `suggestionBudget` full comparisons.
@Suite struct SuggestionBoundTests {
    @Test func millionColumnHeaderIsFast() {
        // Every column has the target's length, so each passes the length test: the worst case.
        let header = (0..<1_000_000).map { "c\(String($0 + 1_000_000).dropFirst())" }
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure {
            for i in 1...12 { text += suggestion("waisr_\(i)", among: header) }
        }
        #expect(elapsed < .seconds(8), "\(elapsed)")
        #expect(text.isEmpty)
        // Still a useful suggestion where one exists among the first columns.
        #expect(suggestion("c00000x", among: header).contains("'c000000'"))
    }

    @Test func lengthTestIsExactForASCII() {
        #expect(lengthMayBeClose("  Q1 ", to: 2, limit: 0))
        #expect(!lengthMayBeClose("column_123456", to: 7, limit: 2))
        #expect(lengthMayBeClose("wai_9", to: 7, limit: 2))
        #expect(lengthMayBeClose("Éléments", to: 8, limit: 2))
        #expect(lengthMayBeClose("😀😀😀😀😀😀😀😀😀", to: 9, limit: 3))
    }
}

/// The reader's requests a mapping makes (``ColumnMapping/requests(_:)``): one per slot, in
/// slot order, named `INSTRUMENT:ITEM`.
@Suite struct MappingRequestsTests {
    @Test func oneRequestPerSlotNamedByInstrument() throws {
        let srs = try InstrumentCatalog.resolve("srs"), ors = try InstrumentCatalog.resolve("ors")
        let header = ["client", "srs_1", "srs_2", "srs_3", "srs_4", "ors_1", "ors_2", "ors_3", "ors_4"]
        let mapping = try ColumnMapping.resolve(instruments: [srs, ors], header: header, file: "x.csv")
        let requests = mapping.requests([srs, ors])
        #expect(requests.count == mapping.slots.count && requests.count == 8)
        for (r, slot) in zip(requests, mapping.slots) {
            #expect(r.item == "\([srs, ors][slot.instrument].id):\(slot.item)" && r.column == slot.columnName)
            #expect(r.scale == slot.responseScale)
        }
        #expect(requests.first?.item.hasPrefix("srs:") == true && requests.last?.item.hasPrefix("ors:") == true)
    }
}
