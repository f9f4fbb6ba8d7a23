import Foundation
import Testing
@testable import Rapport

/// End-to-end reads through ``ResponseReader``: values, statuses, lines, findings, policies,
/// file-level problems.
@Suite struct ReaderTests {
    typealias S = CellStatus

    @Test func readsValuesStatusesLinesAndPassthrough() throws {
        let url = try CSVTest.temporaryFile("id,q1,q2,note\nA1,1,5,\"x\"\nA2,3,,\"two\nlines\"\nA3,NA,2,y\n")
        let c = try CSVTest.read(url, items: ["q1", "q2"], passthrough: ["id", "note"])
        #expect(c.values.count == 6)
        #expect(c.values[0] == 1 && c.values[1] == 5 && c.values[2] == 3 && c.values[5] == 2)
        #expect(c.values[3].isNaN && c.values[4].isNaN)
        #expect(c.status == [.answered, .answered, .answered, .missing, .missing, .answered])
        #expect(c.lines == [2, 3, 5])
        #expect(c.passthrough == [["A1", "x"], ["A2", "two\nlines"], ["A3", "y"]])
        #expect(c.report.rowsRead == 3 && c.report.rowsScored == 3 && c.report.rowsRejected == 0)
        #expect(c.report.findingTotal == 0)
        #expect(c.firstRows == [0])
    }

