import Foundation
import RapportStatistics

/// What `rapport reliability --shard I/N --state-out FILE` writes: the shard's mergeable
/// moments together with everything they belong to, so `rapport merge` can refuse parts
/// that do not fit together and reproduce the single-run report byte for byte.
public struct ReliabilityState: Sendable, Codable, Equatable {
    /// Format of this file; bumped when its meaning changes (``currentFormat``).
    public var format: Int = ReliabilityState.currentFormat
    public var rapportVersion: String
    public var input: ReliabilityReport.Input
    public var instrument: ReliabilityReport.InstrumentRef?
    public var options: ReliabilityOptions
    /// The reading and mapping arguments that change which values enter the moments
    /// (delimiter, policy, missing tokens, mapping, encoding, value labels, recode file,
    /// decimal commas, skipped rows, `--where`), in canonical form (see `readingFingerprint`).
    public var reading: [String]
    public var shard: Shard
    public var accumulation: ReliabilityAccumulation

    public init(rapportVersion: String, input: ReliabilityReport.Input, instrument: ReliabilityReport.InstrumentRef?,
                options: ReliabilityOptions, reading: [String], shard: Shard, accumulation: ReliabilityAccumulation) {
        self.rapportVersion = rapportVersion
        self.input = input
        self.instrument = instrument
        self.options = options
        self.reading = reading
        self.shard = shard
        self.accumulation = accumulation
    }

    /// Combines one state per shard (any order) into the accumulation of the whole input.
    ///
    /// Each part must already be valid on its own (``decode(_:file:)``). The set must then
    /// be of one run — the same format, Rapport version, instrument, options, reading
    /// options, input file and plan — hold each of the N shards exactly once, and tile the
    /// file: shard `i + 1` starts at the byte where shard `i` ends. The moments are merged
    /// with `ScaleMoments.mergeChecked`.
    ///
    /// - Throws: ``StateFileError`` naming the file and the field that does not fit.
    public static func merge(_ parts: [(name: String, state: ReliabilityState)]) throws(StateFileError) -> ReliabilityState {
        guard let first = parts.first else { throw StateFileError(file: "merge", "no state files to merge") }
        let f = first.state
        let count = f.shard.count
        var byIndex: [Int: (name: String, state: ReliabilityState)] = [:]
        for p in parts {
            let s = p.state
            func differ(_ field: String, _ what: String) -> StateFileError {
                StateFileError(file: p.name, field: field, "\(p.name) and \(first.name) belong to different runs: their \(what) differ")
            }
            if s.format != f.format { throw differ("format", "state formats") }
            if s.rapportVersion != f.rapportVersion { throw differ("rapportVersion", "Rapport versions") }
            if s.instrument != f.instrument { throw differ("instrument", "instruments") }
            if s.options != f.options { throw differ("options", "reliability options") }
            if s.reading != f.reading {
                let what = Self.readingDifference(s.reading, f.reading) ?? "reading and mapping options differ"
                throw StateFileError(file: p.name, field: "reading", "\(p.name) and \(first.name) belong to different runs: their \(what)")
            }
            if s.input.sha256 != f.input.sha256 || s.input.path != f.input.path { throw differ("input", "input files") }
            if s.accumulation.plan != f.accumulation.plan { throw differ("accumulation.plan", "scales and items") }
            if let a = s.accumulation.coverage, let b = f.accumulation.coverage,
               a.fileSize != b.fileSize || a.dataStart != b.dataStart || a.sha256 != b.sha256 {
                throw differ("accumulation.coverage", "input files")
            }
            if s.shard.count != count {
                throw StateFileError(file: p.name, field: "shard.count",
                                     "\(p.name) is shard \(s.shard) but \(first.name) is shard \(f.shard): the shard counts differ")
            }
            if let other = byIndex[s.shard.index] {
                throw StateFileError(file: p.name, field: "shard", "shard \(s.shard) is given twice: \(other.name) and \(p.name)")
            }
            byIndex[s.shard.index] = p
        }
        if byIndex.count != count {
            // At most five named, found without enumerating a huge count.
            var missing: [Int] = []
            var i = 1
            while missing.count < 5 && i <= count {
                if byIndex[i] == nil { missing.append(i) }
                i += 1
            }
            let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            let more = count - byIndex.count - missing.count
            throw StateFileError(file: first.name, field: "shard.count",
                                 "incomplete: shard\(missing.count > 1 ? "s" : "") \(list)\(more > 0 ? " and \(more) more" : "") missing (each of the \(count) shards must be given exactly once)")
        }
        var acc = byIndex[1]!.state.accumulation
        for i in 1..<count {
            let (previous, next) = (byIndex[i]!, byIndex[i + 1]!)
            if let a = previous.state.accumulation.coverage, let b = next.state.accumulation.coverage, a.end != b.start {
                throw StateFileError(file: next.name, field: "accumulation.coverage.start",
                                     "shard \(next.state.shard) starts at byte \(b.start) but shard \(previous.state.shard) (\(previous.name)) ends at byte \(a.end): the parts do not tile the file")
            }
            do {
                try acc.merge(next.state.accumulation)
            } catch {
                throw StateFileError(file: next.name, field: "accumulation.moments", error.description)
            }
        }
        var merged = f
        merged.accumulation = acc
        merged.accumulation.data.shard = nil
        merged.input = ReliabilityReport.Input(path: f.input.path, data: acc.data, sha256: f.input.sha256)
        return merged
    }
}

