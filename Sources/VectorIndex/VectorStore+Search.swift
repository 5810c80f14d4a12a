import CBLAS
import CVectorKernels
import Dispatch
import Foundation

extension VectorStore {
    /// Tuning knobs for exact search.
    public struct SearchTuning: Sendable {
        /// Row ranges scored concurrently by the fused single-query kernel (default: one per
        /// core). BLAS scoring runs on the calling thread and lets OpenBLAS use its threads.
        public var partitions: Int
        /// Rows scored per kernel or BLAS call (F16 rows are widened per chunk for BLAS).
        public var chunkRows: Int
        /// Use the gather path when the filter keeps fewer than `rows / sparseRatio` slots.
        public var sparseRatio: Int
        /// Score a single query with the fused C kernel (default) instead of widen +
        /// `cblas_sgemv`; several queries always go through `cblas_sgemm`.
        public var fusedSingleQuery: Bool

        public init(
            partitions: Int, chunkRows: Int, sparseRatio: Int = 16, fusedSingleQuery: Bool = true
        ) {
            precondition(partitions > 0 && chunkRows > 0 && sparseRatio > 0)
            self.partitions = partitions
            self.chunkRows = chunkRows
            self.sparseRatio = sparseRatio
            self.fusedSingleQuery = fusedSingleQuery
        }

        /// One partition per core, chunks of about 4 MiB of Float32.
        public static func automatic(dimension: Int) -> SearchTuning {
            SearchTuning(
                partitions: max(1, ProcessInfo.processInfo.activeProcessorCount),
                chunkRows: max(64, (1 << 20) / max(1, dimension)))
        }
    }

    /// The `k` committed rows with the highest dot product with `query`, best first.
    ///
    /// Rows are expected to be unit vectors, so scores are cosine similarities when `query` is a
    /// unit vector too.
    /// - Parameters:
    ///   - query: `[dimension]` query vector (e.g. a weighted combination of query embeddings,
    ///     see ``QueryVector/combine(_:)``).
    ///   - k: number of results.
    ///   - filter: when given, only slots in it are candidates.
    ///   - rowLimit: only rows below it are scanned (defaults to the committed count).
    ///   - tuning: partitions, chunk size and kernel (default:
    ///     ``SearchTuning/automatic(dimension:)``).
    /// - Returns: at most `k` slots with their scores, best first (ties: lower slot first).
    /// - Complexity: O(rows × dimension) multiply-adds (fused kernel, or `cblas_sgemv` when
    ///   ``SearchTuning/fusedSingleQuery`` is off), O(rows log k) for the selection; with a sparse
    ///   filter, O(|filter| × dimension).
    public func search(
        _ query: [Float], k: Int, filter: SlotSet? = nil, rowLimit: Int? = nil,
        tuning: SearchTuning? = nil
    ) -> [ScoredSlot] {
        search(queries: [query], k: k, filter: filter, rowLimit: rowLimit, tuning: tuning)[0]
    }

    /// Top-`k` rows for each of several queries in one pass over the store (`cblas_sgemm`).
    ///
    /// - Parameters:
    ///   - queries: query vectors, each `[dimension]`.
    ///   - k: results per query.
    ///   - filter: when given, only slots in it are candidates.
    ///   - rowLimit: only rows below it are scanned (defaults to the committed count).
    ///   - tuning: chunk size and kernel choice.
    /// - Returns: one best-first result list per query.
    public func search(
        queries: [[Float]], k: Int, filter: SlotSet? = nil, rowLimit: Int? = nil,
        tuning: SearchTuning? = nil
    ) -> [[ScoredSlot]] {
        for query in queries {
            precondition(
                query.count == dimension, "query has \(query.count) elements, not \(dimension)")
        }
        let rows = min(rowLimit ?? count, count)
        let q = queries.count
        guard rows > 0, k > 0, q > 0 else { return Array(repeating: [], count: q) }
        let tuning = tuning ?? .automatic(dimension: dimension)
        let flat = queries.flatMap { $0 }
        if let filter {
            let kept = filter.count
            if kept * tuning.sparseRatio < rows {
                let slots = filter.slots.prefix { $0 < rows }
                return flat.withUnsafeBufferPointer {
                    searchSparse(Array(slots), queries: $0.baseAddress!, q: q, k: k, tuning: tuning)
                }
            }
        }
        return flat.withUnsafeBufferPointer {
            searchDense(
                rows: rows, queries: $0.baseAddress!, q: q, k: k, filter: filter, tuning: tuning)
        }
    }

    // MARK: - Scan strategies

