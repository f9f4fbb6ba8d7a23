import Foundation
import Testing
@testable import Rapport

@Suite struct SimulationResponseTests {
    typealias Options = ResponseSimulator.Options

    @Test func identicalBytesAtAnyThreadCount() throws {
        let base = Options(rows: 9_000, seed: 42, missingRate: 0.03, carelessRate: 0.02, threads: 1)
        let one = try SimFixtures.generate(SimFixtures.waiS, base)
        for t in [2, 8] {
            var o = base
            o.threads = t
            #expect(try SimFixtures.generate(SimFixtures.waiS, o) == one)
        }
        var other = base
        other.seed = 43
        #expect(try SimFixtures.generate(SimFixtures.waiS, other) != one)
    }

    @Test func headerAndIDs() throws {
        let rows = SimFixtures.rows(try SimFixtures.generate(SimFixtures.waiS, Options(rows: 3, seed: 1)))
        #expect(rows.count == 4)
        #expect(rows[0] == ["id"] + (1...12).map { "wais_\($0)" })
        #expect(rows[1...].map { $0[0] } == ["P000001", "P000002", "P000003"])
        let big = try ResponseSimulator(instrument: SimFixtures.care, options: Options(rows: 12_345_678, seed: 1))
        #expect(big.idWidth == 8)
    }

    /// Item means near the construct's target position; reverse-keyed items correlate
    /// negatively with the rest before keying and positively after; items of one factor
    /// correlate more than items of different factors.
    @Test func marginalsAndCorrelations() throws {
        let rows = SimFixtures.rows(try SimFixtures.generate(SimFixtures.waiS, Options(rows: 6_000, seed: 7, threads: 2)))
        let data = rows.dropFirst().map { $0.dropFirst().map { Double($0)! } }
        let n = Double(data.count)
        func column(_ j: Int, keyed: Bool = false) -> [Double] {
            data.map { keyed && (j == 3 || j == 9) ? 8 - $0[j] : $0[j] }
        }
        func cor(_ a: [Double], _ b: [Double]) -> Double {
            let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for i in a.indices {
                sab += (a[i] - ma) * (b[i] - mb)
                saa += (a[i] - ma) * (a[i] - ma)
                sbb += (b[i] - mb) * (b[i] - mb)
            }
            return sab / (saa * sbb).squareRoot()
        }
        // Target keyed position 0.8 on 1–7 → mean 5.8 (SE of a mean here ≈ 0.02).
        for j in 0..<12 {
            let m = column(j, keyed: true).reduce(0, +) / n
            #expect(abs(m - 5.8) < 0.1, "item \(j + 1) keyed mean \(m)")
        }
        let others = [0, 1, 2, 4, 5, 6, 7, 8, 10, 11]
        for r in [3, 9] {
            for o in others {
                #expect(cor(column(r), column(o)) < -0.2)
                #expect(cor(column(r, keyed: true), column(o)) > 0.2)
            }
        }
        // Task items 1, 2 (same factor) vs task item 1 and bond item 3 (ρ = 0.7).
        #expect(cor(column(0), column(1)) > cor(column(0), column(2)) + 0.05)
    }

    /// Thresholds from the simulation block fix the marginal: P(top) = 1 − Φ(τ₄).
    @Test func declaredThresholdsGiveTheirMarginals() throws {
        var care = SimFixtures.care
        care.simulation = Simulation(defaultLoading: 0.8, thresholds: [-2.4, -1.8, -1.2, -0.4])
        let rows = SimFixtures.rows(try SimFixtures.generate(care, Options(rows: 8_000, seed: 3)))
        let cells = rows.dropFirst().flatMap { $0.dropFirst() }
        let top = Double(cells.filter { $0 == "5" }.count) / Double(cells.count)
        #expect(abs(top - (1 - StandardNormal.cdf(-0.4))) < 0.02)
        let bottom = Double(cells.filter { $0 == "1" }.count) / Double(cells.count)
        #expect(abs(bottom - StandardNormal.cdf(-2.4)) < 0.005)
    }

    @Test func missingRateWithinTolerance() throws {
        let rows = SimFixtures.rows(try SimFixtures.generate(SimFixtures.waiS, Options(rows: 5_000, seed: 11, missingRate: 0.03)))
        let cells = rows.dropFirst().flatMap { $0.dropFirst() }
        let rate = Double(cells.filter(\.isEmpty).count) / Double(cells.count)
        #expect(abs(rate - 0.03) < 0.004)   // 60,000 cells: SE ≈ 0.0007
    }

