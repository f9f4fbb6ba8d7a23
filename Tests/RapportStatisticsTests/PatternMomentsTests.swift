import Foundation
import Testing
@testable import RapportStatistics

/// The pattern path (``PatternAccumulator`` + ``ScaleMoments/add(_:mapping:)``) against the
/// row-by-row path (``ScaleMoments/add(values:rowCount:rowStride:offsets:)``): on random
/// grids, keys, item subsets and missingness, the moments must be equal field for field and
/// encode to the same bytes.
@Suite struct PatternMomentsTests {
    /// One random item: a grid `min, min+step, …` of `count` values with `decimals` decimals.
    struct Item {
        var min: Double
        var step: Double
        var decimals: Int
        var count: Int
        func value(_ c: Int) -> Double {
            var p = 1.0
            for _ in 0..<decimals { p *= 10 }
            return ((min + Double(c) * step) * p).rounded() / p
        }
        var values: [Double] { (0..<count).map(value) }
    }

    static func randomItem(_ g: inout SeededGenerator, maxCodes: Int) -> Item {
        switch g.nextInt(below: 4) {
        case 0: return Item(min: 1, step: 1, decimals: 0, count: 5)
        case 1: return Item(min: Double(g.nextInt(below: 7) - 3), step: 1, decimals: 0,
                            count: 2 + g.nextInt(below: maxCodes - 1))
        case 2: return Item(min: 0, step: 0.1, decimals: 1, count: 2 + g.nextInt(below: maxCodes - 1))
        default: return Item(min: Double(g.nextInt(below: 3)), step: 0.5, decimals: 1,
                             count: 2 + g.nextInt(below: min(maxCodes - 1, 12)))
        }
    }

    /// Random data, random scales over the group, both paths; returns how many scales took the
    /// pattern path, of how many.
    static func compare(seed: UInt64) throws -> (used: Int, scales: Int) {
        var g = SeededGenerator(seed: seed)
        let groupSize = 1 + g.nextInt(below: 20)
        let maxCodes = [5, 11, 46, 60, 101][g.nextInt(below: 5)]
        let items = (0..<groupSize).map { _ in randomItem(&g, maxCodes: maxCodes) }
        let codeCount = items.map(\.count).max()!
        // The block: extra columns around the group, group items at scattered offsets.
        let stride = groupSize + g.nextInt(below: 4)
        let offsets = Array((0..<stride).shuffled(using: &g).prefix(groupSize))
        let rowCount = [0, 1, 7, 300, 3000][g.nextInt(below: 5)]
        let missing = [0.0, 0.03, 0.3, 0.9][g.nextInt(below: 4)]
        var codes = [UInt8](repeating: 0xFF, count: rowCount * stride + 1)
        var values = [Double](repeating: .nan, count: rowCount * stride + 1)
        for r in 0..<rowCount {
            let empty = g.nextInt(below: 50) == 0
            for (i, item) in items.enumerated() {
                let at = r * stride + offsets[i]
                if empty || g.nextUniform() < missing {
                    codes[at] = [0xFD, 0xFE, 0xFF][g.nextInt(below: 3)]
                    continue
                }
                let c = g.nextInt(below: item.count)
                codes[at] = UInt8(c)
                values[at] = item.value(c)
            }
        }
        let scales = (0..<(1 + g.nextInt(below: 4))).map { _ -> [Int] in
            let k = 1 + g.nextInt(below: groupSize)
            return Array((0..<groupSize).shuffled(using: &g).prefix(k))
        }
        var old: [ScaleMoments] = []
        var new: [ScaleMoments] = []
        var mappings: [PatternMapping?] = []
        for members in scales {
            var cats = Set<Double>()
            for i in members { cats.formUnion(items[i].values) }
            let decimals = members.map { items[$0].decimals }.max()!
            let reversed = members.map { _ in g.nextInt(below: 3) == 0 }
            let empty = ScaleMoments(itemCount: members.count, decimals: decimals, categories: cats.sorted(),
                                     reversed: reversed)
            var o = empty
            values.withUnsafeBufferPointer {
                o.add(values: $0, rowCount: rowCount, rowStride: stride, offsets: members.map { offsets[$0] })
            }
            old.append(o)
            new.append(empty)
            mappings.append(PatternMapping(moments: empty, items: members,
                                           codeValues: members.map { items[$0].values }, codeCount: codeCount))
        }
        // The pattern path, in random pieces and with a small table so it fills and restarts.
        var acc = PatternAccumulator(itemCount: groupSize, codeCount: codeCount,
                                     capacity: [1, 3, 16, 256][g.nextInt(below: 4)])
        var start = 0
        try codes.withUnsafeBufferPointer { buf in
            while start < rowCount {
                let end = min(rowCount, start + 1 + g.nextInt(below: 1000))
                var r = start
                while r < end {
                    r = acc.add(codes: buf, rows: r..<end, rowStride: stride, offsets: Array(offsets.prefix(groupSize)))
                    for s in new.indices {
                        let mapping = try #require(mappings[s])
                        let added = new[s].add(acc, mapping: mapping)
                        #expect(added)
                    }
                    acc.reset()
                }
                start = end
            }
        }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        var used = 0
        for s in scales.indices where mappings[s] != nil {
            used += 1
            #expect(new[s] == old[s], "seed \(seed), scale \(s): \(scales[s]) of \(groupSize), \(rowCount) rows, missing \(missing)")
            #expect(try e.encode(new[s]) == e.encode(old[s]))
        }
        return (used, scales.count)
    }

