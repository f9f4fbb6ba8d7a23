import RapportStatistics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - One client

extension SessionSimulator {
    /// What is fixed for a client before any attempt: drawn first from the client's stream.
    struct ClientPlan {
        var client: Int
        var therapist: Int
        var sessions: Int
        var dateOffset: Int
        var alliance: AllianceKind
        var outcome: OutcomeKind
        /// The session of a rupture or V (0 otherwise).
        var eventSession: Int
    }

    /// One attempt's draws: item categories (`sessions × itemCount`, row-major by session) and
    /// which administrations were missed (`sessions × parts`).
    struct ClientDraws {
        var raw: [Int]
        var missed: [Bool]
    }

    /// The client's rows (CSV bytes, sessions in order) and planted events, from the client's
    /// own stream: plan, then attempts until every planted fact holds, then rows and events.
    func client(_ c: Int) throws -> ([UInt8], [Event]) {
        var g = SeededGenerator(seed: design.seed).stream(UInt64(c) + 2)
        let plan = plan(client: c, &g)
        let itemCount = parts.reduce(0) { $0 + $1.model.items.count }
        var draws = ClientDraws(raw: [Int](repeating: 0, count: plan.sessions * itemCount),
                                missed: [Bool](repeating: false, count: plan.sessions * parts.count))
        for attempt in 0..<Self.maxAttempts {
            drawMissed(plan, into: &draws, &g)
            drawResponses(plan, dip: min(1.2 + 0.05 * Double(attempt), 4), itemCount: itemCount, into: &draws, &g)
            let allianceScores = alliance.map { tracked($0, plan, draws, itemCount: itemCount) } ?? []
            let outcomeScores = outcome.map { tracked($0, plan, draws, itemCount: itemCount) } ?? []
            if allianceHolds(plan.alliance, eventSession: plan.eventSession, scores: allianceScores)
                && outcomeHolds(plan.outcome, scores: outcomeScores) {
                return (rows(plan, draws, itemCount: itemCount),
                        events(plan, draws, allianceScores: allianceScores, outcomeScores: outcomeScores))
            }
        }
        throw SimulationError(.design,
            "could not plant the events of client row \(c + 1) in \(Self.maxAttempts) attempts; lower --rupture-points or --change-points")
    }

    /// Sessions, the date offset and the event session, in that order from `g`.
    func plan(client c: Int, _ g: inout SeededGenerator) -> ClientPlan {
        let sessions = design.sessionsMin + g.nextIndex(below: design.sessionsMax - design.sessionsMin + 1)
        let dateOffset = design.startDate == nil ? 0 : g.nextIndex(below: 182)
        let aKind = allianceKinds[c]
        var eventSession = 0
        switch aKind {
        case .rupture: eventSession = 2 + g.nextIndex(below: sessions - 1)   // 2 … S
        case .repair: eventSession = 2 + g.nextIndex(below: sessions - 2)    // 2 … S − 1
        default: break
        }
        return ClientPlan(client: c, therapist: therapistOf[c], sessions: sessions, dateOffset: dateOffset,
                          alliance: aKind, outcome: outcomeKinds[c], eventSession: eventSession)
    }

    /// Administrations given or missed: one uniform per session and instrument; the sessions
    /// around a planted alliance event and the first and last outcome administration are kept.
    func drawMissed(_ plan: ClientPlan, into draws: inout ClientDraws, _ g: inout SeededGenerator) {
        for t in 1...plan.sessions {
            for (m, p) in parts.enumerated() {
                var protected = false
                if m == alliance, plan.alliance == .rupture || plan.alliance == .repair {
                    protected = abs(t - plan.eventSession) <= 1
                }
                if p.isOutcome, m == outcome { protected = t == 1 || t == plan.sessions }
                let u = g.nextUniform()
                draws.missed[(t - 1) * parts.count + m] = !protected && u < design.missedRate
            }
        }
    }

