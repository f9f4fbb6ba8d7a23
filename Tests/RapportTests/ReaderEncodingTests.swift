import Foundation
import Testing
@testable import Rapport

/// Issue 13 §4: UTF-8 with or without a byte-order mark, UTF-16 with one, `--encoding
/// windows-1252|latin1|utf-16le|utf-16be` transcoded; bytes that are not UTF-8 stop the read
/// (exit 2) with their line and byte and the option to use. Nothing becomes U+FFFD.
@Suite struct ReaderEncodingTests {
    static let text = "id,q1,q2,therapist\r\nA,1,2,Dr Müller\r\nB,3,\"4\",\"Ça, €\"\r\nC,5,5,Dr 𝄞\r\n"

    private func read(_ data: Data, encoding: TextEncoding? = nil, threads: Int = 2, grid: Int = 1 << 18,
                      shard: Shard? = nil) throws -> CSVTest.Collected {
        let url = try CSVTest.temporaryFile(data)
        var options = ReaderOptions(threads: threads, shard: shard)
        options.encoding = encoding
        options.gridSize = grid
        return try CSVTest.read(url, items: ["q1", "q2"], passthrough: ["id", "therapist"], options: options)
    }

    private func utf16(_ s: String, bigEndian: Bool, bom: Bool = true) -> Data {
        var d = Data()
        if bom { d.append(contentsOf: bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) }
        for u in s.utf16 {
            let pair = [UInt8(u & 0xFF), UInt8(u >> 8)]
            d.append(contentsOf: bigEndian ? pair.reversed() : pair)
        }
        return d
    }

    private func encodingError(_ data: Data, encoding: TextEncoding? = nil, policy: InvalidPolicy = .missing,
                               grid: Int = 1 << 18) -> DataError? {
        do {
            let url = try CSVTest.temporaryFile(data)
            var options = ReaderOptions(onInvalid: policy, threads: 2)
            options.encoding = encoding
            options.gridSize = grid
            _ = try CSVTest.read(url, items: ["q1", "q2"], passthrough: ["id", "therapist"], options: options)
            return nil
        } catch {
            return error as? DataError
        }
    }

    @Test func utf8WithAndWithoutByteOrderMarkReadAlike() throws {
        let plain = try read(Data(Self.text.utf8))
        let bom = try read(Data([0xEF, 0xBB, 0xBF]) + Data(Self.text.utf8))
        #expect(plain.passthrough.map { $0[1] } == ["Dr Müller", "Ça, €", "Dr 𝄞"])
        #expect(plain.values == [1, 2, 3, 4, 5, 5] && plain.lines == [2, 3, 4])
        #expect(bom.values == plain.values && bom.passthrough == plain.passthrough && bom.lines == plain.lines)
        #expect(plain.report.decoding == nil && bom.report.decoding == nil)
    }

    @Test func utf16WithAByteOrderMarkIsTranscoded() throws {
        let plain = try read(Data(Self.text.utf8))
        for big in [false, true] {
            let c = try read(utf16(Self.text, bigEndian: big))
            #expect(c.values == plain.values && c.passthrough == plain.passthrough && c.lines == plain.lines)
            #expect(c.report.decoding?.encoding == (big ? .utf16BE : .utf16LE))
            #expect(c.report.decoding?.encodingFrom == "byte-order mark")
            #expect(c.report.summary.contains("\n  read as UTF-16 \(big ? "BE" : "LE") (byte-order mark), transcoded to UTF-8"))
            // Without the mark, --encoding names it.
            let named = try read(utf16(Self.text, bigEndian: big, bom: false), encoding: big ? .utf16BE : .utf16LE)
            #expect(named.passthrough == plain.passthrough && named.report.decoding?.encodingFrom == "--encoding")
        }
    }

    @Test func windows1252AndLatin1AreTranscoded() throws {
        // "Dr Müller" (ü = 0xFC), "Ça, €" (Ç = 0xC7, € = 0x80 in Windows-1252), header "Patient_Nº" (º = 0xBA).
        var bytes = Array("id,q1,q2,therapist,Patient_N".utf8) + [0xBA] + Array("\r\nA,1,2,Dr M".utf8) + [0xFC]
        bytes += Array("ller,7\r\nB,3,4,\"".utf8) + [0xC7] + Array("a, ".utf8) + [0x80] + Array("\",8\r\n".utf8)
        let url = try CSVTest.temporaryFile(Data(bytes))
        var options = ReaderOptions()
        options.encoding = .windows1252
        let reader = try ResponseReader(.file(url.path), options: options)
        #expect(reader.header.last == "Patient_Nº")
        let c = try CSVTest.read(url, items: ["q1", "q2"], passthrough: ["therapist", "Patient_Nº"], options: options)
        #expect(c.passthrough == [["Dr Müller", "7"], ["Ça, €", "8"]])
        #expect(c.report.summary.contains("read as Windows-1252 (--encoding), transcoded to UTF-8"))
        options.encoding = .latin1
        let latin = try CSVTest.read(url, items: ["q1"], passthrough: ["therapist"], options: options)
        #expect(latin.passthrough == [["Dr Müller"], ["Ça, \u{80}"]])
    }

