import CReadStat
import Dispatch
import Foundation

/// The Swift side of a ReadStat parse: the C callbacks reach it through the sink's context.
/// This base class collects the header (metadata, variables, value labels); ``StreamCollector``
/// also packs rows. One object per parse, used only by the thread running the parse.
class ReadStatCollector: @unchecked Sendable {
    var rowCount: Int?
    var variables: [ReadStatVariable] = []
    var labelSets: [String: [ReadStatLabel]] = [:]
    /// ReadStat's own messages about the file.
    var messages: [String] = []

    static let ok: Int32 = 0
    static let abort: Int32 = 1
    static let skipVariable: Int32 = 2

    func metadata(rows: Int64) -> Int32 {
        rowCount = rows >= 0 ? Int(rows) : nil
        return Self.ok
    }

    func variable(_ v: ReadStatVariable, index: Int) -> Int32 {
        variables.append(v)
        return Self.ok
    }

    func value(row: Int, variable: Int, kind: Int32, number: Double, text: UnsafePointer<CChar>?, tag: CChar) -> Int32 {
        Self.ok
    }

    func valueLabel(set: String, key: ReadStatLabel.Key, label: String) -> Int32 {
        labelSets[set, default: []].append(ReadStatLabel(key: key, label: label))
        return Self.ok
    }

