/// A seeded, portable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Used wherever Rapport draws random numbers — bootstrap resamples, random split-halves,
/// `rapport simulate` — so the same seed gives the same numbers on every platform and at
/// every thread count. Parallel work derives one independent stream per unit of work with
/// ``stream(_:)`` (e.g. per bootstrap replicate or per chunk), never by sharing a generator.
///
/// ```
/// s0..s3 = SplitMix64(seed)   // four outputs
/// next   = rotl(s1 * 5, 7) * 9
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitmix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(&sm)
        s1 = splitmix(&sm)
        s2 = splitmix(&sm)
        s3 = splitmix(&sm)
    }

    /// An independent generator for unit of work `index` (replicate, chunk, client …),
    /// derived deterministically from this generator's seed state.
    public func stream(_ index: UInt64) -> SeededGenerator {
        var h = s0 ^ (index &* 0xD1B5_4A32_D192_ED03)
        h = (h ^ (h >> 32)) &* 0x9E37_79B9_7F4A_7C15
        return SeededGenerator(seed: h ^ s3 ^ (index &+ 0x632B_E59B_D9B4_E019))
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in `0..<n` (Lemire's unbiased method via the standard library).
    public mutating func nextInt(below n: Int) -> Int {
        Int.random(in: 0..<n, using: &self)
    }

    /// Standard normal deviate (Marsaglia polar method; deterministic sequence).
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * _log(s) / s).squareRoot()
            }
        }
    }
}

@usableFromInline func _log(_ x: Double) -> Double {
    // Foundation-free natural log via the C library.
    #if canImport(Glibc)
    return Glibc.log(x)
    #elseif canImport(Darwin)
    return Darwin.log(x)
    #else
    return Foundation.log(x)
    #endif
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
