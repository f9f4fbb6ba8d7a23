/// The field separator of a response file: `,`, `;` or tab.
public enum Delimiter: String, Sendable, Hashable, Codable, CaseIterable {
    case comma = ","
    case semicolon = ";"
    case tab = "\t"

    /// Parses a command-line spelling: `,` `comma`, `;` `semicolon`, `tab` `\t` or a tab character.
    public init?(argument: String) {
        switch argument.lowercased() {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "\t", "\\t", "tab", "tsv": self = .tab
        default: return nil
        }
    }

    var byte: UInt8 { rawValue.utf8.first! }

    /// The delimiter used in a header line: whichever of `,` `;` tab occurs most often
    /// outside quotes (ties go to comma, then tab, then semicolon); comma when none occurs,
    /// which is a one-column file.
    static func detect(header: UnsafeBufferPointer<UInt8>) -> Delimiter {
        var comma = 0, semicolon = 0, tab = 0
        var inQuotes = false
        for b in header {
            switch b {
            case ByteScan.quote: inQuotes.toggle()
            case 0x2C where !inQuotes: comma += 1
            case 0x3B where !inQuotes: semicolon += 1
            case 0x09 where !inQuotes: tab += 1
            default: break
            }
        }
        if comma >= tab && comma >= semicolon && comma > 0 { return .comma }
        if tab >= semicolon && tab > 0 { return .tab }
        if semicolon > 0 { return .semicolon }
        return .comma
    }
}
