/// Scores the rows of a ``ResponseBlock`` by one instrument's own rules.
///
/// Build one `Scorer` per instrument (it compiles the definition into flat member
/// tables), then call ``score(_:into:)`` once per block; blocks may be scored on any
/// thread. The hot loop allocates nothing per row.
///
/// ## Conventions
/// - **Reverse keying** uses the item's **declared** response range:
///   `x' = min + max − x` (``ResponseScale/reversed(_:)``), never the observed range.
///   A member's `reversed` overrides the item's own keying inside that scale. A reversed
///   *sub-scale* member is reflected against the sub-scale's possible range
///   (``possibleRange(ofScale:)``): `s' = lo + hi − s`.
/// - **Exact arithmetic.** Answers lie on a grid of at most `D` decimals (`D` = the largest
///   ``ResponseScale/decimals`` of the instrument), so each answer is an integer number of
///   units `10^−D`. Item sums are exact integers and each item-level score is produced by a
///   single correctly rounded division:
///   ```
///   sum          = S / 10^D
///   mean         = S / (10^D · a)
///   prorated sum = S · k / (10^D · a)
///   ```
///   where `S` = sum of (reversed) answers in units, `a` = answered members, `k` = members.
///   Response scales must lie within ``ResponseScale/exactUnitLimit`` units and a scale may
///   have at most ~6·10⁴ items: the initializer refuses anything larger, so `S` and `S · k`
///   provably fit in an `Int64` and the unchecked additions of the hot loop cannot wrap.
///   Scales built from sub-scales combine the sub-scale scores in double precision.
/// - **Not-applicable and invalid answers** count as missing unless a replacement rule says
///   otherwise (invalid cells reach the scorer only under `--on-invalid missing`).
/// - **Validity.** With neither `minAnswered` nor `maxMissing` declared: `sum` needs every
///   member; `mean` and `prorated-sum` need at least one. With either declared, each declared
///   limit must hold (and at least one member must be answered). Failing scores are `.nan`
///   with a ``ScaleStatus`` saying why.
/// - **Replacement** (CARE): let `r` be the not-applicable answers (plus the missing ones when
///   `applies` is `not-applicable-or-missing`). `r ≤ maxReplaced`: each is replaced by the
///   mean of the answered members, so `sum = prorated sum = mean · k`. `r > maxReplaced` →
///   ``ScaleStatus/tooManyReplaced``. Under `applies = not-applicable`, a missing answer →
///   ``ScaleStatus/missingNotReplaceable``. A declared validity rule is checked as well.
/// - **Transform** (TPS): applied last, `t = (x − fromMin)/(fromMax − fromMin)·(toMax − toMin) + toMin`;
///   cutoffs and bands are read on the transformed score.
/// - **Attention-check items** (``Item/expectedAnswer``) are never scored, even if a scale
///   lists them.
/// - **Answered count** (`n`): items answered before any replacement, over the scale's
///   items after expanding sub-scales.
public struct Scorer: Sendable {
    public let instrument: Instrument
    /// The scales scored, in declaration order (the column order of a ``ScoredBlock``).
    public let scales: [Scale]
    let compiled: [CompiledScale]
    /// The hot-loop form of `compiled`: plain-data arrays, so scoring a row touches no
    /// reference counts.
    let flat: FlatPlan
    /// `10^D`, the size of one unit of the answer grid.
    let unit: Double
    /// Largest |answer| in grid units (``ResponseScale/exactUnitLimit``).
    static let answerUnitLimit = ResponseScale.exactUnitLimit
    /// The narrowest block this scorer can read: one more than the highest slot it reads.
    let requiredItemCount: Int

