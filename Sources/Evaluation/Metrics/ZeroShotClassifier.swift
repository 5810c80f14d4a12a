import Foundation

/// CLIP zero-shot classification (CLIP_benchmark `zeroshot_classification.py`).
public enum ZeroShotClassifier {
    /// Class weights `[C, D]`: per class, the mean of its L2-normalised template embeddings,
    /// re-normalised.
    /// - Parameter templateEmbeddings: `[C * T, D]`, class-major (class 0's T prompts first).
    public static func weights(templateEmbeddings: EmbeddingMatrix, classCount: Int)
        -> EmbeddingMatrix
    {
        precondition(
            classCount > 0 && templateEmbeddings.rows % classCount == 0,
            "\(templateEmbeddings.rows) prompt vectors for \(classCount) classes")
        let perClass = templateEmbeddings.rows / classCount
        let normalized = templateEmbeddings.l2Normalized()
        let width = templateEmbeddings.columns
        var values = [Float](repeating: 0, count: classCount * width)
        for c in 0 ..< classCount {
            var mean = [Double](repeating: 0, count: width)
            for t in 0 ..< perClass {
                let base = (c * perClass + t) * width
                for d in 0 ..< width { mean[d] += Double(normalized.values[base + d]) }
            }
            for d in 0 ..< width { values[c * width + d] = Float(mean[d] / Double(perClass)) }
        }
        return EmbeddingMatrix(rows: classCount, columns: width, values: values).l2Normalized()
    }

    /// Metric specs: `acc1`, `acc5` (top-K accuracy from the rank of the true class) and
    /// `mean_per_class_recall` (sklearn `balanced_accuracy_score` of the top-1 prediction:
    /// mean over classes present of the fraction of their images predicted right).
    public static let specs: [MetricSpec] = [
        MetricSpec("acc1", .fractionAtMost(field: "rank", limit: 1), section: "Accuracy"),
        MetricSpec("acc5", .fractionAtMost(field: "rank", limit: 5), section: "Accuracy"),
        MetricSpec("mean_per_class_recall", .macroMean(field: "hit1"), section: "Accuracy"),
    ]
}
