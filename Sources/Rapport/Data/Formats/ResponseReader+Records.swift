/// Reading the formats that are not CSV: the same pipeline, fed by a ``RecordSource``.
extension ResponseReader {
    /// The reader of a non-CSV `format`.
    static func recordSource(path: String, format: InputFormat) throws(DataError) -> any RecordSource {
        switch format {
        case .sav, .zsav, .por, .dta:
            return try ReadStatSource(path: path, format: format)
        case .fhirNDJSON, .fhirBundle:
            return try FHIRResponseSource(path: path, format: format)
        case .csv:
            preconditionFailure("CSV is read by the byte scanner")
        }
    }

    /// Reads every record of a non-CSV source: the source's batches are the chunks; each is
    /// turned into a block by the same builder as CSV rows, on the workers, and delivered in
    /// input order through the same tally.
    func run<T: Sendable>(
        _ records: any RecordSource,
        plan: ColumnPlan,
        transform: @escaping @Sendable (ResponseBlock) throws -> T,
        deliver: (Int, T) throws -> Void
    ) throws -> DataReport {
        var tally = ReadTally(plan: plan, file: input.description, format: format, options: options)
        tally.report.setDecoding(decoding)
        tally.report.variables = records.variables(plan: plan, options: options)
        tally.bytesTotal = records.size
        var parseConfig = ParseConfig(delimiter: delimiter.byte, headerCount: header.count,
                                 policy: options.onInvalid, exampleLimit: options.exampleLimit,
                                 fastRows: false)
        parseConfig.filters = boundFilters
        let config = parseConfig
        let stream = try records.records(plan: plan, options: options)
        defer { stream.close() }
        let pipeline = ChunkPipeline(threads: options.threads, maxInFlight: options.maxInFlight)
        try pipeline.run(
            next: { () throws(DataError) -> RecordBatch? in try stream.next() },
            work: { batch -> (BlockSummary, T) in
                let cells = try batch.make()
                let parsed = ChunkParser.parse(cells, index: batch.index, bytes: batch.bytes, plan: plan, config: config)
                return (BlockSummary(parsed, missingCodes: cells.missingCodes), try transform(parsed.block))
            },
            deliver: { (summary, value) in
                let firstRow = try tally.take(summary)
                try deliver(firstRow, value)
                tally.reportProgress()
            })
        if let size = records.size { tally.report.bytes = size }
        return try tally.finish(dataLine: 1)
    }
}