    /// The client's latents (a, b, Δ), then per instrument its fixed ξ and η and per session
    /// θ and each item's category (the model in the type's documentation).
    func drawResponses(_ plan: ClientPlan, dip: Double, itemCount: Int, into draws: inout ClientDraws,
                       _ g: inout SeededGenerator) {
        let sigmaA = (0.95 - design.therapistICC).squareRoot()
        let a = therapistEffects[plan.therapist] + sigmaA * g.nextNormal()
        let b = 0.8 * g.nextNormal()
        let u = g.nextUniform()
        let delta: Double = switch plan.outcome {
        case .improvement: 0.9 + 0.7 * u
        case .unchanged: -0.15 + 0.5 * u
        case .deterioration: -1.4 + 0.6 * u
        }
        let sessions = plan.sessions
        for p in parts {
            let model = p.model
            let f = model.factorCount
            let rho = max(0, model.factorCorrelation)
            var xi = [Double](repeating: 0, count: f)
            for q in 0..<f { xi[q] = g.nextNormal() }
            var eta = [Double](repeating: 0, count: model.items.count)
            for j in 0..<model.items.count { eta[j] = g.nextNormal() }
            let ceilingHere = plan.alliance == .ceiling && !p.isOutcome && p.instrument.construct == .alliance
            for t in 1...sessions {
                let e = g.nextNormal()
                var theta: Double
                if p.isOutcome {
                    let shape = sessions > 1 ? log(Double(t)) / log(Double(sessions)) : 0
                    theta = b + delta * shape + Self.sessionNoise * e
                } else {
                    theta = a + Self.allianceTrend * Double(t - 1) + Self.sessionNoise * e
                    if plan.alliance == .rupture, t >= plan.eventSession { theta -= dip }
                    if plan.alliance == .repair, t == plan.eventSession { theta -= dip }
                }
                let base = (t - 1) * itemCount + p.offset
                for (j, it) in model.items.enumerated() {
                    let eps = g.nextNormal()
                    if let fixed = it.fixedCategory {
                        draws.raw[base + j] = it.raw(fixed)
                        continue
                    }
                    if ceilingHere {
                        draws.raw[base + j] = it.raw(it.categories - 1)
                        continue
                    }
                    let th = f == 1 ? theta
                        : model.factorSigns[it.factor] * (rho.squareRoot() * theta + (1 - rho).squareRoot() * xi[it.factor])
                    let unique = Self.itemStability.squareRoot() * eta[j] + (1 - Self.itemStability).squareRoot() * eps
                    let y = it.loading * th + it.uniqueness * unique
                    draws.raw[base + j] = it.raw(it.category(y))
                }
            }
        }
    }

    /// Instrument `m`'s tracked score at each administered session, in session order.
    func tracked(_ m: Int, _ plan: ClientPlan, _ draws: ClientDraws, itemCount: Int) -> [(session: Int, score: Double)] {
        let p = parts[m]
        var scores: [(session: Int, score: Double)] = []
        for t in 1...plan.sessions where !draws.missed[(t - 1) * parts.count + m] {
            let base = (t - 1) * itemCount + p.offset
            scores.append((t, p.score.score(raw: draws.raw, model: p.model, offset: base)))
        }
        return scores
    }

    /// The client's CSV rows: ids, session, date, then every item (empty when missed).
    func rows(_ plan: ClientPlan, _ draws: ClientDraws, itemCount: Int) -> [UInt8] {
        var out = CSVLineBuffer(reservingCapacity: plan.sessions * (24 + 5 * itemCount))
        let cid = clientID(plan.client), tid = therapistID(plan.therapist)
        let start = design.startDate?.adding(days: plan.dateOffset)
        for t in 1...plan.sessions {
            out.ascii(cid)
            out.comma()
            out.ascii(tid)
            out.comma()
            out.ascii(String(t))
            if let start {
                out.comma()
                out.ascii(start.adding(days: (t - 1) * design.intervalDays).description)
            }
            for (m, p) in parts.enumerated() {
                let skip = draws.missed[(t - 1) * parts.count + m]
                let base = (t - 1) * itemCount + p.offset
                for (j, it) in p.model.items.enumerated() {
                    out.comma()
                    if !skip { out.fixed(it.scaledMin + draws.raw[base + j] * it.scaledStep, decimals: it.decimals) }
                }
            }
            out.newline()
        }
        return out.bytes
    }

    /// The ground truth: missed administrations, then the alliance event, then the outcome
    /// category.
    func events(_ plan: ClientPlan, _ draws: ClientDraws, allianceScores: [(session: Int, score: Double)],
                outcomeScores: [(session: Int, score: Double)]) -> [Event] {
        let cid = clientID(plan.client), tid = therapistID(plan.therapist)
        var events: [Event] = []
        for t in 1...plan.sessions {
            for (m, p) in parts.enumerated() where draws.missed[(t - 1) * parts.count + m] {
                events.append(Event(client: cid, therapist: tid, instrument: p.instrument.id, kind: .missed, session: t))
            }
        }
        if let m = alliance {
            let id = parts[m].instrument.id
            switch plan.alliance {
            case .stable:
                events.append(Event(client: cid, therapist: tid, instrument: id, kind: .stable, threshold: ruptureThreshold))
            case .ceiling:
                events.append(Event(client: cid, therapist: tid, instrument: id, kind: .ceiling,
                                    score: parts[m].score.maximum))
            case .rupture, .repair:
                let i = allianceScores.firstIndex { $0.session == plan.eventSession }!
                events.append(Event(client: cid, therapist: tid, instrument: id,
                                    kind: plan.alliance == .rupture ? .rupture : .ruptureRepair,
                                    session: plan.eventSession, score: allianceScores[i].score,
                                    before: allianceScores[i - 1].score,
                                    after: i + 1 < allianceScores.count ? allianceScores[i + 1].score : nil,
                                    threshold: ruptureThreshold))
            }
        }
        if let m = outcome, let first = outcomeScores.first, let last = outcomeScores.last {
            let kind: Event.Kind = switch plan.outcome {
            case .improvement: .reliableImprovement
            case .unchanged: .unchanged
            case .deterioration: .reliableDeterioration
            }
            events.append(Event(client: cid, therapist: tid, instrument: parts[m].instrument.id, kind: kind,
                                session: last.session, score: last.score, before: first.score,
                                threshold: changeThreshold))
        }
        return events
    }
}