    @Test(arguments: 0..<40)
    func patternPathEqualsRowByRow(seed: UInt64) throws {
        // Every random grid is affine with its values among the categories: all scales qualify.
        let (used, scales) = try Self.compare(seed: 1000 + seed)
        #expect(used == scales)
    }

    @Test func mappingRefusesCodesOffTheCategories() {
        let m = ScaleMoments(itemCount: 1, decimals: 0, categories: [1, 2, 3])
        #expect(PatternMapping(moments: m, items: [0], codeValues: [[1, 2, 3]], codeCount: 3) != nil)
        #expect(PatternMapping(moments: m, items: [0], codeValues: [[1, 2, 4]], codeCount: 3) == nil)
        #expect(PatternMapping(moments: m, items: [0], codeValues: [[1.5, 2]], codeCount: 3) == nil)
        // Scaled values must be affine in the code.
        let q = ScaleMoments(itemCount: 1, decimals: 0, categories: [1, 2, 4])
        #expect(PatternMapping(moments: q, items: [0], codeValues: [[1, 2, 4]], codeCount: 3) == nil)
    }

    @Test func manyRowsOfOnePatternWidenTheLanesExactly() throws {
        // 46 codes: 16-bit lanes widened every 16 rows; 101 codes: 32-bit lanes.
        for count in [5, 46, 101] {
            let rows = 5000
            var codes = [UInt8](repeating: 0, count: rows * 2)
            var values = [Double](repeating: 0, count: rows * 2)
            for r in 0..<rows {
                for i in 0..<2 {
                    let c = (r * (i + 3)) % count
                    codes[r * 2 + i] = UInt8(c)
                    values[r * 2 + i] = Double(c)
                }
            }
            let cats = (0..<count).map(Double.init)
            var old = ScaleMoments(itemCount: 2, decimals: 0, categories: cats, reversed: [false, true])
            var new = old
            values.withUnsafeBufferPointer { old.add(values: $0, rowCount: rows, rowStride: 2, offsets: [0, 1]) }
            var acc = PatternAccumulator(itemCount: 2, codeCount: count)
            var done = 0
            codes.withUnsafeBufferPointer { done = acc.add(codes: $0, rows: 0..<rows, rowStride: 2, offsets: [0, 1]) }
            #expect(done == rows)
            let mapping = try #require(PatternMapping(moments: new, items: [0, 1],
                                                      codeValues: [cats, cats], codeCount: count))
            let added = new.add(acc, mapping: mapping)
            #expect(added)
            #expect(new == old)
        }
    }
}