    @Test func invalidUTF8StopsWithLineByteAndTheOption() throws {
        var rows = "id,q1,q2,therapist\n"
        for i in 0..<300 { rows += "P\(i),1,2,Dr X\n" }
        var bytes = Array(rows.utf8)
        // Line 202 is "P200,1,2,Dr X": put 0xFC after "Dr " (byte 13 of the line).
        let lineStart = bytes.indices.filter { bytes[$0] == 0x0A }[200] + 1
        bytes.insert(0xFC, at: lineStart + 12)
        for policy in InvalidPolicy.allCases {
            for grid in [64, 1 << 18] {
                let e = try #require(encodingError(Data(bytes), policy: policy, grid: grid))
                #expect(e.code == .invalidEncoding && e.exitStatus == .unusable)
                #expect(e.line == 202)
                #expect(e.message.hasPrefix("byte 13 of the line (byte \(lineStart + 13) of the file) is 0xFC, not valid UTF-8"))
                #expect(e.message.contains("--encoding windows-1252"))
            }
        }
        // The same bytes read as Windows-1252.
        let c = try read(Data(bytes), encoding: .windows1252)
        #expect(c.passthrough[200] == ["P200", "Dr üX"])
    }

    @Test func malformedSequencesAreRefusedNotReplaced() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                             [0xE2, 0x82], [0x80], [0xFF]] {
            let data = Data(Array("id,q1,q2,therapist\nA,1,2,x".utf8) + bad + Array("y\n".utf8))
            #expect(encodingError(data)?.code == .invalidEncoding, "\(bad)")
        }
        // A replacement character already in the file is valid UTF-8 and read as it is.
        #expect(encodingError(Data("id,q1,q2,therapist\nA,1,2,M\u{FFFD}ller\n".utf8)) == nil)
    }

    @Test func headerProblems() throws {
        let nul = try #require(encodingError(utf16(Self.text, bigEndian: false, bom: false)))
        #expect(nul.line == 1 && nul.message.contains("UTF-16 without a byte-order mark") && nul.message.contains("--encoding utf-16le"))
        let header = try #require(encodingError(Data(Array("id,q1,q2,N".utf8) + [0xBA] + Array("\n1,2,3,4\n".utf8))))
        #expect(header.line == 1 && header.message.hasPrefix("byte 11 of the line (byte 11 of the file) is 0xBA"))
        let utf32 = try #require(encodingError(Data([0xFF, 0xFE, 0, 0]) + Data("x".utf8)))
        #expect(utf32.message.contains("UTF-32"))
        let clash = try #require(encodingError(utf16(Self.text, bigEndian: false), encoding: .windows1252))
        #expect(clash.message.contains("UTF-16 LE byte-order mark, but --encoding windows-1252"))
        let clash8 = try #require(encodingError(Data([0xEF, 0xBB, 0xBF]) + Data(Self.text.utf8), encoding: .latin1))
        #expect(clash8.message.contains("UTF-8 byte-order mark"))
    }

    @Test func transcodingProblemsNameTheirLine() throws {
        let undefined = try #require(encodingError(Data(Array("id,q1,q2,therapist\nA,1,2,x\nB,1,2,".utf8) + [0x81]),
                                                   encoding: .windows1252))
        #expect(undefined.line == 3 && undefined.message.hasPrefix("byte 7 of the line (byte 34 of the file) is 0x81, which Windows-1252 leaves undefined"))
        var odd = utf16("id,q1,q2,therapist\nA,1,2,x\n", bigEndian: false)
        odd.append(0x41)
        let e = try #require(encodingError(odd))
        #expect(e.line == 3 && e.message.contains("even number of bytes"))
        var lone = utf16("id,q1,q2,therapist\nA,1,2,x", bigEndian: true)
        lone.append(contentsOf: [0xDC, 0x00])
        #expect(try #require(encodingError(lone)).message.contains("low surrogate without its high surrogate"))
    }

    @Test func transcodedInputIsTheSameAtAnyThreadsGridOrShard() throws {
        var text = "id,q1,q2,therapist\n"
        for i in 0..<2000 { text += "P\(i),\(i % 5 + 1),\(i % 3 + 1),\"Dr Müller\nsecond line\"\n" }
        let data = utf16(text, bigEndian: false)
        let whole = try read(data, threads: 1)
        #expect(whole.lines.count == 2000 && whole.lines.last == 2 * 2000)
        for (threads, grid) in [(2, 64), (8, 1000)] {
            var other = try read(data, threads: threads, grid: grid)
            other.report.file = whole.report.file
            #expect(other == whole)
        }
        var values: [Double] = []
        for i in 1...3 {
            values += try read(data, grid: 512, shard: try Shard(parsing: "\(i)/3")).values
        }
        #expect(values == whole.values)
        // A transcoded file can be read twice (two-pass screens).
        let url = try CSVTest.temporaryFile(data)
        let reader = try ResponseReader(.file(url.path))
        let plan = try ColumnPlan(header: reader.header, requests: [.init(item: "q1", column: "q1", scale: CSVTest.likert())])
        #expect(try CSVTest.collect(reader, plan: plan).values == CSVTest.collect(reader, plan: plan).values)
    }

    @Test func standardInputIsTranscodedToo() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let bytes = [UInt8](utf16(Self.text, bigEndian: true))
        let writeEnd = fds[1]
        let writer = Thread {
            bytes.withUnsafeBytes { buf in _ = write(writeEnd, buf.baseAddress!, buf.count) }
            close(writeEnd)
        }
        writer.start()
        let reader = try ResponseReader(streamDescriptor: fds[0])
        let plan = try ColumnPlan(header: reader.header, requests: [.init(item: "q1", column: "q1", scale: CSVTest.likert())],
                                  passthrough: ["therapist"])
        let c = try CSVTest.collect(reader, plan: plan)
        close(fds[0])
        #expect(c.passthrough == [["Dr Müller"], ["Ça, €"], ["Dr 𝄞"]])
    }

    @Test func encodingArgumentSpellings() {
        #expect(TextEncoding(argument: "CP1252") == .windows1252 && TextEncoding(argument: "ISO-8859-1") == .latin1)
        #expect(TextEncoding(argument: "utf_16le") == .utf16LE && TextEncoding(argument: "UTF8") == .utf8)
        #expect(TextEncoding(argument: "ebcdic") == nil)
    }

    /// Issue 13 review: `--encoding latin1` on an Excel (Windows-1252) file silently gave C1
    /// control characters for “ ” € –. The summary now warns with the count and the option,
    /// never with a cell's text; Windows-1252 itself and Latin-1 text without such bytes say nothing.
    @Test func latin1WarnsAboutWindows1252Bytes() throws {
        // "Dr “Mü”" and "5 €" in Windows-1252: 0x93, 0x94 and 0x80 are C1 bytes in Latin-1.
        var bytes = Array("id,q1,q2,therapist\nA,1,2,Dr ".utf8) + [0x93, 0x4D, 0xFC, 0x94]
        bytes += Array("\nB,3,4,5 ".utf8) + [0x80] + Array("\n".utf8)
        let latin1 = try read(Data(bytes), encoding: .latin1)
        #expect(latin1.values == [1, 2, 3, 4])
        #expect(latin1.report.decoding?.latin1ControlBytes == 3 && latin1.report.decoding?.latin1ControlBytesInWindows1252 == 3)
        let warning = "\n  warning: 3 bytes in 0x80–0x9F were read as Latin-1 control characters, which text almost never holds: the file is probably Windows-1252 (as Excel saves it, where these bytes are € ‘ ’ “ ” – Š Œ …); give --encoding windows-1252"
        #expect(latin1.report.summary.contains(warning))
        #expect(!latin1.report.summary.contains("Dr") && !latin1.report.summary.contains("Mü"))
        // The same count at any chunking and for every shard's report, counted once when merged.
        let small = try read(Data(bytes), encoding: .latin1, threads: 3, grid: 7)
        #expect(small.report.decoding == latin1.report.decoding)
        var merged: DataReport?
        for k in 1...2 {
            let part = try read(Data(bytes), encoding: .latin1, grid: 16, shard: try Shard(index: k, count: 2)).report
            if merged == nil { merged = part } else { merged!.merge(part) }
        }
        #expect(merged?.decoding?.latin1ControlBytes == 3)
        // Read as Windows-1252: the right characters, no warning.
        let cp = try read(Data(bytes), encoding: .windows1252)
        #expect(cp.passthrough.map { $0[1] } == ["Dr “Mü”", "5 €"])
        #expect(cp.report.decoding?.latin1ControlBytes == nil && !cp.report.summary.contains("warning"))
        // Latin-1 text without C1 bytes: nothing to say.
        let plain = try read(Data(Array("id,q1,q2,therapist\nA,1,2,Dr M".utf8) + [0xFC] + Array("ller\n".utf8)), encoding: .latin1)
        #expect(plain.report.decoding?.latin1ControlBytes == nil && !plain.report.summary.contains("warning"))
        // Only bytes Windows-1252 leaves undefined: no suggestion that would fail.
        let undefined = try read(Data(Array("id,q1,q2,therapist\nA,1,2,x".utf8) + [0x81, 0x9D] + Array("\n".utf8)), encoding: .latin1)
        #expect(undefined.report.summary.contains("warning: 2 bytes in 0x80–0x9F were read as Latin-1 control characters, which text almost never holds (and Windows-1252 leaves these undefined): check the encoding the file was saved in"))
    }
}
