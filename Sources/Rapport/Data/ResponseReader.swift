#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// Where the responses come from.
public enum InputSource: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    /// Standard input, streamed; it can be read only once.
    case standardInput

    /// `-` means standard input, anything else a file path.
    public init(argument: String) {
        self = argument == "-" ? .standardInput : .file(argument)
    }

    /// The name used in messages: the path, or `-`.
    public var description: String {
        switch self {
        case let .file(path): path
        case .standardInput: "-"
        }
    }
}

/// How far a read has got, for a progress bar (rows, MB/s, ETA).
public struct ReadProgress: Sendable, Hashable {
    /// Input bytes whose rows have been delivered, header included.
    public var bytesDone: Int
    /// Bytes this read covers (the shard's range when sharded), `nil` for standard input.
    public var bytesTotal: Int?
    public var rowsRead: Int
    /// Seconds since the read started.
    public var elapsed: Double

    /// Bytes per second so far.
    public var rate: Double { elapsed > 0 ? Double(bytesDone) / elapsed : 0 }
    /// Seconds left at the current rate, when the total is known.
    public var remaining: Double? {
        guard let bytesTotal, rate > 0 else { return nil }
        return Double(max(0, bytesTotal - bytesDone)) / rate
    }
}

/// How a read runs. Results never depend on `threads` or the chunk grid.
public struct ReaderOptions: Sendable {
    /// `nil`: detected from the header line.
    public var delimiter: Delimiter?
    public var onInvalid: InvalidPolicy = .missing
    /// Worker threads; default all active cores.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Read only this part of the input (files only).
    public var shard: Shard?
    /// Findings kept as examples in the report.
    public var exampleLimit: Int = 20
    /// Called on the reading thread after each chunk is delivered, in input order.
    public var progress: (@Sendable (ReadProgress) -> Void)?
    /// SPSS/Stata input: read each labelled value of an item variable through its value label
    /// (an anchor label gives the anchor's value, a declared code's label gives the code)
    /// instead of the stored code (`--value-labels`).
    public var valueLabels = false
    /// Accept items with no valid answer on any row (`--allow-empty`). Without it, a whole
    /// read (not a shard) that leaves an item with no valid answer throws ``DataError``
    /// `no-valid-answers` (exit 1), naming the likely cause and the option that fixes it.
    public var allowEmpty = false
    /// `--recode FILE`: what other labels and vendor codes in item cells mean (``RecodeTable``).
    /// Read when the reader is made, and registered as an input.
    public var recodeFile: String?
    /// Whether item cells like `7,3` are read as 7.3: `true` (`--decimal-comma`) whatever the
    /// delimiter; `false` (`--no-decimal-comma`) never, so `1,000` in a `;`-separated file is
    /// an invalid cell, not 1.0; `nil` (the default) in `;`-separated files only (detected per
    /// cell, said in the summary).
    public var decimalComma: Bool?
    /// The file's encoding (`--encoding`); `nil`: UTF-8, or UTF-16 when the file starts with
    /// its byte-order mark. Anything but UTF-8 is transcoded to UTF-8 in memory first.
    public var encoding: TextEncoding?
    /// Rows under the header that are not responses (`--skip-rows N`); `nil`: Qualtrics'
    /// question-text and ImportId rows are detected and skipped, nothing else is.
    public var skipRows: Int?
    /// `--where`: conditions a row must meet to be read; the others are counted as filtered out.
    /// The reader's own ``ResponseReader/options`` hold them marked (``RowFilter/identifier``).
    public var filters: [RowFilter] = []
    /// The run's identifier columns as the user named them (`--id`; `reliability --client`;
    /// `audit --client`, `--therapist`): a `--where` condition on one of them has its value
    /// withheld from every text (``RowFilter/description``).
    public var identifierColumns: [String] = []
    /// Nominal chunk size: the byte grid chunks are cut on.
    package var gridSize: Int = 1 << 18
    /// Bytes per file mapping, or per standard-input buffer.
    package var windowSize: Int = 16 << 20
    /// Chunks submitted but not yet delivered; default `2 · threads + 2`.
    package var maxInFlight: Int?
    /// The fast loop for rows of one-byte fields (off only to test it against the general path).
    package var fastRows = true

