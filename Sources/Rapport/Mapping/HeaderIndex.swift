import Foundation

/// Finds a column by name in a file's header, the one way every part of Rapport does it
/// (item columns, `--id`, `--keep`, `--where`, the column plan):
///
/// 1. a header name equal to the name (both trimmed of surrounding spaces) — unique, or the
///    name is a duplicated column;
/// 2. otherwise a header name equal to it ignoring case and Unicode normalisation (NFC:
///    `Nº` typed with a combining mark or precomposed are the same) — unique, or the match is
///    ambiguous and the caller must name one exactly.
///
/// An exact match wins over case variants, so `q1` finds `q1` in a header that also holds `Q1`.
struct HeaderIndex: Sendable {
    let header: [String]
    private var exact: [String: [Int]] = [:]
    private var folded: [String: [Int]] = [:]

    /// What a look-up found.
    enum Match: Equatable {
        case found(Int)
        case missing
        /// The name itself appears at these columns.
        case duplicate([Int])
        /// Several names that differ from it, and from each other, only in case or normalisation.
        case ambiguous([Int])
    }

    init(_ header: [String]) {
        self.header = header
        for (i, name) in header.enumerated() {
            exact[name, default: []].append(i)
            folded[Self.fold(name), default: []].append(i)
        }
    }

    /// `name` as matching compares it: NFC, lower case.
    static func fold(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping.lowercased()
    }

    func find(_ name: String) -> Match {
        if let cols = exact[name] { return cols.count == 1 ? .found(cols[0]) : .duplicate(cols) }
        guard let cols = folded[Self.fold(name)] else { return .missing }
        return cols.count == 1 ? .found(cols[0]) : .ambiguous(cols)
    }

    /// `columns 3, 7 ("Q1", "q1")` for a message.
    func describe(_ cols: [Int]) -> String {
        "columns \(cols.map { String($0 + 1) }.joined(separator: ", ")) (\(cols.map { "\"\(header[$0])\"" }.joined(separator: ", ")))"
    }

    /// The message for an ambiguous match of `name`.
    func ambiguity(_ name: String, _ cols: [Int]) -> String {
        "\"\(name)\" matches \(cols.count) header names that differ only in case: \(describe(cols)); name one exactly"
    }
}
