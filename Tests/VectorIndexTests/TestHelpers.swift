import Foundation
import VectorIndex

/// A fresh path in the temporary directory (not created).
func temporaryFile(_ name: String) -> URL {
    URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("loupe-vi-\(name)-\(getpid())-\(UUID().uuidString.prefix(8))")
}

/// Seeded SplitMix64 generator for reproducible test vectors.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    mutating func signed() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

    mutating func unitVector(_ n: Int) -> [Float] {
        QueryVector.normalized((0 ..< n).map { _ in signed() })!
    }
}

/// Naive oracle: every row's Float64 dot product with `query`, sorted best first (ties by slot).
func naiveRanking(rows: [[Float]], query: [Float], allowed: (Int) -> Bool = { _ in true })
    -> [(slot: Int, score: Double)]
{
    var scored: [(slot: Int, score: Double)] = []
    for (slot, row) in rows.enumerated() where allowed(slot) {
        var dot = 0.0
        for i in row.indices { dot += Double(row[i]) * Double(query[i]) }
        scored.append((slot, dot))
    }
    return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.slot < $1.slot }
}

/// What an F16 store holds for `row`: each element rounded through Swift's `Float16`.
func roundedThroughHalf(_ row: [Float]) -> [Float] { row.map { Float(Float16($0)) } }

/// Builds a committed store of `rows`.
func makeStore(_ rows: [[Float]], dtype: VectorDType, name: String) throws -> VectorStore {
    let store = try VectorStore.create(
        at: temporaryFile(name), dimension: rows[0].count, dtype: dtype, fingerprint: "test-model")
    for row in rows { store.append(row) }
    try store.commit()
    return store
}