    public init(delimiter: Delimiter? = nil, onInvalid: InvalidPolicy = .missing,
                threads: Int? = nil, shard: Shard? = nil, exampleLimit: Int = 20) {
        self.delimiter = delimiter
        self.onInvalid = onInvalid
        if let threads { self.threads = max(1, threads) }
        self.shard = shard
        self.exampleLimit = exampleLimit
    }
}

/// Reads a response file in parallel chunks and hands each chunk on as a ``ResponseBlock``,
/// in input order.
///
/// The file's extension chooses its ``InputFormat``: CSV/TSV (anything else, and standard
/// input), SPSS `.sav`/`.zsav`/`.por` and Stata `.dta` through ReadStat, FHIR
/// QuestionnaireResponse `.ndjson` or Bundle `.json`. Every format gives header names and
/// blocks of classified cells; only what a record number counts differs (``format``).
///
/// ```
/// let reader = try ResponseReader(.file("data.csv"))
/// let plan = try ColumnPlan(header: reader.header, instrument: wai, file: "data.csv")
/// let report = try reader.read(plan: plan, transform: { block in score(block) },
///                              sink: { scored in try writer.write(scored) })
/// ```
/// `transform` runs on worker threads, one chunk at a time per worker; `sink` runs on the
/// calling thread in chunk order. The header is read by the initializer; a file can be read
/// any number of times (two-pass screens), standard input once.
public final class ResponseReader {
    public let input: InputSource
    /// The options as given, with `filters` marked for identifier columns once the header is read.
    public private(set) var options: ReaderOptions
    /// Column names, trimmed of surrounding spaces.
    public let header: [String]
    /// The CSV delimiter (`.comma` for other formats).
    public let delimiter: Delimiter
    /// What kind of file it is, from its extension.
    public let format: InputFormat
    /// The reader of a non-CSV format.
    let records: (any RecordSource)?
    /// Absolute offset of the first data byte (just past the header), and its line.
    public let dataStart: Int
    /// The bytes `[start, end)` whose rows the last completed read covered (the shard's
    /// range when sharded), and the size of the file; `nil` for standard input, other formats
    /// or before a read. State files record it so `merge` can check that the parts tile the file.
    public private(set) var lastCoverage: (start: Int, end: Int, fileSize: Int)?
    let dataLine: Int
    private var stream: StreamSource?
    /// The file as it was when its header was read: every later reading must find it unchanged.
    private var fileIdentity: FileIdentity?
    private var streamWindow: ByteWindow?
    private var streamConsumed = false
    /// The input transcoded to UTF-8, when it was written in another encoding.
    private var memory: MemorySource?
    /// What was decoded before parsing (the encoding, header rows, filters), for the report.
    var decoding = DataDecoding()
    /// `--where`, bound to the header.
    var boundFilters: [RowFilter.Bound] = []
    /// `--recode`, read.
    let recodes: RecodeTable?
    /// SHA-256 of the `--recode` file's bytes as this reader read them (state fingerprints).
    public var recodeSHA256: String? { recodes?.sha256 }

    public convenience init(_ input: InputSource, options: ReaderOptions = ReaderOptions()) throws(DataError) {
        switch input {
        case let .file(path):
            let format = InputFormat(path: path)
            if format != .csv {
                try self.init(input: input, records: try Self.recordSource(path: path, format: format), options: options)
                return
            }
            let source = try MappedFileSource(path: path, windowSize: options.windowSize)
            if let t = try Self.transcodeIfNeeded(source, name: path, encoding: options.encoding) {
                try self.init(input: input, source: t.source, stream: nil, options: options, transcoded: t)
            } else {
                try self.init(input: input, source: source, stream: nil, options: options)
            }
        case .standardInput:
            try self.init(streamDescriptor: 0, options: options)
        }
    }

