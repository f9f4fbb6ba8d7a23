import Foundation
import RapportStatistics

/// A `--state-out` file that cannot be used, or a set of them that does not fit together:
/// names the file and the field. Always exit status 2 (unusable input).
public struct StateFileError: RapportError, Hashable {
    public var file: String
    /// The field at fault as a JSON path (`accumulation.moments[0].frequency`), if one is.
    public var field: String?
    public var message: String

    public init(file: String, field: String? = nil, _ message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var exitStatus: ExitStatus { .unusable }
    public var description: String {
        "\(file): " + (field.map { "\($0): " } ?? "") + message
    }
}

extension ReliabilityState {
    /// The state format this Rapport writes and reads. Format 2 added ``InputCoverage``;
    /// format 3 put every setting that changes which values are read into ``reading``
    /// (encoding, value labels, the recode and map files' content, decimal commas, skipped
    /// rows, `--where`), so a format-2 fingerprint cannot vouch for them.
    public static let currentFormat = 3
    /// Largest input a state file may describe (2^53 bytes), so byte and row counts of any
    /// number of parts add up without overflow.
    public static let maximumFileSize = 1 << 53

    /// Decodes a state file and checks every invariant it must hold on its own
    /// (``validate(file:)``).
    ///
    /// - Throws: ``StateFileError`` naming `file` and the field: not JSON, a missing or
    ///   mistyped field, or a broken invariant.
    public static func decode(_ data: Data, file: String) throws(StateFileError) -> ReliabilityState {
        let state: ReliabilityState
        do {
            state = try JSONDecoder().decode(ReliabilityState.self, from: data)
        } catch let error as DecodingError {
            // JSONDecoder calls a number beyond 64 bits "not valid JSON", without a path.
            if let field = hugeNumber(in: data) {
                throw StateFileError(file: file, field: field.isEmpty ? nil : field, "a number beyond 64 bits")
            }
            throw Self.describe(error, file: file)
        } catch {
            throw StateFileError(file: file, "not a Rapport state file (\(error))")
        }
        try state.validate(file: file)
        return state
    }

