/// The bytes of a definition with line starts, for turning byte offsets and element
/// names into the line and column a person needs to find a problem.
struct SourceText: Sendable {
    let bytes: [UInt8]
    /// Byte offset of the start of each line (line 1 at index 0).
    let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    /// 1-based line and column of a byte offset (columns count bytes).
    func position(ofOffset offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }

    /// Where the start tag `<name` that libxml2 reports at `line` begins. libxml2 gives an
    /// element the line where its start tag *ends*, so a tag whose attributes span several
    /// lines is looked for on up to 20 lines before.
    func place(ofElement name: String, line: Int) -> (line: Int, column: Int?) {
        var l = line
        while l >= 1, l > line - 20 {
            if let c = column(ofElement: name, line: l) { return (l, c) }
            l -= 1
        }
        return (line, nil)
    }

    /// Column of the first occurrence of `literal` on `line`, if any.
    func column(of literal: String, line: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : bytes.count
        let target = Array(literal.utf8)
        guard !target.isEmpty, end - start >= target.count else { return nil }
        for i in start...(end - target.count) where bytes[i] == target[0] {
            if Array(bytes[i..<i + target.count]) == target { return i - start + 1 }
        }
        return nil
    }

    /// Column of the first `<name` (or `<prefix:name`) on `line`, if any.
    func column(ofElement name: String, line: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : bytes.count
        let target = Array(name.utf8)
        var i = start
        while i < end {
            if bytes[i] == UInt8(ascii: "<") {
                var j = i + 1
                // Skip an optional namespace prefix.
                var k = j
                while k < end, bytes[k] != UInt8(ascii: ":"), isNameByte(bytes[k]) { k += 1 }
                if k < end, bytes[k] == UInt8(ascii: ":") { j = k + 1 }
                if j + target.count <= end, Array(bytes[j..<j + target.count]) == target,
                   j + target.count == end || !isNameByte(bytes[j + target.count]) {
                    return i - start + 1
                }
            }
            i += 1
        }
        return nil
    }

    private func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b >= 0x80
    }

    /// Checks the bytes are UTF-8 an XML parser may read: no UTF-16/32 byte-order mark,
    /// no NUL, well-formed UTF-8, and no XML declaration naming another encoding.
    /// Returns the offending byte offset and a message, or `nil` when the text is fine.
    func encodingProblem() -> (offset: Int, message: String)? {
        let b = bytes
        if b.count >= 2, (b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) {
            return (0, "the file starts with a UTF-16 byte-order mark; instrument definitions must be UTF-8 — re-save it as UTF-8")
        }
        let fault = b.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { UTF8Check.firstFault($0, count: buffer.count, rejectNUL: true) }
        }
        switch fault {
        case let (i, .nul)?:
            return (i, "the file contains a NUL byte (is it UTF-16?); instrument definitions must be UTF-8 — re-save it as UTF-8")
        case let (i, .invalid(c))?: return (i, invalidUTF8(c))
        case nil: break
        }
        if let declared = declaredEncoding(), declared.lowercased() != "utf-8",
           declared.lowercased() != "utf8" {
            return (0, "the XML declaration names encoding \"\(declared)\"; instrument definitions must be UTF-8 — re-save the file as UTF-8 and declare encoding=\"UTF-8\"")
        }
        return nil
    }

    private func invalidUTF8(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex) is not valid UTF-8 (Latin-1 or Windows-1252 text?); instrument definitions must be UTF-8 — re-save the file as UTF-8"
    }

    /// The `encoding="…"` of a leading XML declaration, if present.
    private func declaredEncoding() -> String? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        guard bytes[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let limit = Swift.min(bytes.count, start + 200)
        var end = start
        while end + 1 < limit, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: ">")) {
            end += 1
        }
        let decl = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let r = decl.firstRange(of: "encoding") else { return nil }
        var rest = decl[r.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        return String(rest.prefix { $0 != quote })
    }
}
