import Foundation

/// Which granularities feed CCL: whole instances, their parts, or both (the paper's setting).
public enum Granularity: String, Codable, Sendable, CaseIterable {
    case coarse, fine, both

    public var usesCoarse: Bool { self != .fine }
    public var usesFine: Bool { self != .coarse }
}

/// How stage 1 correlates the two modalities at one granularity.
public enum CorrelationMode: String, Codable, Sendable, CaseIterable {
    /// Corr-AE: tied codes, `λ‖c_img − c_txt‖² + (1 − λ)·reconstruction`.
    case corrAE = "corr_ae"
    /// The margin contrastive loss over the batch's matched pairs instead of the tied-code distance.
    case contrastive
}

/// The shape of a CCL model: everything needed to rebuild its modules (saved in `loupe_model.json`).
public struct CCLArchitecture: Codable, Sendable, Equatable {
    /// The frozen CLIP model's embedding width (input of every encoder).
    public var featureDimension: Int
    public var granularity: Granularity
    public var encoderWidths: [Int]
    public var codeWidth: Int
    public var fusionWidth: Int
    /// Empty: no supervised refinement; stage 2 reads the fused code.
    public var refinementWidths: [Int]
    public var commonWidth: Int
    public var classifierOutputs: Int
    /// Category names; a label is an index into this list.
    public var categories: [String]
    /// Cells per side of the image grid.
    public var grid: Int

    public init(featureDimension: Int, granularity: Granularity = .both, encoderWidths: [Int] = [1024, 1024],
                codeWidth: Int = 1024, fusionWidth: Int = 2048, refinementWidths: [Int] = [1024, 1024, 1024],
                commonWidth: Int = 1024, classifierOutputs: Int = 256, categories: [String], grid: Int = 2) {
        self.featureDimension = featureDimension
        self.granularity = granularity
        self.encoderWidths = encoderWidths
        self.codeWidth = codeWidth
        self.fusionWidth = fusionWidth
        self.refinementWidths = refinementWidths
        self.commonWidth = commonWidth
        self.classifierOutputs = classifierOutputs
        self.categories = categories
        self.grid = grid
    }

    enum CodingKeys: String, CodingKey {
        case featureDimension = "feature_dimension", granularity, encoderWidths = "encoder_widths"
        case codeWidth = "code_width", fusionWidth = "fusion_width", refinementWidths = "refinement_widths"
        case commonWidth = "common_width", classifierOutputs = "classifier_outputs", categories, grid
    }

    /// The width stage 2 reads per modality.
    public var stage1OutputWidth: Int { refinementWidths.last ?? fusionWidth }
}
