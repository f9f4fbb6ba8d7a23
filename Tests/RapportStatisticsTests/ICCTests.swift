import Foundation
import RapportTestSupport
import Testing
@testable import RapportStatistics

/// psych 2.2.9 `ICC()` reference values written by `Fixtures/make-icc-reference.R`.
struct ICCReference: Decodable {
    struct Run: Decodable {
        let icc: [Double], F: [Double], df1: [Double], df2: [Double], p: [Double]
        let lower: [Double], upper: [Double]
        let nObs: Int, raters: Int
        let MSB: Double, MSJ: Double, MSE: Double, MSW: Double
    }
    struct Case: Decodable {
        let ratings: [[Double]]
        let anova05: Run, anova10: Run, lmer05: Run, lmer10: Run
        /// `-999` marks a missing cell in the JSON.
        var table: [[Double?]] { ratings.map { $0.map { $0 == -999 ? nil : $0 } } }
    }
    let psych: String
    let lme4: String
    let cases: [String: Case]

    static let shared: ICCReference = {
        let url = Bundle.module.url(forResource: "icc-reference", withExtension: "json",
                                    subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(ICCReference.self, from: Data(contentsOf: url))
    }()
}

/// ICCs against psych 2.2.9.
/// - ANOVA (`lmer = FALSE` on complete targets): 1e-10 relative for ICCs, F, bounds and p
///   (closed forms; p and bounds depend on the F distribution, itself checked to 1e-10).
/// - REML (psych's default, lme4 1.1): 1e-4 absolute. lme4's optimiser stops short of the
///   REML optimum (its MSJ on complete Shrout–Fleiss data is 32.48615 vs the exact 32.48611),
///   Rapport's is exact, so bounds and p inherit that 1e-6-relative noise, amplified by the
///   F quantiles.
@Suite struct ICCTests {
    let ref = ICCReference.shared
    static let names = ["shroutFleiss", "complete", "missing", "boundary"]

    private func check(_ icc: ICC, _ run: ICCReference.Run, relative: Double? = nil,
                       absolute: Double? = nil) {
        // Relative (with a 1e-14 floor for values near 0), or absolute.
        let tolerance = relative.map { (relative: $0, absolute: 1e-14) } ?? (relative: 0, absolute: absolute!)
        #expect(icc.targets == run.nObs)
        #expect(icc.raters == run.raters)
        #expect(isClose(icc.meanSquares.targets, run.MSB, relative: tolerance.relative, absolute: tolerance.absolute))
        #expect(isClose(icc.meanSquares.error, run.MSE, relative: tolerance.relative, absolute: tolerance.absolute))
        #expect(isClose(icc.meanSquares.within, run.MSW, relative: tolerance.relative, absolute: tolerance.absolute))
        for (i, form) in icc.forms.enumerated() {
            #expect(isClose(form.value, run.icc[i], relative: tolerance.relative, absolute: tolerance.absolute), "\(form.name) value")
            #expect(isClose(form.f, run.F[i], relative: tolerance.relative, absolute: tolerance.absolute), "\(form.name) F")
            #expect(form.df1 == run.df1[i])
            #expect(form.df2 == run.df2[i])
            #expect(isClose(form.p, run.p[i], relative: tolerance.relative, absolute: tolerance.absolute), "\(form.name) p")
            #expect(isClose(form.lower, run.lower[i], relative: tolerance.relative, absolute: tolerance.absolute), "\(form.name) lower")
            #expect(isClose(form.upper, run.upper[i], relative: tolerance.relative, absolute: tolerance.absolute), "\(form.name) upper")
        }
    }

    @Test func shroutFleissPublishedTable() throws {
        let sf = try #require(ref.cases["shroutFleiss"])
        let icc = try ICC(ratings: sf.table)
        #expect(icc.method == .reml)
        #expect(icc.forms == (try ICC(ratings: sf.table, method: .anova)).forms)
        let published = [0.166, 0.290, 0.715, 0.443, 0.620, 0.909]
        for (form, value) in zip(icc.forms, published) {
            #expect(abs(form.value - value) < 0.0005, "\(form.name)")
        }
        #expect(icc.forms.map(\.name) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"])
        #expect(icc["ICC2"]?.label == "Single_random_raters")
    }

