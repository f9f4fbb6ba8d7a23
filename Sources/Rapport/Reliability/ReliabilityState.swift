import Foundation
import RapportStatistics

/// What `rapport reliability --shard I/N --state-out FILE` writes: the shard's mergeable
/// moments together with everything they belong to, so `rapport merge` can refuse parts
/// that do not fit together and reproduce the single-run report byte for byte.
public struct ReliabilityState: Sendable, Codable, Equatable {
    /// Format of this file; bumped when its meaning changes.
    public var format: Int = 1
    public var rapportVersion: String
    public var input: ReliabilityReport.Input
    public var instrument: ReliabilityReport.InstrumentRef?
    public var options: ReliabilityOptions
    /// The reading and mapping arguments that change which values enter the moments
    /// (delimiter, missing tokens, maps, policy), in canonical form.
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
    /// - Throws: ``ReliabilityError`` naming what differs when the parts are not of the same
    ///   input, instrument, options or Rapport version, or when a shard is missing or repeated.
    public static func merge(_ parts: [(name: String, state: ReliabilityState)]) throws(ReliabilityError) -> ReliabilityState {
        guard let first = parts.first else { throw ReliabilityError("no state files to merge") }
        let f = first.state
        let count = f.shard.count
        var byIndex: [Int: (name: String, state: ReliabilityState)] = [:]
        for p in parts {
            let s = p.state
            func differ(_ what: String) -> ReliabilityError {
                ReliabilityError("\(p.name) and \(first.name) belong to different runs: their \(what) differ")
            }
            if s.format != f.format { throw differ("state formats") }
            if s.rapportVersion != f.rapportVersion { throw differ("Rapport versions") }
            if s.instrument != f.instrument { throw differ("instruments") }
            if s.options != f.options { throw differ("reliability options") }
            if s.reading != f.reading { throw differ("reading and mapping options") }
            if s.input.sha256 != f.input.sha256 || s.input.path != f.input.path { throw differ("input files") }
            if s.accumulation.plan != f.accumulation.plan { throw differ("scales and items") }
            if s.shard.count != count {
                throw ReliabilityError("\(p.name) is shard \(s.shard) but \(first.name) is shard \(f.shard): the shard counts differ")
            }
            if let other = byIndex[s.shard.index] {
                throw ReliabilityError("shard \(s.shard) is given twice: \(other.name) and \(p.name)")
            }
            byIndex[s.shard.index] = p
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw ReliabilityError("incomplete: shard\(missing.count > 1 ? "s" : "") \(list) missing (each of the \(count) shards must be given exactly once)")
        }
        var acc = byIndex[1]!.state.accumulation
        for i in 2...max(2, count) where i <= count {
            try acc.merge(byIndex[i]!.state.accumulation)
        }
        var merged = f
        merged.accumulation = acc
        merged.accumulation.data.shard = nil
        merged.input.rows = acc.data.rowsRead
        return merged
    }
}

extension ReliabilityReport {
    /// The report of a whole run (single, or merged from shards).
    public static func make(input: Input, instrument: InstrumentRef?, options: ReliabilityOptions,
                            scales: [ScaleReliability]) -> ReliabilityReport {
        ReliabilityReport(version: RapportVersion.string, input: input, instrument: instrument,
                          options: Options(alpha: options.alpha, splitHalf: options.psychSplits ? "psych" : "all-distinct",
                                           bootstrap: options.bootstrap,
                                           seed: (options.bootstrap ?? 0) > 0 || !options.psychSplits ? options.seed : nil,
                                           omegaFactors: options.omegaFactors,
                                           compat: options.compat ?? "rapport"),
                          scales: scales)
    }

    /// Deterministic JSON: sorted keys, shortest round-trip numbers, two-space indentation.
    public func jsonData() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var d = try e.encode(self)
        d.append(0x0A)
        return d
    }
}
