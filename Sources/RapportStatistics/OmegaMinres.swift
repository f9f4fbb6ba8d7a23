/// A one-factor minimum-residual (minres / ULS) solution of a correlation matrix, as
/// `psych::fa(r, nfactors = 1, fm = "minres")`.
///
/// psych minimises, with `optim(method = "L-BFGS-B")` over the uniquenesses `ψ`, the sum of
/// squared off-diagonal residuals of the best rank-one fit to the reduced matrix:
/// ```
/// S(ψ) = R − diag(ψ),   S(ψ) v = e₁ v,   λ = √max(e₁, 0) · v
/// F(ψ) = Σ_{i<j} (rᵢⱼ − λᵢ λⱼ)²,         0.005 ≤ ψᵢ ≤ max(1, max smc) = 1
/// start ψ⁰ = 1 − smc
/// ```
/// using the ULS gradient `∂F/∂ψᵢ = λᵢ² + ψᵢ − rᵢᵢ`. At the optimum that gradient vanishes
/// for every free `ψᵢ`, i.e. `ψ` is the fixed point
/// ```
/// ψᵢ = clamp(rᵢᵢ − λᵢ(ψ)², 0.005, 1)
/// ```
/// Rapport solves that fixed point by Newton's method with the analytic Jacobian from
/// first-order eigenvector perturbation,
/// ```
/// ∂λᵢ²/∂ψⱼ = −vⱼ² vᵢ² − 2 e₁ vᵢ vⱼ Σ_{m≥2} v_{m,i} v_{m,j} / (e₁ − e_m)
/// ```
/// falling back to a plain fixed-point step whenever Newton does not reduce the residual,
/// and stops at `max|ψ − T(ψ)| ≤ 1e-13`. psych's L-BFGS-B stops earlier (relative
/// reduction `factr = 1e7`), so psych's loadings differ from the exact optimum by about
/// 1e-7 on the bfi scales; compare at 1e-5 (well above that stopping error, well below any
/// reported digit).
///
/// Loadings follow psych's sign rule: negated when their sum is negative.
public struct OmegaMinresFactor: Sendable, Hashable {
    /// Factor loadings `λᵢ` (sum non-negative).
    public let loadings: [Double]
    /// Uniquenesses `uᵢ² = rᵢᵢ − λᵢ²` (psych's `u2`).
    public let uniquenesses: [Double]
    /// The optimiser's `ψ` (equal to `uniquenesses` except at a bound).
    public let psi: [Double]
    /// Items whose `ψ` sits at the lower bound 0.005 (a Heywood case).
    public let heywoodItems: [Int]
    /// Newton / fixed-point iterations used.
    public let iterations: Int
    /// True when the fixed-point residual reached 1e-9 or better.
    public let converged: Bool
    /// The minres objective `Σ_{i<j} (rᵢⱼ − λᵢλⱼ)²` at the solution.
    public let residualSumOfSquares: Double

    static let lowerBound = 0.005

    /// Fits one factor to `matrix` (covariance or correlation; converted by `cov2cor`).
    /// Returns `nil` for fewer than 2 items or a matrix with NaN entries.
    public init?(_ matrix: SymmetricMatrix) {
        let k = matrix.count
        guard k >= 2, !matrix.containsNaN else { return nil }
        let r = matrix.correlation()
        guard !r.containsNaN, let fit = MinresFit(r, factors: 1) else { return nil }
        let diag = r.diagonal
        let lambda = fit.loadings.map { $0[0] }
        let psi = fit.psi
        loadings = lambda
        uniquenesses = (0..<k).map { diag[$0] - lambda[$0] * lambda[$0] }
        self.psi = psi
        heywoodItems = (0..<k).filter { psi[$0] <= Self.lowerBound }
        iterations = fit.iterations
        converged = fit.converged
        var rss = 0.0
        for i in 0..<k {
            for j in 0..<i {
                let d = r[i, j] - lambda[i] * lambda[j]
                rss += d * d
            }
        }
        residualSumOfSquares = rss
    }
}

