import Foundation

/// The demo's seeded random numbers (SplitMix64): the same seed gives the same stream of payments on every
/// machine, which is what makes a demo run reproducible and its tests meaningful.
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<1`.
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + uniform() * (range.upperBound - range.lowerBound)
    }

    /// Uniform in `0..<bound`.
    mutating func int(below bound: Int) -> Int {
        Int(next() % UInt64(max(1, bound)))
    }

    /// Uniform in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.count)
    }

    /// `true` with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        uniform() < p
    }

    /// Exponentially distributed with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * log(1 - uniform())
    }

    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-12)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
    }

    /// Log-normal: `exp(mu + sigma * normal())`.
    mutating func logNormal(mu: Double, sigma: Double) -> Double {
        exp(mu + sigma * normal())
    }

    /// An index drawn with probability proportional to `weights`.
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = uniform() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }

    /// A rank in `0..<count` from a Zipf-like law (exponent about 1): a few popular, a long tail.
    mutating func popular(_ count: Int) -> Int {
        // Inverse of a continuous 1/x law over 1...count+1.
        let x = pow(Double(count + 1), uniform())
        return min(count - 1, max(0, Int(x) - 1))
    }
}
