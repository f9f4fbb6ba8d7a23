/// Escaping for XML and (X)HTML: the one escaper behind instrument definitions, JUnit, and
/// the HTML reports and their SVG charts.
///
/// | character | text | attribute value |
/// |:--|:--|:--|
/// | `&` `<` `>` `"` | `&amp;` `&lt;` `&gt;` `&quot;` | the same |
/// | CR | `&#13;` | `&#13;` |
/// | tab, LF | as is | `&#9;`, `&#10;` |
/// | other C0 controls, U+FFFE, U+FFFF | dropped | dropped |
///
/// Why each row: a parser normalises a literal CR to LF (XML 1.0 §2.11) and a literal tab or
/// LF inside an attribute value to a space (§3.3.3), so those are written as character
/// references and read back as written; XML 1.0 cannot carry the other C0 controls at all,
/// even as references, so they are dropped and the output always parses.
package enum XMLText {
    /// Where the escaped text goes.
    private enum Context {
        /// Element content.
        case text
        /// A double-quoted attribute value.
        case attribute
    }

    /// `s` escaped as element content.
    package static func escape(_ s: String) -> String { escape(s, context: .text) }

    /// `s` escaped as a double-quoted attribute value.
    package static func attribute(_ s: String) -> String { escape(s, context: .attribute) }

    /// `s` escaped for `context` (see the table above).
    private static func escape(_ s: String, context: Context) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            case "\t": out += context == .attribute ? "&#9;" : "\t"
            case "\n": out += context == .attribute ? "&#10;" : "\n"
            default:
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
