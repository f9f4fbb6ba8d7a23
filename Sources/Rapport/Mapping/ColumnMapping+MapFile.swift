import Foundation

extension MappingOptions {
    /// Reads a map file: CSV with two fields per line, `ITEM,COLUMN`.
    ///
    /// - An optional first line `item,column` (any case) is a header and skipped.
    /// - Blank lines and lines whose first character is `#` are skipped.
    /// - Fields may be quoted RFC 4180-style (`"Q 1, part a"`, `""` for a quote);
    ///   unquoted fields are trimmed of spaces. A UTF-8 BOM is ignored. CRLF or LF.
    /// - Each entry's origin is `FILE:LINE`, so messages point at the line.
    ///
    /// - Throws: ``MappingError`` naming the file and line of a malformed line.
    public static func readMapFile(_ path: String) throws(MappingError) -> [ItemMap] {
        let data: Data
        InputFiles.register(path)
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MappingError(.unreadableFile, file: path, message: "cannot read the map file")
        }
        return try parseMapFile(String(decoding: data, as: UTF8.self), name: path)
    }

    /// Parses map-file text (see ``readMapFile(_:)``); `name` is used in messages.
    public static func parseMapFile(_ text: String, name: String) throws(MappingError) -> [ItemMap] {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        var out: [ItemMap] = []
        var lineNo = 0
        // "\r\n" is one Character in Swift, so split on both forms.
        for rawLine in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            var line = rawLine
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            guard let fields = splitFields(line), fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw MappingError(.badArgument, file: name,
                                   message: "line \(lineNo): expected two fields ITEM,COLUMN")
            }
            if lineNo == 1 || out.isEmpty, fields[0].lowercased() == "item", fields[1].lowercased() == "column" {
                continue
            }
            out.append(ItemMap(item: fields[0], column: fields[1], origin: "\(name):\(lineNo)"))
        }
        return out
    }

    /// Splits one line at commas, honouring quotes; `nil` when a quote is unterminated or stray.
    private static func splitFields(_ line: Substring) -> [String]? {
        var fields: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false, afterQuote = false
        var it = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; afterQuote = true; pending = n }
                    } else { quoted = false; afterQuote = true }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(wasQuoted ? field : field.trimmingCharacters(in: .whitespaces))
                field = ""; wasQuoted = false; afterQuote = false
            case "\"":
                guard field.allSatisfy({ $0 == " " }), !wasQuoted else { return nil }
                field = ""; quoted = true; wasQuoted = true
            default:
                if afterQuote {
                    if c == " " || c == "\t" { continue }
                    return nil
                }
                field.append(c)
            }
        }
        if quoted { return nil }
        fields.append(wasQuoted ? field : field.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