/// The minres solver for `m ≥ 1` factors (see ``OmegaMinresFactor`` for the method):
/// fixed point `ψᵢ = clamp(rᵢᵢ − Σ_f e_f v_{f,i}², 0.005, max(1, smc))` by Newton with
/// ```
/// ∂hᵢ/∂ψⱼ = Σ_{f<m} [ −v_{f,j}² v_{f,i}² − 2 e_f v_{f,i} v_{f,j} Σ_{q≠f} v_{q,i} v_{q,j} / (e_f − e_q) ]
/// ```
/// then psych's `FAout.wls` loadings `V_{·,1:m} diag(√max(e, 0))` (columns summing ≥ 0).
struct MinresFit {
    let psi: [Double]
    /// `loadings[i][f]`.
    let loadings: [[Double]]
    let iterations: Int
    let converged: Bool

    init?(_ r: SymmetricMatrix, factors m: Int) {
        let k = r.count
        guard m >= 1, m < k else { return nil }
        let smc = SquaredMultipleCorrelations(r).values
        guard !smc.contains(where: { $0.isNaN }) else { return nil }
        let lo = OmegaMinresFactor.lowerBound
        let hi = max(1, smc.max() ?? 1)
        let diag = r.diagonal
        func clamp(_ x: Double) -> Double { min(max(x, lo), hi) }

        struct State {
            var eigen: MatrixEigen
            var h: [Double]          // communalities Σ_f e_f v_{f,i}²
            var target: [Double]     // clamp(rᵢᵢ − hᵢ)
            var residual: [Double]   // ψ − target
            var norm: Double
        }
        func evaluate(_ psi: [Double]) -> State {
            let reduced = r.replacingDiagonal(with: zip(diag, psi).map { $0 - $1 })
            let e = reduced.eigen()
            var h = [Double](repeating: 0, count: k)
            for f in 0..<m {
                let ef = max(e.values[f], 0)
                for i in 0..<k { h[i] += ef * e.vectors[f][i] * e.vectors[f][i] }
            }
            let target = (0..<k).map { clamp(diag[$0] - h[$0]) }
            let res = (0..<k).map { psi[$0] - target[$0] }
            return State(eigen: e, h: h, target: target, residual: res,
                         norm: res.map(abs).max() ?? 0)
        }

        var psi = smc.enumerated().map { clamp(diag[$0.offset] - $0.element) }
        var state = evaluate(psi)
        var iterations = 0
        while iterations < 500 && state.norm > 1e-13 {
            iterations += 1
            let e = state.eigen
            var jac = [Double](repeating: 0, count: k * k)
            for i in 0..<k {
                jac[i * k + i] = 1
                let free = diag[i] - state.h[i] > lo && diag[i] - state.h[i] < hi
                guard free else { continue }
                for f in 0..<m where e.values[f] > 0 {
                    let ef = e.values[f]
                    let v = e.vectors[f]
                    for j in 0..<k {
                        var s = 0.0
                        for q in 0..<k where q != f {
                            let gap = ef - e.values[q]
                            if gap != 0 { s += e.vectors[q][i] * e.vectors[q][j] / gap }
                        }
                        jac[i * k + j] += -v[j] * v[j] * v[i] * v[i] - 2 * ef * v[i] * v[j] * s
                    }
                }
            }
            if let step = solveLinearSystem(jac, state.residual.map { -$0 }) {
                let candidate = (0..<k).map { clamp(psi[$0] + step[$0]) }
                let trial = evaluate(candidate)
                if trial.norm < state.norm {
                    psi = candidate
                    state = trial
                    continue
                }
            }
            // Newton did not help: take the fixed-point (iterated principal axis) step.
            let next = state.target
            let trial = evaluate(next)
            if trial.norm >= state.norm && next == psi { break }
            psi = next
            state = trial
        }
        self.psi = psi
        self.iterations = iterations
        converged = state.norm <= 1e-9
        // psych's FAout.wls on the final reduced matrix; columns signed to sum ≥ 0 (fa).
        let e = state.eigen
        var l = [[Double]](repeating: [Double](repeating: 0, count: m), count: k)
        for f in 0..<m {
            let sq = max(e.values[f], 0).squareRoot()
            var col = e.vectors[f].map { $0 * sq }
            if col.reduce(0, +) < 0 { col = col.map { -$0 } }
            for i in 0..<k { l[i][f] = col[i] }
        }
        loadings = l
    }
}
