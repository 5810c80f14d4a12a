/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64).
///
/// Every random choice in the synthetic world goes through one of these, seeded from the world
/// seed, the split, the scene index and a stream tag, so output never depends on thread timing
/// or on the system generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform `Double` in `[0, 1)` built from the top 53 bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Double` in `[lower, upper)`.
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * unit()
    }

    /// A uniform index in `0 ..< count` (`count > 0`).
    public mutating func index(_ count: Int) -> Int {
        precondition(count > 0, "cannot pick from an empty range")
        // Lemire's multiply-shift with rejection, spelled out so the stream never depends on the
        // standard library's implementation of `next(upperBound:)`.
        let bound = UInt64(count)
        let threshold = (0 &- bound) % bound
        while true {
            let product = next().multipliedFullWidth(by: bound)
            if product.low >= threshold { return Int(product.high) }
        }
    }

    /// One element of a non-empty array, uniformly.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[index(items.count)]
    }

    /// An index drawn with probability proportional to `weights`.
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0, "weights must have a positive sum")
        var target = unit() * total
        for (i, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return i }
        }
        return weights.count - 1
    }

    /// The SplitMix64 finaliser: a bijective 64-bit hash.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed derived from a parent seed and a sequence of tags (order matters).
    public static func derive(_ seed: UInt64, _ tags: UInt64...) -> UInt64 {
        var h = mix(seed ^ 0x6A09_E667_F3BC_C908)
        for tag in tags {
            h = mix(h &+ 0x9E37_79B9_7F4A_7C15 &+ tag)
        }
        return h
    }
}

extension Array {
    /// A Fisher–Yates shuffle driven by `rng`.
    mutating func seededShuffle(using rng: inout SplitMix64) {
        guard count > 1 else { return }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = rng.index(i + 1)
            if i != j { swapAt(i, j) }
        }
    }
}
