import Foundation
import Testing

@testable import VectorIndex

@Suite("Exact top-k search")
struct SearchTests {
    static let tunings: [VectorStore.SearchTuning] = [
        .automatic(dimension: 32),
        .init(partitions: 3, chunkRows: 7),  // many small chunks across partitions
        .init(partitions: 1, chunkRows: 50, fusedSingleQuery: false),  // BLAS sgemv path
    ]

    @Test("Top-k equals a Float64 naive sort", arguments: VectorDType.allCases, [0, 1, 2])
    func topKMatchesNaiveSort(dtype: VectorDType, tuningIndex: Int) throws {
        var rng = SeededRandom(seed: 11)
        let rows = (0 ..< 500).map { _ in rng.unitVector(32) }
        let store = try makeStore(rows, dtype: dtype, name: "topk")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let stored = dtype == .float16 ? rows.map(roundedThroughHalf) : rows
        for k in [1, 10, 499, 600] {
            let query = rng.unitVector(32)
            let hits = store.search(query, k: k, tuning: Self.tunings[tuningIndex])
            let oracle = naiveRanking(rows: stored, query: query)
            #expect(hits.count == min(k, rows.count))
            #expect(hits.map(\.slot) == oracle.prefix(k).map(\.slot))
            let worst = zip(hits, oracle).map { abs(Double($0.score) - $1.score) }.max() ?? 0
            #expect(worst < 1e-5)
        }
    }

    @Test("Filters: dense and sparse paths match the filtered oracle", arguments: [2, 40])
    func filteredSearch(stride step: Int) throws {
        var rng = SeededRandom(seed: 12)
        let rows = (0 ..< 800).map { _ in rng.unitVector(16) }
        let store = try makeStore(rows, dtype: .float32, name: "filter")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let allowed = SlotSet(
            capacity: rows.count, slots: stride(from: 1, to: rows.count, by: step))
        let query = rng.unitVector(16)
        let hits = store.search(query, k: 15, filter: allowed)
        let oracle = naiveRanking(rows: rows, query: query, allowed: allowed.contains)
        #expect(hits.map(\.slot) == oracle.prefix(15).map(\.slot))
        #expect(hits.allSatisfy { allowed.contains($0.slot) })
    }

    @Test func rowLimitRestrictsTheScan() throws {
        var rng = SeededRandom(seed: 13)
        let rows = (0 ..< 100).map { _ in rng.unitVector(8) }
        let store = try makeStore(rows, dtype: .float32, name: "limit")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let query = rng.unitVector(8)
        let hits = store.search(query, k: 100, rowLimit: 40)
        #expect(
            hits.map(\.slot) == naiveRanking(rows: Array(rows.prefix(40)), query: query).map(\.slot)
        )
    }

    @Test(
        "Several queries in one sgemm pass equal separate searches", arguments: VectorDType.allCases
    )
    func batchedQueries(dtype: VectorDType) throws {
        var rng = SeededRandom(seed: 14)
        let rows = (0 ..< 300).map { _ in rng.unitVector(20) }
        let store = try makeStore(rows, dtype: dtype, name: "batch")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let queries = (0 ..< 5).map { _ in rng.unitVector(20) }
        let together = store.search(queries: queries, k: 7)
        let stored = dtype == .float16 ? rows.map(roundedThroughHalf) : rows
        for (j, query) in queries.enumerated() {
            #expect(
                together[j].map(\.slot)
                    == naiveRanking(rows: stored, query: query).prefix(7).map(\.slot))
        }
    }

    @Test func emptyStoreAndZeroK() throws {
        let url = temporaryFile("empty")
        defer { try? FileManager.default.removeItem(at: url) }
        let store = try VectorStore.create(at: url, dimension: 4, dtype: .float16, fingerprint: "m")
        #expect(store.search([1, 0, 0, 0], k: 5).isEmpty)
        store.append([1, 0, 0, 0])
        try store.commit()
        #expect(store.search([1, 0, 0, 0], k: 0).isEmpty)
        #expect(store.search([1, 0, 0, 0], k: 3).map(\.slot) == [0])
    }

    /// Weighted combination: searching with `Σ wᵢ unit(qᵢ)` ranks rows by the weighted sum of
    /// their cosines with each term (checked against the per-term naive scores).
    @Test func weightedCombinationRanksByWeightedCosines() throws {
        var rng = SeededRandom(seed: 15)
        let rows = (0 ..< 200).map { _ in rng.unitVector(16) }
        let store = try makeStore(rows, dtype: .float32, name: "combine")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let terms: [(weight: Float, vector: [Float])] = [
            (1, (0 ..< 16).map { _ in rng.signed() * 3 }),
            (2, (0 ..< 16).map { _ in rng.signed() }),
            (-1, (0 ..< 16).map { _ in rng.signed() * 0.1 }),
        ]
        let hits = store.search(QueryVector.combine(terms), k: 10)
        var expected: [(slot: Int, score: Double)] = []
        for (slot, row) in rows.enumerated() {
            var total = 0.0
            for term in terms {
                let unit = QueryVector.normalized(term.vector)!
                var dot = 0.0
                for i in 0 ..< 16 { dot += Double(row[i]) * Double(unit[i]) }
                total += Double(term.weight) * dot
            }
            expected.append((slot, total))
        }
        expected.sort { $0.score > $1.score }
        #expect(hits.map(\.slot) == expected.prefix(10).map(\.slot))
        #expect(abs(Double(hits[0].score) - expected[0].score) < 1e-5)
    }
}

@Suite("Slot sets and top-k heap")
struct SlotSetTests {
    @Test func slotSetOperations() {
        var set = SlotSet(capacity: 130)
        for slot in [0, 63, 64, 65, 129] { set.insert(slot) }
        set.remove(64)
        #expect(set.slots == [0, 63, 65, 129])
        #expect(set.count == 4)
        #expect(!set.contains(130) && !set.contains(-1) && !set.contains(64))
        let other = SlotSet(capacity: 100, slots: [0, 65, 99])
        #expect(set.intersection(other).slots == [0, 65])
    }

    @Test func topKKeepsBestWithDeterministicTies() {
        var rng = SeededRandom(seed: 16)
        var heap = TopK(k: 5)
        var all: [ScoredSlot] = []
        for slot in 0 ..< 200 {
            let score = Float(Int(rng.signed() * 10)) / 10  // many ties
            all.append(ScoredSlot(slot: slot, score: score))
            heap.insert(slot: slot, score: score)
        }
        heap.insert(slot: 999, score: .nan)
        #expect(heap.sorted() == Array(all.sorted(by: ScoredSlot.ranksBefore).prefix(5)))
    }
}
