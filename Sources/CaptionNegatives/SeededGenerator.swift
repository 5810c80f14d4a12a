import Foundation

/// SplitMix64: a small, fast, seedable generator (Steele, Lea & Flood 2014). Every random choice
/// in caption negatives, order perturbations and evaluation (bootstrap) goes through it, so
/// results depend only on the seed.
public struct SeededGenerator: RandomNumberGenerator, SeededIndexGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for item `index` of a stream seeded with `seed`, independent of visiting order.
    public init(seed: UInt64, stream index: UInt64) {
        var mixer = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        state = mixer.next() &+ index &* 0xD1B5_4A32_D192_ED03
        _ = next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection). Written out
    /// rather than `Int.random(in:using:)` so results cannot change with the standard library.
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }
}

/// A seeded source of uniform indices. The order perturbations and negatives take any of these,
/// so the synthetic world can drive them with its own generator and keep its streams.
public protocol SeededIndexGenerator {
    /// A uniform integer in `0..<bound` (`bound > 0`).
    mutating func nextIndex(below bound: Int) -> Int
}

extension SeededIndexGenerator {
    /// Fisher–Yates shuffle of `elements` in place, from the last position down, one
    /// ``nextIndex(below:)`` per position (so equal streams give equal shuffles).
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            let j = nextIndex(below: i + 1)
            if i != j { elements.swapAt(i, j) }
        }
    }

    /// One element of a non-empty array, uniformly.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[nextIndex(below: items.count)]
    }
}
