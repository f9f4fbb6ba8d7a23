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