    /// Runs ReadStat on `path`, blocking; returns its error code.
    func parse(format: InputFormat, path: String, rowLimit: Int) -> Int32 {
        let which: rapport_rs_format = switch format {
        case .por: RAPPORT_RS_POR
        case .dta: RAPPORT_RS_DTA
        default: RAPPORT_RS_SAV
        }
        var sink = rapport_rs_sink()
        sink.context = Unmanaged.passUnretained(self).toOpaque()
        sink.metadata = { ctx, rows, _ in
            Unmanaged<ReadStatCollector>.fromOpaque(ctx!).takeUnretainedValue().metadata(rows: rows)
        }
        sink.variable = { ctx, index, name, label, isString, measure, labelSet, count, lo, hi in
            var missing: [ReadStatVariable.Range] = []
            for i in 0..<Int(count) { missing.append(.init(lo: lo![i], hi: hi![i])) }
            let v = ReadStatVariable(name: String(cString: name!), label: label.map { String(cString: $0) } ?? "",
                                     isString: isString != 0, measure: measure,
                                     labelSet: labelSet.map { String(cString: $0) }, missing: missing)
            return Unmanaged<ReadStatCollector>.fromOpaque(ctx!).takeUnretainedValue().variable(v, index: Int(index))
        }
        sink.value = { ctx, row, variable, kind, number, text, tag in
            Unmanaged<ReadStatCollector>.fromOpaque(ctx!).takeUnretainedValue()
                .value(row: Int(row), variable: Int(variable), kind: kind, number: number, text: text, tag: tag)
        }
        sink.valueLabel = { ctx, set, kind, number, text, tag, label in
            let key: ReadStatLabel.Key = switch UInt32(kind) {
            case RAPPORT_RS_STRING.rawValue: .text(text.map { String(cString: $0) } ?? "")
            case RAPPORT_RS_TAGGED_MISSING.rawValue: .tagged(UInt8(bitPattern: tag))
            default: .number(number)
            }
            return Unmanaged<ReadStatCollector>.fromOpaque(ctx!).takeUnretainedValue()
                .valueLabel(set: set.map { String(cString: $0) } ?? "", key: key,
                            label: label.map { String(cString: $0) } ?? "")
        }
        sink.error = { ctx, message in
            let c = Unmanaged<ReadStatCollector>.fromOpaque(ctx!).takeUnretainedValue()
            if let message, c.messages.count < 5 {
                c.messages.append(String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return withExtendedLifetime(self) {
            rapport_rs_parse(which, path, rowLimit, &sink)
        }
    }
}

/// Packs the rows of a parse into ``RecordCells`` batches and queues them.
final class StreamCollector: ReadStatCollector, @unchecked Sendable {
    let columns: [Int]
    private let carried: [Bool]
    private let itemColumn: [Bool]
    private let recode: [Int: [ReadStatLabel.Key: [UInt8]]]
    private let batchRows: Int
    private let bytesPerRow: Double
    let queue: BatchQueue
    private var cells: RecordCells
    private var currentRow = -1
    private var position = 0
    private var batchIndex = 0
    private(set) var rowsDone = 0

    init(columns: [Int], headerCount: Int, itemColumns: Set<Int>, recode: [Int: [ReadStatLabel.Key: [UInt8]]],
         batchRows: Int, bytesPerRow: Double, queue: BatchQueue) {
        self.columns = columns
        var carried = [Bool](repeating: false, count: headerCount)
        for c in columns { carried[c] = true }
        self.carried = carried
        self.itemColumn = (0..<headerCount).map { itemColumns.contains($0) }
        self.recode = recode
        self.batchRows = batchRows
        self.bytesPerRow = bytesPerRow
        self.queue = queue
        self.cells = RecordCells(columns: columns)
    }

    override func variable(_ v: ReadStatVariable, index: Int) -> Int32 {
        variables.append(v)
        return index < carried.count && carried[index] ? Self.ok : Self.skipVariable
    }

    override func value(row: Int, variable: Int, kind: Int32, number: Double, text: UnsafePointer<CChar>?, tag: CChar) -> Int32 {
        if row != currentRow {
            if currentRow >= 0, !finishRow() { return Self.abort }
            currentRow = row
            position = 0
        }
        while position < columns.count && columns[position] < variable {
            cells.endCell()
            position += 1
        }
        guard position < columns.count, columns[position] == variable else { return Self.ok }
        switch UInt32(kind) {
        case RAPPORT_RS_NUMBER.rawValue:
            if let r = recode[variable]?[.number(number)] {
                cells.text.append(contentsOf: r)
            } else {
                cells.append(number: number)
            }
        case RAPPORT_RS_STRING.rawValue:
            if let text {
                if let table = recode[variable], let r = table[.text(String(cString: text))] {
                    cells.text.append(contentsOf: r)
                } else {
                    let n = strlen(text)
                    text.withMemoryRebound(to: UInt8.self, capacity: n) { p in
                        cells.text.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
                    }
                }
            }
        case RAPPORT_RS_TAGGED_MISSING.rawValue, RAPPORT_RS_USER_MISSING.rawValue:
            if itemColumn[variable] { cells.missingCodes += 1 }
        default:
            break // system missing: an empty cell
        }
        cells.endCell()
        position += 1
        return Self.ok
    }

    /// Completes the current row; queues the batch when it is full. `false` when the read was cancelled.
    private func finishRow() -> Bool {
        while position < columns.count {
            cells.endCell()
            position += 1
        }
        cells.records.append(currentRow + 1)
        rowsDone += 1
        if cells.records.count >= batchRows || cells.text.count > 8 << 20 {
            return flush()
        }
        return true
    }

    private func flush() -> Bool {
        guard !cells.records.isEmpty else { return true }
        let batch = cells
        let bytes = Int(Double(batch.records.count) * bytesPerRow)
        cells = RecordCells(columns: columns)
        defer { batchIndex += 1 }
        return queue.push(.batch(RecordBatch(index: batchIndex, bytes: bytes, make: { batch })))
    }

    /// After the parse: the last row and batch, then the end or the error.
    func finish(_ rc: Int32, path: String, format: InputFormat) {
        if queue.isCancelled { return }
        if rc != 0 {
            _ = queue.push(.failure(ReadStatSource.failure(rc, collector: self, path: path, format: format, rowsRead: rowsDone)))
            return
        }
        if currentRow >= 0, !finishRow() { return }
        guard flush() else { return }
        if let rowCount, rowsDone != rowCount {
            _ = queue.push(.failure(DataError(.unreadable, file: path,
                                              message: "the file says it holds \(rowCount) rows, but \(rowsDone) were read; it may be truncated or damaged",
                                              format: format)))
            return
        }
        _ = queue.push(.end)
    }
}

/// The stream handed to the reader: ReadStat's parse on its own thread, batches through a
/// bounded queue.
final class ReadStatStream: RecordStream {
    private let collector: StreamCollector
    private let done = DispatchSemaphore(value: 0)
    private var finished = false
    private var closed = false

    init(source: ReadStatSource, columns: [Int], itemColumns: Set<Int>,
         recode: [Int: [ReadStatLabel.Key: [UInt8]]], batchRows: Int, capacity: Int) {
        let bytesPerRow = source.rowCount.map { $0 > 0 ? Double(source.size ?? 0) / Double($0) : 0 } ?? 0
        collector = StreamCollector(columns: columns, headerCount: source.header.count, itemColumns: itemColumns,
                                    recode: recode, batchRows: batchRows, bytesPerRow: bytesPerRow,
                                    queue: BatchQueue(capacity: capacity))
        let c = collector, done = self.done
        let format = source.format, path = source.path
        let thread = Thread {
            let rc = c.parse(format: format, path: path, rowLimit: 0)
            c.finish(rc, path: path, format: format)
            done.signal()
        }
        thread.name = "rapport.readstat"
        thread.start()
    }

    func next() throws(DataError) -> RecordBatch? {
        if finished { return nil }
        switch collector.queue.pop() {
        case let .batch(b):
            return b
        case .end:
            finished = true
            return nil
        case let .failure(e):
            finished = true
            throw e
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        collector.queue.cancel()
        done.wait()
    }

    deinit { close() }
}

/// A bounded first-in first-out queue between one producer thread and one consumer.
final class BatchQueue: @unchecked Sendable {
    enum Item {
        case batch(RecordBatch)
        case end
        case failure(DataError)
    }
    private let condition = NSCondition()
    private var items: [Item] = []
    private let capacity: Int
    private var cancelled = false

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Waits for room, then queues `item`. `false` when the consumer has cancelled.
    func push(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Waits for an item.
    func pop() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Drops what is queued and makes every later `push` return `false`.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}
