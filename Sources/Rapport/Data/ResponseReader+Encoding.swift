/// A response file held in memory as UTF-8, after transcoding from another encoding.
final class MemorySource: ByteSource {
    private let whole: ByteWindow
    var size: Int? { whole.count }

    init(_ bytes: [UInt8]) {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { if let b = $0.baseAddress { p.copyMemory(from: b, byteCount: bytes.count) } }
        whole = ByteWindow(base: UnsafeRawPointer(p), start: 0, end: bytes.count, reachesEnd: true, release: .free(p))
    }

    func window(from offset: Int, minimum: Int) throws(DataError) -> ByteWindow {
        offset >= whole.end ? .empty(at: whole.end) : whole
    }
}

extension ResponseReader {
    /// A file transcoded to UTF-8, and how its encoding was chosen.
    struct Transcoded {
        var source: MemorySource
        var decoding: DataDecoding
    }

    /// Looks at the first bytes of `source` and `--encoding`: `nil` when the input is read as
    /// UTF-8 (with or without a byte-order mark, the fast path), otherwise the whole input
    /// transcoded to UTF-8 in memory.
    ///
    /// - Throws: ``DataError`` `invalid-encoding` (exit 2) for a byte the encoding cannot
    ///   read, a UTF-32 file, or a byte-order mark that contradicts `--encoding`.
    static func transcodeIfNeeded(_ source: any ByteSource, name: String,
                                  encoding option: TextEncoding?) throws(DataError) -> Transcoded? {
        let head = try source.window(from: 0, minimum: 4)
        let n = min(4, head.count)
        let b = (0..<n).map { head.pointer($0)[0] }
        func starts(_ prefix: [UInt8]) -> Bool { b.count >= prefix.count && Array(b.prefix(prefix.count)) == prefix }
        if starts([0xFF, 0xFE, 0, 0]) || starts([0, 0, 0xFE, 0xFF]) {
            throw DataError(.invalidEncoding, file: name, line: 1,
                            message: "the file starts with a UTF-32 byte-order mark; re-save it as UTF-8 (or UTF-16)")
        }
        var bom: (TextEncoding, Int)?
        if starts([0xFF, 0xFE]) { bom = (.utf16LE, 2) }
        else if starts([0xFE, 0xFF]) { bom = (.utf16BE, 2) }
        else if starts([0xEF, 0xBB, 0xBF]) { bom = (.utf8, 3) }

        let encoding: TextEncoding
        let skip: Int
        var decoding = DataDecoding()
        if let (found, length) = bom {
            if let option, option != found {
                throw DataError(.invalidEncoding, file: name, line: 1,
                                message: "the file starts with a \(found.displayName) byte-order mark, but --encoding \(option.rawValue) was given: drop --encoding (the mark says how the file is written)")
            }
            if found == .utf8 { return nil }
            (encoding, skip) = (found, length)
            decoding.encodingFrom = "byte-order mark"
        } else {
            guard let option, option != .utf8 else { return nil }
            (encoding, skip) = (option, 0)
            decoding.encodingFrom = "--encoding"
        }
        decoding.encoding = encoding

        // The whole input, then its UTF-8 text.
        var all: [UInt8] = []
        var offset = 0
        while true {
            let w = try source.window(from: offset, minimum: 1 << 20)
            if w.end > offset {
                all.append(contentsOf: UnsafeBufferPointer(start: w.pointer(offset), count: w.end - offset))
            }
            offset = w.end
            if w.reachesEnd { break }
        }
        do {
            let text = try all.withUnsafeBufferPointer { (p) throws(TextEncoding.Problem) -> [UInt8] in
                try encoding.transcode(UnsafeBufferPointer(rebasing: p[min(skip, p.count)...]), offsetBase: skip)
            }
            if encoding == .latin1 { decoding.countLatin1Controls(all[min(skip, all.count)...]) }
            return Transcoded(source: MemorySource(text), decoding: decoding)
        } catch {
            let (line, byte) = position(of: error.offset, in: all, encoding: encoding)
            throw DataError(.invalidEncoding, file: name, line: line,
                            message: "byte \(byte) of the line (byte \(error.offset + 1) of the file) \(error.reason)")
        }
    }

    /// 1-based line and byte-in-line of `offset` in undecoded input (`\n` is one byte, or a
    /// 16-bit unit in UTF-16).
    static func position(of offset: Int, in bytes: [UInt8], encoding: TextEncoding) -> (line: Int, byte: Int) {
        var line = 1
        var lineStart = 0
        switch encoding {
        case .utf16LE, .utf16BE:
            var i = 0
            while i + 1 < bytes.count && i + 2 <= offset {
                let isNewline = encoding == .utf16LE ? bytes[i] == 0x0A && bytes[i + 1] == 0 : bytes[i] == 0 && bytes[i + 1] == 0x0A
                if isNewline {
                    line += 1
                    lineStart = i + 2
                }
                i += 2
            }
        default:
            for i in 0..<min(offset, bytes.count) where bytes[i] == ByteScan.newline {
                line += 1
                lineStart = i + 1
            }
        }
        return (line, offset - lineStart + 1)
    }

    /// The first invalid UTF-8 in a chunk, as the error that stops the read (exit 2).
    static func utf8Error(in chunk: Chunk, file: String) -> DataError? {
        let p = chunk.window.pointer(chunk.start)
        guard let problem = UTF8Check.firstProblem(p, count: chunk.byteCount) else { return nil }
        let (line, byte) = UTF8Check.position(of: problem.offset, in: p, firstLine: chunk.firstLine)
        return DataError(.invalidEncoding, file: file, line: line,
                         message: "byte \(byte) of the line (byte \(chunk.start + problem.offset + 1) of the file) \(problem.reason)")
    }

    /// The first invalid UTF-8 (or NUL) in the header's bytes `p[0..<count]` (or the rows
    /// skipped under it), which start at absolute `offset`, at the start of `firstLine` (or
    /// after a byte-order mark on line 1).
    static func headerEncodingError(_ p: UnsafePointer<UInt8>, count: Int, offset: Int, firstLine: Int = 1,
                                    file: String) -> DataError? {
        guard let problem = UTF8Check.firstProblem(p, count: count, rejectNUL: true) else { return nil }
        let (line, byte) = UTF8Check.position(of: problem.offset, in: p, firstLine: firstLine)
        let bom = line == 1 ? offset : 0
        return DataError(.invalidEncoding, file: file, line: line,
                         message: "byte \(byte + bom) of the line (byte \(offset + problem.offset + 1) of the file) \(problem.reason)")
    }
}
