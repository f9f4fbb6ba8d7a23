import Testing
@testable import RapportStatistics

/// Split-half statistics against psych 2.2.9 `splitHalf(r, check.keys = FALSE, raw = TRUE)`
/// on `cov2cor(cov(x, use = "pairwise"))`. psych enumerates for every set here (k ≤ 16), so
/// its convention is reproduced exactly: the same split values in the same order (1e-12),
/// the same count, and maxrb/minrb/meanr to 1e-12.
@Suite struct SplitHalfTests {
    let ref = OmegaReference.shared

    @Test(arguments: OmegaReference.setNames)
    func psychConventionIsExact(_ name: String) throws {
        let set = try #require(ref.sets[name])
        let r = SymmetricMatrix(set.cov2cor)
        let s = try #require(SplitHalf(r, enumeration: .psych()))
        #expect(s.exhaustive)
        #expect(s.splits == set.splitHalf.count)
        #expect(abs(s.maximum - set.splitHalf.maxrb) < 1e-12)
        #expect(abs(s.minimum - set.splitHalf.minrb) < 1e-12)
        #expect(abs(s.mean - set.splitHalf.meanr) < 1e-12)
        // Same splits in the same order.
        var values: [Double] = []
        SplitHalf.forEachCombination(r.count, r.count / 2, limit: s.splits) { half in
            values.append(SplitHalf.reliability(of: half, in: r, rowSums: r.rowSums, total: r.sum))
        }
        #expect(maxAbsDifference(values, set.splitHalf.raw) < 1e-12)
    }

    /// All distinct splits: for even k identical to psych; for odd k twice psych's count and
    /// a maximum at least psych's.
    @Test(arguments: OmegaReference.setNames)
    func allDistinctSplits(_ name: String) throws {
        let set = try #require(ref.sets[name])
        let r = SymmetricMatrix(set.cov2cor)
        let k = r.count
        let s = try #require(SplitHalf(r))
        let psych = try #require(SplitHalf(r, enumeration: .psych()))
        #expect(s.exhaustive)
        if k % 2 == 0 {
            #expect(s.splits == SplitHalf.binomial(k, k / 2) / 2)
            #expect(s == psych)
        } else {
            #expect(s.splits == SplitHalf.binomial(k, k / 2))
            #expect(s.maximum >= psych.maximum)
            #expect(s.minimum <= psych.minimum)
        }
        #expect(s.maximumHalf.count == k / 2)
    }

    /// k = 5 (bfi): psych enumerates 5 of the 10 distinct splits; Rapport's default has all 10.
    @Test func bfiFiveItemsCounts() throws {
        let set = try #require(ref.sets["agreeableness"])
        let r = SymmetricMatrix(set.cov2cor)
        #expect(SplitHalf(r, enumeration: .psych())?.splits == 5)
        #expect(SplitHalf(r)?.splits == 10)
    }

    /// k = 7: count = 35/2 = 17.5 — psych evaluates 18 splits and divides by 17.5.
    @Test func psychOddCountQuirk() throws {
        let set = try #require(ref.sets["synthetic7"])
        let r = SymmetricMatrix(set.cov2cor)
        let s = try #require(SplitHalf(r, enumeration: .psych()))
        #expect(s.splits == 18)
        var sum = 0.0
        SplitHalf.forEachCombination(7, 3, limit: 18) { half in
            sum += SplitHalf.reliability(of: half, in: r, rowSums: r.rowSums, total: r.sum)
        }
        #expect(abs(s.mean - sum / 17.5) < 1e-12)
    }

    @Test func sixteenItemsEnumerateLikePsych() throws {
        let six = ref.sixteen
        let r = SymmetricMatrix(six.cov2cor)
        let s = try #require(SplitHalf(r, enumeration: .psych()))
        #expect(s.exhaustive)
        #expect(s.splits == six.count)
        #expect(s.splits == 6435)
        #expect(abs(s.maximum - six.maxrb) < 1e-12)
        #expect(abs(s.minimum - six.minrb) < 1e-12)
        #expect(abs(s.mean - six.meanr) < 1e-12)
        #expect(try #require(SplitHalf(r)) == s)
    }

    /// Above the limit: seeded random splits, reproducible, bounded by the exhaustive values.
    @Test func randomSplitsAreSeeded() throws {
        let six = SymmetricMatrix(ref.sixteen.cov2cor)
        let exhaustive = try #require(SplitHalf(six))
        let random = try #require(SplitHalf(six, enumeration: .allDistinct(exhaustiveLimit: 10,
                                                                           randomSplits: 2000,
                                                                           seed: 42)))
        let again = try #require(SplitHalf(six, enumeration: .allDistinct(exhaustiveLimit: 10,
                                                                          randomSplits: 2000,
                                                                          seed: 42)))
        let other = try #require(SplitHalf(six, enumeration: .allDistinct(exhaustiveLimit: 10,
                                                                          randomSplits: 2000,
                                                                          seed: 43)))
        #expect(!random.exhaustive)
        #expect(random.splits == 2000)
        #expect(random == again)
        #expect(random != other)
        #expect(random.maximum <= exhaustive.maximum + 1e-15)
        #expect(random.minimum >= exhaustive.minimum - 1e-15)
        #expect(abs(random.mean - exhaustive.mean) < 0.01)
    }

    /// For even k the mean over all splits of 4 r_AB / V equals standardized α.
    @Test func meanOfAllSplitsIsAlphaForEvenK() throws {
        let set = try #require(ref.sets["synthetic8"])
        let s = try #require(SplitHalf(SymmetricMatrix(set.cov2cor)))
        #expect(abs(s.mean - set.splitHalf.alpha) < 1e-12)
    }

    @Test func binomialAndCombinations() {
        #expect(SplitHalf.binomial(16, 8) == 12870)
        #expect(SplitHalf.binomial(5, 2) == 10)
        var seen: [[Int]] = []
        SplitHalf.forEachCombination(4, 2, limit: 100) { seen.append($0) }
        #expect(seen == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]])
        #expect(SplitHalf(SymmetricMatrix([[1]])) == nil)
    }
}

