import Foundation

/// What an SPSS or Stata file says about one variable an item reads: its label, measurement
/// level, value labels and user-defined missing codes. Reported in the data summary and in
/// `--report`; none of it changes a score unless `--value-labels` is given (then labelled
/// codes are read through their labels).
///
/// Only variables that feed items are described: an ID variable's labels could name people.
public struct DataVariable: Sendable, Hashable, Codable {
    public struct ValueLabel: Sendable, Hashable, Codable {
        /// The stored value as text: a number (`5`), a string, or a Stata tagged missing (`.a`).
        public var value: String
        public var label: String
        public init(value: String, label: String) {
            self.value = value
            self.label = label
        }
    }

    public var name: String
    /// The variable label, when the file has one.
    public var label: String?
    /// `numeric` or `string`.
    public var type: String
    /// `nominal`, `ordinal` or `scale`, when the file says.
    public var measure: String?
    /// The items (`instrument:item`) read from this variable.
    public var items: [String]
    public var valueLabels: [ValueLabel]
    /// User-defined missing values (SPSS), read as missing.
    public var missingValues: [Double]
    /// User-defined missing ranges `[lo, hi]` (SPSS), read as missing.
    public var missingRanges: [[Double]]
    /// Whether every labelled value on the item's response range carries the label of the
    /// definition's anchor for that value. `nil` when there is nothing to compare.
    public var labelsMatchAnchors: Bool?
    /// The first disagreement, for the warning: `1 = "Always" here, "Seldom" in the definition`.
    public var labelMismatch: String?
}

/// Answer labels compared the way a reader would: case, surrounding white space and Unicode
/// normalisation do not count (`" very Often "` equals `Very often`).
enum AnswerLabel {
    static func key(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping.lowercased()
    }

    /// Compares a variable's labels with a response scale's anchors.
    static func compare(labels: [(value: Double, label: String)], scale: ResponseScale) -> (match: Bool?, mismatch: String?) {
        guard !scale.anchors.isEmpty else { return (nil, nil) }
        var compared = 0
        for (value, label) in labels where value >= scale.min && value <= scale.max {
            guard let anchor = scale.anchors.first(where: { $0.value == value }) else { continue }
            compared += 1
            if key(anchor.label) != key(label) {
                return (false, "\(ChunkParser.format(value)) = \"\(label)\" in the file, \"\(anchor.label)\" in the definition")
            }
        }
        return compared == 0 ? (nil, nil) : (true, nil)
    }

    /// The cell text a labelled value reads as under `--value-labels`: the anchor's value when
    /// the label is an anchor label, the code's token when it is a declared code's label or
    /// token; `nil` when the label is neither.
    ///
    /// - Throws: a message when two anchors or codes share the label (ambiguous).
    static func text(for label: String, scale: ResponseScale) -> Result<String?, AmbiguousLabel> {
        let k = key(label)
        let anchors = scale.anchors.filter { key($0.label) == k }
        let codes = scale.codes.filter { key($0.token) == k || $0.label.map(key) == k }
        if anchors.count + codes.count > 1 {
            return .failure(AmbiguousLabel(label: label))
        }
        if let a = anchors.first { return .success(ChunkParser.format(a.value)) }
        if let c = codes.first { return .success(c.token) }
        return .success(nil)
    }

    struct AmbiguousLabel: Error {
        var label: String
    }
}

extension ChunkParser {
    /// `5`, `7.3`: a number as messages show it.
    static func format(_ x: Double) -> String { BlockBuilder<ValueCells>.format(x) }
}