    /// Compiles `instrument` for data whose items sit in the given slots of a
    /// ``ResponseBlock`` (`itemSlots[item.id]`). Attention-check items need no slot.
    ///
    /// - Throws: ``ScoringError`` when a scored item has no slot, a member is unknown,
    ///   a sub-scale is declared after the scale built from it, or a scale is empty.
    /// - Precondition: every slot is ≥ 0 (slots index a block's items; ``score(_:into:)``
    ///   checks that each block is wide enough for the highest one).
    public init(instrument: Instrument, itemSlots: [String: Int]) throws(ScoringError) {
        precondition(itemSlots.values.allSatisfy { $0 >= 0 }, "Scorer: item slots must be non-negative")
        self.instrument = instrument
        self.scales = instrument.scales
        var decimals = 0
        var rangeOf: [String: ResponseScale] = [:]
        for rs in instrument.responseScales {
            rangeOf[rs.id] = rs
        }
        for item in instrument.items where !item.isAttentionCheck {
            guard let rs = rangeOf[item.responseScale] else {
                throw ScoringError(.unknownResponseScale, instrument: instrument.id, item: item.id,
                                   message: "response scale '\(item.responseScale)' is not defined")
            }
            if let problem = rs.arithmeticProblem {
                throw ScoringError(.beyondExactArithmetic, instrument: instrument.id, item: item.id,
                                   message: "response scale '\(rs.id)': \(problem)")
            }
            decimals = max(decimals, rs.decimals)
        }
        var u = 1.0
        for _ in 0..<decimals { u *= 10 }
        unit = u

        var indexOf: [String: Int] = [:]
        var built: [CompiledScale] = []
        for (j, scale) in instrument.scales.enumerated() {
            var c = CompiledScale(scale: scale)
            var lo = 0.0, hi = 0.0
            for m in scale.members {
                switch m.kind {
                case .item:
                    guard let item = instrument.item(m.ref) else {
                        throw ScoringError(.unknownMember, instrument: instrument.id, scale: scale.id,
                                           item: m.ref, message: "member item '\(m.ref)' is not defined")
                    }
                    if item.isAttentionCheck { continue }
                    guard let slot = itemSlots[item.id] else {
                        throw ScoringError(.unmappedItem, instrument: instrument.id, scale: scale.id,
                                           item: item.id, message: "item '\(item.id)' has no column in the data")
                    }
                    let rs = rangeOf[item.responseScale]!
                    c.items.append(.init(slot: slot, reversed: m.reversed ?? item.reversed,
                                         minPlusMax: Int64(((rs.min + rs.max) * u).rounded()),
                                         minUnits: Int64((rs.min * u).rounded()),
                                         maxUnits: Int64((rs.max * u).rounded())))
                    c.countSlots.append(slot)
                    lo += rs.min
                    hi += rs.max
                case .scale:
                    guard let sub = indexOf[m.ref] else {
                        let known = instrument.scale(m.ref) != nil
                        throw ScoringError(known ? .scaleOrder : .unknownMember, instrument: instrument.id,
                                           scale: scale.id,
                                           message: known
                                               ? "sub-scale '\(m.ref)' must be declared before '\(scale.id)'"
                                               : "member scale '\(m.ref)' is not defined")
                    }
                    let r = built[sub].range
                    c.subscales.append(.init(index: sub, reversed: m.reversed ?? false,
                                             loPlusHi: r.lowerBound + r.upperBound))
                    for s in built[sub].countSlots where !c.countSlots.contains(s) {
                        c.countSlots.append(s)
                    }
                    lo += r.lowerBound
                    hi += r.upperBound
                }
            }
            c.memberCount = c.items.count + c.subscales.count
            guard c.memberCount > 0 else {
                throw ScoringError(.emptyScale, instrument: instrument.id, scale: scale.id,
                                   message: "the scale has no scorable member")
            }
            // Every answer is at most `answerUnitLimit` units, so |S| ≤ items · limit and
            // |S · k| ≤ items · k · limit: below Int64.max, the hot loop cannot overflow.
            let worst = Double(c.items.count) * Double(c.memberCount) * Self.answerUnitLimit
            guard worst < 0x1p62 else {
                throw ScoringError(.beyondExactArithmetic, instrument: instrument.id, scale: scale.id,
                                   message: "the scale has \(c.items.count) items and \(c.memberCount) members: exact sums hold at most \(Int((0x1p62 / Self.answerUnitLimit).squareRoot())) of each")
            }
            if scale.scoring == .mean {
                lo /= Double(c.memberCount)
                hi /= Double(c.memberCount)
            }
            if let t = scale.transform {
                let a = t.apply(lo), b = t.apply(hi)
                lo = Swift.min(a, b)
                hi = Swift.max(a, b)
            }
            c.range = lo...hi
            indexOf[scale.id] = j
            built.append(c)
        }
        compiled = built
        flat = FlatPlan(built)
        requiredItemCount = (built.flatMap(\.countSlots).max() ?? -1) + 1
    }

    /// The lowest and highest score a scale can take (after its transform), from the declared
    /// response ranges.
    public func possibleRange(ofScale index: Int) -> ClosedRange<Double> { compiled[index].range }

    /// Item slots a scale reads, after expanding sub-scales (attention checks excluded).
    public func itemSlots(ofScale index: Int) -> [Int] { compiled[index].countSlots }

