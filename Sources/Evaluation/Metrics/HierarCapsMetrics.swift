import Foundation

/// HierarCaps metrics, ported from TAU-VAILab/hierarcaps
/// `code/evaluation/hierarchical_retrieval.py` (`HCEvaluator.run`, `calculate_Ro_multi`).
///
/// All embeddings are L2-normalised; the root is the normalised embedding of the empty text;
/// a text's radius is `‖e − root‖`.
public enum HierarCapsMetrics {
    /// Metric specs: `tau_d` (the reference's `d_corr`), `precision`, `recall`, and
    /// `recall_order` (R_o, computed by the reference code but not reported by its `run()`).
    public static let specs: [MetricSpec] = [
        MetricSpec(
            "tau_d", .mean(field: "tau", group: "chain"), section: "Hierarchy",
            kind: .score),
        MetricSpec("precision", .mean(field: "precision", group: "image"), section: "Hierarchy"),
        MetricSpec("recall", .mean(field: "recall", group: "image"), section: "Hierarchy"),
        MetricSpec(
            "recall_order", .mean(field: "recall_order", group: "image"),
            section: "Hierarchy"),
    ]

    /// Kendall τ between the levels ordered by radius (`argsort(radii)`, stable) and the true
    /// order 1…n, as `scipy.stats.kendalltau(ranks, [1, 2, 3, 4])`; a permutation has no ties,
    /// so τ = (concordant − discordant) / (n(n−1)/2).
    public static func kendallTauAgainstDepth(_ radii: [Double]) -> Double {
        let order = radii.indices.sorted { (radii[$0], $0) < (radii[$1], $1) }
        let n = order.count
        guard n > 1 else { return .nan }
        var concordant = 0
        var discordant = 0
        for i in 0 ..< n {
            for j in (i + 1) ..< n {
                if order[i] < order[j] { concordant += 1 } else { discordant += 1 }
            }
        }
        return Double(concordant - discordant) / Double(n * (n - 1) / 2)
    }

    /// Order-aware recall R_o (`calculate_Ro_multi`): the matched predictions' level indices
    /// (position in the first ground-truth chain containing the text), adjacent duplicates
    /// removed; the longest strictly increasing run's length divided by `levels`.
    public static func orderAwareRecall(predicted: [String], truth: [[String]], levels: Int = 4)
        -> Double
    {
        let known = Set(truth.joined())
        let indices = predicted.filter(known.contains).map { text in
            truth.first { $0.contains(text) }!.firstIndex(of: text)!
        }
        guard !indices.isEmpty else { return 0 }
        var deduplicated: [Int] = []
        for index in indices where deduplicated.last != index { deduplicated.append(index) }
        var longest = 1
        var run = 1
        for k in 1 ..< max(deduplicated.count, 1) {
            if deduplicated[k] > deduplicated[k - 1] {
                run += 1
                longest = max(longest, run)
            } else {
                run = 1
            }
        }
        return Double(longest) / Double(levels)
    }

    /// One image's hierarchical-retrieval outcome.
    public struct ImageOutcome: Equatable, Sendable {
        /// Retrieved candidate indices, generic to specific, consecutive duplicate texts removed.
        public var predicted: [Int]
        /// |unique predicted texts in the truth| / max(1, |unique predicted texts|).
        public var precision: Double
        /// Fraction of levels k for which some truth chain's level-k text was predicted.
        public var recall: Double
        /// R_o.
        public var recallOrder: Double
    }

    /// Radius thresholds: numpy `linspace(min, max, steps)` over the candidates' radii.
    public static func thresholds(radii: [Double], steps: Int) -> [Double] {
        precondition(steps >= 1 && !radii.isEmpty, "thresholds need radii and steps ≥ 1")
        let low = radii.min()!
        let high = radii.max()!
        guard steps > 1 else { return [low] }
        let step = (high - low) / Double(steps - 1)
        return (0 ..< steps).map { $0 == steps - 1 ? high : low + Double($0) * step }
    }

    /// Hierarchical retrieval for one image.
    ///
    /// For each threshold (ascending), among candidates with radius ≤ threshold, take the one
    /// most similar to the image (ties: lowest candidate index, as torch's `argmax` over the
    /// row-major masked scores); append its text unless it equals the previous prediction.
    /// - Parameters:
    ///   - scores: similarity of the image to every candidate text.
    ///   - radii: every candidate's radius.
    ///   - orderByRadius: candidate indices sorted by radius (ties by index).
    ///   - texts: every candidate's text (predictions are compared as strings, as the reference
    ///     does).
    ///   - truth: the image's ground-truth chains, generic to specific.
    public static func retrieve(
        scores: [Float], radii: [Double], orderByRadius: [Int], thresholds: [Double],
        texts: [String], truth: [[String]]
    ) -> ImageOutcome {
        var predicted: [Int] = []
        var best = -1
        var cursor = 0
        for threshold in thresholds {
            while cursor < orderByRadius.count, radii[orderByRadius[cursor]] <= threshold {
                let c = orderByRadius[cursor]
                if best < 0 || scores[c] > scores[best] || (scores[c] == scores[best] && c < best) {
                    best = c
                }
                cursor += 1
            }
            guard best >= 0 else { continue }
            if predicted.last.map({ texts[$0] }) != texts[best] { predicted.append(best) }
        }
        let predictedTexts = predicted.map { texts[$0] }
        let uniquePredicted = Set(predictedTexts)
        let known = Set(truth.joined())
        let hits = uniquePredicted.intersection(known).count
        let precision = Double(hits) / Double(max(1, uniquePredicted.count))
        let levels = truth.first?.count ?? 0
        let levelHits = (0 ..< levels).filter { k in
            truth.contains { uniquePredicted.contains($0[k]) }
        }
        let recall = levels == 0 ? 0 : Double(levelHits.count) / Double(levels)
        return ImageOutcome(
            predicted: predicted, precision: precision, recall: recall,
            recallOrder: orderAwareRecall(
                predicted: predictedTexts, truth: truth,
                levels: max(levels, 1)))
    }
}
