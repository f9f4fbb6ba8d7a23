/// One field as the scanner found it.
///
/// For a plain field (unquoted, or quoted with nothing to undo) `bytes` is the exact content.
/// When ``needsDecoding`` is set (doubled quotes, a stray quote, an unterminated quote)
/// `bytes` is the raw text and ``decode(into:)`` gives the content.
struct CSVField {
    var start: UnsafePointer<UInt8>
    var count: Int
    var flags: UInt8
    /// 1-based line on which the field starts.
    var line: Int

    static let quoted: UInt8 = 1
    static let escaped: UInt8 = 2
    static let stray: UInt8 = 4
    static let unterminated: UInt8 = 8

    var needsDecoding: Bool { flags & (Self.escaped | Self.stray | Self.unterminated) != 0 }
    var hasStrayQuote: Bool { flags & Self.stray != 0 }
    var isUnterminated: Bool { flags & Self.unterminated != 0 }

    @inline(__always)
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    /// Appends the field's content to `out`: quotes that open or close a quoted section are
    /// dropped, a doubled `""` inside one becomes `"`.
    func decode(into out: inout [UInt8]) {
        guard needsDecoding else {
            out.append(contentsOf: bytes)
            return
        }
        var inQuotes = false
        var i = 0
        while i < count {
            let b = start[i]
            if b == ByteScan.quote {
                if inQuotes, i + 1 < count, start[i + 1] == ByteScan.quote {
                    out.append(ByteScan.quote)
                    i += 2
                    continue
                }
                inQuotes.toggle()
            } else {
                out.append(b)
            }
            i += 1
        }
    }