    @Test(arguments: names)
    func anovaMatchesPsych(_ name: String) throws {
        let c = try #require(ref.cases[name])
        let a05 = try ICC(ratings: c.table, method: .anova, confidence: 0.95)
        check(a05, c.anova05, relative: 1e-10)
        #expect(abs(a05.meanSquares.raters - c.anova05.MSJ) <= 1e-10 * max(c.anova05.MSJ, 1e-12))
        let a10 = try ICC(ratings: c.table, method: .anova, confidence: 0.90)
        check(a10, c.anova10, relative: 1e-10)
        #expect(a05.targetsDropped == c.table.count - c.anova05.nObs)
    }

    @Test(arguments: names)
    func remlMatchesPsychDefault(_ name: String) throws {
        let c = try #require(ref.cases[name])
        let r05 = try ICC(ratings: c.table, method: .reml, confidence: 0.95)
        check(r05, c.lmer05, absolute: 1e-4)
        #expect(abs(r05.meanSquares.raters - c.lmer05.MSJ) <= 1e-4 * max(1, c.lmer05.MSJ))
        let r10 = try ICC(ratings: c.table, method: .reml, confidence: 0.90)
        check(r10, c.lmer10, absolute: 1e-4)
        #expect(r05.targetsDropped == 0)
        #expect(r05.varianceComponents != nil)
    }

    /// Missing cells: ANOVA drops incomplete targets (stated), REML keeps every cell and,
    /// like psych, counts every target in n.
    @Test func missingCellsAreHandledAndStated() throws {
        let c = try #require(ref.cases["missing"])
        let anova = try ICC(ratings: c.table, method: .anova)
        let reml = try ICC(ratings: c.table)
        #expect(reml.method == .reml)
        #expect(anova.missingCells > 0)
        #expect(anova.targetsDropped == 11)
        #expect(anova.targets == 19)
        #expect(reml.targets == 30)
        #expect(reml.missingCells == anova.missingCells)
    }

    /// Complete data with positive components: REML equals ANOVA. Rapport uses that closed
    /// form; the numerical optimiser must agree with it (1e-7 relative on the components).
    @Test func remlOptimiserEqualsAnovaOnCompleteData() throws {
        let c = try #require(ref.cases["complete"])
        let anova = try ICC(ratings: c.table, method: .anova)
        let reml = try ICC(ratings: c.table, method: .reml)
        #expect(anova.forms.map(\.value) == reml.forms.map(\.value))
        let numeric = ICCRestrictedLikelihood(ratings: c.table).estimate()
        let exact = try #require(reml.varianceComponents)
        #expect(abs(numeric.target - exact.target) < 1e-7 * exact.target)
        #expect(abs(numeric.rater - exact.rater) < 1e-7 * exact.rater)
        #expect(abs(numeric.residual - exact.residual) < 1e-7 * exact.residual)
    }

    /// Long format → table: the missing-data case round-trips, duplicates are refused.
    @Test func longFormatTable() throws {
        let c = try #require(ref.cases["missing"])
        var t: [Int] = [], r: [Int] = [], v: [Double] = []
        for (i, row) in c.table.enumerated() {
            for (j, x) in row.enumerated() { if let x { t.append(i); r.append(j); v.append(x) } }
        }
        // Records in reverse order: the table does not depend on record order.
        let table = try ICC.table(targets: t.reversed(), raters: r.reversed(), values: v.reversed())
        #expect(table == c.table)
        #expect(throws: ICC.Failure.duplicateRating(firstRecord: 1, secondRecord: 3)) {
            try ICC.table(targets: [0, 1, 0], raters: [1, 1, 1], values: [1, 2, 3])
        }
        #expect(throws: ICC.Failure.unequalColumns) { try ICC.table(targets: [0], raters: [], values: []) }
    }

