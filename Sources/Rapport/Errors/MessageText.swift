/// The one escaper of text that reaches a person's terminal in a message.
///
/// Cell values, column names and paths come from files a user may not control; a control
/// character in one of them must never reach the terminal raw (ESC can rewrite the screen,
/// BEL rings, CR hides what came before, a bidirectional override reverses what follows).
public enum MessageText {
    /// `text` with every control character written as a visible escape: `\t`, `\n`, `\r`,
    /// and `\u{1B}`-style escapes for the other C0 controls, DEL, the C1 controls
    /// (U+0080–U+009F) and the bidirectional formatting characters (U+061C, U+200E/F,
    /// U+202A–U+202E, U+2066–U+2069).
    ///
    /// - Parameter keepingLayout: keep `\n` and `\t` as they are (for multi-line messages
    ///   whose layout is the program's own).
    public static func escaped(_ text: String, keepingLayout: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for s in text.unicodeScalars {
            if !needsEscape(s) || (keepingLayout && (s == "\n" || s == "\t")) {
                out.unicodeScalars.append(s)
                continue
            }
            switch s {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Whether `s` is a control or bidirectional formatting character.
    public static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
