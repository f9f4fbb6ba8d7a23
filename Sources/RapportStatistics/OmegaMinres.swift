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
/// 1e-7 on the bfi scales; compare at 1e-5 as RELIABILITY.md says.
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
        guard !r.containsNaN else { return nil }
        let smc = SquaredMultipleCorrelations(r).values
        let lo = Self.lowerBound
        let hi = max(1, smc.max() ?? 1)
        let diag = r.diagonal
        func clamp(_ x: Double) -> Double { min(max(x, lo), hi) }

        struct State {
            var eigen: MatrixEigen
            var h: [Double]          // λᵢ²
            var target: [Double]     // clamp(rᵢᵢ − λᵢ²)
            var residual: [Double]   // ψ − target
            var norm: Double
        }
        func evaluate(_ psi: [Double]) -> State {
            let reduced = r.replacingDiagonal(with: zip(diag, psi).map { $0 - $1 })
            let e = reduced.eigen()
            let e1 = max(e.values[0], 0)
            let v = e.vectors[0]
            let h = v.map { e1 * $0 * $0 }
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
            let e1 = max(e.values[0], 0)
            let v = e.vectors[0]
            var jac = [Double](repeating: 0, count: k * k)
            for i in 0..<k {
                jac[i * k + i] = 1
                let free = diag[i] - state.h[i] > lo && diag[i] - state.h[i] < hi
                guard free, e1 > 0 else { continue }
                for j in 0..<k {
                    var s = 0.0
                    for m in 1..<k {
                        let gap = e1 - e.values[m]
                        if gap > 0 { s += e.vectors[m][i] * e.vectors[m][j] / gap }
                    }
                    let dh = -v[j] * v[j] * v[i] * v[i] - 2 * e1 * v[i] * v[j] * s
                    jac[i * k + j] += dh
                }
            }
            var next = state.target
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
            next = state.target
            let trial = evaluate(next)
            if trial.norm >= state.norm && next == psi { break }
            psi = next
            state = trial
        }

        // psych's FAout.wls: loadings from the final reduced matrix.
        let e1 = max(state.eigen.values[0], 0)
        var lambda = state.eigen.vectors[0].map { $0 * e1.squareRoot() }
        if lambda.reduce(0, +) < 0 { lambda = lambda.map { -$0 } }
        loadings = lambda
        uniquenesses = (0..<k).map { diag[$0] - lambda[$0] * lambda[$0] }
        self.psi = psi
        heywoodItems = (0..<k).filter { psi[$0] <= lo }
        self.iterations = iterations
        converged = state.norm <= 1e-9
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
