import Foundation
import VectorIndex

/// Search latency over a `VectorStore` of random unit vectors.
enum StoreBench {
    struct Row {
        var label: String
        var median: Double
        var p95: Double
    }

    /// Writes `rows` random unit vectors of `dimension` into a new store under `directory`.
    static func build(
        rows: Int, dimension: Int, dtype: VectorDType, directory: URL
    ) throws -> (VectorStore, Double) {
        let url = directory.appendingPathComponent("bench-\(rows)-\(dtype).vec")
        try? FileManager.default.removeItem(at: url)
        var rng = BenchRandom(seed: 42)
        let store = try VectorStore.create(
            at: url, dimension: dimension, dtype: dtype, fingerprint: "bench")
        let seconds = try Measure.seconds {
            for i in 0 ..< rows {
                store.append(rng.unitVector(dimension))
                if (i + 1) % 65536 == 0 { try store.commit() }
            }
            try store.commit()
        }
        return (try VectorStore(openingAt: url), seconds)
    }

    /// Median/p95 latency of single-query top-10 search in several settings.
    static func run(store: VectorStore, tunings: [(String, VectorStore.SearchTuning?)]) -> [Row] {
        var rng = BenchRandom(seed: 7)
        let queries = (0 ..< 25).map { _ in rng.unitVector(store.dimension) }
        var rows: [Row] = []
        func time(_ label: String, _ body: ([Float]) -> Void) {
            for q in queries.prefix(3) { body(q) }  // warm-up: page in the mapping
            let samples = queries.map { q in Measure.seconds { body(q) } }
            let s = Measure.summary(samples)
            rows.append(Row(label: label, median: s.median, p95: s.p95))
        }
        for (name, tuning) in tunings {
            time("top-10, no filter, \(name)") { q in
                _ = store.search(q, k: 10, tuning: tuning)
            }
        }
        let half = SlotSet(capacity: store.count, slots: stride(from: 0, to: store.count, by: 2))
        time("top-10, filter keeps 50%") { q in _ = store.search(q, k: 10, filter: half) }
        let sparse = SlotSet(
            capacity: store.count, slots: stride(from: 0, to: store.count, by: 100))
        time("top-10, filter keeps 1%") { q in _ = store.search(q, k: 10, filter: sparse) }
        let batch = Array(queries.prefix(16))
        let batchSeconds = (0 ..< 3).map { _ in
            Measure.seconds { _ = store.search(queries: batch, k: 10) }
        }
        let s = Measure.summary(batchSeconds)
        rows.append(
            Row(
                label: "16 queries in one pass, per query", median: s.median / 16,
                p95: s.p95 / 16))
        return rows
    }

    /// Largest |score difference| and whether top-10 slots match a Float64 naive scan.
    static func check(store: VectorStore) -> (sameSlots: Bool, maxError: Double) {
        var rng = BenchRandom(seed: 99)
        let q = rng.unitVector(store.dimension)
        let fast = store.search(q, k: 10)
        var naive: [(Int, Double)] = []
        var row = [Float](repeating: 0, count: store.dimension)
        for slot in 0 ..< store.count {
            row.withUnsafeMutableBufferPointer {
                store.copyRows(slot ..< (slot + 1), into: $0.baseAddress!)
            }
            var dot = 0.0
            for i in 0 ..< store.dimension { dot += Double(row[i]) * Double(q[i]) }
            naive.append((slot, dot))
        }
        naive.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        let top = naive.prefix(10)
        let same = fast.map(\.slot) == top.map(\.0)
        let error = zip(fast, top).map { abs(Double($0.score) - $1.1) }.max() ?? 0
        return (same, error)
    }
}
