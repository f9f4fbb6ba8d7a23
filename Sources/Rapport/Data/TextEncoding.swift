/// The character encoding of a response file, and how its bytes become the UTF-8 the reader
/// parses.
///
/// - UTF-8, with or without a byte-order mark, is read as is: the fast path. Its bytes are
///   checked as they are parsed (``UTF8Check``); an invalid sequence stops the run (exit 2)
///   with its line and byte and the `--encoding` to use. Nothing is ever replaced by U+FFFD.
/// - A UTF-16 file with a byte-order mark (`FF FE` little-endian, `FE FF` big-endian) is
///   transcoded to UTF-8 up front; so is a file read with `--encoding windows-1252`,
///   `latin1`, `utf-16le` or `utf-16be`. The transcoded text is held in memory (never in a
///   temporary file: these are health records), and line numbers stay the file's own.
///
/// As the XML definition loader does, a NUL byte in the header of a UTF-8 file is refused as a
/// sign of UTF-16 without a byte-order mark.
public enum TextEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
    case latin1

    /// Parses a command-line spelling (`utf-8`, `utf8`, `windows-1252`, `cp1252`, `latin1`,
    /// `iso-8859-1`, `utf-16le`, `utf-16be`), case-insensitively.
    public init?(argument: String) {
        switch argument.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "windows-1252", "cp1252", "win-1252", "windows1252": self = .windows1252
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
        default: return nil
        }
    }

    /// The spellings `--encoding` accepts, for messages.
    public static let accepted = "utf-8, windows-1252, latin1, utf-16le, utf-16be"

    /// A name for people (`UTF-16 LE`, `Windows-1252`).
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16 LE"
        case .utf16BE: "UTF-16 BE"
        case .windows1252: "Windows-1252"
        case .latin1: "Latin-1"
        }
    }

    /// Windows-1252 bytes 0x80–0x9F; 0 marks the five bytes the code page leaves undefined.
    static let windows1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// A byte sequence the encoding cannot turn into text: where it is and why.
    struct Problem: Error, Sendable, Hashable {
        /// Offset of the offending byte in the input.
        var offset: Int
        var reason: String
    }

    /// Transcodes `input` (without its byte-order mark) to UTF-8.
    ///
    /// - Throws: ``Problem`` at the first byte that is not text in this encoding (a
    ///   Windows-1252 byte the code page leaves undefined, a lone UTF-16 surrogate, an odd
    ///   byte at the end of UTF-16). Nothing is replaced by U+FFFD.
    func transcode(_ input: UnsafeBufferPointer<UInt8>, offsetBase: Int = 0) throws(Problem) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(self == .utf16LE || self == .utf16BE ? input.count / 2 + 16 : input.count + input.count / 8 + 16)
        func append(_ cp: UInt32) {
            switch cp {
            case 0..<0x80: out.append(UInt8(cp))
            case 0x80..<0x800:
                out.append(UInt8(0xC0 | (cp >> 6)))
                out.append(UInt8(0x80 | (cp & 0x3F)))
            case 0x800..<0x10000:
                out.append(UInt8(0xE0 | (cp >> 12)))
                out.append(UInt8(0x80 | ((cp >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (cp & 0x3F)))
            default:
                out.append(UInt8(0xF0 | (cp >> 18)))
                out.append(UInt8(0x80 | ((cp >> 12) & 0x3F)))
                out.append(UInt8(0x80 | ((cp >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (cp & 0x3F)))
            }
        }
        switch self {
        case .utf8:
            out.append(contentsOf: input)
        case .latin1:
            for b in input { append(UInt32(b)) }
        case .windows1252:
            for (i, b) in input.enumerated() {
                if b >= 0x80 && b < 0xA0 {
                    let cp = Self.windows1252High[Int(b - 0x80)]
                    guard cp != 0 else {
                        throw Problem(offset: offsetBase + i, reason: "is \(Self.hex(b)), which Windows-1252 leaves undefined: is the file Latin-1? give --encoding latin1")
                    }
                    append(UInt32(cp))
                } else {
                    append(UInt32(b))
                }
            }
        case .utf16LE, .utf16BE:
            let little = self == .utf16LE
            let n = input.count
            var i = 0
            func unit(_ at: Int) -> UInt32 {
                little ? UInt32(input[at]) | UInt32(input[at + 1]) << 8 : UInt32(input[at]) << 8 | UInt32(input[at + 1])
            }
            while i + 1 < n {
                let u = unit(i)
                if u >= 0xD800 && u < 0xDC00 {
                    guard i + 3 < n else {
                        throw Problem(offset: offsetBase + i, reason: "starts a UTF-16 surrogate pair the input ends in the middle of")
                    }
                    let v = unit(i + 2)
                    guard v >= 0xDC00 && v < 0xE000 else {
                        throw Problem(offset: offsetBase + i, reason: "is a UTF-16 high surrogate without its low surrogate")
                    }
                    append(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00))
                    i += 4
                } else if u >= 0xDC00 && u < 0xE000 {
                    throw Problem(offset: offsetBase + i, reason: "is a UTF-16 low surrogate without its high surrogate")
                } else {
                    append(u)
                    i += 2
                }
            }
            if i < n {
                throw Problem(offset: offsetBase + i, reason: "is a lone last byte: UTF-16 text has an even number of bytes")
            }
        }
        return out
    }

    static func hex(_ b: UInt8) -> String {
        let h = String(b, radix: 16, uppercase: true)
        return "0x" + (h.count == 1 ? "0" + h : h)
    }
}

/// Checks that bytes are well-formed UTF-8 without turning them into a `String`.
///
/// ASCII, the common case, is skipped eight bytes at a time, so a plain file costs one
/// bit test per word; only the words with a byte ≥ 0x80 are decoded.
enum UTF8Check {
    /// What is wrong at an offset: a NUL byte (only when asked), or the lead byte of a sequence
    /// that is not well-formed UTF-8.
    enum Fault: Equatable {
        case nul
        case invalid(UInt8)
    }

    /// The first fault in `p[0..<count]` and its offset, or `nil` when every byte is part of a
    /// well-formed sequence (no overlong forms, surrogates or code points above U+10FFFF).
    /// `rejectNUL` also refuses a NUL byte. The one UTF-8 check: data headers and chunks
    /// (``firstProblem(_:count:rejectNUL:)``) and instrument definitions (`SourceText`).
    static func firstFault(_ p: UnsafePointer<UInt8>, count n: Int, rejectNUL: Bool) -> (offset: Int, fault: Fault)? {
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i < n {
            if !rejectNUL {
                while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                }
                if i >= n { break }
            }
            let c = p[i]
            if c < 0x80 {
                if c == 0 && rejectNUL { return (i, .nul) }
                i += 1
                continue
            }
            let need: Int
            let lowest: UInt32
            var cp: UInt32
            switch c {
            case 0xC2...0xDF: need = 1; lowest = 0x80; cp = UInt32(c & 0x1F)
            case 0xE0...0xEF: need = 2; lowest = 0x800; cp = UInt32(c & 0x0F)
            case 0xF0...0xF4: need = 3; lowest = 0x10000; cp = UInt32(c & 0x07)
            default: return (i, .invalid(c))
            }
            guard i + need < n else { return (i, .invalid(c)) }
            for k in 1...need {
                let cc = p[i + k]
                guard cc & 0xC0 == 0x80 else { return (i, .invalid(c)) }
                cp = cp << 6 | UInt32(cc & 0x3F)
            }
            if cp < lowest || cp > 0x10FFFF || (0xD800...0xDFFF).contains(cp) { return (i, .invalid(c)) }
            i += need + 1
        }
        return nil
    }

    /// The first problem in `p[0..<count]` of a data file: its offset and why, in the words
    /// of a data error (``firstFault(_:count:rejectNUL:)``). `rejectNUL` also refuses a NUL
    /// byte (headers: UTF-16 without a byte-order mark).
    static func firstProblem(_ p: UnsafePointer<UInt8>, count n: Int, rejectNUL: Bool = false) -> (offset: Int, reason: String)? {
        switch firstFault(p, count: n, rejectNUL: rejectNUL) {
        case nil: return nil
        case let (offset, .nul)?:
            return (offset, "is a NUL byte: the file looks like UTF-16 without a byte-order mark; give --encoding utf-16le (or utf-16be), or re-save it as UTF-8")
        case let (offset, .invalid(c))?: return (offset, invalid(c))
        }
    }

    private static func invalid(_ b: UInt8) -> String {
        "is \(TextEncoding.hex(b)), not valid UTF-8: the file looks like Windows-1252 or Latin-1 text (saved by Excel on Windows?); give --encoding windows-1252 (or latin1), or re-save it as UTF-8"
    }

    /// 1-based line of byte `offset` in `p[0..<offset]` counted from `firstLine`, and the
    /// 1-based byte within that line.
    static func position(of offset: Int, in p: UnsafePointer<UInt8>, firstLine: Int) -> (line: Int, byte: Int) {
        var line = firstLine
        var lineStart = 0
        for i in 0..<offset where p[i] == ByteScan.newline {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}

extension DataError.Code {
    /// The input's bytes are not text in the encoding it is read with (exit 2).
    public static let invalidEncoding = DataError.Code(rawValue: "invalid-encoding")
}

extension DataDecoding {
    /// Counts the bytes 0x80–0x9F of a file read as Latin-1 (``latin1ControlBytes``); nothing
    /// is recorded when there are none.
    mutating func countLatin1Controls(_ bytes: ArraySlice<UInt8>) {
        var all = 0, defined = 0
        for b in bytes where b >= 0x80 && b < 0xA0 {
            all += 1
            if TextEncoding.windows1252High[Int(b - 0x80)] != 0 { defined += 1 }
        }
        guard all > 0 else { return }
        latin1ControlBytes = all
        latin1ControlBytesInWindows1252 = defined
    }
}
