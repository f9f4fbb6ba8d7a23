@_spi(Fuzzing) import Rapport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One input = three option bytes, then (when byte 1 asks for a recode table from the input)
/// a `--recode` file up to the first NUL byte, then a response file. The options are the
/// reader's newest ones:
///
/// - byte 0: bits 0–1 the policy; bits 2–4 `--encoding` (1 utf-8, 2 windows-1252, 3 latin1,
///   4 utf-16le, 5 utf-16be, else none: UTF-8 or a UTF-16 byte-order mark); bits 5–6 decimal
///   commas (1 `--decimal-comma`, 2 `--no-decimal-comma`, else detected in `;` files); bit 7
///   `;` as delimiter (else detected).
/// - byte 1: bits 0–1 `--skip-rows` (none: Qualtrics rows detected; 0; 1; 2); bits 2–3 a
///   `--where` filter (none; first column != 1; last column = 1; first column = 1 and second
///   column != empty); bits 4–5 `--recode` (none; table A; table B; the input's own); bit 6
///   the first column is an ID passed through, not an item; bit 7 the compact cell layout.
/// - byte 2: bits 0–2 a cross-check (below); bit 3 UTF-16 big-endian for cross-check 3;
///   bit 4 `--allow-empty` off.
///
/// Every column read is an item on 1–5 in steps of 0.5 whose anchors have labels (Never,
/// Sometimes, `Très souvent`, Always: cells read through their label) and a declared missing
/// code 99 and not-applicable code N/A. Checked on every input, besides "no crash":
/// rows read = scored + rejected + filtered out; every answered cell is on the scale's grid
/// and every other cell holds NaN; line numbers increase; under `--on-invalid missing`, the
/// the items' tallies of invalid cells = the cell findings (non-numeric, out of range, off the
/// grid) = the invalid cells handed on when no quote is broken; the
/// same bytes read again give the same report and the same cells. Cross-checks, by byte 2:
/// 1. the same report and cells at 2 threads with a 7-byte chunk grid;
/// 2. the same with the other row loop (fast or general) and a 5-byte grid;
/// 3. a valid UTF-8 file (no `--encoding`) written as UTF-16 with a byte-order mark gives the
///    same report (but for the encoding and byte count) and the same cells;
/// 4. under `--encoding latin1` (or windows-1252 on a file without bytes 0x80–0x9F), the
///    file transcoded to UTF-8 here gives the same report and cells;
/// 5. two shards (5-byte grid) give, merged, the whole file's report (but `header-only`,
///    which shards never report) and cells.
/// A violated property traps, so libFuzzer keeps the input as a crash.
///
/// Files live on tmpfs (`/dev/shm` when there is one) and are rewritten in place.
let directory: String = {
    var isDir: ObjCBool = false
    let shm = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDir) && isDir.boolValue
    return shm ? "/dev/shm" : FileManager.default.temporaryDirectory.path
}()
let path = directory + "/rapport-fuzz-ro-\(getpid()).csv"
let otherPath = directory + "/rapport-fuzz-ro-\(getpid())-other.csv"
let recodePath = directory + "/rapport-fuzz-ro-\(getpid())-recode.csv"

let recodeA = Array("item,label,value\n*,-99,\n*,Not answered,NA\ni2,Hardly ever,2\n*,\"Sehr oft\",4.5\n".utf8)
let recodeB = Array("\u{FEFF}item;label;value\r\n*;Keine Angabe;99\r\n# a comment;;\r\ni2;\"a;b\";3\r\n*;n/a;N/A\r\n".utf8)

let scale = ResponseScale(id: "r", min: 1, max: 5, step: 0.5,
                          anchors: [.init(value: 1, label: "Never"), .init(value: 3, label: "Sometimes"),
                                    .init(value: 4, label: "Très souvent"), .init(value: 5, label: "Always")],
                          codes: [.init(token: "99", meaning: .missing, label: "No answer"),
                                  .init(token: "N/A", meaning: .notApplicable)])

/// `precondition` that says why in a release build too (libFuzzer's log keeps the message).
@inline(__always)
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}

func write(_ bytes: some Collection<UInt8>, to file: String) {
    let data = Data(bytes)
    let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fatalError("cannot write \(file)") }
    data.withUnsafeBytes { buf in
        var written = 0
        while written < buf.count {
            let n = Glibc.write(fd, buf.baseAddress! + written, buf.count - written)
            if n <= 0 { break }
            written += n
        }
    }
    close(fd)
}

