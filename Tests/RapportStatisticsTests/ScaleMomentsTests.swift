import Foundation
import RapportTestSupport
import Testing
@testable import RapportStatistics

/// ScaleMoments: exactness, merge invariance, Codable, the Double fallback.
@Suite struct ScaleMomentsTests {
    /// Seeded rows on 1…5 with ~10% missing and some empty rows.
    static func rows(_ n: Int, k: Int, seed: UInt64, decimals: Int = 0) -> [[Double]] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { r in
            if r % 97 == 0 { return Array(repeating: .nan, count: k) }
            return (0..<k).map { _ in
                if g.nextUniform() < 0.1 { return .nan }
                let v = Double(1 + g.nextInt(below: 5))
                return decimals == 0 ? v : v + Double(g.nextInt(below: 10)) / 10
            }
        }
    }

    static func encode(_ m: ScaleMoments) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(m)
    }

    @Test func anyChunkingAndMergeOrderGivesIdenticalBytes() throws {
        let k = 6
        let data = Self.rows(3000, k: k, seed: 11)
        let rev = [false, true, false, false, true, false]
        var whole = ScaleMoments(itemCount: k, decimals: 0, categories: [1, 2, 3, 4, 5], reversed: rev)
        for r in data { whole.add(row: r) }
        #expect(whole.isExact)
        let reference = try Self.encode(whole)
        var g = SeededGenerator(seed: 5)
        for trial in 0..<5 {
            // Random cut points, chunks added through the block API, merged in a shuffled order.
            var cuts = [0]
            while cuts.last! < data.count { cuts.append(min(data.count, cuts.last! + 1 + g.nextInt(below: 400))) }
            var parts = [ScaleMoments]()
            for (a, b) in zip(cuts, cuts.dropFirst()) {
                var m = ScaleMoments(itemCount: k, decimals: 0, categories: [1, 2, 3, 4, 5], reversed: rev)
                let flat = data[a..<b].flatMap { $0 }
                flat.withUnsafeBufferPointer {
                    m.add(values: $0, rowCount: b - a, rowStride: k, offsets: Array(0..<k))
                }
                parts.append(m)
            }
            parts.shuffle(using: &g)
            var merged = parts[0]
            for p in parts.dropFirst() { merged.merge(p) }
            #expect(try Self.encode(merged) == reference, "trial \(trial)")
            #expect(AlphaAnalysis.analyze(merged) == AlphaAnalysis.analyze(whole))
        }
    }

    @Test func blockOffsetsSelectItemsFromAWiderRow() {
        // A block of 5 columns; the scale uses slots 4, 1, 2.
        let data = Self.rows(200, k: 5, seed: 3)
        var viaBlock = ScaleMoments(itemCount: 3, decimals: 0, categories: [1, 2, 3, 4, 5])
        let flat = data.flatMap { $0 }
        flat.withUnsafeBufferPointer { viaBlock.add(values: $0, rowCount: 200, rowStride: 5, offsets: [4, 1, 2]) }
        var viaRows = ScaleMoments(itemCount: 3, decimals: 0, categories: [1, 2, 3, 4, 5])
        for r in data { viaRows.add(row: [r[4], r[1], r[2]]) }
        #expect(viaBlock == viaRows)
    }

    @Test func codableRoundTrip() throws {
        var m = ScaleMoments(itemCount: 4, decimals: 1, categories: stride(from: 0.0, through: 10.0, by: 0.1).map { ($0 * 10).rounded() / 10 },
                             reversed: [false, false, true, false])
        for r in Self.rows(500, k: 4, seed: 8, decimals: 1) { m.add(row: r) }
        #expect(m.isExact)
        let data = try Self.encode(m)
        let back = try JSONDecoder().decode(ScaleMoments.self, from: data)
        #expect(back == m)
        #expect(try Self.encode(back) == data)
        // A corrupted shard is refused, not trusted.
        let bad = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"itemCount\":4", with: "\"itemCount\":5")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ScaleMoments.self, from: Data(bad.utf8)) }
    }

    @Test func decimalGridIsExactAndMatchesTwoPassCovariance() {
        let k = 4
        let data = Self.rows(800, k: k, seed: 21, decimals: 1)
        var m = ScaleMoments(itemCount: k, decimals: 1, categories: (0...100).map { Double($0) / 10 })
        for r in data { m.add(row: r) }
        #expect(m.isExact)
        let cov = m.covariance(.pairwise)
        for i in 0..<k { for j in 0..<k {
            let pairs = data.filter { !$0[i].isNaN && !$0[j].isNaN }
            let mi = pairs.map { $0[i] }.reduce(0, +) / Double(pairs.count)
            let mj = pairs.map { $0[j] }.reduce(0, +) / Double(pairs.count)
            let c = pairs.map { ($0[i] - mi) * ($0[j] - mj) }.reduce(0, +) / Double(pairs.count - 1)
            #expect(isClose(cov.covariance[i * k + j], c, relative: 1e-12), "cov[\(i),\(j)]")
        } }
    }

    @Test func offGridValuesSwitchToCompensatedDoubles() {
        let k = 3
        var data = Self.rows(600, k: k, seed: 4)
        data[300][1] = 2.5   // not on the integer grid
        var m = ScaleMoments(itemCount: k, decimals: 0, categories: [1, 2, 3, 4, 5])
        var exactPart = ScaleMoments(itemCount: k, decimals: 0, categories: [1, 2, 3, 4, 5])
        for (i, r) in data.enumerated() {
            m.add(row: r)
            if i < 300 { exactPart.add(row: r) }
        }
        #expect(!m.isExact && exactPart.isExact)
        #expect(m.offGridCount(item: 1) == 1)
        // Merging an exact and a float accumulator gives the float result of the whole.
        var rest = ScaleMoments(itemCount: k, decimals: 0, categories: [1, 2, 3, 4, 5])
        for r in data[300...] { rest.add(row: r) }
        exactPart.merge(rest)
        #expect(!exactPart.isExact)
        let a = m.covariance(.pairwise).covariance, b = exactPart.covariance(.pairwise).covariance
        for i in a.indices { #expect(isClose(a[i], b[i], relative: 1e-13)) }
        let r = AlphaAnalysis.analyze(m)
        #expect(r.warnings.contains { $0.kind == .offGridValues && $0.items == [1] })
    }

    @Test func countsAndRanges() {
        var m = ScaleMoments(itemCount: 3, decimals: 0, categories: [1, 2, 3, 4, 5])
        m.add(row: [1, 2, 3])
        m.add(row: [.nan, .nan, .nan])
        m.add(row: [5, .nan, 2])
        m.add(row: [4, 4, .nan])
        #expect(m.rows == 4 && m.completeRows == 1 && m.emptyRows == 1)
        #expect(m.answeredCounts == [3, 2, 2])
        #expect(m.pairwiseCountRange.min == 1 && m.pairwiseCountRange.max == 2)
        #expect(m.observedRange(.pairwise)! == (1, 5))
        #expect(m.observedRange(.listwise)! == (1, 3))
        #expect(m.categoryCounts(item: 0, .pairwise) == [1, 0, 0, 1, 1])
        #expect(m.categoryCounts(item: 0, .listwise) == [1, 0, 0, 0, 0])
    }

    @Test func declaredKeyingDiffersFromObservedOnlyInMeansAndScores() {
        // 1–7 scale where nobody chose 7: psych reverses with 1 + 6, the declared range with 1 + 7.
        var g = SeededGenerator(seed: 9)
        var m = ScaleMoments(itemCount: 4, decimals: 0, categories: [1, 2, 3, 4, 5, 6, 7],
                             reversed: [false, false, false, true])
        for _ in 0..<300 {
            let t = g.nextInt(below: 6)
            m.add(row: (0..<4).map { j in
                let v = Double(1 + min(5, max(0, t + g.nextInt(below: 3) - 1)))
                return j == 3 ? 7 - v : v
            })
        }
        let obs = AlphaAnalysis.analyze(m, options: AlphaOptions(reverseKeying: .observed))
        let dec = AlphaAnalysis.analyze(m, options: AlphaOptions(reverseKeying: .declared))
        #expect(obs.reversalConstant == 7 && dec.reversalConstant == 8)
        #expect(obs.coefficients == dec.coefficients)
        #expect(isClose(dec.items[3].mean - obs.items[3].mean, 1, relative: 1e-12))
        #expect(isClose(dec.scoreMean - obs.scoreMean, 0.25, relative: 1e-12))
        #expect(isClose(dec.items[3].rawR, obs.items[3].rawR, relative: 1e-12)) // complete data: shift only
    }

    @Test func batchedAndRowwiseExactPathsAgree() {
        // decimals 6 puts the grid bound at 5·10⁶, too large for exact double batches: the
        // row-wise integer path runs; decimals 0 runs the batched path. Same data, same stats.
        let data = Self.rows(1000, k: 5, seed: 77)
        var batched = ScaleMoments(itemCount: 5, decimals: 0, categories: [1, 2, 3, 4, 5], reversed: [true, false, false, false, false])
        var rowwise = ScaleMoments(itemCount: 5, decimals: 6, categories: [1, 2, 3, 4, 5], reversed: [true, false, false, false, false])
        for r in data { batched.add(row: r); rowwise.add(row: r) }
        #expect(batched.isExact && rowwise.isExact)
        #expect(batched.completeRows > 256)
        let a = AlphaAnalysis.analyze(batched), b = AlphaAnalysis.analyze(rowwise)
        #expect(isClose(a.coefficients.raw, b.coefficients.raw, relative: 1e-14))
        #expect(isClose(a.scoreMean, b.scoreMean, relative: 1e-14) && isClose(a.scoreSD, b.scoreSD, relative: 1e-14))
        for i in 0..<5 {
            #expect(batched.categoryCounts(item: i, .pairwise) == rowwise.categoryCounts(item: i, .pairwise))
            #expect(batched.categoryCounts(item: i, .listwise) == rowwise.categoryCounts(item: i, .listwise))
            #expect(isClose(a.items[i].rawR, b.items[i].rawR, relative: 1e-13))
        }
        #expect(batched.observedRange(.pairwise)! == rowwise.observedRange(.pairwise)!)
        #expect(batched.observedRange(.listwise)! == rowwise.observedRange(.listwise)!)
    }

    @Test func incompatibleShardsAreRefusedNotMerged() throws {
        var a = ScaleMoments(itemCount: 3, decimals: 0, categories: [1, 2, 3, 4, 5])
        let b = ScaleMoments(itemCount: 3, decimals: 0, categories: [1, 2, 3, 4, 5], reversed: [true, false, false])
        let c = ScaleMoments(itemCount: 4, decimals: 0, categories: [1, 2, 3, 4, 5])
        let d = ScaleMoments(itemCount: 3, decimals: 1, categories: [1, 2, 3, 4, 5])
        #expect(throws: ScaleMoments.MergeError.self) { try a.mergeChecked(b) }
        #expect(throws: ScaleMoments.MergeError.self) { try a.mergeChecked(c) }
        #expect(throws: ScaleMoments.MergeError.self) { try a.mergeChecked(d) }
        var e = ScaleMoments(itemCount: 3, decimals: 0, categories: [1, 2, 3, 4, 5])
        e.add(row: [1, 2, 3])
        try a.mergeChecked(e)
        #expect(a.rows == 1 && a.completeRows == 1)
    }
}