    /// Reads a stream from an open file descriptor (standard input is descriptor 0).
    package convenience init(streamDescriptor fd: Int32, options: ReaderOptions = ReaderOptions()) throws(DataError) {
        let s = StreamSource(fd: fd, name: "-", bufferSize: options.windowSize)
        if let t = try Self.transcodeIfNeeded(s, name: "-", encoding: options.encoding) {
            try self.init(input: .standardInput, source: t.source, stream: nil, options: options, transcoded: t)
        } else {
            try self.init(input: .standardInput, source: s, stream: s, options: options)
        }
    }

    private init(input: InputSource, records: any RecordSource, options: ReaderOptions) throws(DataError) {
        self.input = input
        self.options = options
        self.format = records.format
        self.records = records
        self.recodes = try options.recodeFile.map { (path) throws(DataError) in try RecodeTable.read(path) }
        self.header = records.header.map { ColumnPlan.trim($0) }
        self.delimiter = .comma
        self.dataStart = 0
        self.dataLine = 1
        try bindFilters(file: input.description)
        if options.skipRows != nil {
            throw DataError(.invalidOption, file: input.description,
                            message: "--skip-rows applies to CSV/TSV files; a \(format.displayName) file has no rows above its data",
                            format: format)
        }
        if options.shard != nil {
            throw DataError(.unsupported, file: input.description,
                            message: "--shard splits CSV/TSV files only; a \(format.displayName) file is read whole (export it to CSV to shard it)",
                            format: format)
        }
    }

    private init(input: InputSource, source: any ByteSource, stream: StreamSource?,
                 options: ReaderOptions, transcoded: Transcoded? = nil) throws(DataError) {
        self.input = input
        self.options = options
        self.format = .csv
        self.records = nil
        self.recodes = try options.recodeFile.map { (path) throws(DataError) in try RecodeTable.read(path) }
        self.stream = stream
        self.memory = transcoded?.source
        if let transcoded { decoding = transcoded.decoding }
        let name = input.description
        if options.shard != nil, source.size == nil {
            throw DataError(.invalidOption, file: name, message: "--shard needs a file: standard input cannot be split")
        }

        // The header: the first record, wherever its quoted newlines take it.
        var w = try source.window(from: 0, minimum: 64 << 10)
        var start = 0
        if w.count >= 3, w.pointer(0)[0] == 0xEF, w.pointer(0)[1] == 0xBB, w.pointer(0)[2] == 0xBF {
            start = 3
        }
        guard w.end > start else {
            throw DataError(.emptyFile, file: name, line: 1, message: "the input is empty: expected a header line naming the columns")
        }
        var headerEnd: Int
        var headerNewlines = 0
        while true {
            let r = ByteScan.nextRecordEnd(w.pointer(start), count: w.end - start, inQuotes: false)
            if let e = r.end {
                headerEnd = start + e
                headerNewlines = r.newlines
                break
            }
            if w.reachesEnd {
                headerEnd = w.end
                headerNewlines = r.newlines
                break
            }
            w = try source.window(from: 0, minimum: 2 * w.count)
        }
        var contentEnd = headerEnd
        while contentEnd > start, w.pointer(contentEnd - 1)[0] == ByteScan.newline || w.pointer(contentEnd - 1)[0] == ByteScan.carriageReturn {
            contentEnd -= 1
        }
        guard contentEnd > start else {
            throw DataError(.emptyFile, file: name, line: 1, message: "line 1 is empty: the first line must be the header naming the columns")
        }
        if memory == nil, let e = Self.headerEncodingError(w.pointer(start), count: headerEnd - start, offset: start, file: name) {
            throw e
        }
        let headerBytes = UnsafeBufferPointer(start: w.pointer(start), count: headerEnd - start)
        let delimiter = options.delimiter ?? Delimiter.detect(header: headerBytes)
        var collector = CSVRecordCollector(limit: 1)
        CSVRecordScanner(delimiter: delimiter.byte, skipBlankLines: false)
            .scan(w.pointer(start), count: headerEnd - start, firstLine: 1, into: &collector)
        guard let record = collector.records.first else {
            throw DataError(.emptyFile, file: name, line: 1, message: "no header line")
        }
        if record.unterminated || record.strayQuote {
            throw DataError(.finding(record.unterminated ? .unterminatedQuote : .strayQuote), file: name, line: 1,
                            message: "the header line has a broken quote; column names cannot be read")
        }
        let header = record.fields.map { ColumnPlan.trim($0) }
        self.header = header
        self.delimiter = delimiter
        // Rows under the header that are not responses (Qualtrics, --skip-rows).
        let skipped = try Self.skipHeaderRows(source: source, window: &w, from: headerEnd, line: 1 + headerNewlines,
                                              delimiter: delimiter.byte, skip: options.skipRows)
        if skipped.rows != nil, memory == nil,
           let e = Self.headerEncodingError(w.pointer(headerEnd), count: skipped.end - headerEnd, offset: headerEnd,
                                            firstLine: 1 + headerNewlines, file: name) {
            throw e
        }
        self.dataStart = skipped.end
        self.dataLine = 1 + headerNewlines + skipped.newlines
        decoding.headerRows = skipped.rows
        try bindFilters(file: name)
        if stream != nil { streamWindow = w }
        if let mapped = source as? MappedFileSource {
            try mapped.checkUnchanged()
            fileIdentity = mapped.identity
        }
    }

