import Testing
@testable import RapportStatistics

/// ``ValueTally/add(contentsOf:)`` against one-by-one ``ValueTally/add(_:)``: equal tallies
/// with few or many distinct values (past the local table), NaN and −0.
@Suite struct ValueTallyBatchTests {
    @Test(arguments: [3, 40, 129, 1000, 20_000])
    func batchEqualsOneByOne(distinct: Int) {
        var g = SeededGenerator(seed: UInt64(distinct))
        let values: [Double] = (0..<30_000).map { _ in
            switch g.nextInt(below: 20) {
            case 0: return .nan
            case 1: return -0.0
            default: return Double(g.nextInt(below: distinct)) / 7
            }
        }
        var one = ValueTally()
        for x in values { one.add(x) }
        var batch = ValueTally()
        values.withUnsafeBufferPointer { all in
            batch.add(contentsOf: UnsafeBufferPointer(rebasing: all[..<10_000]))
            batch.add(contentsOf: UnsafeBufferPointer(rebasing: all[10_000...]))
        }
        #expect(batch == one)
        // Every third value, as a column of a row-major table.
        var column = ValueTally()
        for x in stride(from: 1, to: values.count, by: 3).map({ values[$0] }) { column.add(x) }
        var strided = ValueTally()
        values.withUnsafeBufferPointer { strided.add(contentsOf: UnsafeBufferPointer(rebasing: $0[1...]), stride: 3) }
        #expect(strided == column)
        #expect(batch.missing == one.missing && batch.missing > 0)
        #expect(batch.count + batch.missing == 30_000)
    }
}
