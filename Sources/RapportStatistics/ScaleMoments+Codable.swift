/// The JSON form of ``ScaleMoments`` (state files): every array as is, non-finite observed
/// ranges as `null`. Decoding checks the shape of every array and every invariant
/// (ScaleMoments+Validation.swift) before the value can be used.
extension ScaleMoments {
    enum CodingKeys: String, CodingKey {
        case itemCount, decimals, categories, reversed, rows, completeRows, emptyRows
        case pairCountIncomplete, bucketCount, frequency, frequencyComplete, offGrid
        case observedMin, observedMax, observedMinComplete, observedMaxComplete, exact, float
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        itemCount = try c.decode(Int.self, forKey: .itemCount)
        decimals = try c.decode(Int.self, forKey: .decimals)
        categories = try c.decode([Double].self, forKey: .categories)
        reversed = try c.decode([Bool].self, forKey: .reversed)
        rows = try c.decode(Int64.self, forKey: .rows)
        completeRows = try c.decode(Int64.self, forKey: .completeRows)
        emptyRows = try c.decode(Int64.self, forKey: .emptyRows)
        pairCountIncomplete = try c.decode([Int64].self, forKey: .pairCountIncomplete)
        bucketCount = try c.decode([Int64].self, forKey: .bucketCount)
        frequency = try c.decode([Int64].self, forKey: .frequency)
        frequencyComplete = try c.decode([Int64].self, forKey: .frequencyComplete)
        offGrid = try c.decode([Int64].self, forKey: .offGrid)
        func range(_ key: CodingKeys, _ empty: Double) throws -> [Double] {
            try c.decode([Double?].self, forKey: key).map { $0 ?? empty }
        }
        observedMin = try range(.observedMin, .infinity)
        observedMax = try range(.observedMax, -.infinity)
        observedMinComplete = try range(.observedMinComplete, .infinity)
        observedMaxComplete = try range(.observedMaxComplete, -.infinity)
        exact = try c.decodeIfPresent(MomentSums<Int64>.self, forKey: .exact)
        float = try c.decodeIfPresent(MomentSums<CompensatedSum>.self, forKey: .float)
        // Shapes first (with no allocation sized by a count read from the file), then the
        // invariants of the values (ScaleMoments+Validation.swift).
        if let v = Self.shapeViolation(
            itemCount: itemCount, decimals: decimals, categories: categories, reversed: reversed,
            pairCount: pairCountIncomplete.count, bucketCount: bucketCount.count, frequency: frequency.count,
            frequencyComplete: frequencyComplete.count, offGrid: offGrid.count,
            ranges: [observedMin.count, observedMax.count, observedMinComplete.count, observedMaxComplete.count],
            exact: exact, float: float) {
            throw Self.corrupted(v, c.codingPath)
        }
        slots = Array(0..<itemCount)
        if let v = invariantViolation() { throw Self.corrupted(v, c.codingPath) }
    }

    /// A decoding error at the violated field.
    private static func corrupted(_ v: Violation, _ path: [CodingKey]) -> DecodingError {
        var keys = path
        for part in v.field.split(separator: ".") { keys.append(FieldKey(stringValue: String(part))) }
        return DecodingError.dataCorrupted(.init(codingPath: keys, debugDescription: v.problem))
    }

    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(itemCount, forKey: .itemCount)
        try c.encode(decimals, forKey: .decimals)
        try c.encode(categories, forKey: .categories)
        try c.encode(reversed, forKey: .reversed)
        try c.encode(rows, forKey: .rows)
        try c.encode(completeRows, forKey: .completeRows)
        try c.encode(emptyRows, forKey: .emptyRows)
        try c.encode(pairCountIncomplete, forKey: .pairCountIncomplete)
        try c.encode(bucketCount, forKey: .bucketCount)
        try c.encode(frequency, forKey: .frequency)
        try c.encode(frequencyComplete, forKey: .frequencyComplete)
        try c.encode(offGrid, forKey: .offGrid)
        func finite(_ a: [Double]) -> [Double?] { a.map { $0.isFinite ? $0 : nil } }
        try c.encode(finite(observedMin), forKey: .observedMin)
        try c.encode(finite(observedMax), forKey: .observedMax)
        try c.encode(finite(observedMinComplete), forKey: .observedMinComplete)
        try c.encode(finite(observedMaxComplete), forKey: .observedMaxComplete)
        try c.encodeIfPresent(exact, forKey: .exact)
        try c.encodeIfPresent(float, forKey: .float)
    }
}