    /// Binds `--where` to the header, marks conditions on identifier columns (their values are
    /// withheld from every text) and records the conditions for the report.
    private func bindFilters(file: String) throws(DataError) {
        let (marked, bound) = try RowFilter.bind(options.filters, identifiers: options.identifierColumns,
                                                 header: header, file: file)
        options.filters = marked
        boundFilters = bound
        if !marked.isEmpty { decoding.filters = marked.map(\.description) }
    }

    /// Whether item cells like `7,3` are read as 7.3: under `--decimal-comma`, or in a
    /// `;`-separated CSV file unless `--no-decimal-comma`. A per-cell rule, so it cannot depend
    /// on chunks or threads.
    public var readsDecimalCommas: Bool {
        options.decimalComma ?? (format == .csv && delimiter == .semicolon)
    }

    /// Reads every row (or the shard's rows): `transform` each block on the workers, `sink`
    /// each result on this thread in input order. Returns the data report.
    ///
    /// - Parameter layout: ``CellLayout/compact`` lets blocks carry one code per cell instead
    ///   of `values` and `status` when every item sits on a declared grid; `transform` must
    ///   then read both forms (``ResponseBlock/compact``).
    /// - Throws: ``DataError`` for unreadable input and, under `--on-invalid fail`, for the
    ///   first finding in file order; any error thrown by `transform` or `sink`.
    public func read<T: Sendable>(
        plan: ColumnPlan,
        layout: CellLayout = .values,
        transform: @escaping @Sendable (ResponseBlock) throws -> T,
        sink: (T) throws -> Void
    ) throws -> DataReport {
        try run(plan: plan, layout: layout, transform: transform) { _, value in try sink(value) }
    }

    /// Reads every row and hands each block to `body` in input order on this thread, with
    /// ``ResponseBlock/firstRow`` filled in.
    public func forEachBlock(plan: ColumnPlan, _ body: (ResponseBlock) throws -> Void) throws -> DataReport {
        try run(plan: plan, layout: .values, transform: { $0 }) { firstRow, block in
            var b = block
            b.firstRow = firstRow
            try body(b)
        }
    }