    var decodedString: String {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        decode(into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Receives the fields of each record from ``CSVRecordScanner``.
protocol CSVRecordVisitor {
    mutating func beginRecord(line: Int)
    mutating func field(_ index: Int, _ field: CSVField)
    /// A one-byte unquoted field (`b` is not a quote, delimiter, `\r` or `\n`) at `p`: the
    /// common single-digit answer, given its own entry point so it can skip the general checks.
    mutating func byteField(_ index: Int, _ b: UInt8, at p: UnsafePointer<UInt8>, line: Int)
    /// Returns `false` to stop scanning after this record.
    mutating func endRecord(line: Int, fieldCount: Int) -> Bool
}

/// The RFC 4180 state machine, over bytes, without allocation.
///
/// - Fields are separated by `delimiter`, records by `\n`; a `\r` just before the `\n` (or
///   the end of input) is dropped, anywhere else it is content.
/// - A field that starts with `"` is quoted: delimiters and newlines inside are content,
///   `""` is one quote, and the next lone `"` closes it.
/// - Quote parity rules throughout, so that chunk boundaries cut by counting quotes agree
///   with this scanner: a `"` in the middle of an unquoted field is a **stray quote**
///   (reported) that opens a quoted section, and text after a closing quote is reported too.
/// - A quoted section still open at the end of the input is an **unterminated quote**.
/// - A record with no bytes at all (a blank line) is skipped when `skipBlankLines` is set
///   (files with more than one column); otherwise it is a record with one empty field.
/// - Line numbers count every `\n`, inside quotes too, so they are the file's real lines.
struct CSVRecordScanner {
    let delimiter: UInt8
    let skipBlankLines: Bool

    /// Scans records from `base` until `count` bytes, `maxRecords` records, or the visitor
    /// asks to stop. Returns the bytes consumed and the line number reached.
    @inline(__always) @discardableResult
    func scan<V: CSVRecordVisitor>(_ base: UnsafePointer<UInt8>, count: Int, firstLine: Int,
                                   maxRecords: Int = .max, into visitor: inout V) -> (consumed: Int, line: Int) {
        var records = 0
        let delim = delimiter
        let lf = ByteScan.newline
        let cr = ByteScan.carriageReturn
        let quote = ByteScan.quote
        var p = base
        let end = base + count
        var line = firstLine
        records: while p < end {
            if skipBlankLines {
                if p[0] == lf {
                    p += 1
                    line &+= 1
                    continue
                }
                if p[0] == cr, p + 1 < end, p[1] == lf {
                    p += 2
                    line &+= 1
                    continue
                }
            }
            let recordLine = line
            visitor.beginRecord(line: recordLine)
            var col = 0
            fields: while true {
                let fieldLine = line
                // Fastest path: a one-byte field (a single-digit answer).
                if p + 1 < end {
                    let b0 = p[0]
                    let b1 = p[1]
                    if (b1 == delim || b1 == lf) && b0 != quote && b0 != delim && b0 != lf && b0 != cr {
                        visitor.byteField(col, b0, at: p, line: fieldLine)
                        col += 1
                        p += 2
                        if b1 == delim { continue fields }
                        line &+= 1
                        break fields
                    }
                }
                // Fast path: an unquoted field without quotes in it.
                var q = p
                if q < end && q[0] != quote {
                    while q < end {
                        let b = q[0]
                        if b == delim || b == lf || b == quote { break }
                        q += 1
                    }
                    if q == end || q[0] != quote {
                        var len = q - p
                        if len > 0 && p[len - 1] == cr && (q == end || q[0] == lf) { len -= 1 }
                        visitor.field(col, CSVField(start: p, count: len, flags: 0, line: fieldLine))
                        col += 1
                        if q == end {
                            p = end
                            break fields
                        }
                        p = q + 1
                        if q[0] == delim { continue fields }
                        line &+= 1
                        break fields
                    }
                }
                // General path: quoted field, or a quote in the middle of one.
                q = p
                var inQuotes = false
                var flags: UInt8 = 0
                while q < end {
                    let b = q[0]
                    if inQuotes {
                        if b == quote {
                            if q + 1 < end && q[1] == quote {
                                flags |= CSVField.escaped
                                q += 2
                                continue
                            }
                            inQuotes = false
                            q += 1
                            if q < end {
                                let n = q[0]
                                let clean = n == delim || n == lf || (n == cr && (q + 1 == end || q[1] == lf))
                                if !clean { flags |= CSVField.stray }
                            }
                            continue
                        }
                        if b == lf { line &+= 1 }
                        q += 1
                        continue
                    }
                    if b == quote {
                        if q != p { flags |= CSVField.stray }
                        flags |= CSVField.quoted
                        inQuotes = true
                        q += 1
                        continue
                    }
                    if b == delim || b == lf { break }
                    q += 1
                }
                if inQuotes { flags |= CSVField.unterminated }
                var len = q - p
                if !inQuotes && len > 0 && p[len - 1] == cr && (q == end || q[0] == lf) { len -= 1 }
                var field = CSVField(start: p, count: len, flags: flags, line: fieldLine)
                if flags == CSVField.quoted && len >= 2 {
                    // Cleanly quoted: the content is between the quotes.
                    field.start = p + 1
                    field.count = len - 2
                }
                visitor.field(col, field)
                col += 1
                if q == end {
                    p = end
                    break fields
                }
                p = q + 1
                if q[0] == delim { continue fields }
                line &+= 1
                break fields
            }
            if !visitor.endRecord(line: recordLine, fieldCount: col) { return (p - base, line) }
            records += 1
            if records >= maxRecords { return (p - base, line) }
        }
        return (p - base, line)
    }
}

/// Collects records as strings: the header, and the reference parse in tests.
struct CSVRecordCollector: CSVRecordVisitor {
    struct Record: Equatable {
        var line: Int
        var fields: [String]
        var strayQuote = false
        var unterminated = false
    }
    var records: [Record] = []
    var limit = Int.max
    private var current = Record(line: 0, fields: [])

    init(limit: Int = .max) { self.limit = limit }

    mutating func beginRecord(line: Int) { current = Record(line: line, fields: []) }
    mutating func byteField(_ index: Int, _ b: UInt8, at p: UnsafePointer<UInt8>, line: Int) {
        field(index, CSVField(start: p, count: 1, flags: 0, line: line))
    }
    mutating func field(_ index: Int, _ field: CSVField) {
        current.fields.append(field.decodedString)
        if field.hasStrayQuote { current.strayQuote = true }
        if field.isUnterminated { current.unterminated = true }
    }
    mutating func endRecord(line: Int, fieldCount: Int) -> Bool {
        records.append(current)
        return records.count < limit
    }
}
