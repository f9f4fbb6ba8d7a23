/// REML variance components of the crossed random-effects model behind psych's default
/// `ICC(x, lmer = TRUE)`:
/// ```
/// y_ij = μ + a_i + b_j + e_ij,   a ~ N(0, σ²_t), b ~ N(0, σ²_r), e ~ N(0, σ²_e)
/// ```
/// over the observed cells only (`lme4::lmer(values ~ 1 + (1|id) + (1|items))`).
///
/// With `θ = (σ_t/σ_e, σ_r/σ_e)`, `Z = [Z_t Z_r]`, `Λ = diag(θ_t 1ₙ, θ_r 1ₖ)`,
/// `M = I + Λ ZᵀZ Λ` and `H = I + Z Λ² Zᵀ`, the REML deviance profiled over `μ` and `σ²_e` is
/// ```
/// d(θ) = (N − 1) log(rᵀH⁻¹r) + log|M| + log(1ᵀH⁻¹1),   r = y − μ̂,  σ̂²_e = rᵀH⁻¹r / (N − 1)
/// aᵀH⁻¹b = aᵀb − (ΛZᵀa)ᵀ M⁻¹ (ΛZᵀb)          (Woodbury)
/// ```
/// `M`'s target block is diagonal, so it is eliminated first and only a `k × k` Schur
/// complement is factored: cost `O(N + n k² + k³)` per evaluation. `d` is minimised by
/// Nelder–Mead over `t ∈ ℝ²` with `θ = |t|` (so a component can reach its boundary 0),
/// restarted once from the optimum; deterministic for a given table.
struct ICCRestrictedLikelihood {
    let n: Int, k: Int
    let cells: [(i: Int, j: Int, y: Double)]
    let rowCount: [Double], colCount: [Double]
    let rowSum: [Double], colSum: [Double]
    let sumY: Double, sumY2: Double
    /// Rater pairs co-rating each target: `coRated[i]` lists the raters of target `i`.
    let coRated: [[Int]]

    init(ratings: [[Double?]]) {
        n = ratings.count
        k = ratings.first?.count ?? 0
        var c: [(Int, Int, Double)] = []
        for (i, row) in ratings.enumerated() {
            for (j, x) in row.enumerated() { if let x { c.append((i, j, x)) } }
        }
        // Centre y: REML with an intercept is invariant to a shift, and it helps rounding.
        let mean = c.reduce(0) { $0 + $1.2 } / Double(max(c.count, 1))
        cells = c.map { (i: $0.0, j: $0.1, y: $0.2 - mean) }
        var rc = [Double](repeating: 0, count: n), cc = [Double](repeating: 0, count: k)
        var rs = [Double](repeating: 0, count: n), cs = [Double](repeating: 0, count: k)
        var s = 0.0, s2 = 0.0
        var co = [[Int]](repeating: [], count: n)
        for cell in cells {
            rc[cell.i] += 1; cc[cell.j] += 1
            rs[cell.i] += cell.y; cs[cell.j] += cell.y
            s += cell.y; s2 += cell.y * cell.y
            co[cell.i].append(cell.j)
        }
        rowCount = rc; colCount = cc; rowSum = rs; colSum = cs
        sumY = s; sumY2 = s2
        coRated = co
    }

