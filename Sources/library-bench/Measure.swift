import Foundation

/// Wall-clock helpers and process memory readings for the benchmark tables.
enum Measure {
    /// Seconds taken by `body`.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Median and 95th percentile of `samples`.
    static func summary(_ samples: [Double]) -> (median: Double, p95: Double) {
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        let p95 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
        return (median, p95)
    }

    /// A `/proc/self/status` field in MiB (`VmHWM`, `VmRSS`), or nil off Linux.
    static func statusMiB(_ field: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return nil
        }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if parts.count >= 2, let kb = Double(parts[1]) { return kb / 1024 }
        }
        return nil
    }

    /// Resets `VmHWM` to the current RSS (Linux ≥ 4.0: write "5" to clear_refs).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}

/// xorshift64* generator: fast, seeded, good enough for benchmark vectors.
struct BenchRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// Uniform in [-1, 1).
    mutating func nextSigned() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

    /// A random unit vector.
    mutating func unitVector(_ dimension: Int) -> [Float] {
        var v = (0 ..< dimension).map { _ in nextSigned() }
        var sum: Float = 0
        for x in v { sum += x * x }
        let scale = 1 / sum.squareRoot()
        for i in 0 ..< dimension { v[i] *= scale }
        return v
    }
}
