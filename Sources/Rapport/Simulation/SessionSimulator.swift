import RapportStatistics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Longitudinal session data: one row per administration (client × session), for one or
/// more instruments, with a therapist effect on alliance, outcome trajectories and planted
/// alliance events whose ground truth is returned as ``Event`` values.
///
/// Model for client *c* of therapist *h* at session *t* = 1 … S_c (latent units):
/// ```
/// alliance  A_ct = u_h + a_c + 0.03 (t − 1) + 0.2236 e_ct − dip_ct
///           u_h ~ N(0, icc),  a_c ~ N(0, 0.95 − icc),  e_ct ~ N(0, 1)
/// outcome   O_ct = b_c + Δ_c · ln t / ln S_c + 0.2236 e'_ct,   b_c ~ N(0, 0.8²)
///           Δ_c ~ U(0.9, 1.6) improvers, U(−0.15, 0.35) unchanged, U(−1.4, −0.8) deteriorating
/// item      y*  = λ θ + √(1 − λ²) (√0.8 η_cj + √0.2 ε_ctj)     η_cj fixed per client and item
/// ```
/// θ is A_ct for alliance-like instruments (every construct except outcome) and O_ct for
/// outcome instruments; a multi-factor instrument gives sub-scale *f* the latent
/// `s_f (√ρ θ + √(1 − ρ) ξ_cf)` with ξ_cf fixed per client. Items are then categorized as in
/// ``SimulationModel``. Planted events (first alliance instrument, its tracked score, threshold R
/// and score resolution δ):
/// - `rupture` at session i: s_{i−1} − s_i ≥ R + δ, the dip persists (dip_ct = d for t ≥ i);
/// - `rupture-repair` (V) at i: s_{i−1} − s_i ≥ R + δ and s_{i+1} − s_i ≥ R + δ (dip at t = i only);
/// - `ceiling`: the maximum score at every administered session (at least 3);
/// - `stable`: every drop between consecutive administrations ≤ R − δ, and not at ceiling.
/// Outcome categories (first outcome instrument, first → last administration, threshold R_o):
/// improvement Δs ≥ R_o + δ, unchanged |Δs| ≤ R_o − δ, deterioration Δs ≤ −(R_o + δ).
/// Each client's draws are repeated (from the client's own stream, with a deeper dip d = min(1.2 + 0.05 k, 4) at
/// attempt k) until all of that client's planted facts hold, so the event list is exact.
public struct SessionSimulator: Sendable {
    public struct Design: Sendable, Hashable {
        public var clients: Int
        public var therapists: Int
        public var sessionsMin: Int
        public var sessionsMax: Int
        public var seed: UInt64
        /// Share of latent alliance variance between therapists.
        public var therapistICC: Double
        /// Shares of clients with a persistent rupture, a rupture–repair V, a ceiling pattern;
        /// nil: 0.15, 0.10, 0.05 when an alliance instrument is present.
        public var ruptureRate: Double?
        public var repairRate: Double?
        public var ceilingRate: Double?
        /// Shares of clients reliably improving / deteriorating on the outcome measure;
        /// nil: 0.45 and 0.10 when an outcome instrument is present. The rest are unchanged.
        public var improvementRate: Double?
        public var deteriorationRate: Double?
        /// Probability that an instrument is not given at a session (cells left empty).
        public var missedRate: Double
        /// Alliance drop threshold R; nil: the instrument's declared reliable change.
        public var rupturePoints: Double?
        /// Outcome reliable-change threshold R_o; nil: the instrument's declared one.
        public var changePoints: Double?
        /// When set, a `date` column: client start (start + 0…181 days) + (t − 1) · interval.
        public var startDate: CivilDate?
        public var intervalDays: Int
        public var threads: Int