    @Test func bomCRLFAndSemicolonsAreDetected() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("q1;q2\r\n4;5\r\n\"1\";2".utf8))
        let url = try CSVTest.temporaryFile(data)
        let reader = try ResponseReader(.file(url.path))
        #expect(reader.header == ["q1", "q2"])
        #expect(reader.delimiter == .semicolon)
        let c = try CSVTest.read(url, items: ["q1", "q2"])
        #expect(c.values == [4, 5, 1, 2])
        #expect(c.lines == [2, 3])
    }

    @Test func explicitDelimiterOverridesDetection() throws {
        let url = try CSVTest.temporaryFile("q1\tq,2\n3\t4\n")
        let reader = try ResponseReader(.file(url.path), options: ReaderOptions(delimiter: .tab))
        #expect(reader.header == ["q1", "q,2"])
    }

    @Test func missingAndNotApplicableTokens() throws {
        let scale = CSVTest.likert(5, codes: [.init(token: "99", meaning: .missing),
                                              .init(token: "8", meaning: .notApplicable),
                                              .init(token: "N/A", meaning: .notApplicable)])
        let url = try CSVTest.temporaryFile("q1,q2,q3,q4,q5,q6,q7\n,NA,99,8,N/A,-9, 3 \n")
        var options = ReaderOptions()
        options.allowEmpty = true
        let c = try CSVTest.read(url, items: ["q1", "q2", "q3", "q4", "q5", "q6", "q7"], scale: scale,
                                 naTokens: ["NA", "-9"], options: options)
        #expect(c.status == [.missing, .missing, .missing, .notApplicable, .notApplicable, .missing, .answered])
        #expect(c.values[6] == 3)
        #expect(c.report.findingTotal == 0)
    }

    @Test func invalidCellsAreReportedWithLineColumnAndItem() throws {
        let url = try CSVTest.temporaryFile("id,q1,q2,q3\nP-17,abc,7,2.5\nP-18,1,2,3\n")
        let c = try CSVTest.read(url, items: ["q1", "q2", "q3"], passthrough: ["id"])
        #expect(Array(c.status.prefix(3)) == [.invalid, .invalid, .invalid])
        #expect(c.values.prefix(3).allSatisfy { $0.isNaN })
        #expect(c.report.rowsScored == 2)
        let ex = c.report.examples
        #expect(ex.map(\.kind) == [.nonNumeric, .outOfRange, .offGrid])
        #expect(ex.map(\.line) == [2, 2, 2])
        #expect(ex.map(\.column) == [2, 3, 4])
        #expect(ex.map(\.item) == ["q1", "q2", "q3"])
        #expect(ex[1].message == "\"7\" is outside the response range 1–5")
        #expect(!c.report.summary.contains("P-17"))
        #expect(c.report.summary.contains("line 2: column 3 \"q2\" (item q2): \"7\" is outside the response range 1–5 [out-of-range]"))
    }

    @Test func decimalGrid() throws {
        let vas = ResponseScale(id: "vas", min: 0, max: 10, step: 0.1)
        let url = try CSVTest.temporaryFile("a,b,c,d\n7.3,10,0.05,-0.0\n")
        var options = ReaderOptions()
        options.allowEmpty = true
        let c = try CSVTest.read(url, items: ["a", "b", "c", "d"], scale: vas, options: options)
        #expect(c.values[0] == 7.3 && c.values[1] == 10)
        #expect(c.status == [.answered, .answered, .invalid, .answered])
        #expect(c.report.examples.first?.kind == .offGrid)
    }

    @Test func rejectRowPolicy() throws {
        let url = try CSVTest.temporaryFile("q1,q2\n1,2\n9,1\n3\n4,4\n")
        var options = ReaderOptions(onInvalid: .rejectRow)
        options.gridSize = 4
        let c = try CSVTest.read(url, items: ["q1", "q2"], options: options)
        #expect(c.values == [1, 2, 4, 4])
        #expect(c.lines == [2, 5])
        #expect(c.report.rowsRead == 4 && c.report.rowsScored == 2 && c.report.rowsRejected == 2)
        #expect(c.report.count(.outOfRange) == 1 && c.report.count(.raggedRow) == 1)
    }

    /// Issue 13: a ragged row's answers would land in the wrong items, so it is rejected and
    /// counted under every policy (`fail` stops at it), and its cells are not judged.
    @Test func raggedRowsAreRejectedUnderEveryPolicy() throws {
        let url = try CSVTest.temporaryFile("q1,q2\n1\n2,x,4\n5,5\n")
        for policy in [InvalidPolicy.missing, .rejectRow] {
            let c = try CSVTest.read(url, items: ["q1", "q2"], options: ReaderOptions(onInvalid: policy))
            #expect(c.values == [5, 5] && c.lines == [4])
            #expect(c.report.rowsRead == 3 && c.report.rowsScored == 1 && c.report.rowsRejected == 2)
            #expect(c.report.findingCounts == ["ragged-row": 2], "the misaligned \"x\" is not judged")
            #expect(c.report.examples.map(\.line) == [2, 3])
            #expect(c.report.examples[0].message.hasPrefix("the row has 1 field, the header has 2: "))
            #expect(c.report.items?.map(\.invalid) == [0, 0])
        }
        #expect {
            _ = try CSVTest.read(url, items: ["q1", "q2"], options: ReaderOptions(onInvalid: .fail))
        } throws: { error in
            (error as? DataError)?.code == .finding(.raggedRow) && (error as? DataError)?.line == 2
        }
    }

    /// Issue 13: the command-line reproduction; B has 3 answers for 4 items and gets no score.
    @Test func raggedRowIsNotScored() throws {
        let url = try CSVTest.temporaryFile("id,q1,q2,q3,q4\nA,1,2,3,4\nB,1,2,3\nC,5,5,5,5\n")
        let c = try CSVTest.read(url, items: ["q1", "q2", "q3", "q4"], passthrough: ["id"])
        #expect(c.passthrough == [["A"], ["C"]])
        #expect(c.report.summary.hasPrefix("\(url.path): 3 rows read = 2 scored + 1 rejected"))
    }

    @Test func failPolicyStopsAtTheFirstFindingInFileOrder() throws {
        var text = "q1,q2\n"
        for i in 0..<500 { text += i == 311 ? "1,x\n" : (i == 400 ? "9,9\n" : "1,2\n") }
        let url = try CSVTest.temporaryFile(text)
        for threads in [1, 2, 8] {
            var options = ReaderOptions(onInvalid: .fail, threads: threads)
            options.gridSize = 64
            #expect {
                _ = try CSVTest.read(url, items: ["q1", "q2"], options: options)
            } throws: { error in
                guard let e = error as? DataError else { return false }
                return e.code == .finding(.nonNumeric) && e.line == 313 && e.column == 2 && e.item == "q2"
                    && e.file == url.path
            }
        }
    }

    @Test func duplicateIDsAreReportedByLineOnly() throws {
        let url = try CSVTest.temporaryFile("pid,q1\nSECRET-1,1\nB,2\nSECRET-1,3\nB,4\n,5\n,5\n")
        var options = ReaderOptions()
        options.gridSize = 8
        let c = try CSVTest.read(url, items: ["q1"], passthrough: ["pid"], id: "pid", options: options)
        #expect(c.report.count(.duplicateID) == 2)
        #expect(c.report.examples.map(\.line) == [4, 5])
        #expect(c.report.examples[0].message == "the ID on this row repeats the ID on line 2")
        let json = String(decoding: try c.report.jsonData(), as: UTF8.self)
        #expect(!json.contains("SECRET") && !c.report.summary.contains("SECRET"))
        // Duplicates are reported, not dropped.
        #expect(c.report.rowsScored == 6)
    }

    @Test func duplicateIDFailsUnderFail() throws {
        let url = try CSVTest.temporaryFile("pid,q1\nA,1\nA,2\n")
        #expect {
            _ = try CSVTest.read(url, items: ["q1"], id: "pid", options: ReaderOptions(onInvalid: .fail))
        } throws: { ($0 as? DataError)?.code == .finding(.duplicateID) && ($0 as? DataError)?.line == 3 }
    }

    @Test func emptyFileIsAnError() throws {
        for contents in [Data(), Data([0xEF, 0xBB, 0xBF]), Data("\n".utf8), Data("\r\n1,2\n".utf8)] {
            let url = try CSVTest.temporaryFile(contents)
            #expect {
                _ = try ResponseReader(.file(url.path))
            } throws: { ($0 as? DataError)?.code == .emptyFile }
        }
    }

    @Test func headerOnlyFileIsReported() throws {
        for text in ["q1,q2\n", "q1,q2", "q1,q2\n\n\n"] {
            let url = try CSVTest.temporaryFile(text)
            let c = try CSVTest.read(url, items: ["q1"])
            #expect(c.report.rowsRead == 0)
            #expect(c.report.count(.headerOnly) == 1)
            #expect {
                _ = try CSVTest.read(url, items: ["q1"], options: ReaderOptions(onInvalid: .fail))
            } throws: { ($0 as? DataError)?.code == .finding(.headerOnly) }
        }
    }

    @Test func unreadableFile() {
        #expect {
            _ = try ResponseReader(.file("/nonexistent/rapport/data.csv"))
        } throws: { ($0 as? DataError)?.code == .io && ($0 as? DataError)?.file == "/nonexistent/rapport/data.csv" }
    }

    @Test func unterminatedQuoteRejectsTheRow() throws {
        let url = try CSVTest.temporaryFile("q1,note\n1,ok\n2,\"never closed\n3,x\n")
        let c = try CSVTest.read(url, items: ["q1"])
        #expect(c.values == [1])
        #expect(c.report.rowsRead == 2 && c.report.rowsRejected == 1)
        #expect(c.report.examples.map(\.kind) == [.unterminatedQuote])
        #expect(c.report.examples[0].line == 3 && c.report.examples[0].column == 2)
    }

    @Test func strayQuoteMakesTheCellInvalid() throws {
        let url = try CSVTest.temporaryFile("q1,q2\n1\"\",2\n3,4\n")
        let c = try CSVTest.read(url, items: ["q1", "q2"])
        #expect(c.status == [.invalid, .answered, .answered, .answered])
        #expect(c.report.examples.map(\.kind) == [.strayQuote])
        #expect(c.report.examples[0].column == 1)
    }

    @Test func quotedNumbersAreNumbers() throws {
        let url = try CSVTest.temporaryFile("q1,q2\n\"4\",\" 2\"\n")
        let c = try CSVTest.read(url, items: ["q1", "q2"])
        #expect(c.values == [4, 2])
    }

    @Test func lineNumbersAcrossManyChunks() throws {
        var text = "id,q1,note\n"
        var expected: [Int] = []
        var line = 2
        for i in 0..<300 {
            expected.append(line)
            if i % 7 == 0 {
                text += "\(i),3,\"a\nb\r\nc\"\n"
                line += 3
            } else {
                text += "\(i),4,plain\n"
                line += 1
            }
        }
        let url = try CSVTest.temporaryFile(text)
        var options = ReaderOptions(threads: 3)
        options.gridSize = 17
        let c = try CSVTest.read(url, items: ["q1"], options: options)
        #expect(c.lines == expected)
        #expect(c.firstRows.first == 0 && c.firstRows == c.firstRows.sorted())
    }

    @Test func windowedMappingOfAFileLargerThanOneWindow() throws {
        var text = "q1,q2,q3,note\n"
        for i in 0..<20_000 {
            text += i % 97 == 0 ? "1,2,3,\"long\nquoted \"\" note \(i)\"\n" : "\(i % 5 + 1),\(i % 3 + 1),5,n\(i)\n"
        }
        let url = try CSVTest.temporaryFile(text)
        #expect(text.utf8.count > 8 * 4096)
        let serial = try CSVTest.read(url, items: ["q1", "q2", "q3"], passthrough: ["note"],
                                      options: ReaderOptions(threads: 1))
        var options = ReaderOptions(threads: 2)
        options.windowSize = 4096
        options.gridSize = 1000
        let windowed = try CSVTest.read(url, items: ["q1", "q2", "q3"], passthrough: ["note"], options: options)
        #expect(windowed == serial)
        #expect(windowed.report.rowsRead == 20_000)
    }

    @Test func aRowLongerThanTheWindowGrowsIt() throws {
        let long = String(repeating: "x", count: 20_000)
        let url = try CSVTest.temporaryFile("q1,note\n1,\"\(long)\n\(long)\"\n2,y\n")
        var options = ReaderOptions()
        options.windowSize = 4096
        options.gridSize = 512
        let c = try CSVTest.read(url, items: ["q1"], passthrough: ["note"], options: options)
        #expect(c.values == [1, 2])
        #expect(c.lines == [2, 4])
        #expect(c.passthrough[0][0].utf8.count == 40_001)
    }

    @Test func standardInputStreams() throws {
        var text = "q1,q2,note\n"
        for i in 0..<3000 { text += "\(i % 5 + 1),\(i % 4 + 1),\"n\n\(i)\"\n" }
        let url = try CSVTest.temporaryFile(text)
        let fromFile = try CSVTest.read(url, items: ["q1", "q2"], passthrough: ["note"])

        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writeEnd = fds[1]
        let bytes = Array(text.utf8)
        let writer = Thread {
            bytes.withUnsafeBytes { buf in
                var off = 0
                while off < buf.count {
                    let n = write(writeEnd, buf.baseAddress! + off, min(1000, buf.count - off))
                    if n <= 0 { break }
                    off += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        var options = ReaderOptions(threads: 2)
        options.windowSize = 700
        options.gridSize = 300
        let reader = try ResponseReader(streamDescriptor: fds[0], options: options)
        let plan = try ColumnPlan(header: reader.header,
                                  requests: ["q1", "q2"].map { .init(item: $0, column: $0, scale: CSVTest.likert()) },
                                  passthrough: ["note"])
        var fromPipe = try CSVTest.collect(reader, plan: plan)
        close(fds[0])
        fromPipe.report.file = fromFile.report.file
        fromPipe.report.bytes = fromFile.report.bytes
        #expect(fromPipe == fromFile)
        #expect {
            _ = try reader.forEachBlock(plan: plan) { _ in }
        } throws: { ($0 as? DataError)?.code == .notRewindable }
    }

    @Test func aFileCanBeReadTwice() throws {
        let url = try CSVTest.temporaryFile("q1\n1\n2\n")
        let reader = try ResponseReader(.file(url.path))
        let plan = try ColumnPlan(header: reader.header, requests: [.init(item: "q1", column: "q1", scale: CSVTest.likert())])
        let a = try CSVTest.collect(reader, plan: plan)
        let b = try CSVTest.collect(reader, plan: plan)
        #expect(a == b && a.values == [1, 2])
    }

    @Test func oneColumnFileBlankLineIsAMissingAnswer() throws {
        let url = try CSVTest.temporaryFile("q1\n1\n\n2\n")
        let c = try CSVTest.read(url, items: ["q1"])
        #expect(c.status == [.answered, .missing, .answered])
        #expect(c.lines == [2, 3, 4])
    }

    @Test func reportJSONRoundTrips() throws {
        let url = try CSVTest.temporaryFile("q1,q2\n1,x\n9\n")
        var options = ReaderOptions()
        options.allowEmpty = true
        let c = try CSVTest.read(url, items: ["q1", "q2"], options: options)
        #expect(c.report.items?.map(\.invalid) == [0, 1] && c.report.items?.map(\.answered) == [true, false])
        let data = try c.report.jsonData()
        let back = try JSONDecoder().decode(DataReport.self, from: data)
        #expect(back == c.report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"rowsRead\" : 2"))
        #expect(text.contains("\"non-numeric\" : 1"))
    }
}

extension ReaderTests {
    @Test func twelveIntegerColumnsWithDefaultChunking() throws {
        var g = UInt64(7)
        var text = (1...12).map { "q\($0)" }.joined(separator: ",") + "\n"
        var sum = 0.0
        for _ in 0..<120_000 {
            var row: [String] = []
            for _ in 0..<12 {
                g = g &* 6364136223846793005 &+ 1442695040888963407
                let v = Int(g >> 61) % 5 + 1
                sum += Double(v)
                row.append(String(v))
            }
            text += row.joined(separator: ",") + "\n"
        }
        let url = try CSVTest.temporaryFile(text)
        #expect(text.utf8.count > 2 << 20)
        let c = try CSVTest.read(url, items: (1...12).map { "q\($0)" }, options: ReaderOptions(threads: 2))
        #expect(c.report.rowsRead == 120_000 && c.values.count == 1_440_000)
        #expect(c.values.reduce(0, +) == sum)
        #expect(c.lines.last == 120_001)
    }
}
