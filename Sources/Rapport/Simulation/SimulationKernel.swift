import RapportStatistics

/// The per-cell data of a ``SimulationModel`` in flat arrays, for the hot loop: no struct
/// with reference-counted members is copied per cell, so workers on different threads do
/// not contend on shared reference counts.
struct SimulationKernel: Sendable {
    let itemCount: Int
    let factorCount: Int
    let loading: [Double]
    let uniqueness: [Double]
    let factor: [Int]
    let categories: [Int]
    let reversed: [Bool]
    /// Keyed category of attention-check items, −1 otherwise.
    let fixed: [Int]
    /// Thresholds of item j: `thresholds[offsets[j] ..< offsets[j + 1]]`.
    let thresholds: [Double]
    let offsets: [Int]
    let scaledMin: [Int]
    let scaledStep: [Int]
    let decimals: [Int]
    let cholesky: [Double]

    init(_ m: SimulationModel) {
        itemCount = m.items.count
        factorCount = m.factorCount
        loading = m.items.map(\.loading)
        uniqueness = m.items.map(\.uniqueness)
        factor = m.items.map(\.factor)
        categories = m.items.map(\.categories)
        reversed = m.items.map(\.reversed)
        fixed = m.items.map { $0.fixedCategory ?? -1 }
        var t: [Double] = []
        var o = [0]
        for it in m.items {
            t += it.thresholds
            o.append(t.count)
        }
        thresholds = t
        offsets = o
        scaledMin = m.items.map(\.scaledMin)
        scaledStep = m.items.map(\.scaledStep)
        decimals = m.items.map(\.decimals)
        cholesky = m.cholesky
    }

    /// Draws one respondent's raw categories into `raw` (factors, then one ε per non-fixed
    /// item, in item order — the same draw order as before flattening).
    @inline(__always)
    func drawRow(_ g: inout SeededGenerator, z: UnsafeMutableBufferPointer<Double>,
                 theta: UnsafeMutableBufferPointer<Double>, raw: UnsafeMutableBufferPointer<Int>) {
        let f = factorCount
        cholesky.withUnsafeBufferPointer { l in
            for a in 0..<f { z[a] = g.nextNormal() }
            for a in 0..<f {
                var s = 0.0
                for b in 0...a { s += l[a &* f &+ b] * z[b] }
                theta[a] = s
            }
        }
        thresholds.withUnsafeBufferPointer { th in
            for j in 0..<itemCount {
                let k = categories[j]
                var c: Int
                if fixed[j] >= 0 {
                    c = fixed[j]
                } else {
                    let y = loading[j] * theta[factor[j]] + uniqueness[j] * g.nextNormal()
                    var lo = offsets[j], hi = offsets[j + 1]
                    let base = lo
                    while lo < hi {
                        let mid = (lo &+ hi) >> 1
                        if y > th[mid] { lo = mid &+ 1 } else { hi = mid }
                    }
                    c = lo &- base
                }
                raw[j] = reversed[j] ? k &- 1 &- c : c
            }
        }
    }
}
