import Foundation

/// How equal scores are ranked against a positive.
///
/// CLIP_benchmark (`zeroshot_retrieval.py`, `torch.topk`) and open_clip (`get_clip_metrics`,
/// `torch.argsort`) leave ties to the sort kernel's order, which is unspecified (torch 2.15 on
/// CPU returns indices 12, 14, 13 as the top 3 of an all-zero row). Without ties every rule
/// gives their numbers exactly; Loupe fixes the rule so results are reproducible. A tie is
/// exact equality of the Float32 scores (GEMM rounding may split mathematically equal ones).
public enum TieRule: String, Codable, Sendable {
    /// A negative scoring equal to the best positive ranks above it:
    /// `rank = 1 + #{negatives with score >= best positive}`. The default: a constant scorer
    /// gets R@K = 0 instead of 1, consistent with the strict `>` of the compositional suites.
    case pessimistic
    /// Only strictly higher negatives count: `rank = 1 + #{negatives with score > best}`.
    case optimistic
}

/// Ranks for retrieval queries, computed chunk by chunk so large galleries fit in memory.
public enum RetrievalRanking {
    /// The 1-based rank of each query's best positive among all gallery items.
    ///
    /// Scores are dot products of the rows given (pass L2-normalised rows for cosine).
    /// A query's rank counts only the *negatives* scoring above (or tied with, under
    /// ``TieRule/pessimistic``) its best-scoring positive, so several positives per query
    /// (five captions per image) give the rank of the best one, as in CVSE/VSE++ evaluation.
    /// - Parameters:
    ///   - queries: `[Q, D]` query vectors.
    ///   - gallery: `[G, D]` gallery vectors.
    ///   - positives: for each query, the gallery indices that are correct (non-empty).
    ///   - tieRule: how equal scores are ranked.
    ///   - maxChunkValues: at most this many similarity values are held at once
    ///     (default 16M floats = 64 MB; 25k × 5k COCO fits in a few chunks).
    public static func ranks(
        queries: EmbeddingMatrix, gallery: EmbeddingMatrix, positives: [[Int]],
        tieRule: TieRule = .pessimistic, maxChunkValues: Int = 1 << 24
    ) -> [Int] {
        precondition(positives.count == queries.rows, "one positive list per query")
        let chunkRows = max(1, min(queries.rows, maxChunkValues / max(gallery.rows, 1)))
        var ranks = [Int](repeating: 0, count: queries.rows)
        var isPositive = [Bool](repeating: false, count: gallery.rows)
        for start in stride(from: 0, to: queries.rows, by: chunkRows) {
            let end = min(start + chunkRows, queries.rows)
            let scores = queries.dotProducts(rows: start ..< end, with: gallery)
            for q in start ..< end {
                let row = (q - start) * gallery.rows
                let mine = positives[q]
                precondition(!mine.isEmpty, "query \(q) has no positive")
                var best = -Float.infinity
                for p in mine {
                    isPositive[p] = true
                    best = max(best, scores[row + p])
                }
                var above = 0
                switch tieRule {
                case .pessimistic:
                    for g in 0 ..< gallery.rows where !isPositive[g] && scores[row + g] >= best {
                        above += 1
                    }
                case .optimistic:
                    for g in 0 ..< gallery.rows where !isPositive[g] && scores[row + g] > best {
                        above += 1
                    }
                }
                for p in mine { isPositive[p] = false }
                ranks[q] = above + 1
            }
        }
        return ranks
    }
}