extension ReliabilityState {
    /// The reading and mapping arguments that decide which values enter the moments, in
    /// canonical form (``reading``): shards of one run must agree on them, and ``merge(_:)``
    /// refuses parts whose fingerprints differ, naming the setting (``readingDifference(_:_:)``).
    /// One `NAME=VALUE` entry per setting, in this order:
    /// - `delimiter` as given (`auto` when detected), `on-invalid` (the reader's policy);
    /// - each `--na`, `--map`, `--prefix`; `map-file` and `recode` by the SHA-256 of their
    ///   content (`sha256:…`; the path does not matter, an edit does); each `--scale-only`;
    /// - `encoding` as given (`auto`: UTF-8, or UTF-16 by its byte-order mark), `value-labels`
    ///   (`on`/`off`);
    /// - `decimal-comma`: `on` (`--decimal-comma`), `off` (`--no-decimal-comma`), or
    ///   `auto (read)` / `auto (not read)` as the detection decided for this file;
    /// - `skip-rows` as given (`auto`: Qualtrics header rows detected);
    /// - each `--where` condition, sorted (their order does not change which rows are read); on
    ///   an identifier column with the value's SHA-256 instead of the value (``RowFilter/fingerprint``).
    ///
    /// The values are the user's arguments: never a cell of the data, never an ID.
    public static func readingFingerprint(delimiter: String?, naTokens: [String],
                                          maps: [String], prefixes: [String], mapFileSHA256: String?,
                                          scaleOnly: [String], reader options: ReaderOptions,
                                          readsDecimalCommas: Bool, recodeSHA256: String?) -> [String] {
        var f: [String] = []
        f.append("delimiter=\(delimiter ?? "auto")")
        f.append("on-invalid=\(options.onInvalid.rawValue)")
        f += naTokens.map { "na=\($0)" }
        f += maps.map { "map=\($0)" }
        f += prefixes.map { "prefix=\($0)" }
        if let mapFileSHA256 { f.append("map-file=sha256:\(mapFileSHA256)") }
        f += scaleOnly.map { "scale-only=\($0)" }
        f.append("encoding=\(options.encoding?.rawValue ?? "auto")")
        f.append("value-labels=\(options.valueLabels ? "on" : "off")")
        if let recodeSHA256 { f.append("recode=sha256:\(recodeSHA256)") }
        switch options.decimalComma {
        case true?: f.append("decimal-comma=on")
        case false?: f.append("decimal-comma=off")
        case nil: f.append("decimal-comma=auto (\(readsDecimalCommas ? "read" : "not read"))")
        }
        f.append("skip-rows=\(options.skipRows.map(String.init) ?? "auto")")
        f += options.filters.map(\.fingerprint).sorted().map { "where=\($0)" }
        return f
    }

    /// The first setting on which two reading fingerprints differ, for ``merge(_:)``'s message:
    /// `--encoding settings differ (latin1 and windows-1252)`. Values of `--where` (which might
    /// name a participant) and content digests are not repeated; `nil` when they agree.
    public static func readingDifference(_ a: [String], _ b: [String]) -> String? {
        func grouped(_ f: [String]) -> (keys: [String], values: [String: [String]]) {
            var keys: [String] = [], values: [String: [String]] = [:]
            for entry in f {
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
                if values[key] == nil { keys.append(key) }
                values[key, default: []].append(value)
            }
            return (keys, values)
        }
        let (ga, gb) = (grouped(a), grouped(b))
        var order = ga.keys
        for k in gb.keys where !order.contains(k) { order.append(k) }
        guard let key = order.first(where: { ga.values[$0] != gb.values[$0] }) else { return nil }
        let option = "--\(key)"
        switch key {
        case "where": return "\(option) conditions differ"
        case "recode", "map-file":
            let given = [ga.values[key], gb.values[key]].filter { $0 != nil }.count
            return given == 2 ? "\(option) files differ in content" : "\(option) is given for one and not the other"
        default:
            func shown(_ v: [String]?) -> String { v.map { $0.joined(separator: ", ") } ?? "none" }
            return "\(option) settings differ (\(shown(ga.values[key])) and \(shown(gb.values[key])))"
        }
    }

    /// The state file's bytes: one line of JSON with sorted keys, ending in a newline.
    public func jsonBytes() throws -> [UInt8] { Array(try JSONOutput.data(self, pretty: false)) }
}

extension InputCoverage {
    /// Which bytes of which file `reader`'s last read covered (the shard's range when sharded,
    /// else the whole file), for a state file: `merge` checks that the parts tile the file.
    /// Without a recorded range (standard input, before a read) the `bytes` read from the
    /// data's first byte, in a file of that size.
    public init(readBy reader: ResponseReader, bytes: Int, sha256: String?) {
        let covered = reader.lastCoverage ?? (start: reader.dataStart, end: bytes, fileSize: bytes)
        self.init(fileSize: covered.fileSize, dataStart: reader.dataStart, start: covered.start, end: covered.end,
                  sha256: sha256)
    }
}