    @Test func badTablesAreErrors() {
        #expect(throws: ICC.Failure.tooFewRaters(1)) { try ICC(ratings: [[1], [2], [3]]) }
        #expect(throws: ICC.Failure.raggedTable(row: 2, expected: 2, found: 1)) {
            try ICC(ratings: [[1, 2], [3]])
        }
        #expect(throws: ICC.Failure.tooFewTargets(usable: 1)) {
            try ICC(ratings: [[1, 2], [3, nil], [nil, 4]], method: .anova)
        }
        #expect(throws: ICC.Failure.tooFewTargets(usable: 1)) {
            try ICC(ratings: [[1, 2], [nil, nil]], method: .reml)
        }
        #expect(throws: ICC.Failure.nonFiniteRating(row: 1, column: 2)) {
            try ICC(ratings: [[1, .nan], [3, 4]])
        }
        #expect(ICC.Failure.tooFewRaters(1).description.contains("2 raters"))
    }
}

/// One-way ICC(1) of clients within therapists against R `aov` and `multilevel` 2.7-1
/// (`ICC1`, `ICC2`) and the n₀ ANOVA estimator computed in R; 1e-10 relative.
@Suite struct ICCOneWayTests {
    struct Reference: Decodable {
        struct OneWay: Decodable {
            let groups: [[Double]]
            let MSB: Double, MSW: Double, F: Double, p: Double, df1: Double, df2: Double
            let n0: Double, icc1Adjusted: Double, icc1Mean: Double, icc2: Double
        }
        let oneway: OneWay
    }
    static let ref: Reference.OneWay = {
        let url = Bundle.module.url(forResource: "icc-reference", withExtension: "json",
                                    subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url)).oneway
    }()

    @Test func matchesAovAndMultilevel() throws {
        let r = Self.ref
        let adjusted = try ICCOneWay(groups: r.groups)
        #expect(isClose(adjusted.meanSquareBetween, r.MSB, relative: 1e-10))
        #expect(isClose(adjusted.meanSquareWithin, r.MSW, relative: 1e-10))
        #expect(isClose(adjusted.f, r.F, relative: 1e-10))
        #expect(isClose(adjusted.p, r.p, relative: 1e-10))
        #expect(adjusted.df1 == r.df1 && adjusted.df2 == r.df2)
        #expect(isClose(adjusted.groupSize, r.n0, relative: 1e-10))
        #expect(isClose(adjusted.icc1, r.icc1Adjusted, relative: 1e-10))
        #expect(isClose(adjusted.icc2, r.icc2, relative: 1e-10))
        let mean = try ICCOneWay(groups: r.groups, groupSize: .mean)
        #expect(isClose(mean.icc1, r.icc1Mean, relative: 1e-10))
        // ICC(2) is Spearman–Brown of ICC(1) at the same group size.
        let sb = ICCOneWay.spearmanBrown(mean.icc1, count: mean.groupSize)
        #expect(abs(sb - r.icc2) < 1e-12)
    }

    /// Balanced groups: ICC(1) equals psych's ICC1 of the same table (Shrout–Fleiss .166).
    @Test func balancedEqualsPsychICC1() throws {
        let sf = try #require(ICCReference.shared.cases["shroutFleiss"])
        let table = sf.ratings
        let oneWay = try ICCOneWay(groups: table)
        let twoWay = try ICC(ratings: sf.table, method: .anova)
        #expect(abs(oneWay.icc1 - twoWay.forms[0].value) < 1e-12)
        #expect(abs(oneWay.icc2 - twoWay.forms[3].value) < 1e-12)
        #expect(abs(oneWay.meanReliability(count: 4) - twoWay.forms[3].value) < 1e-12)
    }

    @Test func errors() {
        #expect(throws: ICCOneWay.Failure.tooFewGroups(1)) { try ICCOneWay(groups: [[1, 2], []]) }
        #expect(throws: ICCOneWay.Failure.noWithinGroupReplication) { try ICCOneWay(groups: [[1], [2]]) }
        #expect(throws: ICCOneWay.Failure.nonFiniteValue(group: 2, index: 1)) {
            try ICCOneWay(groups: [[1, 2], [.infinity]])
        }
    }
}