    /// Checks one state on its own:
    /// - the format is ``currentFormat`` and the shard is `I/N` with `1 ≤ I ≤ N` (decoding
    ///   already went through `Shard`'s validating initializer);
    /// - the data report: the same file and shard, non-negative counts,
    ///   `rowsRead = rowsScored + rowsRejected (+ rowsFilteredOut)`, and `input.rows = rowsRead`
    ///   (`input.rowsFilteredOut` and `input.where` as the accumulation's);
    /// - the coverage: `0 ≤ dataStart ≤ start ≤ end ≤ fileSize ≤` ``maximumFileSize``, the
    ///   first shard starts at the data, the last ends at the end of the file, the bytes
    ///   counted are the bytes covered, no more rows than bytes, and the same SHA-256 as the
    ///   input;
    /// - the plan: one moments entry per scale, each with the plan's items, keys and grid,
    ///   and each holding exactly the rows scored (moments' own invariants were checked when
    ///   they were decoded: `ScaleMoments.invariantViolation()`).
    public func validate(file: String) throws(StateFileError) {
        func fail(_ field: String, _ message: String) -> StateFileError {
            StateFileError(file: file, field: field, message)
        }
        guard format == Self.currentFormat else {
            throw fail("format", "state format \(format) was written by another version of Rapport (this one reads format \(Self.currentFormat)); run the shards again with this version")
        }
        // First, whether the accumulation was read from this input at all.
        guard let coverage = accumulation.coverage else {
            throw fail("accumulation.coverage", "missing: the state does not say which bytes of the input it covers")
        }
        if coverage.sha256 != input.sha256 {
            throw fail("accumulation.coverage.sha256", "the accumulation was read from another file than the input's SHA-256 says")
        }
        let d = accumulation.data
        if d.file != input.path {
            throw fail("accumulation.data.file", "the accumulation was read from '\(d.file)', not from the input '\(input.path)'")
        }
        if let s = d.shard, s != shard {
            throw fail("accumulation.data.shard", "the accumulation is of shard \(s), the file says shard \(shard)")
        }
        if d.shard == nil && shard.count != 1 {
            throw fail("accumulation.data.shard", "the accumulation covers a whole file, the file says shard \(shard)")
        }
        let counts = [("rowsRead", d.rowsRead), ("rowsScored", d.rowsScored), ("rowsRejected", d.rowsRejected),
                      ("bytes", d.bytes), ("exampleLimit", d.exampleLimit)] + d.findingCounts.sorted { $0.key < $1.key }.map { ("findingCounts.\($0.key)", $0.value) }
        for (name, n) in counts where n < 0 || n > Self.maximumFileSize {
            throw fail("accumulation.data.\(name)", "\(n) is not a count")
        }
        if let f = d.rowsFilteredOut, f < 0 || f > Self.maximumFileSize {
            throw fail("accumulation.data.rowsFilteredOut", "\(f) is not a count")
        }
        if d.rowsRead != d.rowsScored + d.rowsRejected + (d.rowsFilteredOut ?? 0) {
            let filtered = d.rowsFilteredOut.map { " + \($0) filtered out" } ?? ""
            throw fail("accumulation.data.rowsRead", "\(d.rowsRead) rows read but \(d.rowsScored) scored + \(d.rowsRejected) rejected\(filtered)")
        }
        if input.rows != d.rowsRead {
            throw fail("input.rows", "\(input.rows) rows, but the accumulation read \(d.rowsRead)")
        }
        if input.rowsFilteredOut != d.rowsFilteredOut {
            throw fail("input.rowsFilteredOut", "\(input.rowsFilteredOut.map(String.init) ?? "absent"), but the accumulation left out \(d.rowsFilteredOut.map(String.init) ?? "no rows (no --where)")")
        }
        if input.where != (d.rowsFilteredOut == nil ? nil : d.decoding?.filters ?? []) {
            throw fail("input.where", "the conditions differ from the accumulation's")
        }
        if d.examples.count > d.exampleLimit {
            throw fail("accumulation.data.examples", "more examples than the limit of \(d.exampleLimit)")
        }
        if let m = d.missingCodes, m < 0 || m > Self.maximumFileSize {
            throw fail("accumulation.data.missingCodes", "\(m) is not a count")
        }
        for (key, n) in d.decoding?.counts ?? [] where n < 0 || n > Self.maximumFileSize {
            throw fail("accumulation.data.decoding.\(key)", "\(n) is not a count")
        }
        for (i, t) in (d.items ?? []).enumerated() {
            let looks = [t.looks.decimalComma, t.looks.encoding, t.looks.text, t.looks.number, t.looks.other]
            if t.invalid < 0 || t.invalid > d.rowsRead || looks.contains(where: { $0 < 0 || $0 > d.rowsRead }) {
                throw fail("accumulation.data.items[\(i)]", "invalid-cell counts must lie between 0 and the rows read (\(d.rowsRead))")
            }
        }
        try validateCoverage(fail)
        try validatePlan(fail)
    }

    private func validateCoverage(_ fail: (String, String) -> StateFileError) throws(StateFileError) {
        guard let c = accumulation.coverage else { return }
        let d = accumulation.data
        guard 0 <= c.dataStart, c.dataStart <= c.start, c.start <= c.end, c.end <= c.fileSize,
              c.fileSize <= Self.maximumFileSize else {
            throw fail("accumulation.coverage", "bytes \(c.start)–\(c.end) of a file of \(c.fileSize) bytes with data from byte \(c.dataStart) is not a part of a file")
        }
        if shard.index == 1 && c.start != c.dataStart {
            throw fail("accumulation.coverage.start", "shard \(shard) must start at the first data row (byte \(c.dataStart)) but starts at byte \(c.start)")
        }
        if shard.index == shard.count && c.end != c.fileSize {
            throw fail("accumulation.coverage.end", "shard \(shard) must end at the end of the file (byte \(c.fileSize)) but ends at byte \(c.end)")
        }
        let covered = c.end - c.start + (shard.index == 1 ? c.dataStart : 0)
        if d.bytes != covered {
            throw fail("accumulation.data.bytes", "\(d.bytes) bytes read, but the part covers \(covered)")
        }
        if d.rowsRead > c.end - c.start {
            throw fail("accumulation.data.rowsRead", "\(d.rowsRead) rows cannot fit in \(c.end - c.start) bytes")
        }
        for (kind, n) in d.findingCounts where n > 2 * covered + 2 {
            throw fail("accumulation.data.findingCounts.\(kind)", "\(n) findings cannot fit in \(covered) bytes")
        }
    }

