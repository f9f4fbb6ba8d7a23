/// Why `rapport simulate` could not build a model or a design.
///
/// Messages name the instrument, item or option at fault; they never contain generated
/// participant or therapist identifiers.
public struct SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// An item's response scale is missing, empty or has an unusable grid.
        public static let responseScale = Code(rawValue: "response-scale")
        /// A loading, threshold list or factor correlation the model cannot use.
        public static let parameter = Code(rawValue: "parameter")
        /// An option value out of its range (rates, counts, dates …).
        public static let option = Code(rawValue: "option")
        /// A planted event could not be realised with the instrument's score range.
        public static let design = Code(rawValue: "design")
    }
    public var code: Code
    public var message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code.rawValue): \(message)" }
}
