import CLIPModels
import DataIO
import Foundation

/// `loupe_model.json` of a saved dual encoder: everything needed to rebuild it, beside
/// `model.safetensors` (all weights) and, for a sentence tower, the encoder's own directory.
public struct DualEncoderManifest: Codable, Sendable, Equatable {
    public static let kind = "dual-encoder"
    public static let weightsFile = "model.safetensors"
    public static let sentenceDirectory = "sentence_encoder"

    public struct TextTowerInfo: Codable, Sendable, Equatable {
        /// `clip` or `sentence`.
        public var kind: String
        /// The CLIP text transformer's configuration (`clip`).
        public var clip: CLIPConfiguration.Text?
        /// The sentence encoder's format and folder inside the model directory (`sentence`).
        public var format: String?
        public var directory: String?
    }

    public struct Preprocess: Codable, Sendable, Equatable {
        public var imageSize: Int
        public var shortestEdge: Int
        public var mean: [Float]
        public var std: [Float]
        /// `openai` or `huggingface` (the reference transform the values refine).
        public var base: String
        enum CodingKeys: String, CodingKey { case imageSize = "image_size", shortestEdge = "shortest_edge", mean, std, base }
    }

    public var kind = DualEncoderManifest.kind
    public var version = 1
    public var embedDim: Int
    public var vision: CLIPConfiguration.Vision
    public var textTower: TextTowerInfo
    public var preprocess: Preprocess
    public var logitScaleInit: Float

    enum CodingKeys: String, CodingKey {
        case kind, version, embedDim = "embed_dim", vision, textTower = "text_tower", preprocess
        case logitScaleInit = "logit_scale_init"
    }
}

extension DualEncoderManifest.Preprocess {
    /// The fields of `p`; its base is `huggingface` when rebuilding from the HF CLIP transform
    /// gives `p` back exactly, else `openai`.
    public init(_ p: PreprocessConfig) {
        self.init(imageSize: p.imageSize, shortestEdge: p.shortestEdge, mean: p.mean, std: p.std, base: "huggingface")
        if config != p { base = "openai" }
    }

    public var config: PreprocessConfig {
        var p = base == "huggingface" ? PreprocessConfig.huggingFaceCLIP(imageSize: imageSize) : .openAI
        p.imageSize = imageSize
        p.shortestEdge = shortestEdge
        p.mean = mean
        p.std = std
        return p
    }
}