/// What the cells handed on hold, order-independently (so chunking cannot change it):
/// a wrapping sum of a hash of (line, slot, status, value) and of the pass-through text.
struct Cells: Equatable {
    var hash: UInt64 = 0
    var answered = 0
    var invalid = 0
    var rows = 0
    var firstLine = Int.max
    var lastLine = 0

    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func of(_ block: ResponseBlock) -> Cells {
        block.checkShape()
        var c = Cells()
        c.rows = block.rowCount
        for r in 0..<block.rowCount {
            let line = block.lines[r]
            check(line >= 1 && (r == 0 || line > block.lines[r - 1]), "line numbers do not increase")
            c.firstLine = min(c.firstLine, line)
            c.lastLine = max(c.lastLine, line)
            for s in 0..<block.itemCount {
                let status = block.status(row: r, slot: s)
                let v = block.value(row: r, slot: s)
                if status == .answered {
                    check(v >= 1 && v <= 5 && (v * 2).rounded() == v * 2, "answered cell off the grid: \(v)")
                    c.answered += 1
                } else {
                    check(v.isNaN, "a \(status) cell holds \(v)")
                    if status == .invalid { c.invalid += 1 }
                }
                let bits = status == .answered ? v.bitPattern : 0
                c.hash &+= mix(UInt64(line) &* 0x1_0000_0001 ^ UInt64(s) << 48 ^ UInt64(status.rawValue) << 40 ^ mix(bits))
            }
            if !block.passthrough.isEmpty {
                for (k, text) in block.passthrough[r].enumerated() {
                    var h = mix(UInt64(line) ^ UInt64(k) << 56)
                    for b in text.utf8 { h = mix(h ^ UInt64(b)) }
                    c.hash &+= h
                }
            }
        }
        return c
    }

    mutating func append(_ o: Cells) {
        if o.rows > 0 {
            check(o.firstLine > lastLine, "blocks out of order: line \(o.firstLine) after \(lastLine)")
            firstLine = min(firstLine, o.firstLine)
            lastLine = o.lastLine
        }
        hash &+= o.hash
        answered += o.answered
        invalid += o.invalid
        rows += o.rows
    }
}

/// The options an input asks for (the first three bytes), and the read they make.
struct Setup {
    var options: ReaderOptions
    var filterMode: Int
    var idColumn: Bool
    var compact: Bool

    init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) {
        options = ReaderOptions(onInvalid: [.missing, .rejectRow, .fail, .missing][Int(b0 & 3)], threads: 1)
        options.encoding = [nil, .utf8, .windows1252, .latin1, .utf16LE, .utf16BE, nil, nil][Int((b0 >> 2) & 7)]
        options.decimalComma = [nil, true, false, nil][Int((b0 >> 5) & 3)]
        if b0 & 0x80 != 0 { options.delimiter = .semicolon }
        options.skipRows = [nil, 0, 1, 2][Int(b1 & 3)]
        filterMode = Int((b1 >> 2) & 3)
        idColumn = b1 & 0x40 != 0
        compact = b1 & 0x80 != 0
        options.allowEmpty = b2 & 0x10 == 0
        options.fuzzingWindowSize = 1
    }

    /// Reads `file`: the report and the cells, or `nil` when the reader refuses it.
    func read(_ file: String, _ options: ReaderOptions? = nil) -> (report: DataReport, cells: Cells)? {
        var options = options ?? self.options
        guard let plain = try? ResponseReader(.file(file), options: options) else { return nil }
        let header = plain.header
        guard header.count <= 64, !header.isEmpty else { return nil }
        var reader = plain
        switch filterMode {
        case 1: options.filters = [RowFilter(column: header[0], value: "1", equal: false)]
        case 2: options.filters = [RowFilter(column: header[header.count - 1], value: "1")]
        case 3 where header.count >= 2:
            options.filters = [RowFilter(column: header[0], value: "1"), RowFilter(column: header[1], value: "", equal: false)]
        default: break
        }
        if !options.filters.isEmpty {
            guard let again = try? ResponseReader(.file(file), options: options) else { return nil }
            check(again.header == header, "the header changed with a filter")
            reader = again
        }
        let first = idColumn ? 1 : 0
        var requests: [ColumnPlan.Request] = []
        for i in first..<header.count where !header[i].isEmpty {
            requests.append(ColumnPlan.Request(item: "i\(i)", column: header[i], scale: scale))
        }
        guard let plan = try? ColumnPlan(header: header, requests: requests,
                                         passthrough: idColumn && !header[0].isEmpty ? [header[0]] : [])
        else { return nil }
        var cells = Cells()
        guard let report = try? reader.read(plan: plan, layout: compact ? .compact : .values,
                                            transform: { Cells.of($0) }, sink: { cells.append($0) })
        else { return nil }
        check(report.rowsRead == report.rowsScored + report.rowsRejected + (report.rowsFilteredOut ?? 0),
                     "rows do not add up: \(report.rowsRead) read, \(report.rowsScored) scored, \(report.rowsRejected) rejected, \(report.rowsFilteredOut ?? 0) filtered out")
        check(cells.rows == report.rowsScored, "\(cells.rows) rows handed on, \(report.rowsScored) scored")
        check(options.filters.isEmpty == (report.rowsFilteredOut == nil), "rowsFilteredOut without a filter, or none with one")
        if options.onInvalid == .missing {
            let tallied = (report.items ?? []).reduce(0) { $0 + $1.invalid }
            let found = report.count(.nonNumeric) + report.count(.outOfRange) + report.count(.offGrid)
            // Quote problems blur the count: an unterminated quote rejects its row after the
            // cells before the quote were judged (tallied, not handed on); a stray quote makes
            // its cell invalid under a `stray-quote` finding (handed on, not tallied).
            let quotes = report.count(.unterminatedQuote) + report.count(.strayQuote)
            check(tallied == found && (quotes == 0 ? cells.invalid == tallied : cells.invalid <= tallied + report.count(.strayQuote)),
                         "invalid cells: \(cells.invalid) handed on, \(tallied) tallied, \(found) findings\n\(report.summary)\n\(report.items ?? [])")
        }
        return (report, cells)
    }
}

