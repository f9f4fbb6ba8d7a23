import Foundation
import RapportStatistics
import Testing
@testable import Rapport

/// `rapport agreement`'s reading of ratings (``RatingTable``) and its documents
/// (``ICCReport``), in-process. The coefficients themselves are tested against psych::ICC in
/// RapportStatisticsTests (ICCTests) and end to end in AgreementCommandTests.
@Suite struct RatingTableTests {
    static func table(_ csv: String, _ layout: RatingTable.Layout) throws -> [[Double?]] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-ratings-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try RatingTable.read(try ResponseReader(.file(url.path), options: ReaderOptions()), layout: layout,
                                    file: "r.csv")
    }

    static func failure(_ csv: String, _ layout: RatingTable.Layout) -> String? {
        do {
            _ = try table(csv, layout)
            return nil
        } catch let error as CommandFailure {
            #expect(error.exitStatus == .unusable)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    static let long = RatingTable.Layout.long(target: "s", rater: "c", value: "v")

    /// Targets and raters numbered by first appearance; NA and empty values are missing.
    @Test func longRowsBecomeTargetsByRaters() throws {
        let t = try Self.table("s,c,v\nS2,B,3\nS1,A,4\nS2,A,NA\nS1,B,\nS2,A,5\nS3,B,2.5\n", Self.long)
        #expect(t == [[3, 5], [nil, 4], [2.5, nil]])
    }

    @Test func wideRowsAreTargets() throws {
        #expect(try Self.table("t,a,b\nT1,1,2\nT2,,NA\nT3,3.5, 4\n", .wide(target: "t", raters: ["a", "b"]))
                == [[1, 2], [nil, nil], [3.5, 4]])
        #expect(try Self.table("a,b\n1,2\n", .wide(target: nil, raters: ["b", "a"])) == [[2, 1]])
    }

    @Test func errorsNameFileLineAndColumnNeverAnID() {
        #expect(Self.failure("s,c,v\nS1,A,3\nS1,A,4\n", Self.long)
                == "r.csv: line 3: the same target and rater as line 2")
        #expect(Self.failure("s,c,v\nS1,A,x\n", Self.long) == "r.csv: line 2, column 'v': not a number")
        #expect(Self.failure("s,c,v\nS1,A,inf\n", Self.long) == "r.csv: line 2, column 'v': not a number")
        #expect(Self.failure("s,c,v\nS1, ,3\n", Self.long) == "r.csv: line 2, column 'c': empty")
        #expect(Self.failure("t,a,b\nT1,1,2\nT1,2,3\n", .wide(target: "t", raters: ["a", "b"]))
                == "r.csv: line 3: the same t as line 2")
        #expect(Self.failure("t,a,b\n", .wide(target: nil, raters: ["a", "b"])) == "r.csv: no data rows")
        #expect(Self.failure("t,a,b\n1,2,3\n", .wide(target: "a", raters: ["a", "b"])) == "a column is named twice")
    }

    @Test func documentsNameEveryForm() throws {
        let icc = try ICC(ratings: [[1, 2, 2], [3, 3, 4], [4, 5, 5], [2, 2, 3], [5, 4, 5]], method: .anova,
                          confidence: 0.9)
        let text = ICCReport.text(icc)
        #expect(text.hasPrefix("Intraclass correlations (Shrout & Fleiss 1979), 5 targets × 3 raters; method anova\n\n"))
        #expect(text.contains("90% lower") && text.split(separator: "\n").count == 2 + icc.forms.count)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ICCReport.json(icc).utf8)) as? [String: Any])
        #expect(json["targets"] as? Int == 5 && json["raters"] as? Int == 3 && json["method"] as? String == "anova")
        #expect((json["forms"] as? [[String: Any]])?.map { $0["name"] as? String } == icc.forms.map(\.name))
    }
}
