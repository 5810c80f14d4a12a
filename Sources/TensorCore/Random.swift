import Foundation

/// A seeded, reproducible generator (xoshiro256**, seeded through SplitMix64).
///
/// Its state can be saved and restored exactly, which training checkpoints rely on.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Codable, Equatable {
    public private(set) var state: [UInt64]

    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = [splitMix(), splitMix(), splitMix(), splitMix()]
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in `[0, 1)` with 24 random bits.
    public mutating func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Standard normal (Box–Muller, one value per call).
    public mutating func nextNormal() -> Float {
        var u1 = Double(next() >> 11) * 0x1p-53
        if u1 < .leastNormalMagnitude { u1 = .leastNormalMagnitude }
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2))
    }

    /// Uniform integer in `0..<bound`.
    public mutating func nextInt(below bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }
}

extension Tensor {
    /// Samples from a normal distribution.
    public static func randomNormal(
        _ shape: [Int], mean: Float = 0, std: Float = 1, using rng: inout RandomGenerator
    ) -> Tensor {
        Tensor((0..<shape.reduce(1, *)).map { _ in mean + std * rng.nextNormal() }, shape: shape)
    }

    /// Samples uniformly from `[low, high)`.
    public static func randomUniform(
        _ shape: [Int], low: Float = 0, high: Float = 1, using rng: inout RandomGenerator
    ) -> Tensor {
        Tensor((0..<shape.reduce(1, *)).map { _ in low + (high - low) * rng.nextUniform() },
               shape: shape)
    }

    /// Normal samples redrawn until inside `[low, high]` (absolute bounds, as PyTorch
    /// `trunc_normal_`).
    public static func randomTruncatedNormal(
        _ shape: [Int], mean: Float = 0, std: Float = 1, low: Float = -2, high: Float = 2,
        using rng: inout RandomGenerator
    ) -> Tensor {
        precondition(low < high && low <= mean + 4 * std && high >= mean - 4 * std,
                     "truncation interval [\(low), \(high)] is too far from the mean")
        return Tensor((0..<shape.reduce(1, *)).map { _ in
            while true {
                let v = mean + std * rng.nextNormal()
                if v >= low && v <= high { return v }
            }
        }, shape: shape)
    }
}