    /// `T = 50 + 10 · (x − M) / SD` for the norm's mean `M` and standard deviation `SD`.
    public static func tScore(_ x: Double, norm: Norm) -> Double {
        tScore(x, mean: norm.mean, sd: norm.sd)
    }

    /// `T = 50 + 10 · (x − mean) / sd`.
    @inline(__always)
    public static func tScore(_ x: Double, mean: Double, sd: Double) -> Double {
        50 + 10 * (x - mean) / sd
    }

    /// Scores every row of `block`.
    public func score(_ block: ResponseBlock) -> ScoredBlock {
        var out = ScoredBlock()
        score(block, into: &out)
        return out
    }

    /// Scores every row of `block` into `out`, reusing its storage. Blocks of either form
    /// (``ResponseBlock/compact`` or `values`) give the same scores.
    ///
    /// - Precondition: `block` fits its shape (``ResponseBlock/checkShape()``) and has at least
    ///   the slots this scorer was built for: the loop below reads it through unsafe pointers.
    public func score(_ block: ResponseBlock, into out: inout ScoredBlock) {
        score(block, into: &out, FullDetail.self)
    }

    /// Scores every row of `block` as ``score(_:)`` does, but fills only
    /// ``ScoredBlock/scores`` and ``ScoredBlock/status``: `answered`, `cutoffs` and `bands`
    /// stay 0, 0 and −1. For passes that need the scores alone (reliability's score
    /// tallies): it skips the per-row count of answered items and the cutoff and band rules.
    public func scoresOnly(_ block: ResponseBlock) -> ScoredBlock {
        var out = ScoredBlock()
        score(block, into: &out, ScoresOnly.self)
        return out
    }

    private func score<D: ScoreDetail>(_ block: ResponseBlock, into out: inout ScoredBlock, _: D.Type) {
        block.checkShape()
        precondition(block.itemCount >= requiredItemCount,
                     "Scorer: the block has \(block.itemCount) item slots; \(instrument.id) reads slot \(requiredItemCount - 1)")
        block._checkInvariants()
        defer { out._checkInvariants() }
        if let compact = block.compact {
            let units = CodeScoreCells.unitTable(compact.grids, unit: unit)
            compact.codes.withUnsafeBufferPointer { codes in
                units.table.withUnsafeBufferPointer { table in
                units.start.withUnsafeBufferPointer { start in
                    let cells = CodeScoreCells(codes: codes.baseAddress!, units: table.baseAddress,
                                               start: start.baseAddress)
                    score(cells, block, into: &out, D.self)
                }}
            }
            return
        }
        block.values.withUnsafeBufferPointer { values in
        block.status.withUnsafeBufferPointer { status in
            score(ValueScoreCells(values: values.baseAddress, status: status.baseAddress, unit: unit), block,
                  into: &out, D.self)
        }}
    }

