import Foundation

/// What a read found, for stderr and `--report FILE` (JSON).
///
/// Nothing is lost: `rowsRead == rowsScored + rowsRejected (+ rowsFilteredOut)`. Counts are complete; examples are
/// the first ``exampleLimit`` findings in file order. Rows are named by line; the report never
/// holds an ID value.
public struct DataReport: Sendable, Hashable, Codable {
    /// Path of the input, `-` for standard input.
    public var file: String
    public var policy: InvalidPolicy
    /// The shard this report covers, when the run was sharded.
    public var shard: Shard?
    /// Records read (blank lines are not records).
    public var rowsRead = 0
    /// Rows handed on to scoring or statistics.
    public var rowsScored = 0
    /// Rows left out (`--on-invalid reject-row`, unterminated quotes).
    public var rowsRejected = 0
    /// Rows left out by `--where` (present only when a condition was given).
    public var rowsFilteredOut: Int?
    /// Bytes of input covered (the header included).
    public var bytes = 0
    /// Number of findings of each kind, by kind name (`out-of-range`).
    public var findingCounts: [String: Int] = [:]
    /// The first findings in file order.
    public var examples: [Finding] = []
    public var exampleLimit: Int
    /// The input's format when it is not CSV/TSV (then `line` in findings counts rows of an
    /// SPSS/Stata file, or entries of a FHIR Bundle; see ``InputFormat/recordUnit``).
    public var format: InputFormat?
    /// SPSS/Stata: item cells that held a code the file declares missing (user-defined missing
    /// values and ranges, Stata's `.a`–`.z`), read as missing.
    public var missingCodes: Int?
    /// SPSS/Stata: what the file says about each variable an item reads (value labels,
    /// user-missing codes, whether the labels match the definition's anchors).
    public var variables: [DataVariable]?
    /// Per item read, in plan order: how its cells read (absent when the read has no items).
    public var items: [ItemTally]?
    /// What was decoded before the cells were classified (absent when nothing was).
    public var decoding: DataDecoding?

    public init(file: String, policy: InvalidPolicy, shard: Shard? = nil, exampleLimit: Int = 20) {
        self.file = file
        self.policy = policy
        self.shard = shard
        self.exampleLimit = exampleLimit
    }

    /// Total number of findings.
    public var findingTotal: Int { findingCounts.values.reduce(0, +) }

    public func count(_ kind: Finding.Kind) -> Int { findingCounts[kind.rawValue] ?? 0 }

    /// Records one finding (counted, and kept as an example while there is room).
    public mutating func add(_ finding: Finding) {
        findingCounts[finding.kind.rawValue, default: 0] += 1
        if examples.count < exampleLimit { examples.append(finding) }
    }

    /// Adds a block's complete counts and its (possibly truncated) examples, which follow
    /// everything added so far in file order.
    mutating func add(counts: [Finding.Kind: Int], examples more: [Finding]) {
        for (kind, n) in counts { findingCounts[kind.rawValue, default: 0] += n }
        for f in more where examples.count < exampleLimit { examples.append(f) }
    }

    /// Appends the report of the next part of the same input (a later shard, in shard order).
    public mutating func merge(_ other: DataReport) {
        rowsRead += other.rowsRead
        rowsScored += other.rowsScored
        rowsRejected += other.rowsRejected
        if let f = other.rowsFilteredOut { rowsFilteredOut = (rowsFilteredOut ?? 0) + f }
        bytes += other.bytes
        if let m = other.missingCodes { missingCodes = (missingCodes ?? 0) + m }
        for (k, n) in other.findingCounts { findingCounts[k, default: 0] += n }
        for f in other.examples where examples.count < exampleLimit { examples.append(f) }
        if let more = other.items { add(tallies: more) }
        if let d = other.decoding {
            if decoding == nil { decoding = d } else { decoding!.merge(d) }
        }
    }

    /// The human summary printed on stderr.
    ///
    /// ```
    /// data.csv: 1000 rows read = 998 scored + 2 rejected (--on-invalid reject-row)
    ///   out-of-range: 3
    ///   ragged-row: 2
    ///   line 14, column 5 "wai_4" (item wai4): "9" is outside the response range 1–5 [out-of-range]
    /// ```
    public var summary: String {
        var lines = ["\(file): \(rowsRead) row\(rowsRead == 1 ? "" : "s") read = \(rowsScored) scored + \(rowsRejected) rejected\(filteredPart) (--on-invalid \(policy.rawValue))"]
        lines += formatLines
        lines += decoding?.summaryLines ?? []
        for kind in Finding.Kind.allCases {
            if let n = findingCounts[kind.rawValue], n > 0 { lines.append("  \(kind.rawValue): \(n)") }
        }
        for f in examples {
            let d = DataError(f, file: nil, format: format ?? .csv).description
            lines.append("  " + (d.hasPrefix("<input>: ") ? String(d.dropFirst(9)) : d.replacingOccurrences(of: "<input>:", with: "line ")))
        }
        let shown = examples.count
        if findingTotal > shown { lines.append("  … \(findingTotal - shown) more (counts above are complete)") }
        lines += itemWarnings.map { "  warning: " + $0 }
        return lines.joined(separator: "\n")
    }

    /// What an SPSS/Stata file's metadata did: value labels (and whether they match the
    /// anchors), user-missing codes read as missing.
    private var formatLines: [String] {
        guard let format, format != .csv else { return [] }
        var out: [String] = []
        if let variables {
            let labelled = variables.filter { !$0.valueLabels.isEmpty }
            let matching = variables.filter { $0.labelsMatchAnchors == true }
            let withMissing = variables.filter { !$0.missingValues.isEmpty || !$0.missingRanges.isEmpty }
            out.append("  \(format.displayName): \(variables.count) item variable\(variables.count == 1 ? "" : "s"); "
                + "value labels on \(labelled.count) (matching the definition's anchors: \(matching.count)); "
                + "user-missing codes on \(withMissing.count)")
            for v in variables where v.labelsMatchAnchors == false {
                out.append("  warning: variable \"\(v.name)\" (item \(v.items.joined(separator: ", "))): its value labels do not match the definition's anchors (\(v.labelMismatch ?? "")); scores use the stored codes")
            }
        }
        if let missingCodes, missingCodes > 0 {
            out.append("  missing codes read as missing: \(missingCodes) cell\(missingCodes == 1 ? "" : "s")")
        }
        return out
    }

    /// Deterministic JSON (sorted keys, ending in a newline) for `--report FILE`.
    public func jsonData() throws -> Data { try JSONOutput.data(self) }

    /// Writes ``jsonData()`` to `file` (the run's `--report FILE`); nothing without one.
    public func write(to file: OutputFile?) throws {
        guard let file else { return }
        try file.write(Array(try jsonData()))
    }
}