/// A report without what may differ between two encodings of the same text.
func essence(_ r: DataReport) -> DataReport {
    var e = r
    e.file = ""
    e.bytes = 0
    e.shard = nil
    if var d = e.decoding {
        d.encoding = nil
        d.encodingFrom = nil
        d.latin1ControlBytes = nil
        d.latin1ControlBytesInWindows1252 = nil
        e.decoding = d.isEmpty ? nil : d
    }
    return e
}

func same(_ a: (report: DataReport, cells: Cells)?, _ b: (report: DataReport, cells: Cells), _ what: String) {
    guard let a else { fatalError("\(what): refused where the first read was not") }
    check(a.report == b.report, "\(what): the reports differ:\n\(a.report.summary)\n---\n\(b.report.summary)")
    check(a.cells == b.cells, "\(what): the cells differ: \(a.cells) vs \(b.cells)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 3 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: count)
    let setup0 = Setup(input[0], input[1], input[2])
    var setup = setup0
    var body = input[3...]
    switch (input[1] >> 4) & 3 {
    case 1: write(recodeA, to: recodePath); setup.options.recodeFile = recodePath
    case 2: write(recodeB, to: recodePath); setup.options.recodeFile = recodePath
    case 3:
        guard let nul = body.firstIndex(of: 0) else { return 0 }
        write(body[..<nul], to: recodePath)
        setup.options.recodeFile = recodePath
        body = body[(nul + 1)...]
    default: break
    }
    write(body, to: path)
    guard let whole = setup.read(path) else { return 0 }
    same(setup.read(path), whole, "read twice")

    switch input[2] & 7 {
    case 1:
        var o = setup.options
        o.threads = 2
        o.fuzzingGridSize = 7
        same(setup.read(path, o), whole, "2 threads, 7-byte chunks")
    case 2:
        var o = setup.options
        o.fuzzingFastRows = !o.fuzzingFastRows
        o.fuzzingGridSize = 5
        same(setup.read(path, o), whole, "the other row loop")
    case 3 where setup.options.encoding == nil:
        guard var text = String(validating: body, as: UTF8.self) else { return 0 }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let big = input[2] & 8 != 0
        var bytes: [UInt8] = big ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for u in text.utf16 {
            bytes += big ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)]
        }
        write(bytes, to: otherPath)
        if let utf16 = setup.read(otherPath) {
            same((essence(utf16.report), utf16.cells), (essence(whole.report), whole.cells), "UTF-16 \(big ? "BE" : "LE")")
        }
    case 4 where setup.options.encoding == .latin1
        || (setup.options.encoding == .windows1252 && !body.contains(where: { $0 >= 0x80 && $0 <= 0x9F })):
        var bytes: [UInt8] = []
        for b in body {
            if b < 0x80 { bytes.append(b) } else { bytes += [0xC0 | b >> 6, 0x80 | b & 0x3F] }
        }
        write(bytes, to: otherPath)
        var o = setup.options
        o.encoding = nil
        if let utf8 = setup.read(otherPath, o) {
            same((essence(utf8.report), utf8.cells), (essence(whole.report), whole.cells), "transcoded to UTF-8 here")
        }
    case 5:
        var merged: DataReport?
        var cells = Cells()
        for i in 1...2 {
            var o = setup.options
            o.shard = try! Shard(index: i, count: 2)
            o.fuzzingGridSize = 5
            guard let part = setup.read(path, o) else { fatalError("shard \(i) refused where the whole file was not") }
            if merged == nil { merged = part.report } else { merged!.merge(part.report) }
            cells.append(part.cells)
        }
        // A shard may hold no rows, so shards never report `header-only`: the whole file's does.
        var expected = essence(whole.report)
        if let n = expected.findingCounts.removeValue(forKey: Finding.Kind.headerOnly.rawValue) {
            expected.examples.removeAll { $0.kind == .headerOnly }
            check(n == 1 && whole.report.rowsRead == 0, "header-only \(n) times, \(whole.report.rowsRead) rows")
        }
        same((essence(merged!), cells), (expected, whole.cells), "two shards")
    default:
        break
    }
    return 0
}
