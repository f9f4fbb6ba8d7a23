import Testing
@testable import Rapport

/// The one header-only stop of `score`, `screen`, `reliability`, `check` and `audit`
/// (``DataReport/noRowsError(file:nothingTo:)``): the message each prints and exit 2.
@Suite struct NoRowsErrorTests {
    @Test func aReadWithoutRowsStopsNamingTheFileAndTheCommandsWork() throws {
        var data = DataReport(file: "x.csv", policy: .missing)
        for verb in ["score", "screen", "analyse", "check"] {
            let error = try #require(data.noRowsError(file: "in/x.csv", nothingTo: verb))
            #expect(error.description == "in/x.csv: the file has a header but no data rows; nothing to \(verb)")
            #expect(error.exitStatus == .unusable)
        }
        #expect(DataReport.noRowsError(file: "standard input", nothingTo: "audit").description
                == "standard input: the file has a header but no data rows; nothing to audit")
        data.rowsRead = 1
        #expect(data.noRowsError(file: "x.csv", nothingTo: "score") == nil)
    }
}