        public init(clients: Int, therapists: Int, sessionsMin: Int = 4, sessionsMax: Int,
                    seed: UInt64, therapistICC: Double = 0.10,
                    ruptureRate: Double? = nil, repairRate: Double? = nil, ceilingRate: Double? = nil,
                    improvementRate: Double? = nil, deteriorationRate: Double? = nil,
                    missedRate: Double = 0.05, rupturePoints: Double? = nil,
                    changePoints: Double? = nil, startDate: CivilDate? = nil,
                    intervalDays: Int = 7, threads: Int = 1) {
            self.clients = clients
            self.therapists = therapists
            self.sessionsMin = sessionsMin
            self.sessionsMax = sessionsMax
            self.seed = seed
            self.therapistICC = therapistICC
            self.ruptureRate = ruptureRate
            self.repairRate = repairRate
            self.ceilingRate = ceilingRate
            self.improvementRate = improvementRate
            self.deteriorationRate = deteriorationRate
            self.missedRate = missedRate
            self.rupturePoints = rupturePoints
            self.changePoints = changePoints
            self.startDate = startDate
            self.intervalDays = intervalDays
            self.threads = threads
        }
    }

    /// One line of the ground-truth side file.
    public struct Event: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case stable, rupture
            case ruptureRepair = "rupture-repair"
            case ceiling
            case reliableImprovement = "reliable-improvement"
            case unchanged
            case reliableDeterioration = "reliable-deterioration"
            case missed
        }
        public var client: String
        public var therapist: String
        public var instrument: String
        public var kind: Kind
        /// Session number: the low session of a rupture or V, the last administration for an
        /// outcome category, the missed session; nil for stable and ceiling.
        public var session: Int?
        /// Tracked score at `session` (the maximum for ceiling).
        public var score: Double?
        /// Rupture / V: score at the previous administration; outcome: score at the first.
        public var before: Double?
        /// Rupture / V: score at the next administration, if any.
        public var after: Double?
        /// The threshold R the event was planted against.
        public var threshold: Double?
    }

    enum AllianceKind { case stable, rupture, repair, ceiling }
    enum OutcomeKind { case improvement, unchanged, deterioration }

    struct Part: Sendable {
        var instrument: Instrument
        var model: SimulationModel
        var score: SessionScore
        var isOutcome: Bool
        var offset: Int
    }

    static let sessionNoise = 0.05.squareRoot()
    static let itemStability = 0.8
    static let allianceTrend = 0.03
    static let maxAttempts = 400

    public let design: Design
    let parts: [Part]
    let alliance: Int?
    let outcome: Int?
    let ruptureThreshold: Double?
    let changeThreshold: Double?
    let allianceKinds: [AllianceKind]
    let outcomeKinds: [OutcomeKind]
    let therapistOf: [Int]
    let therapistEffects: [Double]
    let clientWidth: Int
    let therapistWidth: Int

    public init(instruments: [Instrument], design d: Design) throws {
        guard !instruments.isEmpty else { throw SimulationError(.option, "give at least one --instrument") }
        guard d.clients >= 1 else { throw SimulationError(.option, "--clients must be at least 1") }
        guard d.therapists >= 1, d.therapists <= d.clients else {
            throw SimulationError(.option, "--therapists must be between 1 and the number of clients")
        }
        guard d.sessionsMin >= 3, d.sessionsMax >= d.sessionsMin, d.sessionsMax <= 1000 else {
            throw SimulationError(.option, "sessions: need 3 ≤ --sessions-min ≤ --sessions-max ≤ 1000")
        }
        guard d.therapistICC >= 0, d.therapistICC < 0.9 else {
            throw SimulationError(.option, "--therapist-icc must lie in [0, 0.9)")
        }
        guard d.missedRate >= 0, d.missedRate < 0.5 else {
            throw SimulationError(.option, "--missed must lie in [0, 0.5)")
        }
        guard d.intervalDays >= 1 else { throw SimulationError(.option, "--interval-days must be at least 1") }
        design = d

        var parts: [Part] = []
        var offset = 0
        var columns = Set(["client", "therapist", "session", "date"])
        for inst in instruments {
            let model = try SimulationModel(inst)
            for it in model.items where !columns.insert(it.column).inserted {
                throw SimulationError(.option,
                    "column '\(it.column)' of \(inst.id) clashes with another column; give each instrument once")
            }
            let score = try SessionScore(instrument: inst, model: model)
            parts.append(Part(instrument: inst, model: model, score: score,
                              isOutcome: inst.construct == .outcome, offset: offset))
            offset += model.items.count
        }
        self.parts = parts
        alliance = parts.firstIndex { $0.instrument.construct == .alliance }
        outcome = parts.firstIndex { $0.isOutcome }

        func rate(_ r: Double?, _ fallback: Double, present: Bool, _ flag: String, _ needs: String) throws -> Double {
            guard let r else { return present ? fallback : 0 }
            guard r >= 0, r <= 1 else { throw SimulationError(.option, "\(flag) must be a proportion in [0, 1]") }
            if r > 0, !present { throw SimulationError(.option, "\(flag) needs \(needs) among the instruments") }
            return r
        }
        let hasA = alliance != nil, hasO = outcome != nil
        let rupture = try rate(d.ruptureRate, 0.15, present: hasA, "--rupture-rate", "an alliance instrument")
        let repair = try rate(d.repairRate, 0.10, present: hasA, "--repair-rate", "an alliance instrument")
        let ceiling = try rate(d.ceilingRate, 0.05, present: hasA, "--ceiling-rate", "an alliance instrument")
        let improve = try rate(d.improvementRate, 0.45, present: hasO, "--improvement-rate", "an outcome instrument")
        let worsen = try rate(d.deteriorationRate, 0.10, present: hasO, "--deterioration-rate", "an outcome instrument")
        guard rupture + repair + ceiling <= 1 else {
            throw SimulationError(.option, "--rupture-rate + --repair-rate + --ceiling-rate exceed 1")
        }
        guard improve + worsen <= 1 else {
            throw SimulationError(.option, "--improvement-rate + --deterioration-rate exceed 1")
        }

        /// The threshold of instrument `m`'s planted events: `points` (the option `flag`) or the
        /// reliable change it declares; it must exceed the score's resolution and fit its range.
        func threshold(_ m: Int?, _ points: Double?, _ flag: String) throws -> Double? {
            guard let m else { return nil }
            let s = parts[m].score
            guard let r = points ?? s.declaredReliableChange else {
                throw SimulationError(.option,
                    "\(parts[m].instrument.id) declares no reliable change for \(s.scaleID); give \(flag)")
            }
            guard r > s.resolution, r + s.resolution <= s.maximum - s.minimum else {
                throw SimulationError(.option, "\(flag) \(r) does not fit the \(s.scaleID) score range")
            }
            return r
        }
        ruptureThreshold = try threshold(alliance, d.rupturePoints, "--rupture-points")
        changeThreshold = try threshold(outcome, d.changePoints, "--change-points")

        // Design stream: event plan and therapist assignment.
        let root = SeededGenerator(seed: d.seed)
        var g = root.stream(0)
        func permutation(_ n: Int) -> [Int] {
            var p = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, g.nextIndex(below: i + 1)) }
            return p
        }
        let n = d.clients
        func count(_ r: Double) -> Int { Int((r * Double(n)).rounded()) }
        var ak = [AllianceKind](repeating: .stable, count: n)
        let pa = permutation(n)
        var k = 0
        for (kind, c) in [(AllianceKind.repair, count(repair)), (.rupture, count(rupture)), (.ceiling, count(ceiling))] {
            for _ in 0..<c where k < n {
                ak[pa[k]] = kind
                k += 1
            }
        }
        var ok = [OutcomeKind](repeating: .unchanged, count: n)
        let po = permutation(n)
        k = 0
        for (kind, c) in [(OutcomeKind.improvement, count(improve)), (.deterioration, count(worsen))] {
            for _ in 0..<c where k < n {
                ok[po[k]] = kind
                k += 1
            }
        }
        let pt = permutation(n)
        allianceKinds = ak
        outcomeKinds = ok
        therapistOf = (0..<n).map { pt[$0] % d.therapists }
        var gt = root.stream(1)
        let tau = d.therapistICC.squareRoot()
        therapistEffects = (0..<d.therapists).map { _ in tau * gt.nextNormal() }
        clientWidth = max(4, String(n).count)
        therapistWidth = max(2, String(d.therapists).count)
    }

    func clientID(_ c: Int) -> String {
        let s = String(c + 1)
        return "C" + String(repeating: "0", count: max(0, clientWidth - s.count)) + s
    }

    func therapistID(_ h: Int) -> String {
        let s = String(h + 1)
        return "T" + String(repeating: "0", count: max(0, therapistWidth - s.count)) + s
    }

    func header() -> [UInt8] {
        var b = CSVLineBuffer()
        b.ascii(design.startDate == nil ? "client,therapist,session" : "client,therapist,session,date")
        for p in parts {
            for it in p.model.items {
                b.comma()
                b.field(it.column)
            }
        }
        b.newline()
        return b.bytes
    }

    /// Writes the CSV through `sink` (header, then clients in order, sessions in order) and
    /// returns the planted events in the same order.
    @discardableResult
    public func write(_ sink: ([UInt8]) throws -> Void) throws -> [Event] {
        try sink(header())
        var events: [Event] = []
        try ChunkPipeline(threads: design.threads).map(count: design.clients, work: { try self.client($0) },
                                                       deliver: { bytes, ev in
                                                           try sink(bytes)
                                                           events.append(contentsOf: ev)
                                                       })
        return events
    }

    /// The ground-truth side file for `events`.
    public static func eventsCSV(_ events: [Event]) -> [UInt8] {
        var b = CSVLineBuffer()
        b.ascii("client,therapist,instrument,event,session,score,before,after,threshold\n")
        func num(_ x: Double?) -> String {
            guard let x else { return "" }
            let r = (x * 1e6).rounded() / 1e6
            return r == r.rounded() ? String(Int(r)) : String(r)
        }
        for e in events {
            b.ascii("\(e.client),\(e.therapist),\(e.instrument),\(e.kind.rawValue),")
            b.ascii("\(e.session.map(String.init) ?? ""),\(num(e.score)),\(num(e.before)),\(num(e.after)),\(num(e.threshold))\n")
        }
        return b.bytes
    }

    func allianceHolds(_ kind: AllianceKind, eventSession: Int, scores: [(session: Int, score: Double)]) -> Bool {
        guard let m = alliance, let r = ruptureThreshold else { return true }
        let s = parts[m].score
        let delta = s.resolution
        let tol = 1e-9
        let atMax = scores.allSatisfy { abs($0.score - s.maximum) < tol }
        switch kind {
        case .ceiling:
            return scores.count >= 3 && atMax
        case .stable:
            if atMax { return false }
            for i in scores.indices.dropFirst() where scores[i - 1].score - scores[i].score > r - delta + tol {
                return false
            }
            return true
        case .rupture, .repair:
            guard !atMax, let i = scores.firstIndex(where: { $0.session == eventSession }), i >= 1 else { return false }
            for k in scores.indices.dropFirst() {
                let drop = scores[k - 1].score - scores[k].score
                if k == i {
                    if drop < r + delta - tol { return false }
                } else if drop > r - delta + tol {
                    return false
                }
            }
            if i + 1 < scores.count {
                let rise = scores[i + 1].score - scores[i].score
                if kind == .repair, rise < r + delta - tol { return false }
                if kind == .rupture, rise > r - delta + tol { return false }
            } else if kind == .repair {
                return false
            }
            return true
        }
    }

    func outcomeHolds(_ kind: OutcomeKind, scores: [(session: Int, score: Double)]) -> Bool {
        guard outcome != nil, let r = changeThreshold else { return true }
        guard let first = scores.first, let last = scores.last, scores.count >= 2 else { return false }
        let delta = parts[outcome!].score.resolution
        let tol = 1e-9
        let change = last.score - first.score
        switch kind {
        case .improvement: return change >= r + delta - tol
        case .unchanged: return abs(change) <= r - delta + tol
        case .deterioration: return change <= -(r + delta) + tol
        }
    }
}