    private func searchDense(
        rows: Int, queries: UnsafePointer<Float>, q: Int, k: Int, filter: SlotSet?,
        tuning: SearchTuning
    ) -> [[ScoredSlot]] {
        let base = rowsBase(covering: rows)
        let fused = q == 1 && tuning.fusedSingleQuery
        let parts = fused ? max(1, min(tuning.partitions, rows / max(1, tuning.chunkRows))) : 1
        let partSize = (rows + parts - 1) / parts
        let results = PartialResults(parts: parts, q: q, k: k)
        let context = UncheckedBox((self, base, queries))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let (store, base, queries) = context.value
            let range = (part * partSize) ..< min(rows, (part + 1) * partSize)
            results.store(
                part,
                store.scanRange(
                    range, base: base, queries: queries, q: q, k: k, filter: filter,
                    chunkRows: tuning.chunkRows, fused: fused))
        }
        return results.merged()
    }

    private func scanRange(
        _ range: Range<Int>, base: UnsafeRawPointer, queries: UnsafePointer<Float>, q: Int, k: Int,
        filter: SlotSet?, chunkRows: Int, fused: Bool
    ) -> [TopK] {
        var heaps = (0 ..< q).map { _ in TopK(k: k) }
        let chunk = min(chunkRows, range.count)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: chunk * q)
        defer { scores.deallocate() }
        let widened: UnsafeMutablePointer<Float>? =
            dtype == .float16 && !fused ? .allocate(capacity: chunk * dimension) : nil
        defer { widened?.deallocate() }
        var start = range.lowerBound
        while start < range.upperBound {
            let n = min(chunk, range.upperBound - start)
            let rowPointer: UnsafePointer<Float>
            if fused {
                let rows = base + start * rowBytes
                switch dtype {
                case .float32:
                    loupe_vec_scores_f32(
                        rows.assumingMemoryBound(to: Float.self), n, dimension, queries, scores)
                case .float16:
                    loupe_vec_scores_f16(
                        rows.assumingMemoryBound(to: UInt16.self), n, dimension, queries, scores)
                }
                collect(
                    scores, rows: n, firstSlot: start, slots: nil, q: q, filter: filter,
                    into: &heaps)
                start += n
                continue
            } else if let widened {
                let source = (base + start * rowBytes).assumingMemoryBound(to: UInt16.self)
                HalfConversion.widen(source, into: widened, count: n * dimension)
                rowPointer = UnsafePointer(widened)
            } else {
                rowPointer = (base + start * rowBytes).assumingMemoryBound(to: Float.self)
            }
            Self.score(
                rowPointer, rows: n, dimension: dimension, queries: queries, q: q, into: scores)
            collect(
                scores, rows: n, firstSlot: start, slots: nil, q: q, filter: filter, into: &heaps)
            start += n
        }
        return heaps
    }

    private func searchSparse(
        _ slots: [Int], queries: UnsafePointer<Float>, q: Int, k: Int, tuning: SearchTuning
    ) -> [[ScoredSlot]] {
        var heaps = (0 ..< q).map { _ in TopK(k: k) }
        let chunk = max(1, min(tuning.chunkRows, slots.count))
        let gathered = UnsafeMutablePointer<Float>.allocate(capacity: chunk * dimension)
        defer { gathered.deallocate() }
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: chunk * q)
        defer { scores.deallocate() }
        slots.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let n = min(chunk, all.count - start)
                for i in 0 ..< n {
                    let slot = all[start + i]
                    copyRows(slot ..< (slot + 1), into: gathered + i * dimension)
                }
                Self.score(
                    gathered, rows: n, dimension: dimension, queries: queries, q: q, into: scores)
                let batch = UnsafeBufferPointer(rebasing: all[start ..< (start + n)])
                collect(
                    scores, rows: n, firstSlot: 0, slots: batch, q: q, filter: nil, into: &heaps)
                start += n
            }
        }
        return heaps.map { $0.sorted() }
    }

    // MARK: - Kernels

    /// `scores[r·q + j] = rows[r] · queries[j]` (BLAS, row-major).
    static func score(
        _ rows: UnsafePointer<Float>, rows n: Int, dimension d: Int, queries: UnsafePointer<Float>,
        q: Int, into scores: UnsafeMutablePointer<Float>
    ) {
        if q == 1 {
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), 1, rows, Int32(d), queries, 1, 0,
                scores, 1)
        } else {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(q), Int32(d), 1, rows,
                Int32(d), queries, Int32(d), 0, scores, Int32(q))
        }
    }

    /// Offers each scored row to the heaps, skipping rows outside `filter`.
    @inline(__always)
    private func collect(
        _ scores: UnsafePointer<Float>, rows n: Int, firstSlot: Int,
        slots: UnsafeBufferPointer<Int>?, q: Int, filter: SlotSet?, into heaps: inout [TopK]
    ) {
        for j in 0 ..< q {
            var threshold = heaps[j].threshold
            for r in 0 ..< n {
                let score = scores[r * q + j]
                // NaN fails the comparison and is skipped.
                guard score > threshold else { continue }
                let slot = slots?[r] ?? firstSlot + r
                if let filter, !filter.contains(slot) { continue }
                heaps[j].insert(slot: slot, score: score)
                threshold = heaps[j].threshold
            }
        }
    }
}

/// Per-partition heaps written from `concurrentPerform` workers (each writes its own index).
private final class PartialResults: @unchecked Sendable {
    private var heaps: [[TopK]]
    private let lock = NSLock()
    let q: Int
    let k: Int

    init(parts: Int, q: Int, k: Int) {
        self.q = q
        self.k = k
        heaps = Array(repeating: [], count: parts)
    }

    func store(_ part: Int, _ value: [TopK]) {
        lock.lock()
        heaps[part] = value
        lock.unlock()
    }

    func merged() -> [[ScoredSlot]] {
        (0 ..< q).map { j in
            var total = TopK(k: k)
            for part in heaps where !part.isEmpty { total.merge(part[j]) }
            return total.sorted()
        }
    }
}

/// Carries non-Sendable values into `concurrentPerform`; workers only read through them.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
