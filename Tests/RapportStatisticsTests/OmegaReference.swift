import Foundation

/// psych 2.2.9 reference values written by `Fixtures/make-omega-reference.R`.
struct OmegaReference: Decodable {
    struct Set: Decodable {
        struct Omega: Decodable {
            let total: Double
            let totalModelImplied: Double
            let loadings: [Double]
            let uniquenesses: [Double]
            let faLoadings: [Double]
        }
        struct Split: Decodable {
            let maxrb: Double, minrb: Double, meanr: Double
            let lambda2: Double, lambda6: Double, alpha: Double
            let count: Int
            let raw: [Double]
        }
        struct Guttman: Decodable {
            let lambda1: Double, lambda2: Double, lambda3: Double
            let lambda4: Double, lambda5: Double, lambda6: Double
        }
        struct Principal: Decodable {
            let loadings: [Double]
            let eigenvalue: Double
        }
        let items: [String]
        let n: Int
        let cor: [[Double]]
        let cov2cor: [[Double]]
        let eigenvalues: [Double]
        let smc: [Double]
        let inverse: [[Double]]
        let omega: Omega
        let splitHalf: Split
        let guttman: Guttman
        let principal: Principal
    }
    struct Singular: Decodable {
        let cor: [[Double]]
        let smc: [Double]
        let pinv: [[Double]]
    }
    struct MisKeyed: Decodable {
        let cor: [[Double]]
        let loadings: [Double]
        let negative: [Int]
    }
    struct Sixteen: Decodable {
        let cov2cor: [[Double]]
        let maxrb: Double, minrb: Double, meanr: Double
        let count: Int
        let lambda2: Double, lambda6: Double
    }
    struct Heywood: Decodable {
        let cor: [[Double]]
        let loadings: [Double]
        let uniquenesses: [Double]
        let total: Double
    }
    let heywood: Heywood
    struct NonPositiveDefinite: Decodable {
        let cor: [[Double]]
        let smc: [Double]
        let loadings: [Double]
        let total: Double
        let maxrb: Double, lambda6: Double, lambda2: Double
    }
    let nonPositiveDefinite: NonPositiveDefinite
    struct Hierarchical: Decodable {
        let cor: [[Double]]
        let factors: Int
        let omegaH: Double, omegaTotal: Double, omegaLimit: Double
        let general: [Double]
        let key: [Double]
        let h2: [Double]
        /// psych's omega.group columns; element 0 is the overall row.
        let groupTotal: [Double], groupGeneral: [Double], groupGroup: [Double]
    }
    let hierarchical: [String: Hierarchical]
    let psych: String
    let sets: [String: Set]
    let singular: Singular
    let miskeyed: MisKeyed
    let sixteen: Sixteen

    static let shared: OmegaReference = {
        let url = Bundle.module.url(forResource: "omega-reference", withExtension: "json",
                                    subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(OmegaReference.self, from: Data(contentsOf: url))
    }()

    static let setNames = ["agreeableness", "conscientiousness", "extraversion", "neuroticism",
                           "openness", "synthetic8", "synthetic12", "synthetic7"]
}

/// Largest absolute difference between two equal-length vectors (∞ when lengths differ).
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
