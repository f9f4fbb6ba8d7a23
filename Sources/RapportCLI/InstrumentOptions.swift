import ArgumentParser
import Foundation
import Rapport

/// The options every data command shares (`score`, `reliability`, `check`, `screen`, `audit`):
/// which instruments, how their items map onto the file's columns, how the file is read, and
/// what happens to bad cells. Use it with `@OptionGroup var instrument: InstrumentOptions`.
struct InstrumentOptions: ParsableArguments {
    // MARK: Instruments

    @Option(name: .customLong("instrument"),
            help: ArgumentHelp("A built-in instrument id (see `rapport instruments list`) or the path of an XML definition. Repeat to score several in one pass.",
                               valueName: "ID|FILE"))
    var instruments: [String] = []

    @Option(name: .customLong("scale"),
            help: ArgumentHelp("A quick scale without XML: NAME=ITEM,ITEM,… where ITEM is a column name and a leading '-' reverse-keys it (e.g. agree=-A1,A2,A3). Repeatable; needs --range. The scales form one instrument with id 'quick'.",
                               valueName: "NAME=ITEMS"))
    var scales: [String] = []

    @Option(name: .customLong("range"),
            help: ArgumentHelp("Declared response range of --scale items, MIN-MAX or MIN-MAX:STEP (1-6, 0-10:0.1). Reverse keying uses it: x' = MIN + MAX − x.",
                               valueName: "MIN-MAX"))
    var range: String?

    @Option(name: .customLong("scoring"),
            help: ArgumentHelp("How --scale scores combine items: mean (of answered items, ≥1 needed; psych's default) or sum (every item needed).",
                               valueName: "mean|sum"))
    var scoring: QuickScoring = .mean

    // MARK: Mapping

    @Option(name: .customLong("map"),
            help: ArgumentHelp("Read ITEM from COLUMN (repeatable). Write INSTRUMENT:ITEM when several instruments share an item id. Beats --map-file, which beats --prefix, which beats the definition's column names.",
                               valueName: "ITEM=COLUMN"))
    var maps: [String] = []

    @Option(name: .customLong("map-file"),
            help: ArgumentHelp("A CSV file of ITEM,COLUMN lines (optional header 'item,column'; '#' comments).",
                               valueName: "FILE"))
    var mapFile: String?

    @Option(name: .customLong("prefix"),
            help: ArgumentHelp("Columns are PREFIX + item number (--prefix wai_ reads wai_1 … wai_12). INSTRUMENT=PREFIX applies it to one instrument only.",
                               valueName: "PREFIX"))
    var prefixes: [String] = []

    // MARK: Reading

    @Option(name: .customLong("na"),
            help: ArgumentHelp("An extra cell value meaning missing (repeatable). Empty cells, NA and the instrument's declared codes always are.",
                               valueName: "TOKEN"))
    var naTokens: [String] = []

    @Option(name: .customLong("id"),
            help: ArgumentHelp("A participant ID column: copied to the output first and checked for duplicates (reported by line, never by value).",
                               valueName: "COLUMN"))
    var idColumn: String?

    @Option(name: .customLong("keep"),
            help: ArgumentHelp("Columns copied to the output unchanged, comma-separated (repeatable).",
                               valueName: "COL,COL"))
    var keep: [String] = []

    @Option(name: .customLong("on-invalid"),
            help: ArgumentHelp("A cell that is not a valid answer (non-numeric, out of range, off the grid): missing (treat as missing, report; default), reject-row (leave the row out, report) or fail (stop, exit 1).",
                               valueName: "missing|reject-row|fail"))
    var onInvalid: InvalidPolicy = .missing

    @Flag(name: .customLong("value-labels"),
          help: "SPSS/Stata input: read each labelled value of an item variable through its value label (an anchor's label gives the anchor's value, a declared code's label gives that code) instead of the stored code. Every label must match; user-missing values stay missing.")
    var valueLabels = false

    @Flag(name: .customLong("allow-empty"),
          help: "Accept an item with no valid answer on any row (its scores are empty). Without it such a run stops with exit 1, naming the likely cause.")
    var allowEmpty = false

    @Option(name: .customLong("recode"),
            help: ArgumentHelp("A CSV file of item,label,value rows (header row included) saying what other labels and vendor codes in item cells mean: item is an item id, INSTRUMENT:ITEM or * (every item); value is a number, empty or NA (missing), or a code the item's scale declares. Anchor labels of the definitions are read without it. Only cells that are not answers as written are recoded.",
                               valueName: "FILE"))
    var recode: String?

