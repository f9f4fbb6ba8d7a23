extension Scorer {
    /// Every score scale `index` can produce from answers on the declared grids, computed by
    /// the scorer's own arithmetic (so each is bit for bit the score a row would get), or `nil`
    /// when the enumeration would exceed `limit` combinations.
    ///
    /// - Item members: `a` answered (`0…items`), unit sums `s` over `[a·min, a·max]` in grid
    ///   units (a superset of the reachable sums).
    /// - Sub-scale members: each missing, or any of its own possible scores (keyed as the
    ///   scale keys it), summed in member order as ``score(_:into:)`` sums them.
    ///
    /// Values a row can never reach may be listed too (a sum no grid combination gives, a
    /// count the validity rule refuses); every reachable value is listed. Used to format the
    /// few values a scale can take once per run (``ScoreOutputFormat``).
    public func possibleScores(ofScale index: Int, limit: Int = 1 << 16) -> [Double]? {
        var memo: [Int: [Double]?] = [:]
        return possibleScores(index, limit: limit, memo: &memo)
    }

    private func possibleScores(_ index: Int, limit: Int, memo: inout [Int: [Double]?]) -> [Double]? {
        if let known = memo[index] { return known }
        let c = compiled[index]
        let params = flat.params[index]
        let u = unit
        let lo = c.items.map(\.minUnits).min() ?? 0
        let hi = c.items.map(\.maxUnits).max() ?? 0
        // Item part: (answered, unit sum) pairs.
        var itemParts: [(a: Int, s: Int64)] = []
        let minimum = c.subscales.isEmpty ? 1 : 0
        if c.items.count >= minimum {
            for a in minimum...c.items.count {
                let from = Int64(a) * lo, to = Int64(a) * hi
                guard itemParts.count + Int(to - from) < limit else { memo[index] = .some(nil); return nil }
                for s in from...to { itemParts.append((a, s)) }
            }
        }
        // Sub-scale part: (valid sub-scales, keyed sum in member order) combinations.
        var subParts: [(a: Int, sum: Double)] = [(0, 0)]
        for member in c.subscales {
            guard let values = possibleScores(member.index, limit: limit, memo: &memo) else {
                memo[index] = .some(nil)
                return nil
            }
            guard subParts.count.multipliedReportingOverflow(by: values.count + 1).partialValue <= limit else {
                memo[index] = .some(nil)
                return nil
            }
            var next = subParts
            for part in subParts {
                for x in values {
                    next.append((part.a + 1, part.sum + (member.reversed ? member.loPlusHi - x : x)))
                }
            }
            subParts = next
        }
        guard itemParts.count.multipliedReportingOverflow(by: subParts.count).partialValue <= limit else {
            memo[index] = .some(nil)
            return nil
        }
        var seen = Set<UInt64>()
        var out: [Double] = []
        for item in itemParts {
            for sub in subParts where item.a + sub.a > 0 {
                let x = params.score(units: item.s, subscaleSum: c.subscales.isEmpty ? nil : sub.sum,
                                     answered: item.a + sub.a, unit: u)
                if x.isFinite, seen.insert(x.bitPattern).inserted { out.append(x) }
            }
        }
        memo[index] = .some(out)
        return out
    }
}
