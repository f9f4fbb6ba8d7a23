import Foundation
import Testing
@testable import Rapport
import RapportStatistics

/// Result kinds are enums whose raw values are the JSON strings the contracts name
/// (docs/reliability-conventions.md, docs/audit.md): a renamed case must not change a byte.
@Suite struct ResultKindTests {
    static func json<T: Encodable>(_ v: T) throws -> String {
        String(decoding: try JSONEncoder().encode([v]), as: UTF8.self)
    }

    @Test func reliabilityKindsKeepTheirStrings() throws {
        #expect(try Self.json(Omega.Method.minres) == #"["minres"]"#)
        #expect(try Self.json(SplitHalf.Convention.allDistinct) == #"["all-distinct"]"#)
        #expect(try Self.json(SplitHalf.Convention.psych) == #"["psych"]"#)
        #expect(SplitHalf.Enumeration.standard.convention == .allDistinct)
        #expect(SplitHalf.Enumeration.psych(seed: 3).convention == .psych)
    }

    @Test func auditKindsKeepTheirStrings() throws {
        let criteria: [AuditResult.ChangeCriterion: String] = [
            .declaredPoints: "declared-points", .jacobsonTruax: "jacobson-truax",
            .jacobsonTruaxSample: "jacobson-truax-sample", .none: "none",
        ]
        for (c, s) in criteria { #expect(try Self.json(c) == "[\"\(s)\"]") }
        let kinds: [AuditResult.RCIReliabilityKind: String] = [
            .alpha: "alpha", .testRetest: "test-retest", .unstated: "unstated", .sampleAlpha: "alpha (sample)",
        ]
        for (k, s) in kinds { #expect(try Self.json(k) == "[\"\(s)\"]") }
        #expect(AuditResult.RCIReliabilityKind(nil) == .unstated)
        #expect(AuditResult.RCIReliabilityKind(.testRetest) == .testRetest)
        #expect(AuditResult.RCIReliabilityKind(.alpha) == .alpha)
    }
}
