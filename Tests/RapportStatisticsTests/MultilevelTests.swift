import Foundation
import Testing
@testable import RapportStatistics

/// ``MultilevelReliability`` against psych 2.2.9 `mlr()` and nlme's REML fit of psych's lme
/// model (Fixtures/make-multilevel-reference.R). Balanced 40 × 6 × 4: components, RkF, R1R, RkR,
/// Rc to 1e-9 (issue 15 asks 1e-6). REML (balanced and unbalanced) against nlme iterated to
/// tight tolerances: components to 2e-5 relative, RkRn and Rcn to 5e-6 — the restricted
/// likelihood is flat in the client variance (nlme's default stop and lme4 differ from the tight
/// optimum by ~1e-5 relative, at a log-likelihood difference of 1e-9); psych's own RkRn and Rcn
/// (nlme defaults, 7-digit VarCorr) to 5e-5.
@Suite struct MultilevelTests {
    struct Reml: Decodable { let id: Double, idTime: Double, residual: Double, rkrn: Double, rcn: Double }
    struct Balanced: Decodable {
        let data: [[[Double?]]]
        let components: [String: Double]
        let RkF: Double, R1R: Double, RkR: Double, Rc: Double, psychRkRn: Double, psychRcn: Double
        let reml: Reml
    }
    struct Unbalanced: Decodable {
        let data: [[[Double?]]]
        let psychRkRn: Double, psychRcn: Double
        let reml: Reml
    }
    struct Reference: Decodable { let balanced: Balanced; let unbalanced: Unbalanced }
    static let reference: Reference = {
        let url = Bundle.module.url(forResource: "multilevel-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    func checkReml(_ m: MultilevelReliability, _ e: Reml) {
        #expect(abs(m.nested.id - e.id) <= 2e-5 * e.id, "\(m.nested) vs \(e)")
        #expect(abs(m.nested.idTime - e.idTime) <= 2e-5 * e.idTime)
        #expect(abs(m.nested.residual - e.residual) <= 2e-5 * e.residual)
        #expect(abs(m.rkrn - e.rkrn) < 5e-6)
        #expect(abs(m.rcn - e.rcn) < 5e-6)
    }

    @Test func balancedEqualsPsych() throws {
        let b = Self.reference.balanced
        let m = try #require(MultilevelReliability(b.data))
        #expect(m.balanced && m.persons == 40 && m.times == 6 && m.items == 4)
        let c = try #require(m.components)
        let got: [String: Double] = ["id": c.id, "time": c.time, "items": c.items, "idTime": c.idTime,
                                     "idItems": c.idItems, "timeItems": c.timeItems, "residual": c.residual]
        for (k, v) in b.components { #expect(abs(got[k]! - v) < 1e-9, "\(k): \(got[k]!) vs \(v)") }
        #expect(abs(m.rkf! - b.RkF) < 1e-9)
        #expect(abs(m.r1r! - b.R1R) < 1e-9)
        #expect(abs(m.rkr! - b.RkR) < 1e-9)
        #expect(abs(m.rc! - b.Rc) < 1e-9)
        checkReml(m, b.reml)
        #expect(abs(m.rkrn - b.psychRkRn) < 5e-5 && abs(m.rcn - b.psychRcn) < 5e-5)
    }

    @Test func unbalancedRemlEqualsNlme() throws {
        let u = Self.reference.unbalanced
        let m = try #require(MultilevelReliability(u.data))
        #expect(!m.balanced)
        #expect(m.components == nil && m.rkf == nil && m.rc == nil)
        checkReml(m, u.reml)
        #expect(abs(m.rkrn - u.psychRkRn) < 5e-5 && abs(m.rcn - u.psychRcn) < 5e-5)
    }

    @Test func undefined() {
        #expect(MultilevelReliability([[[1, 2], [2, 3]]]) == nil)           // one person
        #expect(MultilevelReliability([[[1], [2]], [[2], [3]]]) == nil)     // one item
    }
}
