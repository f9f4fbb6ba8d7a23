import Foundation

/// Turns scored blocks into output bytes (`csv`, `tsv` or `json-lines`): the rows of
/// `rapport score`.
///
/// Columns, in order: the pass-through columns (`--id`, then `--keep`), then for each
/// instrument and each of its scales (declaration order):
/// - `<instrument>.<scale>`: the score, empty (JSON `null`) when missing;
/// - `<instrument>.<scale>.n`: items answered;
/// - `<instrument>.<scale>.flags`: `;`-separated: the codes of the cutoffs that flag the score,
///   `band:<label>` for its band, or `invalid:<reason>` when the score is missing by rule
///   (JSON: an array of these strings);
/// - `<instrument>.<scale>.t.<norm>`: one T-score per norm the scale declares,
///   ``Scorer/tScore(_:norm:)`` with that norm's M and SD, written with 2 decimals (or
///   `--decimals`): M and SD are published to one or two decimals, so more digits would be
///   noise.
///
/// Scores and counts use ``ScoreFormat`` (shortest round-trip unless `--decimals`). CSV/TSV fields that
/// contain the delimiter, a quote, CR or LF are quoted RFC 4180-style. Lines end in LF.
///
/// **Table-driven.** A scale on declared grids takes few distinct values
/// (``Scorer/possibleScores(ofScale:limit:)``): their text is made once, at `init`, and each
/// row copies it (``ScoreStrings``); so are the counts. A value not in the table (a scale
/// with too many combinations, a T-score) is formatted once per block (``NumberCache``).
/// The bytes are the same either way.
public struct ScoreOutputFormat: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case csv, tsv
        case jsonLines = "json-lines"
    }

    /// The columns of one scale.
    public struct ScaleColumns: Sendable {
        public var instrument: Int
        public var scale: Int
        public var name: String
        public var cutoffCodes: [String]
        public var bandLabels: [String]
        public var norms: [Norm]
        /// The text of every value the score can take, when few enough.
        var strings: ScoreStrings?
    }

    public let kind: Kind
    public let numbers: ScoreFormat
    /// T-scores: `--decimals` when given, else 2 decimals.
    public var tScores: ScoreFormat {
        if case .fixed = numbers { return numbers }
        return .fixed(2)
    }
    public let passthroughNames: [String]
    public let scales: [ScaleColumns]
    /// The text of the counts `0..<countStrings.count`.
    let countStrings: ScoreStrings

    /// - Parameter tables: `false` formats every number through the per-block cache (the
    ///   tables' reference in tests); the bytes are the same.
    public init(kind: Kind, numbers: ScoreFormat, passthroughNames: [String], scorers: [Scorer],
                tables: Bool = true) {
        self.kind = kind
        self.numbers = numbers
        self.passthroughNames = passthroughNames
        var cols: [ScaleColumns] = []
        for (i, s) in scorers.enumerated() {
            for (j, scale) in s.scales.enumerated() {
                cols.append(ScaleColumns(instrument: i, scale: j, name: "\(s.instrument.id).\(scale.id)",
                                         cutoffCodes: scale.interpretation.cutoffs.map(\.code),
                                         bandLabels: scale.interpretation.bands.map(\.label),
                                         norms: scale.interpretation.norms,
                                         strings: tables ? s.possibleScores(ofScale: j).map { ScoreStrings($0, format: numbers) } : nil))
            }
        }
        scales = cols
        countStrings = ScoreStrings(tables ? (0..<256).map(Double.init) : [], format: .shortest)
    }

    /// Columns another stage appends after the scores (`score --screen`); their cells come from
    /// the `extra` writer of ``format(rowCount:passthrough:scored:into:extra:)``.
    public var extraColumnNames: [String] = []

    /// Output column names, in order.
    public var columnNames: [String] {
        var names = passthroughNames
        for c in scales {
            names += [c.name, c.name + ".n", c.name + ".flags"]
            names += c.norms.map { "\(c.name).t.\($0.id)" }
        }
        return names + extraColumnNames
    }

    private var delimiter: UInt8 { kind == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",") }

    /// The header line (empty for JSON lines, which name every field in every line).
    public func header() -> [UInt8] {
        guard kind != .jsonLines else { return [] }
        var out: [UInt8] = []
        for (k, name) in columnNames.enumerated() {
            if k > 0 { out.append(delimiter) }
            appendField(name, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// The output lines of one block: `passthrough[row]` and each instrument's scores.
    ///
    /// The inner loop reads plain-data arrays only; numbers are copied from the tables made at
    /// `init`, or formatted once per block (``NumberCache``).
    /// `extra(row, &out)` appends the ``extraColumnNames`` cells of `row`, each with its own
    /// leading delimiter (`,"name":` in JSON lines), just before the line ends.
    public func format(rowCount: Int, passthrough: [[String]], scored: [ScoredBlock], into bytes: inout [UInt8],
                       extra: ((Int, inout [UInt8]) -> Void)? = nil) {
        var out = ScoreOutputBytes(capacity: rowCount * (8 + scales.count * 24))
        format(rowCount: rowCount, passthrough: passthrough, scored: scored, into: &out, extra: extra)
        bytes.append(contentsOf: out.bytes(from: 0))
    }

    private func format(rowCount: Int, passthrough: [[String]], scored: [ScoredBlock],
                        into out: inout ScoreOutputBytes, extra: ((Int, inout [UInt8]) -> Void)?) {
        var extraBytes: [UInt8] = []
        let names = kind == .jsonLines ? columnNames.map { Array(jsonStringLiteral($0).utf8) } : []
        let all = Self.combine(scored, rowCount: rowCount)
        let width = all.scaleCount
        let json = kind == .jsonLines
        let delimiter = self.delimiter
        var cache = NumberCache(format: numbers)
        var counts = NumberCache(format: .shortest)
        var tCache = NumberCache(format: tScores)
        let normRanges = self.normRanges
        let normValues = self.normValues
        let passCount = passthroughNames.count
        let counts0 = countStrings.lookup
        let lookups = scales.map { $0.strings?.lookup }
        withExtendedLifetime(self) {
        lookups.withUnsafeBufferPointer { tables in
        all.scores.withUnsafeBufferPointer { scores in
        all.answered.withUnsafeBufferPointer { answered in
        all.status.withUnsafeBufferPointer { status in
        all.cutoffs.withUnsafeBufferPointer { cuts in
        all.bands.withUnsafeBufferPointer { bands in
        normRanges.withUnsafeBufferPointer { normRanges in
        normValues.withUnsafeBufferPointer { normValues in
            for row in 0..<rowCount {
                var field = 0
                if json { out.append(UInt8(ascii: "{")) }
                @inline(__always) func begin() {
                    if json {
                        if field > 0 { out.append(UInt8(ascii: ",")) }
                        out.append(names[field])
                        out.append(UInt8(ascii: ":"))
                    } else if field > 0 {
                        out.append(delimiter)
                    }
                    field &+= 1
                }
                if passCount > 0 {
                    let pass = row < passthrough.count ? passthrough[row] : []
                    for k in 0..<passCount {
                        begin()
                        let text = k < pass.count ? pass[k] : ""
                        if json { out.append(jsonStringLiteral(text)) } else { appendField(text, to: &out) }
                    }
                }
                for c in 0..<width {
                    let i = row &* width &+ c
                    let x = scores[i]
                    begin()
                    if !x.isFinite {
                        if json { out.append("null" as StaticString) }
                    } else if !(tables[c]?.append(x, to: &out) ?? false) {
                        cache.append(x, to: &out)
                    }
                    begin()
                    let n = Double(answered[i])
                    if !counts0.append(n, to: &out) { counts.append(n, to: &out) }
                    begin()
                    let st = status[i]
                    if st == .valid && cuts[i] == 0 && bands[i] < 0 {
                        if json { out.append("[]" as StaticString) }
                    } else {
                        appendFlags(status: st, cutoffs: cuts[i], band: Int(bands[i]), columns: scales[c], to: &out)
                    }
                    let r = normRanges[c]
                    for k in r.lowerBound..<r.upperBound {
                        begin()
                        if x.isFinite {
                            let (mean, sd) = normValues[k]
                            tCache.append(Scorer.tScore(x, mean: mean, sd: sd), to: &out)
                        } else if json {
                            out.append("null" as StaticString)
                        }
                    }
                }
                if let extra {
                    extraBytes.removeAll(keepingCapacity: true)
                    extra(row, &extraBytes)
                    out.append(extraBytes)
                }
                if json { out.append(UInt8(ascii: "}")) }
                out.append(UInt8(ascii: "\n"))
            }
        }}}}}}}}}
    }

    /// Per output scale: the range of its norms in ``normValues``.
    private var normRanges: [Range<Int>] {
        var start = 0
        return scales.map { c in
            defer { start += c.norms.count }
            return start..<(start + c.norms.count)
        }
    }

    /// `(mean, sd)` of every norm, scale by scale, for ``Scorer/tScore(_:mean:sd:)``.
    private var normValues: [(Double, Double)] { scales.flatMap { $0.norms.map { ($0.mean, $0.sd) } } }

    /// One block with every instrument's scales side by side (scale index = output scale order).
    public static func combine(_ blocks: [ScoredBlock], rowCount: Int) -> ScoredBlock {
        if blocks.count == 1 { return blocks[0] }
        let width = blocks.reduce(0) { $0 + $1.scaleCount }
        var all = ScoredBlock(firstRow: blocks.first?.firstRow ?? 0, rowCount: rowCount, scaleCount: width)
        var offset = 0
        for b in blocks {
            for row in 0..<rowCount {
                for j in 0..<b.scaleCount {
                    let from = row * b.scaleCount + j, to = row * width + offset + j
                    all.scores[to] = b.scores[from]
                    all.answered[to] = b.answered[from]
                    all.status[to] = b.status[from]
                    all.cutoffs[to] = b.cutoffs[from]
                    all.bands[to] = b.bands[from]
                }
            }
            offset += b.scaleCount
        }
        return all
    }

    /// Writes the flags field without allocating in the common case (no flag, or pieces that
    /// need no quoting).
    private func appendFlags(status: ScaleStatus, cutoffs: UInt64, band: Int, columns c: ScaleColumns,
                             to out: inout ScoreOutputBytes) {
        let json = kind == .jsonLines
        if json { out.append(UInt8(ascii: "[")) }
        var count = 0
        func piece(_ prefix: StaticString?, _ text: String) {
            if count > 0 { out.append(json ? UInt8(ascii: ",") : UInt8(ascii: ";")) }
            count += 1
            if json {
                var full = ""
                if let prefix { full = prefix.description }
                out.append(jsonStringLiteral(full + text))
            } else {
                if let prefix { out.append(prefix) }
                out.append(text)
            }
        }
        let start = out.count
        if status != .valid {
            piece("invalid:", status.reason)
        } else {
            if cutoffs != 0 {
                for (k, code) in c.cutoffCodes.enumerated() where k < 64 && cutoffs & (1 << UInt64(k)) != 0 {
                    piece(nil, code)
                }
            }
            if band >= 0 && band < c.bandLabels.count { piece("band:", c.bandLabels[band]) }
        }
        if json {
            out.append(UInt8(ascii: "]"))
        } else if CSVFieldWriter.needsQuotes(out.bytes(from: start), delimiter: delimiter) {
            let text = String(decoding: out.bytes(from: start), as: UTF8.self)
            out.truncate(to: start)
            appendField(text, to: &out)
        }
    }

    /// Appends a CSV/TSV field, quoted when it holds the delimiter, a quote, CR or LF.
    private func appendField(_ text: String, to out: inout ScoreOutputBytes) {
        var bytes: [UInt8] = []
        appendField(text, to: &bytes)
        out.append(bytes)
    }

    /// Appends a CSV/TSV field (``CSVFieldWriter``).
    private func appendField(_ text: String, to out: inout [UInt8]) {
        CSVFieldWriter.append(text, delimiter: delimiter, to: &out)
    }
}

extension ScoreOutputFormat {
    /// A JSON string literal for `text` (quotes, backslash and control characters escaped).
    public static func jsonString(_ text: String) -> String { jsonStringLiteral(text) }
}

/// A JSON string literal for `text` (quotes, backslash and control characters escaped).
func jsonStringLiteral(_ text: String) -> String {
    var s = "\""
    for u in text.unicodeScalars {
        switch u {
        case "\"": s += "\\\""
        case "\\": s += "\\\\"
        case "\n": s += "\\n"
        case "\r": s += "\\r"
        case "\t": s += "\\t"
        default:
            if u.value < 0x20 {
                let hex = String(u.value, radix: 16)
                s += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                s.unicodeScalars.append(u)
            }
        }
    }
    return s + "\""
}