    /// Missing and careless options only blank cells or replace the listed rows.
    @Test func optionsAreOrthogonal() throws {
        let plain = SimFixtures.rows(try SimFixtures.generate(SimFixtures.waiS, Options(rows: 5_000, seed: 5)))
        let masked = SimFixtures.rows(try SimFixtures.generate(SimFixtures.waiS, Options(rows: 5_000, seed: 5, missingRate: 0.1)))
        for (a, b) in zip(plain, masked) {
            for (x, y) in zip(a, b) { #expect(y.isEmpty || x == y) }
        }
        let sim = try ResponseSimulator(instrument: SimFixtures.waiS,
                                        options: Options(rows: 5_000, seed: 5, carelessRate: 0.02))
        var bytes: [UInt8] = []
        try sim.write { bytes += $0 }
        let careless = SimFixtures.rows(bytes)
        let listed = Set(sim.carelessRows.map(\.row))
        for i in 1..<plain.count where !listed.contains(i) {
            #expect(plain[i] == careless[i])
        }
    }

    @Test func carelessRowsAreWhereTheSideFileSays() throws {
        let sim = try ResponseSimulator(instrument: SimFixtures.waiS,
                                        options: Options(rows: 3_000, seed: 9, missingRate: 0.03, carelessRate: 0.02, threads: 2))
        var bytes: [UInt8] = []
        try sim.write { bytes += $0 }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(sim.carelessRows.count == 60)
        #expect(sim.carelessRows.filter { $0.kind == .straightLine }.count == 30)
        let side = String(decoding: sim.carelessCSV(), as: UTF8.self).split(separator: "\n")
        #expect(side.first == "row,line,kind")
        #expect(side.count == 61)
        for c in sim.carelessRows {
            let fields = lines[c.line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields[0] == String(format: "P%06d", c.row))
            let answers = fields.dropFirst()
            #expect(answers.allSatisfy { !$0.isEmpty })   // careless rows answer everything
            if c.kind == .straightLine { #expect(Set(answers).count == 1) }
        }
        // Random responders are uniform: over 30 rows × 12 items every category appears.
        let randomCells = sim.carelessRows.filter { $0.kind == .random }.flatMap {
            lines[$0.line - 1].split(separator: ",").dropFirst().map(String.init)
        }
        #expect(Set(randomCells) == Set((1...7).map(String.init)))
    }

    @Test func notApplicableOnlyWhereAsked() throws {
        let rows = SimFixtures.rows(try SimFixtures.generate(SimFixtures.care,
            Options(rows: 4_000, seed: 2, missingRate: 0.01, notApplicableRate: 0.05, notApplicableItems: ["9", "care_10"])))
        for j in 1...10 {
            let col = rows.dropFirst().map { $0[j] }
            let na = Double(col.filter { $0 == "N/A" }.count) / Double(col.count)
            if j >= 9 { #expect(abs(na - 0.05) < 0.015) } else { #expect(na == 0) }
        }
        #expect(throws: SimulationError.self) {
            try ResponseSimulator(instrument: SimFixtures.waiS, options: Options(rows: 10, seed: 1, notApplicableRate: 0.1))
        }
        #expect(throws: SimulationError.self) {
            try ResponseSimulator(instrument: SimFixtures.care, options: Options(rows: 10, seed: 1, notApplicableItems: ["i99"]))
        }
    }

    @Test func visualAnalogueGrid() throws {
        let rows = SimFixtures.rows(try SimFixtures.generate(SimFixtures.srs, Options(rows: 2_000, seed: 4)))
        let cells = rows.dropFirst().flatMap { $0.dropFirst() }
        var distinct = Set<String>()
        for c in cells {
            let parts = c.split(separator: ".")
            #expect(parts.count == 2 && parts[1].count == 1)
            let v = Double(c)!
            #expect(v >= 0 && v <= 10)
            distinct.insert(c)
        }
        #expect(distinct.count > 25)   // a continuous line, not a handful of categories
        let mean = cells.map { Double($0)! }.reduce(0, +) / Double(cells.count)
        #expect(abs(mean - 9.0) < 0.15)   // alliance target position 0.9 on a visual-analogue line
    }

    @Test func badOptionsAreErrors() {
        for o in [Options(rows: 0, seed: 1), Options(rows: 5, seed: 1, missingRate: 1),
                  Options(rows: 5, seed: 1, carelessRate: -0.1), Options(rows: 5, seed: 1, missingRate: .nan)] {
            #expect(throws: SimulationError.self) { try ResponseSimulator(instrument: SimFixtures.care, options: o) }
        }
    }
}
