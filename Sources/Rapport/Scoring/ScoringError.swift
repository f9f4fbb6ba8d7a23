/// A definition that cannot be scored as mapped: raised when a ``Scorer`` is built,
/// never while rows are scored.
public struct ScoringError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as an open set of codes callers can match on.
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// An item of a scored scale has no column (slot) in the data.
        public static let unmappedItem = Code(rawValue: "unmapped-item")
        /// A scale member names an item or scale the instrument does not define.
        public static let unknownMember = Code(rawValue: "unknown-member")
        /// An item names a response scale the instrument does not define.
        public static let unknownResponseScale = Code(rawValue: "unknown-response-scale")
        /// A scale has no scorable member (only attention checks, or none at all).
        public static let emptyScale = Code(rawValue: "empty-scale")
        /// A scale is built from a scale declared after it (or from itself).
        public static let scaleOrder = Code(rawValue: "scale-order")
        /// A response range or step, or a scale's size, beyond what exact integer sums hold
        /// (``ResponseScale/arithmeticProblem``).
        public static let beyondExactArithmetic = Code(rawValue: "beyond-exact-arithmetic")
    }

    public var code: Code
    public var instrument: String
    public var scale: String?
    public var item: String?
    public var message: String

    public init(_ code: Code, instrument: String, scale: String? = nil, item: String? = nil,
                message: String) {
        self.code = code
        self.instrument = instrument
        self.scale = scale
        self.item = item
        self.message = message
    }

    public var description: String {
        var where_ = "instrument '\(instrument)'"
        if let scale { where_ += ", scale '\(scale)'" }
        if let item { where_ += ", item '\(item)'" }
        return "\(where_): \(message)"
    }
}
