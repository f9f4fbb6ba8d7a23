import Foundation

/// A column mapping that cannot be used. The message names the data file, the item and the
/// column (never a cell value) and, where it can, suggests the nearest header names.
public struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// An item's column is not in the header (or appears in it twice).
        public static let missingColumn = Code(rawValue: "missing-column")
        /// `--map` names an item no scored instrument has.
        public static let unknownItem = Code(rawValue: "unknown-item")
        /// `--map ITEM=…` where several instruments have an item `ITEM`.
        public static let ambiguousItem = Code(rawValue: "ambiguous-item")
        /// `--prefix INSTRUMENT=P` for an instrument that is not being scored.
        public static let unknownInstrument = Code(rawValue: "unknown-instrument")
        /// The same item mapped twice by one source, or two bare `--prefix`.
        public static let conflictingMap = Code(rawValue: "conflicting-map")
        /// A malformed `--map` argument or map-file line.
        public static let badArgument = Code(rawValue: "bad-argument")
        /// The map file cannot be read.
        public static let unreadableFile = Code(rawValue: "unreadable-file")
    }

    public var code: Code
    /// The data or map file the problem is in, if it is in a file.
    public var file: String?
    public var message: String

    public init(_ code: Code, file: String?, message: String) {
        self.code = code
        self.file = file
        self.message = message
    }

    public var description: String { file.map { "\($0): \(message)" } ?? message }
}

/// `"; did you mean 'a', 'b'?"` for up to three names close to `name`, or `""`.
///
/// Close means an edit distance of at most `max(2, name.count / 3)` after lower-casing and
/// trimming spaces (so `Q1 ` and `q1` are at distance 0 from `Q1`); nearest first, ties in
/// the order given.
///
/// The work is bounded whatever the header: a candidate whose length alone puts it out of
/// reach is skipped without being normalised, and at most ``suggestionBudget`` candidates are
/// compared in full, in the order given. (A header of 10⁶ columns took 27 s per unmapped item
/// when every column was compared.)
func suggestion(_ name: String, among candidates: [String]) -> String {
    func norm(_ s: String) -> [Unicode.Scalar] {
        Array(s.lowercased().trimmingCharacters(in: .whitespaces).unicodeScalars)
    }
    let target = norm(name)
    let limit = max(2, target.count / 3)
    var scored: [(distance: Int, order: Int, name: String)] = []
    var seen = Set<String>()
    var compared = 0
    for (i, c) in candidates.enumerated() where c != name {
        guard lengthMayBeClose(c, to: target.count, limit: limit) else { continue }
        guard compared < suggestionBudget else { break }
        guard seen.insert(c).inserted else { continue }
        compared += 1
        let d = editDistance(target, norm(c), limit: limit)
        if d <= limit { scored.append((d, i, c)) }
    }
    guard !scored.isEmpty else { return "" }
    let best = scored.sorted { ($0.distance, $0.order) < ($1.distance, $1.order) }.prefix(3)
    return "; did you mean " + best.map { "'\($0.name)'" }.joined(separator: ", ") + "?"
}

/// Candidates compared in full per suggestion.
let suggestionBudget = 20_000

/// Whether `candidate`, once lower-cased and trimmed, could have a length within `limit` of
/// `length` scalars. Exact for ASCII names (trimming spaces and tabs is all normalisation does
/// to their length); for others, a UTF-8 byte count bounds the scalars from above and below.
func lengthMayBeClose(_ candidate: String, to length: Int, limit: Int) -> Bool {
    var name = candidate
    return name.withUTF8 { bytes -> Bool in
        // Trim spaces and tabs, as normalisation does.
        var start = 0, end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        let count = end - start
        // Bytes bound the scalars: one each for ASCII, 1–4 each otherwise (lower-casing can
        // turn one scalar into up to 3, never into none).
        if count > 4 * (length + limit) { return false }
        var ascii = true
        for i in start..<end where bytes[i] >= 0x80 { ascii = false; break }
        let lo = ascii ? count : 0
        let hi = ascii ? count : 3 * count
        return lo <= length + limit && hi >= length - limit
    }
}

/// Levenshtein distance, giving up (returning `limit + 1`) once every path exceeds `limit`.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        var rowMin = current[0]
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            rowMin = min(rowMin, current[j])
        }
        if rowMin > limit { return limit + 1 }
        swap(&previous, &current)
    }
    return previous[b.count]
}
