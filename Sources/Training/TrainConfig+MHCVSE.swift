extension TrainConfig {
    /// MH-CVSE settings (METHODS.md §3, adapted as §8 says): heads over a frozen CLIP's patch
    /// tokens and token states. Every ablation switch of the method is a key.
    public struct MHCVSE: Codable, Sendable, Equatable {
        /// Width of the joint space the heads work in.
        public var embedSize: Int = 256
        /// Instance-level pooling: `1` = CVSE's single-head memory-query attention; `H > 1` =
        /// multi-head self-attention with H heads, then a masked mean.
        public var heads: Int = 4
        /// `fixed` (α·instance + (1 − α)·consensus) or `learned` (a sigmoid gate per item).
        public var fusion: String = "learned"
        /// α of fixed fusion (CVSE: 0.85 on Flickr30k).
        public var alpha: Float = 0.85
        /// `fixed` ([3, 5, 1, 2] on fused, instance, consensus ranking and KL) or `dynamic`
        /// (weights proportional to the detached loss values, summing to the fixed weights' sum).
        public var lossWeights: String = "dynamic"
        public var fixedWeights: [Float] = [3, 5, 1, 2]
        /// VSE++ max-violation margin.
        public var margin: Float = 0.2
        /// Steps at the start that sum all violations instead of taking the hardest negative (0 =
        /// CVSE's max violation throughout; from weak features max violation alone can collapse).
        public var sumViolationWarmup: Int = 0
        /// Concept vocabulary: at most this many words, each in at least `concept_min_count` captions.
        public var concepts: Int = 300
        public var conceptMinCount: Int = 2
        /// Threshold τ of the binarised, rescaled conditional-probability adjacency (CVSE t = 0.3).
        public var graphThreshold: Float = 0.3
        /// Share of ground-truth concept labels mixed into the text's concept distribution in training.
        public var labelRatio: Float = 0.35
        /// Weight of the fused similarity at inference; the consensus similarity gets the rest.
        public var inferenceFusedWeight: Float = 0.95
        /// Train-set items embedded by the frozen towers per forward pass.
        public var featureBatch: Int = 64
        public init() {}
        enum CodingKeys: String, CodingKey {
            case embedSize = "embed_size", heads, fusion, alpha, lossWeights = "loss_weights"
            case fixedWeights = "fixed_weights", margin, sumViolationWarmup = "sum_violation_warmup", concepts, conceptMinCount = "concept_min_count"
            case graphThreshold = "graph_threshold", labelRatio = "label_ratio"
            case inferenceFusedWeight = "inference_fused_weight", featureBatch = "feature_batch"
        }

        /// Checks names and ranges, naming the offending key.
        public func validate() throws {
            func need(_ ok: Bool, _ key: String, _ reason: String) throws {
                if !ok { throw TrainConfigError.invalid(key: "mhcvse.\(key)", reason: reason) }
            }
            try need(embedSize >= 2 && embedSize % 2 == 0, "embed_size", "must be an even number ≥ 2")
            try need(heads >= 1 && embedSize % heads == 0, "heads", "must be ≥ 1 and divide embed_size \(embedSize)")
            try need(["fixed", "learned"].contains(fusion), "fusion", "'\(fusion)' is not fixed or learned")
            try need(alpha >= 0 && alpha <= 1, "alpha", "must be in [0, 1]")
            try need(["fixed", "dynamic"].contains(lossWeights), "loss_weights", "'\(lossWeights)' is not fixed or dynamic")
            try need(fixedWeights.count == 4 && fixedWeights.allSatisfy { $0 >= 0 } && fixedWeights.reduce(0, +) > 0,
                     "fixed_weights", "needs four non-negative weights (fused, instance, consensus, KL) with a positive sum")
            try need(margin >= 0, "margin", "must be ≥ 0")
            try need(sumViolationWarmup >= 0, "sum_violation_warmup", "must be ≥ 0")
            try need(concepts >= 2, "concepts", "must be at least 2")
            try need(conceptMinCount >= 1, "concept_min_count", "must be at least 1")
            try need(labelRatio >= 0 && labelRatio <= 1, "label_ratio", "must be in [0, 1]")
            try need(inferenceFusedWeight >= 0 && inferenceFusedWeight <= 1, "inference_fused_weight", "must be in [0, 1]")
            try need(featureBatch >= 1, "feature_batch", "must be positive")
        }
    }
}
