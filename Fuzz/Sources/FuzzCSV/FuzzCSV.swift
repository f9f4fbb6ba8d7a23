@_spi(Fuzzing) import Rapport
import Foundation

/// One input = one CSV file. The first byte picks the reading options (bits 0–1 the policy,
/// bit 2 `;` as delimiter, bit 3 the general scanner only, bit 6 `--skip-rows 1`, bit 7
/// `--where FIRST!=1` on the first column) and one cross-check (bits 4–5); the rest is the
/// file. Every column is read as an item on 1–5 in steps of 0.5 with anchor labels (Never,
/// Sometimes, Always: cells read through their label); a `;` file reads decimal commas. Checked on every input,
/// besides "no crash": rows read = scored + rejected + filtered out; and, by the
/// cross-check bits, that the report is the same at 3 threads with a 7-byte chunk grid, that
/// two shards read the same rows as the whole file, or that the fast row loop and the general
/// scanner agree. A violated property traps, so libFuzzer keeps the input as a crash.
///
/// The file lives on tmpfs (`/dev/shm` when there is one) and is rewritten in place.
let path: String = {
    var isDir: ObjCBool = false
    let shm = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDir) && isDir.boolValue
    let dir = shm ? "/dev/shm" : FileManager.default.temporaryDirectory.path
    return dir + "/rapport-fuzz-csv-\(getpid()).csv"
}()

/// Whether `read` filters rows on the first column (flag bit 7).
nonisolated(unsafe) var filterFirstColumn = false

func read(_ options: ReaderOptions) -> DataReport? {
    guard var reader = try? ResponseReader(.file(path), options: options) else { return nil }
    if filterFirstColumn, let first = reader.header.first, !first.isEmpty {
        var filtered = options
        filtered.filters = [RowFilter(column: first, value: "1", equal: false)]
        guard let again = try? ResponseReader(.file(path), options: filtered) else { return nil }
        reader = again
    }
    let header = reader.header
    guard header.count <= 64, Set(header).count == header.count else { return nil }
    let scale = ResponseScale(id: "r", min: 1, max: 5, step: 0.5,
                              anchors: [.init(value: 1, label: "Never"), .init(value: 3, label: "Sometimes"),
                                        .init(value: 5, label: "Always")],
                              codes: [.init(token: "99", meaning: .missing)])
    let requests = header.enumerated().compactMap { i, name in
        name.isEmpty ? nil : ColumnPlan.Request(item: "i\(i)", column: name, scale: scale)
    }
    guard let plan = try? ColumnPlan(header: header, requests: requests) else { return nil }
    var sum = 0.0
    let report = try? reader.read(plan: plan, transform: { block -> Double in
        precondition(block.values.count == block.rowCount * block.itemCount)
        return block.values.reduce(0) { $0 + ($1.isNaN ? 0 : $1) }
    }, sink: { sum += $0 })
    if let report {
        precondition(report.rowsRead == report.rowsScored + report.rowsRejected + (report.rowsFilteredOut ?? 0),
                     "rows do not add up")
    }
    return report
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    let flags = data[0]
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    var written = 0
    while written < count - 1 {
        let n = write(fd, data + 1 + written, count - 1 - written)
        if n <= 0 { break }
        written += n
    }
    close(fd)

    var options = ReaderOptions(onInvalid: [.missing, .rejectRow, .fail, .missing][Int(flags & 3)], threads: 1)
    if flags & 0x04 != 0 { options.delimiter = .semicolon }
    options.fuzzingFastRows = flags & 0x08 == 0
    options.fuzzingWindowSize = 1
    if flags & 0x40 != 0 { options.skipRows = 1 }
    filterFirstColumn = flags & 0x80 != 0
    guard let whole = read(options) else { return 0 }

    switch (flags >> 4) & 3 {
    case 1:
        var threaded = options
        threaded.threads = 3
        threaded.fuzzingGridSize = 7
        precondition(read(threaded) == whole, "results depend on threads or the chunk grid")
    case 2 where options.onInvalid != .fail:
        var rows = 0
        for i in 1...2 {
            var shard = options
            shard.shard = try! Shard(index: i, count: 2)
            shard.fuzzingGridSize = 5
            guard let part = read(shard) else { preconditionFailure("a shard failed where the whole file did not") }
            rows += part.rowsRead
        }
        precondition(rows == whole.rowsRead, "two shards read \(rows) rows, the whole file \(whole.rowsRead)")
    case 3:
        var general = options
        general.fuzzingFastRows = !options.fuzzingFastRows
        general.fuzzingGridSize = 5
        precondition(read(general) == whole, "the fast row loop and the general scanner disagree")
    default:
        break
    }
    return 0
}
