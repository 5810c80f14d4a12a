import Foundation

/// CCL's category MAP (PKU-ICST-MIPL/CCL_TMM2018 `calMap.py`, `fx_calc_map_label` with
/// `k = 0`, `dist_method = 'COS'`): features are z-normalised per dimension, items ranked by
/// cosine distance, and a retrieved item is relevant iff its label equals the query's.
public enum CategoryMAP {
    /// Metric specs: `map_i2t`, `map_t2i` and their mean `map_avg`.
    public static let specs: [MetricSpec] = [
        MetricSpec("map_i2t", .mean(field: "ap", group: "i2t"), section: "MAP"),
        MetricSpec("map_t2i", .mean(field: "ap", group: "t2i"), section: "MAP"),
        MetricSpec("map_avg", .average(metrics: ["map_i2t", "map_t2i"]), section: "MAP"),
    ]

    /// Column-wise z-score: `(x - mean) / std` with the population std (numpy `np.std`); a
    /// dimension with zero std is divided by 1, as CCL's `znorm` does.
    public static func zNormalized(_ matrix: EmbeddingMatrix) -> EmbeddingMatrix {
        let n = matrix.rows
        let d = matrix.columns
        guard n > 0 else { return matrix }
        var mean = [Double](repeating: 0, count: d)
        for r in 0 ..< n { for c in 0 ..< d { mean[c] += Double(matrix.values[r * d + c]) } }
        for c in 0 ..< d { mean[c] /= Double(n) }
        var variance = [Double](repeating: 0, count: d)
        for r in 0 ..< n {
            for c in 0 ..< d {
                let delta = Double(matrix.values[r * d + c]) - mean[c]
                variance[c] += delta * delta
            }
        }
        let std = variance.map { v -> Double in
            let s = (v / Double(n)).squareRoot()
            return s == 0 ? 1 : s
        }
        var out = [Float](repeating: 0, count: n * d)
        for r in 0 ..< n {
            for c in 0 ..< d {
                out[r * d + c] = Float((Double(matrix.values[r * d + c]) - mean[c]) / std[c])
            }
        }
        return EmbeddingMatrix(rows: n, columns: d, values: out)
    }

    /// Average precision of each query over the full ranking of the gallery.
    ///
    /// Items are ordered by cosine similarity (Float32), highest first; exactly equal
    /// similarities keep gallery order (numpy's default quicksort leaves that order
    /// unspecified; rounding can split mathematically equal cosines, as in the reference).
    /// A zero vector has no direction (scipy gives `nan` distances, sorted last), so it ranks
    /// last. A query with no relevant item scores 0, as in `fx_calc_map_label`.
    /// - Parameters:
    ///   - queries: `[Q, D]` features (already z-normalised if following CCL).
    ///   - gallery: `[G, D]` features.
    public static func averagePrecisions(
        queries: EmbeddingMatrix, queryLabels: [Int], gallery: EmbeddingMatrix,
        galleryLabels: [Int], maxChunkValues: Int = 1 << 24
    ) -> [Double] {
        precondition(
            queryLabels.count == queries.rows && galleryLabels.count == gallery.rows,
            "one label per row")
        let q = queries.l2Normalized()
        let g = gallery.l2Normalized()
        let zeroGallery = (0 ..< g.rows).map { i in
            (0 ..< g.columns).allSatisfy { g.values[i * g.columns + $0] == 0 }
        }
        let chunkRows = max(1, min(q.rows, maxChunkValues / max(g.rows, 1)))
        var result = [Double](repeating: 0, count: q.rows)
        for start in stride(from: 0, to: q.rows, by: chunkRows) {
            let end = min(start + chunkRows, q.rows)
            let scores = q.dotProducts(rows: start ..< end, with: g)
            for i in start ..< end {
                let row = (i - start) * g.rows
                let zeroQuery = (0 ..< q.columns).allSatisfy { q.values[i * q.columns + $0] == 0 }
                let key: (Int) -> Float = { j in
                    zeroQuery || zeroGallery[j] ? -.infinity : scores[row + j]
                }
                let order = (0 ..< g.rows).sorted { a, b in
                    let ka = key(a), kb = key(b)
                    return ka != kb ? ka > kb : a < b
                }
                var hits = 0.0
                var precisionSum = 0.0
                for (position, j) in order.enumerated() where galleryLabels[j] == queryLabels[i] {
                    hits += 1
                    precisionSum += hits / Double(position + 1)
                }
                result[i] = hits > 0 ? precisionSum / hits : 0
            }
        }
        return result
    }
}
