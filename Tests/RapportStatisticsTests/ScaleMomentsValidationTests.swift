import Foundation
import Testing
@testable import RapportStatistics

/// Moments read from outside are checked (issue 11 §4): every value accumulated and merged by
/// the library passes, and each kind of damage is refused with the field it is in.
@Suite struct ScaleMomentsValidationTests {
    static func decode(_ data: Data) throws -> ScaleMoments {
        try JSONDecoder().decode(ScaleMoments.self, from: data)
    }

    /// Exact and compensated moments, with missing, empty and off-grid rows, decimal grids and
    /// reversed items, merged in pieces: all satisfy every invariant and round-trip.
    @Test(arguments: [(0, false), (1, false), (0, true)])
    func accumulatedMomentsPass(decimals: Int, offGrid: Bool) throws {
        let k = 5
        let cats: [Double] = decimals == 0 ? [1, 2, 3, 4, 5] : stride(from: 1.0, through: 5.0, by: 0.1).map { ($0 * 10).rounded() / 10 }
        var rows = ScaleMomentsTests.rows(1500, k: k, seed: 21, decimals: decimals)
        if offGrid { rows[700][2] = 2.5; rows[900][0] = 7 }
        var parts: [ScaleMoments] = []
        for chunk in stride(from: 0, to: rows.count, by: 400) {
            var m = ScaleMoments(itemCount: k, decimals: decimals, categories: cats,
                                 reversed: [false, true, false, false, true])
            for r in rows[chunk..<min(rows.count, chunk + 400)] { m.add(row: r) }
            parts.append(m)
        }
        var whole = parts[0]
        for p in parts.dropFirst() { try whole.mergeChecked(p) }
        if decimals == 0 { #expect(whole.isExact == !offGrid) }
        for m in parts + [whole] {
            #expect(m.invariantViolation() == nil, "\(String(describing: m.invariantViolation()))")
            let back = try Self.decode(try ScaleMomentsTests.encode(m))
            #expect(back == m)
        }
    }

    /// Each damage, and the field named.
    @Test func damagedMomentsAreRefusedAtTheirField() throws {
        var m = ScaleMoments(itemCount: 3, decimals: 0, categories: [1, 2, 3, 4, 5])
        for r in ScaleMomentsTests.rows(200, k: 3, seed: 4) { m.add(row: r) }
        let json = try #require(JSONSerialization.jsonObject(with: try ScaleMomentsTests.encode(m)) as? [String: Any])
        func refused(_ expected: String, _ edit: (inout [String: Any]) -> Void,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
            var j = json
            edit(&j)
            let data = try JSONSerialization.data(withJSONObject: j)
            do {
                _ = try Self.decode(data)
                Issue.record("accepted damage at \(expected)", sourceLocation: sourceLocation)
            } catch let DecodingError.dataCorrupted(c) {
                let path = c.codingPath.map(\.stringValue).joined(separator: ".")
                #expect(path == expected, "\(path): \(c.debugDescription)", sourceLocation: sourceLocation)
            }
        }
        func set(_ key: String, _ i: Int, _ v: Any) -> (inout [String: Any]) -> Void {
            { j in var a = j[key] as! [Any]; a[i] = v; j[key] = a }
        }
        func setExact(_ key: String, _ i: Int, _ v: Any) -> (inout [String: Any]) -> Void {
            { j in
                var e = j["exact"] as! [String: Any]
                var a = e[key] as! [Any]
                if i < 0 { a.removeLast() } else { a[i] = v }
                e[key] = a
                j["exact"] = e
            }
        }
        try refused("frequency", set("frequency", 0, -5))
        try refused("frequency", set("frequency", 0, 10_000))
        try refused("offGrid", set("offGrid", 1, -1))
        try refused("rows") { $0["rows"] = (json["rows"] as! Int) + 1 }
        try refused("rows") { $0["completeRows"] = -1 }
        try refused("pairCountIncomplete", set("pairCountIncomplete", 1, 1_000))
        try refused("exact.sumC", setExact("sumC", -1, 0))
        try refused("exact.sumP", setExact("sumP", -1, 0))
        try refused("exact.bucket", setExact("bucket", -1, 0))
        try refused("exact.prodC", setExact("prodC", 0, Int64.max - 3))
        try refused("itemCount") { $0["itemCount"] = 1_000_000_000_000 }
        try refused("itemCount") { $0["itemCount"] = 0 }
        try refused("reversed") { $0["reversed"] = [true] }
        try refused("categories") { $0["categories"] = [3, 2, 1, 4, 5] }
        try refused("decimals") { $0["decimals"] = 40 }
        try refused("exact") { $0["exact"] = nil }
    }

    @Test func mergeCheckedRefusesOtherScalesAndRowOverflow() throws {
        var a = ScaleMoments(itemCount: 2, decimals: 0, categories: [1, 2, 3], reversed: [false, false])
        let b = ScaleMoments(itemCount: 2, decimals: 0, categories: [1, 2, 3], reversed: [false, true])
        #expect(throws: ScaleMoments.MergeError.self) { try a.mergeChecked(b) }
        var big = a
        big.rows = .max
        big.emptyRows = .max
        #expect(throws: ScaleMoments.MergeError.self) { try a.mergeChecked(big); try a.mergeChecked(big) }
    }
}