    @Flag(name: .customLong("decimal-comma"), inversion: .prefixedNo,
          help: "Read item cells like 7,3 as 7.3 (quoted in a comma-separated file). A ';'-separated file is read so without it, and the summary says so; --no-decimal-comma turns that off (then 1,000 is not a number, never 1.0).")
    var decimalComma: Bool?

    @Option(name: .customLong("delimiter"),
            help: ArgumentHelp("Field delimiter: ',', ';' or 'tab' (default: detected from the header line).",
                               valueName: "CHAR"))
    var delimiter: String?

    @Option(name: .customLong("encoding"),
            help: ArgumentHelp("The data file's character encoding when it is not UTF-8: windows-1252, latin1, utf-16le or utf-16be. UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are recognised without it; other bytes that are not UTF-8 stop the run.",
                               valueName: "NAME"))
    var encoding: String?

    @Option(name: .customLong("skip-rows"),
            help: ArgumentHelp("Rows under the header that are not responses (question text, labels): skip N. A Qualtrics export (row 3 holds {\"ImportId\":…} cells) is recognised and its rows 2–3 skipped without it; --skip-rows 0 reads every row.",
                               valueName: "N"))
    var skipRows: Int?

    @Option(name: .customLong("where"),
            help: ArgumentHelp("Read only the rows where COLUMN is VALUE (COLUMN=VALUE) or is not (COLUMN!=VALUE), compared as text after surrounding spaces are trimmed (case counts; 1 and 1.0 differ). Repeatable: every condition must hold. Rows left out are counted in the summary (e.g. --where Finished=1, --where redcap_event_name!=screening_arm_1). A VALUE on an identifier column (--id, --client, --therapist) is never written out: every output shows it withheld.",
                               valueName: "COL=VALUE"))
    var whereConditions: [String] = []

    @Option(name: .customLong("threads"),
            help: ArgumentHelp("Worker threads (default: all cores). Output does not depend on it.", valueName: "N"))
    var threads: Int?

    @Option(name: .customLong("report"),
            help: ArgumentHelp("Also write the data summary (rows, findings with line and column) as JSON to FILE.",
                               valueName: "FILE"))
    var report: String?

    /// `--report FILE`, opened among the run's outputs (committed with them, refused when it
    /// names an input); `nil` without the option. Every command that reads responses writes
    /// its ``DataReport`` there (``DataReport/write(to:)``).
    func openReport(in outputs: OutputSet, inputs: [String]) throws -> OutputFile? {
        try report.map { try outputs.open($0, inputs: inputs) }
    }

    enum QuickScoring: String, ExpressibleByArgument, CaseIterable {
        case mean, sum
        var scoring: Scale.Scoring { self == .mean ? .mean : .sum }
    }