    /// The profiled REML deviance (constant dropped) and `rᵀH⁻¹r / (N − 1)` at `θ`.
    func deviance(_ ta: Double, _ tb: Double) -> (deviance: Double, sigma2: Double) {
        let nObs = Double(cells.count)
        let ta2 = ta * ta, tb2 = tb * tb
        let d = rowCount.map { 1 + ta2 * $0 }
        // Schur complement S = diag(1 + θ_r² m_j) − θ_t²θ_r² Σ_i (C_i· C_iᵀ) / D_i.
        var s = SymmetricMatrix(count: k)
        for j in 0..<k { s[j, j] = 1 + tb2 * colCount[j] }
        for i in 0..<n where !coRated[i].isEmpty {
            let w = ta2 * tb2 / d[i]
            let raters = coRated[i]
            for a in raters {
                for b in raters where b <= a { s[a, b] -= w }
            }
        }
        guard let l = s.choleskyFactor() else { return (.infinity, .nan) }
        var logDet = 0.0
        for i in 0..<n { logDet += log(d[i]) }
        for j in 0..<k { logDet += 2 * log(l[j * k + j]) }

        // Solve M x = w for w = ΛZᵀu, u ∈ {1, y}; return wᵀx.
        func solve(_ w1: [Double], _ w2: [Double]) -> (x1: [Double], x2: [Double]) {
            // rhs2 = w2 − θ_tθ_r Cᵀ (w1 / D)
            var rhs = w2
            for i in 0..<n where !coRated[i].isEmpty {
                let f = ta * tb * w1[i] / d[i]
                for j in coRated[i] { rhs[j] -= f }
            }
            // Cholesky solve S x2 = rhs.
            var z = rhs
            for r in 0..<k {
                var v = z[r]
                for c in 0..<r { v -= l[r * k + c] * z[c] }
                z[r] = v / l[r * k + r]
            }
            for r in stride(from: k - 1, through: 0, by: -1) {
                var v = z[r]
                for c in (r + 1)..<max(k, r + 1) { v -= l[c * k + r] * z[c] }
                z[r] = v / l[r * k + r]
            }
            var x1 = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var cx = 0.0
                for j in coRated[i] { cx += z[j] }
                x1[i] = (w1[i] - ta * tb * cx) / d[i]
            }
            return (x1, z)
        }
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for i in a.indices { s += a[i] * b[i] }
            return s
        }
        let w1One = rowCount.map { ta * $0 }, w2One = colCount.map { tb * $0 }
        let w1Y = rowSum.map { ta * $0 }, w2Y = colSum.map { tb * $0 }
        let xOne = solve(w1One, w2One)
        let xY = solve(w1Y, w2Y)
        let s11 = nObs - dot(w1One, xOne.x1) - dot(w2One, xOne.x2)
        let s1y = sumY - dot(w1One, xY.x1) - dot(w2One, xY.x2)
        let syy = sumY2 - dot(w1Y, xY.x1) - dot(w2Y, xY.x2)
        let rhr = syy - s1y * s1y / s11
        guard rhr > 0, s11 > 0 else { return (.infinity, .nan) }
        let dev = (nObs - 1) * log(rhr) + logDet + log(s11)
        return (dev, rhr / (nObs - 1))
    }

    /// The REML estimates `(σ²_t, σ²_r, σ²_e)`.
    func estimate() -> ICC.VarianceComponents {
        func f(_ t: [Double]) -> Double { deviance(abs(t[0]), abs(t[1])).deviance }
        var best = nelderMead(f, start: [1, 1], step: 0.5)
        best = nelderMead(f, start: best, step: 0.05)
        best = nelderMead(f, start: best, step: 0.001)
        let ta = abs(best[0]), tb = abs(best[1])
        let e = deviance(ta, tb).sigma2
        return ICC.VarianceComponents(target: ta * ta * e, rater: tb * tb * e, residual: e)
    }
}

/// Nelder–Mead minimisation (standard coefficients 1, 2, ½, ½), deterministic.
/// Stops when the simplex's function values agree to 1e-14 relative and its diameter is
/// below 1e-11, or after 4000 iterations.
func nelderMead(_ f: ([Double]) -> Double, start: [Double], step: Double) -> [Double] {
    let dim = start.count
    var simplex = [start]
    for i in 0..<dim {
        var p = start
        p[i] += step
        simplex.append(p)
    }
    var values = simplex.map(f)
    for _ in 0..<4000 {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        simplex = order.map { simplex[$0] }
        values = order.map { values[$0] }
        let spread = abs(values[dim] - values[0])
        var diameter = 0.0
        for p in simplex.dropFirst() {
            for c in 0..<dim { diameter = max(diameter, abs(p[c] - simplex[0][c])) }
        }
        if spread <= 1e-14 * (abs(values[0]) + 1e-300) && diameter <= 1e-11 { break }
        var centroid = [Double](repeating: 0, count: dim)
        for p in simplex.dropLast() { for c in 0..<dim { centroid[c] += p[c] / Double(dim) } }
        func along(_ t: Double) -> [Double] {
            (0..<dim).map { centroid[$0] + t * (simplex[dim][$0] - centroid[$0]) }
        }
        let reflected = along(-1)
        let fr = f(reflected)
        if fr < values[0] {
            let expanded = along(-2)
            let fe = f(expanded)
            if fe < fr { simplex[dim] = expanded; values[dim] = fe } else { simplex[dim] = reflected; values[dim] = fr }
        } else if fr < values[dim - 1] {
            simplex[dim] = reflected; values[dim] = fr
        } else {
            let contracted = fr < values[dim] ? along(-0.5) : along(0.5)
            let fc = f(contracted)
            if fc < min(fr, values[dim]) {
                simplex[dim] = contracted; values[dim] = fc
            } else {
                for i in 1...dim {
                    simplex[i] = (0..<dim).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                    values[i] = f(simplex[i])
                }
            }
        }
    }
    let i = values.indices.min { values[$0] < values[$1] }!
    return simplex[i]
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
