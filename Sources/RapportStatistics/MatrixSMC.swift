/// Squared multiple correlations of each item on all the others, as `psych::smc`.
///
/// ```
/// R    = cov2cor(A)
/// smcᵢ = 1 − 1 / (R⁺)ᵢᵢ            R⁺ = psych::Pinv(R) (the inverse when R is regular)
/// smcᵢ ← min(max(smcᵢ, 0), 1)       psych clamps, with a message, when rounding or
///                                   a singular R pushes a value outside [0, 1]
/// ```
/// psych 2.2.9 always inverts through `Pinv` (an SVD pseudo-inverse), so a singular `R`
/// (e.g. an item that is the sum of others, or more items than complete rows) still gives
/// values; ``isSingular`` tells when that fallback changed anything (rank < k).
///
/// Edge cases: `k = 1` gives `[0]`-like values from `1 − 1/1 = 0`; a matrix with NaN
/// entries (a pair of items never answered together) gives NaN for every item — psych
/// then re-estimates from the non-missing block, which Rapport does not imitate: it
/// reports the missing pair instead.
public struct SquaredMultipleCorrelations: Sendable, Hashable {
    /// `smcᵢ` per item, in `[0, 1]` (NaN when the matrix had NaN entries).
    public let values: [Double]
    /// True when the correlation matrix had numerical rank below `k` (pseudo-inverse used).
    public let isSingular: Bool
    /// Items whose raw value fell outside `[0, 1]` and were clamped (psych's messages).
    public let clampedItems: [Int]

    /// SMCs of the covariance or correlation matrix `matrix` (it is converted by `cov2cor`).
    public init(_ matrix: SymmetricMatrix) {
        let k = matrix.count
        if matrix.containsNaN || matrix.diagonal.contains(where: { !($0 > 0) }) {
            values = Array(repeating: .nan, count: k)
            isSingular = false
            clampedItems = []
            return
        }
        let r = matrix.correlation()
        let rank: Int
        let inverse: SymmetricMatrix
        // One eigen decomposition serves both the rank check and the pseudo-inverse.
        let e = r.eigen()
        let largest = e.values.map(abs).max() ?? 0
        let cut = Double.ulpOfOne.squareRoot() * largest
        rank = e.values.filter { abs($0) > cut }.count
        if rank == k, let chol = r.choleskyInverse() {
            inverse = chol
        } else {
            inverse = r.pseudoInverse()
        }
        var out = [Double]()
        var clamped = [Int]()
        out.reserveCapacity(k)
        for i in 0..<k {
            var s = 1 - 1 / inverse[i, i]
            if s > 1 {
                s = 1
                clamped.append(i)
            } else if s < 0 {
                s = 0
                clamped.append(i)
            } else if s.isNaN {
                // 1/0 from a zero diagonal of the pseudo-inverse: psych's value is −∞ → 0.
                s = 0
                clamped.append(i)
            }
            out.append(s)
        }
        values = out
        isSingular = rank < k
        clampedItems = clamped
    }
}

extension SymmetricMatrix {
    /// `psych::smc` of this covariance or correlation matrix (see ``SquaredMultipleCorrelations``).
    public func squaredMultipleCorrelations() -> [Double] {
        SquaredMultipleCorrelations(self).values
    }
}
