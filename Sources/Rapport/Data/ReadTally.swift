import Dispatch

/// What the ordered stage of a read needs from one parsed block.
struct BlockSummary: Sendable {
    var rowsRead: Int
    var rows: Int
    var rejected: Int
    var bytes: Int
    var findings: [Finding]
    var counts: [Finding.Kind: Int]
    var idKeys: [IDKey]
    var idLines: [Int]
    /// Cells holding a code the file declares missing (SPSS/Stata only).
    var missingCodes = 0
    /// Per slot: how its cells read.
    var tallies: [ItemTally]
    /// Rows left out by `--where`.
    var filtered: Int
    /// The block's first byte that is not valid UTF-8: it stops the read (exit 2).
    var encodingError: DataError?
    /// Cells of kept rows read through a label, a recode or a decimal comma.
    var readings: ReadingCounts

    init(_ parsed: ParsedChunk, missingCodes: Int = 0) {
        let b = parsed.block
        rowsRead = parsed.rowsRead
        rows = b.rowCount
        rejected = b.rejectedRows
        bytes = parsed.bytes
        findings = b.findings
        counts = b.findingCounts
        idKeys = parsed.idKeys
        idLines = parsed.idLines
        tallies = parsed.tallies
        filtered = parsed.filtered
        readings = parsed.readings
        self.missingCodes = missingCodes
    }
}

/// The ordered stage of a read, whatever the format: counts, findings, duplicate IDs, the
/// `fail` policy, row indices and progress, one block at a time in input order.
struct ReadTally {
    var report: DataReport
    let plan: ColumnPlan
    let name: String
    let format: InputFormat
    let policy: InvalidPolicy
    private var detector: DuplicateIDDetector?
    private var rowsBefore = 0
    private let started = DispatchTime.now().uptimeNanoseconds
    private let progress: (@Sendable (ReadProgress) -> Void)?
    private let sharded: Bool
    private let allowEmpty: Bool
    private let filtering: Bool
    private let recodeFile: String?
    private let decimalCommaOption: Bool
    /// Bytes the read covers, for progress (`nil` for standard input).
    var bytesTotal: Int?

    init(plan: ColumnPlan, file: String, format: InputFormat, options: ReaderOptions) {
        report = DataReport(file: file, policy: options.onInvalid, shard: options.shard,
                            exampleLimit: options.exampleLimit)
        if format != .csv { report.format = format }
        self.plan = plan
        self.name = file
        self.format = format
        self.policy = options.onInvalid
        self.progress = options.progress
        self.sharded = options.shard != nil
        self.allowEmpty = options.allowEmpty
        self.filtering = !options.filters.isEmpty
        if filtering { report.rowsFilteredOut = 0 }
        self.recodeFile = options.recodeFile
        self.decimalCommaOption = options.decimalComma == true
        detector = plan.idColumn == nil ? nil : DuplicateIDDetector()
        // The header's findings belong to the whole file: a sharded run reports them in its
        // first part only, so merged parts count them once, as the whole file does.
        if options.shard.map({ $0.index == 1 }) ?? true {
            for f in plan.headerFindings { report.add(f) }
        }
        if !plan.items.isEmpty { report.items = plan.items.map { ItemTally(item: $0.item, column: $0.columnName) } }
    }

    /// Adds one block's summary; returns the 0-based index of its first kept row.
    ///
    /// - Throws: ``DataError`` under `--on-invalid fail` for the block's first finding.
    mutating func take(_ summary: BlockSummary) throws(DataError) -> Int {
        if let e = summary.encodingError { throw e }
        report.rowsRead += summary.rowsRead
        report.rowsScored += summary.rows
        report.rowsRejected += summary.rejected
        report.bytes += summary.bytes
        report.add(tallies: summary.tallies)
        if filtering { report.rowsFilteredOut = (report.rowsFilteredOut ?? 0) + summary.filtered }
        report.add(readings: summary.readings)
        if summary.missingCodes > 0 { report.missingCodes = (report.missingCodes ?? 0) + summary.missingCodes }
        var duplicates: [Finding] = []
        if detector != nil, let idColumn = plan.idColumn {
            for (key, l) in zip(summary.idKeys, summary.idLines) {
                if let earlier = detector!.check(key, line: l) {
                    let unit = format.recordUnit.rawValue
                    duplicates.append(Finding(kind: .duplicateID, line: l, column: idColumn + 1,
                                              columnName: plan.header[idColumn],
                                              message: "the ID on this row repeats the ID on \(unit) \(earlier)"))
                }
            }
        }
        if policy == .fail {
            let first = (summary.findings + duplicates).min { $0.line < $1.line }
            if let first { throw DataError(first, file: name, format: format) }
        }
        report.add(counts: summary.counts, examples: Self.merge(summary.findings, duplicates))
        for d in duplicates { report.findingCounts[d.kind.rawValue, default: 0] += 1 }
        let firstRow = rowsBefore
        rowsBefore += summary.rows
        return firstRow
    }

    /// Calls the progress callback, if any.
    func reportProgress() {
        guard let progress else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        progress(ReadProgress(bytesDone: report.bytes, bytesTotal: bytesTotal,
                              rowsRead: report.rowsRead, elapsed: elapsed))
    }

    /// The report, after the header-only check and, for a whole read without
    /// `allowEmpty`, the check that every item has a valid answer (``DataReport/noValidAnswerError(plan:)``).
    func finish(dataLine: Int) throws(DataError) -> DataReport {
        var report = self.report
        report.noteDecoding(recodeFile: recodeFile, decimalCommaOption: decimalCommaOption)
        if report.rowsRead == 0 && !sharded {
            let f = Finding(kind: .headerOnly, line: max(1, dataLine - 1),
                            message: format == .csv ? "the input has a header but no data rows"
                                : "the file holds no \(format.recordUnit.rawValue)s")
            if policy == .fail { throw DataError(f, file: name, format: format) }
            report.add(f)
        }
        if !sharded && !allowEmpty, var error = report.noValidAnswerError(plan: plan) {
            error.format = format
            throw error
        }
        return report
    }

    /// Merges two lists in file order; on the same line, row-level `later` findings come after.
    static func merge(_ first: [Finding], _ later: [Finding]) -> [Finding] {
        guard !later.isEmpty else { return first }
        var out: [Finding] = []
        out.reserveCapacity(first.count + later.count)
        var i = 0, j = 0
        while i < first.count || j < later.count {
            if j == later.count || (i < first.count && first[i].line <= later[j].line) {
                out.append(first[i])
                i += 1
            } else {
                out.append(later[j])
                j += 1
            }
        }
        return out
    }
}