    private func run<T: Sendable>(
        plan: ColumnPlan,
        layout: CellLayout,
        transform: @escaping @Sendable (ResponseBlock) throws -> T,
        deliver: (Int, T) throws -> Void
    ) throws -> DataReport {
        let name = input.description
        guard plan.header == header else {
            throw DataError(.invalidOption, file: name, message: "the column plan was built for another header")
        }
        let plan = try plan.reading(decimalComma: readsDecimalCommas, recodes: recodes)
        if let records {
            return try run(records, plan: plan, transform: transform, deliver: deliver)
        }
        let source: any ByteSource
        var initialWindow: ByteWindow?
        switch input {
        case _ where memory != nil:
            source = memory!
        case let .file(path):
            let mapped = try MappedFileSource(path: path, windowSize: options.windowSize)
            try mapped.checkUnchanged(expected: fileIdentity)
            source = mapped
        case .standardInput:
            guard let stream, !streamConsumed else {
                throw DataError(.notRewindable, file: name, message: "standard input can be read only once; save it to a file for commands that read the data twice")
            }
            streamConsumed = true
            source = stream
            initialWindow = streamWindow
            streamWindow = nil
        }

        var start = dataStart
        var line = dataLine
        var limit: Int?
        if let shard = options.shard, let size = source.size {
            var finder = RecordBoundaryFinder(source: source, size: size, start: dataStart, line: dataLine)
            let lo = Shard.nominalCut(shard.index - 1, count: shard.count, dataStart: dataStart, size: size, gridSize: options.gridSize)
            let hi = Shard.nominalCut(shard.index, count: shard.count, dataStart: dataStart, size: size, gridSize: options.gridSize)
            (start, line) = try finder.advance(to: lo)
            limit = try finder.advance(to: hi).offset
        }

        var tally = ReadTally(plan: plan, file: name, format: .csv, options: options)
        tally.report.bytes = options.shard == nil || options.shard?.index == 1 ? dataStart : 0
        tally.report.setDecoding(decoding)
        // UTF-8 is checked chunk by chunk on the workers (transcoded text is UTF-8 already).
        let checkUTF8 = memory == nil

        var parseConfig = ParseConfig(delimiter: delimiter.byte, headerCount: header.count,
                                 policy: options.onInvalid, exampleLimit: options.exampleLimit,
                                 fastRows: options.fastRows, layout: layout)
        parseConfig.filters = boundFilters
        let config = parseConfig
        var scanner = ChunkScanner(source: source, gridSize: options.gridSize, start: start, line: line,
                                   limit: limit, window: initialWindow)
        let headerBytes = tally.report.bytes
        tally.bytesTotal = source.size.map { size in headerBytes + (limit ?? size) - start }

        let pipeline = ChunkPipeline(threads: options.threads, maxInFlight: options.maxInFlight)
        let mapped = source as? MappedFileSource
        do {
            try pipeline.run(
                next: { () throws(DataError) -> Chunk? in try scanner.next() },
                work: { chunk -> (BlockSummary, T) in
                    let parsed = ChunkParser.parse(chunk, plan: plan, config: config)
                    var summary = BlockSummary(parsed)
                    if checkUTF8 { summary.encodingError = Self.utf8Error(in: chunk, file: name) }
                    return (summary, try transform(parsed.block))
                },
                deliver: { (summary, value) in
                    // A chunk read from a file that shrank under it (a SIGBUS absorbed by the
                    // guard) is never used, nor its findings.
                    if let mapped, mapped.changed.raised { try mapped.checkUnchanged() }
                    let firstRow = try tally.take(summary)
                    try deliver(firstRow, value)
                    tally.reportProgress()
                })
        } catch {
            // Whatever stopped the read, a changed input is the reason to report.
            try mapped?.checkUnchanged(expected: fileIdentity)
            throw error
        }
        try mapped?.checkUnchanged(expected: fileIdentity)
        if let size = source.size { lastCoverage = (start, limit ?? size, size) }
        return try tally.finish(dataLine: dataLine)
    }
}
