import Foundation

extension TrainConfig {
    /// The `ccl` section: CCL (Peng et al., TMM 2018) over a frozen CLIP model's features, with
    /// every ablation switch of METHODS.md §2 and §8. `model.init` names the frozen CLIP model;
    /// `batch_size`, `optimizer`, `schedule` and `steps` drive stage 2 (SGD with momentum and step
    /// decay, as the released Caffe solver); stage 1 has its own steps and learning rate here.
    public struct CCL: Codable, Sendable, Equatable {
        /// `coarse` (whole image / caption), `fine` (2×2 crops / noun phrases) or `both`.
        public var granularity: String = "both"
        /// Stage 1's per-modality, per-granularity autoencoder reconstruction (the DBN's role).
        public var intraModal: Bool = true
        /// Stage 1's cross-modal term per granularity: `corr_ae` (tied codes, Corr-AE) or
        /// `contrastive` (margin contrastive over the batch's matched pairs).
        public var correlation: String = "corr_ae"
        /// Weight of the correlation term; reconstruction gets `1 − tied_lambda` (0.7 / 0.3).
        public var tiedLambda: Float = 0.7
        /// Stage 1's per-modality supervised refinement (`ff_img` / `ff_txt`): ReLU layers and a
        /// softmax over categories; stage 2 then reads its last hidden layer.
        public var supervisedRefinement: Bool = true
        /// Which stages this run trains: `both`, `stage1` or `stage2` (stage 2 alone resumes stage 1
        /// from `OUT/stage1`).
        public var stages: String = "both"
        public var stage1Steps: Int = 600
        public var stage1LR: Float = 1e-3
        /// `adamw` or `sgd` (momentum from `optimizer.momentum`).
        public var stage1Optimizer: String = "adamw"
        /// Widths of the per-granularity encoders (the DBN's two 1,024-unit layers).
        public var encoderWidths: [Int] = [1024, 1024]
        /// Width of the Corr-AE codes.
        public var codeWidth: Int = 1024
        /// Width of the coarse+fine fusion layer (`joint_img` / `joint_txt`).
        public var fusionWidth: Int = 2048
        /// Hidden widths of the supervised refinement (`ff_*`: 3 × 1,024 ReLU).
        public var refinementWidths: [Int] = [1024, 1024, 1024]
        /// Stage 2's FC layer and common space width (FC-1024 → FuseInnerProduct 1,024).
        public var commonWidth: Int = 1024
        /// Stage 2's classification head outputs (FC-256 in the prototxt); at least the category count.
        public var classifierOutputs: Int = 256
        /// `SemiContrastLoss` margin.
        public var margin: Float = 1
        public var contrastiveWeight: Float = 1
        public var classificationWeight: Float = 1
        /// The manifest key holding each example's category.
        public var categoryField: String = "category"
        /// Cells per side of the image grid (fine granularity).
        public var grid: Int = 2
        /// A folder caching the frozen features per manifest (`""` = none); runs that share the base
        /// model and data then extract them once.
        public var featureCache: String = ""
        public init() {}
        enum CodingKeys: String, CodingKey {
            case granularity, intraModal = "intra_modal", correlation, tiedLambda = "tied_lambda"
            case supervisedRefinement = "supervised_refinement", stages, stage1Steps = "stage1_steps"
            case stage1LR = "stage1_lr", stage1Optimizer = "stage1_optimizer", encoderWidths = "encoder_widths"
            case codeWidth = "code_width", fusionWidth = "fusion_width", refinementWidths = "refinement_widths"
            case commonWidth = "common_width", classifierOutputs = "classifier_outputs", margin
            case contrastiveWeight = "contrastive_weight", classificationWeight = "classification_weight"
            case categoryField = "category_field", grid, featureCache = "feature_cache"
        }

        /// Checks names and ranges, naming the offending key.
        public func validate() throws {
            func need(_ ok: Bool, _ key: String, _ reason: String) throws {
                if !ok { throw TrainConfigError.invalid(key: "ccl.\(key)", reason: reason) }
            }
            try need(["coarse", "fine", "both"].contains(granularity), "granularity",
                     "'\(granularity)' is not one of coarse, fine, both")
            try need(["corr_ae", "contrastive"].contains(correlation), "correlation",
                     "'\(correlation)' is not corr_ae or contrastive")
            try need(["both", "stage1", "stage2"].contains(stages), "stages", "'\(stages)' is not one of both, stage1, stage2")
            try need(["adamw", "sgd"].contains(stage1Optimizer), "stage1_optimizer", "'\(stage1Optimizer)' is not adamw or sgd")
            try need((0...1).contains(tiedLambda), "tied_lambda", "must be in [0, 1]")
            try need(stage1Steps >= 0, "stage1_steps", "must not be negative")
            try need(!encoderWidths.isEmpty && encoderWidths.allSatisfy { $0 > 0 }, "encoder_widths", "needs positive widths")
            try need(refinementWidths.allSatisfy { $0 > 0 }, "refinement_widths", "needs positive widths")
            try need(!(supervisedRefinement && refinementWidths.isEmpty), "refinement_widths",
                     "must not be empty while supervised_refinement is on")
            for (key, value) in [("code_width", codeWidth), ("fusion_width", fusionWidth), ("common_width", commonWidth),
                                 ("classifier_outputs", classifierOutputs), ("grid", grid)] {
                try need(value > 0, key, "must be positive")
            }
            try need(margin > 0, "margin", "must be positive")
        }
    }
}
