/// A problem found while reading or linting an instrument definition: a stable code,
/// a severity, where it is (file, line, column) and a message a person can act on.
///
/// Loading throws the first error-severity value; ``InstrumentLoader/check(data:file:)``
/// returns them all, warnings included, for `rapport validate`. Messages never contain
/// response data, only the definition's own ids.
public struct InstrumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, documented identifier (`xml.doctype`, `lint.scale-cycle`). Match on it,
    /// never on the message.
    public struct Code: RawRepresentable, Sendable, Hashable, Comparable,
        CustomStringConvertible, ExpressibleByStringLiteral
    {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

        /// Whether the file itself could not be used (exit code 2 in `rapport validate`),
        /// as opposed to a definition that was read and found invalid (exit code 1).
        public var isUnreadable: Bool { rawValue.hasPrefix("io.") && self != .tooLarge }

        // MARK: Reading
        /// The file or built-in id does not exist or cannot be read.
        public static let unreadable: Code = "io.unreadable"
        /// The file is larger than ``InstrumentLoader/maximumSize``.
        public static let tooLarge: Code = "io.too-large"
        /// Not UTF-8 (another declared encoding, a UTF-16 byte-order mark, invalid bytes or NUL).
        public static let encoding: Code = "xml.encoding"
        /// Not well-formed XML.
        public static let malformed: Code = "xml.malformed"
        /// A `<!DOCTYPE …>` declaration: refused, so no entity or external DTD is ever read.
        public static let doctype: Code = "xml.doctype"
        /// Elements nested deeper than libxml2's limit (256).
        public static let tooDeep: Code = "xml.too-deep"
        /// The root element is not `instrument` in the format's namespace.
        public static let namespace: Code = "xml.namespace"
        /// `formatVersion` is missing or not a version this Rapport reads.
        public static let formatVersion: Code = "xml.format-version"
        /// The document does not follow `instrument.xsd`.
        public static let schema: Code = "xml.schema"

        // MARK: Lint
        public static let duplicateID: Code = "lint.duplicate-id"
        public static let unknownReference: Code = "lint.unknown-reference"
        public static let scaleCycle: Code = "lint.scale-cycle"
        public static let reverseWithoutRange: Code = "lint.reverse-without-range"
        public static let siblingOverlap: Code = "lint.sibling-overlap"
        public static let outOfRange: Code = "lint.out-of-range"
        public static let prorateWithoutMinimum: Code = "lint.prorate-without-minimum"
        public static let reliableChangeWithoutNorms: Code = "lint.reliable-change-without-norms"
        public static let responseGrid: Code = "lint.response-grid"
        public static let impossibleValidity: Code = "lint.impossible-validity"
        public static let scoredAttentionCheck: Code = "lint.scored-attention-check"
        public static let unscoredItem: Code = "lint.unscored-item"
        public static let unverifiedKey: Code = "lint.unverified-key"
        public static let unverifiedValue: Code = "lint.unverified-value"
        public static let missingLicence: Code = "lint.missing-licence"
        public static let missingCitation: Code = "lint.missing-citation"
    }

    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case warning, error
        public static func < (a: Self, b: Self) -> Bool { a == .warning && b == .error }
    }

    public var code: Code
    public var severity: Severity
    /// The file as the user named it, or `builtin:ID` for the built-in library.
    public var file: String
    /// 1-based; `nil` when the problem has no place in a file (an in-memory instrument).
    public var line: Int?
    /// 1-based; `nil` when unknown.
    public var column: Int?
    public var message: String

    public init(code: Code, severity: Severity = .error, file: String, line: Int? = nil,
                column: Int? = nil, message: String) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: error: message [code]`, the shape compilers and editors understand.
    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): \(severity.rawValue): \(message) [\(code)]"
    }
}