    func validate() throws {
        if instruments.isEmpty && scales.isEmpty {
            throw ValidationError("Give at least one --instrument (or --scale NAME=ITEMS with --range MIN-MAX).")
        }
        if !scales.isEmpty && range == nil {
            throw ValidationError("--scale needs --range MIN-MAX (the declared response range, e.g. --range 1-6).")
        }
        if scales.isEmpty && range != nil {
            throw ValidationError("--range applies only to --scale.")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if let delimiter, Delimiter(argument: delimiter) == nil {
            throw ValidationError("--delimiter must be ',', ';' or 'tab'.")
        }
        if let skipRows, skipRows < 0 { throw ValidationError("--skip-rows must be 0 or more.") }
        for w in whereConditions {
            do { _ = try RowFilter(parsing: w) } catch { throw ValidationError(error.message) }
        }
        if let encoding, TextEncoding(argument: encoding) == nil {
            throw ValidationError("--encoding \(encoding): unknown; give one of \(TextEncoding.accepted).")
        }
    }

    /// The `--delimiter`, or `nil` to detect it from the header line.
    var delimiterValue: Delimiter? { delimiter.flatMap(Delimiter.init(argument:)) }

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    /// How to read the data file: delimiter, policy, threads, `--value-labels`, `--allow-empty`,
    /// `--recode`, `--decimal-comma`, `--encoding`, `--skip-rows`, `--where`.
    var readerOptions: ReaderOptions {
        var o = ReaderOptions(delimiter: delimiterValue, onInvalid: onInvalid, threads: threadCount)
        o.valueLabels = valueLabels
        o.allowEmpty = allowEmpty
        o.recodeFile = recode
        o.decimalComma = decimalComma
        o.encoding = encoding.flatMap(TextEncoding.init(argument:))
        o.skipRows = skipRows
        o.filters = whereConditions.compactMap { try? RowFilter(parsing: $0) }
        // A --where value on the --id column is an ID: withheld from every text.
        o.identifierColumns = idColumn.map { [$0] } ?? []
        return o
    }

    /// The quick-scale instrument, if `--scale` was given.
    func quickInstrument() throws -> Instrument? {
        guard !scales.isEmpty, let range else { return nil }
        do {
            return try QuickScale.instrument(scales: scales.map { s throws(QuickScaleError) in try QuickScale.parse(s) },
                                             range: QuickScale.Range.parse(range), scoring: scoring.scoring)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Every instrument asked for: each `--instrument` in order, then the quick scales.
    ///
    /// - Throws: ``CommandFailure`` with exit code 2 when an instrument cannot be found or
    ///   read, 1 when its definition is invalid.
    func loadInstruments() throws -> [Instrument] {
        var out: [Instrument] = []
        for ref in instruments {
            do {
                let inst = try InstrumentCatalog.resolve(ref)
                if out.contains(where: { $0.id == inst.id }) {
                    throw ValidationError("--instrument \(ref): instrument '\(inst.id)' is given twice.")
                }
                out.append(inst)
            } catch let error as InstrumentError {
                throw error
            }
        }
        if let quick = try quickInstrument() {
            if out.contains(where: { $0.id == quick.id }) {
                throw ValidationError("An instrument with id '\(quick.id)' clashes with the --scale instrument.")
            }
            out.append(quick)
        }
        return out
    }

    /// The mapping choices, with `--map-file` read and `--keep` lists split at commas.
    func mappingOptions(instrumentIDs: [String]) throws(MappingError) -> MappingOptions {
        var maps: [MappingOptions.ItemMap] = []
        for m in self.maps { maps.append(try .parse(m)) }
        let fileEntries = try mapFile.map { (path) throws(MappingError) in try MappingOptions.readMapFile(path) } ?? []
        let keepColumns = keep.flatMap { $0.split(separator: ",").map(String.init) }
        return MappingOptions(maps: maps, mapFileEntries: fileEntries,
                              prefixes: prefixes.map { .parse($0, instrumentIDs: instrumentIDs) },
                              idColumn: idColumn, keep: keepColumns)
    }

    /// Prints each instrument's licence note (once) and every unverified-fact warning on stderr.
    /// Quick scales have neither: the user defined them.
    func printNotices(_ instruments: [Instrument]) {
        for inst in instruments where inst.id != QuickScale.instrumentID {
            Console.error(inst.licenceNotice)
            for w in inst.verificationWarnings { Console.error("warning: \(w)") }
        }
    }
}

extension InvalidPolicy: ExpressibleByArgument {}


// MARK: - Reading set-up shared by every data command

extension InstrumentOptions {
    /// Which column each instrument item reads, from the definitions and `--map`,
    /// `--map-file`, `--prefix`, `--id`, `--keep`.
    func resolveMapping(_ instruments: [Instrument], reader: ResponseReader,
                        input: InputSource) throws -> ColumnMapping {
        var mapping = try mappingOptions(instrumentIDs: instruments.map(\.id))
        mapping.itemIDColumns = reader.format.isFHIR
        return try ColumnMapping.resolve(instruments: instruments, header: reader.header, file: input.description,
                                         options: mapping)
    }

    /// The reader's column plan for `mapping`: one slot per mapped item (named
    /// `instrument:item`), the given pass-through columns, the `--id` column and the missing
    /// tokens (`NA` and every `--na`).
    func columnPlan(_ instruments: [Instrument], mapping: ColumnMapping, reader: ResponseReader,
                    input: InputSource, passthrough: [String] = []) throws -> ColumnPlan {
        try ColumnPlan(
            header: reader.header,
            requests: mapping.requests(instruments),
            passthrough: passthrough, id: idColumn, naTokens: ["NA"] + naTokens, file: input.description)
    }
}
