/// Writing one CSV or TSV field: the one quoting rule of every table Rapport writes (scores,
/// screening, simulated data, the audit's per-session table).
///
/// RFC 4180: a field that holds the delimiter, a double quote, CR or LF is written between
/// double quotes, each double quote inside doubled; any other field is written as is.
/// ```
/// a,b  →  "a,b"        say "hi"  →  "say ""hi"""        plain  →  plain
/// ```
/// The test is on bytes, so a CR LF pair (one `Character` in Swift) is seen as well.
package enum CSVFieldWriter {
    package static let comma = UInt8(ascii: ",")
    package static let tab = UInt8(ascii: "\t")
    private static let quote = UInt8(ascii: "\"")

    /// Whether `bytes` must be quoted as a field of a table separated by `delimiter`.
    package static func needsQuotes<S: Sequence<UInt8>>(_ bytes: S, delimiter: UInt8) -> Bool {
        bytes.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D }
    }

    /// Appends `text` as one field (quoted when ``needsQuotes(_:delimiter:)``).
    package static func append(_ text: String, delimiter: UInt8 = comma, to out: inout [UInt8]) {
        let bytes = text.utf8
        guard needsQuotes(bytes, delimiter: delimiter) else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(quote)
        for b in bytes {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }

    /// `text` as one field, for tables built as strings.
    package static func quoted(_ text: String, delimiter: UInt8 = comma) -> String {
        guard needsQuotes(text.utf8, delimiter: delimiter) else { return text }
        var out: [UInt8] = []
        append(text, delimiter: delimiter, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