    private func score<Cells: ScoreCells, D: ScoreDetail>(_ cells: Cells, _ block: ResponseBlock,
                                                          into out: inout ScoredBlock, _: D.Type) {
        let sc = compiled.count
        out.reset(firstRow: block.firstRow, rowCount: block.rowCount, scaleCount: sc)
        let width = block.itemCount
        let rowCount = block.rowCount
        let u = unit
        let flat = self.flat
        flat.params.withUnsafeBufferPointer { params in
        flat.items.withUnsafeBufferPointer { itemMembers in
        flat.subscales.withUnsafeBufferPointer { subMembers in
        flat.countSlots.withUnsafeBufferPointer { countSlots in
        flat.cutoffs.withUnsafeBufferPointer { cutRules in
        flat.bands.withUnsafeBufferPointer { bandRules in
        out.scores.withUnsafeMutableBufferPointer { scores in
        out.answered.withUnsafeMutableBufferPointer { answered in
        out.status.withUnsafeMutableBufferPointer { status in
        out.cutoffs.withUnsafeMutableBufferPointer { cuts in
        out.bands.withUnsafeMutableBufferPointer { bands in
            for row in 0..<rowCount {
                let base = row &* width
                let outBase = row &* sc
                for j in 0..<sc {
                    let c = params[j]
                    // Items: exact integer sum in grid units.
                    var s: Int64 = 0
                    var a = 0, na = 0, miss = 0
                    for m in c.itemStart..<c.itemEnd {
                        let member = itemMembers[m]
                        let i = base &+ member.slot
                        let cell = cells.read(i, slot: member.slot)
                        switch cell.kind {
                        case .answered:
                            var v = cell.units
                            if member.reversed { v = member.minPlusMax &- v }
                            s &+= v
                            a &+= 1
                        case .notApplicable: na &+= 1
                        case .missing: miss &+= 1
                        }
                    }
                    // Sub-scales: scores already computed for this row.
                    var subSum = 0.0
                    var subMissing = 0
                    let hasSubscales = c.subStart < c.subEnd
                    for m in c.subStart..<c.subEnd {
                        let member = subMembers[m]
                        let x = scores[outBase &+ member.index]
                        if status[outBase &+ member.index] == .valid {
                            subSum += member.reversed ? member.loPlusHi - x : x
                            a &+= 1
                        } else {
                            miss &+= 1
                            subMissing &+= 1
                        }
                    }
                    // Answered items (for n).
                    var n = a
                    if D.full && hasSubscales {
                        n = 0
                        for k in c.countStart..<c.countEnd where cells.isAnswered(base &+ countSlots[k]) { n &+= 1 }
                    }
                    let st = c.validity(answered: a, notApplicable: na, missing: miss, subscalesMissing: subMissing)
                    let o = outBase &+ j
                    if D.full { answered[o] = Int32(truncatingIfNeeded: n) }
                    status[o] = st
                    guard st == .valid else {
                        scores[o] = .nan
                        if D.full {
                            cuts[o] = 0
                            bands[o] = -1
                        }
                        continue
                    }
                    let x = c.score(units: s, subscaleSum: hasSubscales ? subSum : nil, answered: a, unit: u)
                    scores[o] = x
                    guard D.full else { continue }
                    var mask: UInt64 = 0
                    var bit: UInt64 = 1
                    for r in c.cutStart..<c.cutEnd {
                        if cutRules[r].flags(x) { mask |= bit }
                        bit <<= 1
                    }
                    cuts[o] = mask
                    var band: Int16 = -1
                    for r in c.bandStart..<c.bandEnd where x >= bandRules[r].lower && x <= bandRules[r].upper {
                        band = Int16(truncatingIfNeeded: r &- c.bandStart)
                        break
                    }
                    bands[o] = band
                }
            }
        }}}}}}}}}}}
    }
}

/// What a scoring pass fills besides scores and statuses (resolved at compile time, so the
/// scores-only loop carries no test for it).
protocol ScoreDetail { static var full: Bool { get } }
/// Answered counts, cutoff flags and bands too (``Scorer/score(_:into:)``).
enum FullDetail: ScoreDetail { static var full: Bool { true } }
/// Scores and statuses alone (``Scorer/scoresOnly(_:)``), into a fresh block.
enum ScoresOnly: ScoreDetail { static var full: Bool { false } }

/// A compiled instrument as plain-data arrays indexed by ranges (see ``CompiledScale``).
struct FlatPlan: Sendable {
    struct Params: Sendable {
        var itemStart = 0, itemEnd = 0
        var subStart = 0, subEnd = 0
        var countStart = 0, countEnd = 0
        var cutStart = 0, cutEnd = 0
        var bandStart = 0, bandEnd = 0
        var memberCount = 0
        var scoring: Scale.Scoring = .sum
        /// `-1`: not declared.
        var minAnswered = -1
        var maxMissing = -1
        /// `-1`: no replacement rule.
        var maxReplaced = -1
        var replacesMissing = false
        var hasTransform = false
        var fromMin = 0.0, fromMax = 1.0, toMin = 0.0, toMax = 1.0

        /// The score of a row: `units` = sum of the answered items in grid units, `subscaleSum`
        /// = sum of the (keyed) sub-scale scores when the scale has sub-scales, `answered` =
        /// answered members (the conventions are documented on ``Scorer``).
        @inline(__always)
        func score(units s: Int64, subscaleSum: Double?, answered a: Int, unit u: Double) -> Double {
            let k = memberCount
            let scaleUp = maxReplaced >= 0 || scoring == .proratedSum
            var x: Double
            if let subSum = subscaleSum {
                let total = Double(s) / u + subSum
                switch scoring {
                case .mean: x = total / Double(a)
                case .sum, .proratedSum: x = scaleUp ? total * Double(k) / Double(a) : total
                }
            } else {
                switch scoring {
                case .mean: x = Double(s) / (u * Double(a))
                case .sum, .proratedSum:
                    x = scaleUp ? Double(s &* Int64(k)) / (u * Double(a)) : Double(s) / u
                }
            }
            if hasTransform {
                x = (x - fromMin) / (fromMax - fromMin) * (toMax - toMin) + toMin
            }
            return x
        }

