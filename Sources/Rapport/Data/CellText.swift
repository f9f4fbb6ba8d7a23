/// How a message speaks of a cell's content without leaking it (issue 11 §6).
///
/// When a row is damaged — an unquoted comma in an ID, a bare CR joining two rows — an ID or
/// a name lands in an item column and fails as "not a number". (Such a row is ragged, and its
/// cells' findings are dropped with it; these rules hold for every message all the same.) A
/// message quotes a cell only when that cannot be what happened:
/// - the cell is in an item column (the only cells messages speak of);
/// - its row has exactly the header's number of fields, and no quote left open;
/// - it is short (at most ``quotableLength`` characters);
/// - it does not mix letters and digits (the shape of codes and IDs: `P0123`, `AB-12`).
/// Otherwise the message says only how long the cell is: "the cell is not a number
/// (9 characters)". A quoted cell has its control characters escaped (``MessageText``).
enum CellText {
    /// Longest cell ever quoted.
    static let quotableLength = 12

    /// Whether the content may be shown (the row's field count is checked by the caller).
    static func mayQuote(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 4 * quotableLength else { return false }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.count <= quotableLength else { return false }
        return !looksLikeCode(bytes)
    }

    /// Letters mixed with digits: the shape of codes and IDs (`P0123`, `AB-12`), never quoted.
    static func looksLikeCode(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var letters = false, digits = false
        for s in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if s.properties.isAlphabetic { letters = true }
            if ("0"..."9").contains(s) { digits = true }
        }
        return letters && digits
    }

    /// `"9"`, escaped.
    static func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        "\"" + MessageText.escaped(String(decoding: bytes, as: UTF8.self)) + "\""
    }

    /// `(9 characters)`.
    static func length(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let n = String(decoding: bytes, as: UTF8.self).count
        return "(\(n) character\(n == 1 ? "" : "s"))"
    }

    /// The message for a cell of `kind`, quoting it (`"x" is not a number`) or not (`the cell
    /// is not a number (9 characters)`).
    static func message(_ kind: Finding.Kind, cell: UnsafeBufferPointer<UInt8>, quote: Bool,
                        scale: ResponseScale) -> String {
        let range = "\(format(scale.min))–\(format(scale.max))"
        let problem: String
        switch kind {
        case .nonNumeric: problem = "is not a number"
        case .outOfRange: problem = "is outside the response range \(range)"
        case .offGrid: problem = "is not on the response grid (\(range) in steps of \(format(scale.step)))"
        default: problem = "is invalid"
        }
        return quote ? "\(quoted(cell)) \(problem)" : "the cell \(problem) \(length(cell))"
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}