    private func validatePlan(_ fail: (String, String) -> StateFileError) throws(StateFileError) {
        let entries = accumulation.plan.entries
        let moments = accumulation.moments
        guard moments.count == entries.count else {
            throw fail("accumulation.moments", "\(moments.count) moments for \(entries.count) scales of the plan")
        }
        for (i, (e, m)) in zip(entries, moments).enumerated() {
            let at = "accumulation.plan.entries[\(i)]"
            let k = e.itemIDs.count
            guard k >= 1, e.slots.count == k, e.reversed.count == k else {
                throw fail(at, "scale '\(e.id)' needs one slot and one key per item")
            }
            let mAt = "accumulation.moments[\(i)]"
            if m.itemCount != k { throw fail("\(mAt).itemCount", "\(m.itemCount) items; scale '\(e.id)' has \(k)") }
            if m.reversed != e.reversed { throw fail("\(mAt).reversed", "the reverse keys differ from scale '\(e.id)'") }
            if m.decimals != e.decimals || m.categories != e.categories {
                throw fail("\(mAt).categories", "the response grid differs from scale '\(e.id)'")
            }
            if m.rows != Int64(accumulation.data.rowsScored) {
                throw fail("\(mAt).rows", "\(m.rows) rows; the part scored \(accumulation.data.rowsScored)")
            }
        }
        if let scores = accumulation.scores {
            guard scores.count == entries.count else {
                throw fail("accumulation.scores", "\(scores.count) score tallies for \(entries.count) scales")
            }
            for (i, t) in scores.enumerated() where t.count + t.missing != 0
                && t.count + t.missing != Int64(accumulation.data.rowsScored) {
                throw fail("accumulation.scores[\(i)]", "\(t.count + t.missing) scores; the part scored \(accumulation.data.rowsScored) rows")
            }
        }
        let level = options.alpha.confidenceLevel
        if !(level > 0 && level < 1) {
            throw fail("options.alpha.confidenceLevel", "\(level) is not a confidence level between 0 and 1")
        }
        if let b = options.bootstrap, b < 0 || b > 1_000_000 {
            throw fail("options.bootstrap", "\(b) is not a number of replicates (0…1000000)")
        }
    }

    /// The path of the first integer in `data` too large for 64 bits, if `data` is JSON.
    static func hugeNumber(in data: Data) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        func find(_ node: Any, _ path: String) -> String? {
            switch node {
            case let d as [String: Any]:
                for key in d.keys.sorted() {
                    if let hit = find(d[key]!, path.isEmpty ? key : path + "." + key) { return hit }
                }
            case let a as [Any]:
                for (i, x) in a.enumerated() { if let hit = find(x, path + "[\(i)]") { return hit } }
            case let n as NSNumber:
                if n.doubleValue.magnitude >= 0x1p63 { return path }
            default: break
            }
            return nil
        }
        return find(root, "")
    }

    /// A decoding error as the field it is about.
    static func describe(_ error: DecodingError, file: String) -> StateFileError {
        func path(_ keys: [CodingKey]) -> String {
            var s = ""
            for k in keys {
                if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
            }
            return s
        }
        switch error {
        case let .keyNotFound(key, c):
            return StateFileError(file: file, field: path(c.codingPath + [key]), "missing")
        case let .typeMismatch(_, c), let .valueNotFound(_, c):
            return StateFileError(file: file, field: path(c.codingPath), "not a value of the right kind (or out of range)")
        case let .dataCorrupted(c):
            let field = path(c.codingPath)
            if field.isEmpty { return StateFileError(file: file, "not a Rapport state file (\(c.debugDescription))") }
            return StateFileError(file: file, field: field, c.debugDescription)
        @unknown default:
            return StateFileError(file: file, "not a Rapport state file")
        }
    }
}