        /// Applies the scale's replacement and validity rules to one row's member counts
        /// (the rules are documented on ``Scorer``).
        @inline(__always)
        func validity(answered a: Int, notApplicable na: Int, missing miss: Int,
                      subscalesMissing: Int) -> ScaleStatus {
            if a == 0 { return subscalesMissing > 0 ? .subscaleMissing : .noAnswers }
            if maxReplaced >= 0 {
                if replacesMissing {
                    if na &+ miss > maxReplaced { return .tooManyReplaced }
                } else {
                    if miss > 0 { return .missingNotReplaceable }
                    if na > maxReplaced { return .tooManyReplaced }
                }
            }
            let missing = memberCount &- a
            if minAnswered < 0 && maxMissing < 0 {
                if maxReplaced < 0 && scoring == .sum && missing > 0 {
                    return subscalesMissing > 0 ? .subscaleMissing : .incomplete
                }
                return .valid
            }
            if minAnswered >= 0 && a < minAnswered { return .tooFewAnswered }
            if maxMissing >= 0 && missing > maxMissing { return .tooManyMissing }
            return .valid
        }
    }

    struct CutRule: Sendable {
        var value: Double
        var below: Bool
        var inclusive: Bool
        @inline(__always)
        func flags(_ x: Double) -> Bool {
            below ? (inclusive ? x <= value : x < value) : (inclusive ? x >= value : x > value)
        }
    }

    struct BandRule: Sendable {
        var lower: Double
        var upper: Double
    }

    var params: [Params] = []
    var items: [CompiledScale.ItemMember] = []
    var subscales: [CompiledScale.SubscaleMember] = []
    var countSlots: [Int] = []
    var cutoffs: [CutRule] = []
    var bands: [BandRule] = []

    init(_ compiled: [CompiledScale]) {
        for c in compiled {
            var p = Params()
            p.itemStart = items.count
            items += c.items
            p.itemEnd = items.count
            p.subStart = subscales.count
            subscales += c.subscales
            p.subEnd = subscales.count
            p.countStart = countSlots.count
            countSlots += c.countSlots
            p.countEnd = countSlots.count
            p.cutStart = cutoffs.count
            cutoffs += c.cutoffs.prefix(64).map {
                CutRule(value: $0.value, below: $0.direction == .below, inclusive: $0.inclusive)
            }
            p.cutEnd = cutoffs.count
            p.bandStart = bands.count
            bands += c.bands.prefix(Int(Int16.max)).map { BandRule(lower: $0.lower, upper: $0.upper) }
            p.bandEnd = bands.count
            p.memberCount = c.memberCount
            p.scoring = c.scoring
            p.minAnswered = c.minAnswered ?? -1
            p.maxMissing = c.maxMissing ?? -1
            if let r = c.replacement {
                p.maxReplaced = max(0, r.maxReplaced)
                p.replacesMissing = r.applies == .notApplicableOrMissing
            }
            if let t = c.transform {
                p.hasTransform = true
                (p.fromMin, p.fromMax, p.toMin, p.toMax) = (t.fromMin, t.fromMax, t.toMin, t.toMax)
            }
            params.append(p)
        }
    }
}

/// One scale compiled to flat member tables.
struct CompiledScale: Sendable {
    struct ItemMember: Sendable {
        var slot: Int
        var reversed: Bool
        /// `(min + max) · 10^D` of the item's declared range.
        var minPlusMax: Int64
        /// `min · 10^D` and `max · 10^D`.
        var minUnits: Int64
        var maxUnits: Int64
    }
    struct SubscaleMember: Sendable {
        var index: Int
        var reversed: Bool
        var loPlusHi: Double
    }
    var items: [ItemMember] = []
    var subscales: [SubscaleMember] = []
    var countSlots: [Int] = []
    var memberCount = 0
    var scoring: Scale.Scoring
    var minAnswered: Int?
    var maxMissing: Int?
    var replacement: Scale.Replacement?
    var transform: Scale.Transform?
    var cutoffs: [Cutoff]
    var bands: [Band]
    var range: ClosedRange<Double> = 0...0

    init(scale: Scale) {
        scoring = scale.scoring
        minAnswered = scale.validity.minAnswered
        maxMissing = scale.validity.maxMissing
        replacement = scale.replacement
        transform = scale.transform
        cutoffs = scale.interpretation.cutoffs
        bands = scale.interpretation.bands
    }

    var replaces: Bool { replacement != nil }
}
