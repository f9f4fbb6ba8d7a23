import Testing
@testable import Rapport

/// The RFC 4180 corpus: every case with its exact fields and line numbers.
@Suite struct CSVScannerTests {
    typealias R = CSVRecordCollector.Record

    @Test func plainRecords() {
        #expect(CSVTest.records("a,b,c\n1,2,3\n") == [
            R(line: 1, fields: ["a", "b", "c"]), R(line: 2, fields: ["1", "2", "3"]),
        ])
    }

    @Test func lastLineWithoutNewline() {
        #expect(CSVTest.records("a,b\n1,2") == [R(line: 1, fields: ["a", "b"]), R(line: 2, fields: ["1", "2"])])
    }

    @Test func crlfLineEnds() {
        #expect(CSVTest.records("a,b\r\n1,2\r\n3,4\r") == [
            R(line: 1, fields: ["a", "b"]), R(line: 2, fields: ["1", "2"]), R(line: 3, fields: ["3", "4"]),
        ])
    }

    @Test func carriageReturnInsideAFieldIsContent() {
        #expect(CSVTest.records("a\rb,c\n") == [R(line: 1, fields: ["a\rb", "c"])])
    }

    @Test func emptyFields() {
        #expect(CSVTest.records(",\n,,\na,\n") == [
            R(line: 1, fields: ["", ""]), R(line: 2, fields: ["", "", ""]), R(line: 3, fields: ["a", ""]),
        ])
        #expect(CSVTest.records("a,b,") == [R(line: 1, fields: ["a", "b", ""])])
    }

    @Test func quotedFields() {
        #expect(CSVTest.records("\"a,b\",\"c\"\n\"\",x\n") == [
            R(line: 1, fields: ["a,b", "c"]), R(line: 2, fields: ["", "x"]),
        ])
    }

    @Test func doubledQuotes() {
        #expect(CSVTest.records("\"say \"\"hi\"\"\",2\n") == [R(line: 1, fields: ["say \"hi\"", "2"])])
        #expect(CSVTest.records("\"\"\"\"\n") == [R(line: 1, fields: ["\""])])
    }

    @Test func newlinesInsideQuotesCountAsLines() {
        let text = "id,note\n1,\"two\nlines\"\n2,\"three\r\nlines\nhere\"\n3,x\n"
        #expect(CSVTest.records(text) == [
            R(line: 1, fields: ["id", "note"]),
            R(line: 2, fields: ["1", "two\nlines"]),
            R(line: 4, fields: ["2", "three\r\nlines\nhere"]),
            R(line: 7, fields: ["3", "x"]),
        ])
    }

    @Test func quotedFieldBeforeCRLF() {
        #expect(CSVTest.records("\"a\",\"b\"\r\n\"c\",d\r\n") == [
            R(line: 1, fields: ["a", "b"]), R(line: 2, fields: ["c", "d"]),
        ])
    }

    @Test func blankLinesAreSkippedButCounted() {
        #expect(CSVTest.records("a,b\n\n1,2\r\n\r\n3,4\n\n") == [
            R(line: 1, fields: ["a", "b"]), R(line: 3, fields: ["1", "2"]), R(line: 5, fields: ["3", "4"]),
        ])
        // In a one-column file a blank line is an empty answer.
        #expect(CSVTest.records("a\n\n1\n", skipBlankLines: false) == [
            R(line: 1, fields: ["a"]), R(line: 2, fields: [""]), R(line: 3, fields: ["1"]),
        ])
    }

    @Test func otherDelimiters() {
        #expect(CSVTest.records("a;b;\"c;d\"\n", delimiter: 0x3B) == [R(line: 1, fields: ["a", "b", "c;d"])])
        #expect(CSVTest.records("a\tb,c\n", delimiter: 0x09) == [R(line: 1, fields: ["a", "b,c"])])
    }

    @Test func raggedRowsKeepTheirFields() {
        #expect(CSVTest.records("a,b,c\n1,2\n1,2,3,4\n") == [
            R(line: 1, fields: ["a", "b", "c"]), R(line: 2, fields: ["1", "2"]), R(line: 3, fields: ["1", "2", "3", "4"]),
        ])
    }

    @Test func strayQuoteInAnUnquotedField() {
        // Quote parity rules: the stray quote opens a quoted section that the next quote closes.
        let r = CSVTest.records("a,b\n5\"x,\"y\n2,3\n")
        #expect(r == [
            R(line: 1, fields: ["a", "b"]),
            R(line: 2, fields: ["5x,y"], strayQuote: true),
            R(line: 3, fields: ["2", "3"]),
        ])
    }

    @Test func textAfterAClosingQuote() {
        #expect(CSVTest.records("\"ab\"c,d\n") == [R(line: 1, fields: ["abc", "d"], strayQuote: true)])
    }

    @Test func unterminatedQuoteRunsToTheEnd() {
        let r = CSVTest.records("a,b\n1,\"open\n2,3\n")
        #expect(r == [
            R(line: 1, fields: ["a", "b"]),
            R(line: 2, fields: ["1", "open\n2,3\n"], unterminated: true),
        ])
    }

    @Test func emptyInput() {
        #expect(CSVTest.records("").isEmpty)
    }

    @Test func delimiterDetection() {
        func detect(_ s: String) -> Delimiter {
            Array(s.utf8).withUnsafeBufferPointer { Delimiter.detect(header: $0) }
        }
        #expect(detect("a,b,c") == .comma)
        #expect(detect("a;b;c") == .semicolon)
        #expect(detect("a\tb\tc") == .tab)
        #expect(detect("\"a,b\";c;d") == .semicolon)
        #expect(detect("only") == .comma)
        #expect(Delimiter(argument: "tab") == .tab)
        #expect(Delimiter(argument: ";") == .semicolon)
        #expect(Delimiter(argument: "|") == nil)
    }
}

@Suite struct CSVByteScanTests {
    @Test func countsMatchANaiveCount() {
        var g = UInt64(12345)
        for length in [0, 1, 7, 8, 31, 32, 63, 64, 65, 200, 1000, 16_384, 70_000] {
            var bytes = [UInt8](repeating: 0, count: length)
            for i in 0..<length {
                g = g &* 6364136223846793005 &+ 1442695040888963407
                let r = Int(g >> 59)
                bytes[i] = r < 4 ? 0x0A : (r < 7 ? 0x22 : UInt8(truncatingIfNeeded: g >> 33))
            }
            let c = bytes.withUnsafeBufferPointer { ByteScan.countNewlinesAndQuotes($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: length) }
            #expect(c.newlines == bytes.filter { $0 == 0x0A }.count, "length \(length)")
            #expect(c.quotes == bytes.filter { $0 == 0x22 }.count, "length \(length)")
        }
        // Every byte a match: the lane counters must not overflow.
        for byte: UInt8 in [0x0A, 0x22] {
            let bytes = [UInt8](repeating: byte, count: 100_000)
            let c = bytes.withUnsafeBufferPointer { ByteScan.countNewlinesAndQuotes($0.baseAddress!, count: $0.count) }
            #expect(byte == 0x0A ? c.newlines == 100_000 : c.quotes == 100_000)
        }
    }
}
