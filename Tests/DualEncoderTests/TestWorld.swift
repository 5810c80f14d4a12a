import CLIPModels
import DualEncoder
import Foundation
import NN
import TensorCore
import Tokenizers

/// Shared helpers of the dual-encoder tests.
enum TestWorld {
    static func temporaryDirectory(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The CLIP BPE vocabulary from `make setup`, or `nil` (the caller prints why it skips).
    static var clipVocabulary: VocabularySource? {
        try? CLIPTokenizer.vocabularySource(modelDirectory: nil)
    }

    /// A 32 px, patch 8, width 32 image tower with embedding width `dim`.
    static func visual(dim: Int = 16, seed: UInt64 = 1) -> VisionTransformer {
        var rng = RandomGenerator(seed: seed)
        return VisionTransformer(.init(imageSize: 32, patchSize: 8, width: 32, layers: 2, heads: 4, activation: .gelu),
                                 embedDim: dim, rng: &rng)
    }

    static func sentenceModel(dim: Int = 16) -> DualEncoderModel {
        DualEncoderModel(visual: visual(dim: dim), textTower: SentenceTextTower(encoder: TinySentenceEncoder(), outputDimension: dim, seed: 3))
    }

    static func clipModel(_ vocabulary: VocabularySource, dim: Int = 16) throws -> DualEncoderModel {
        let text = CLIPConfiguration.Text(width: 32, layers: 2, heads: 4, activation: .gelu)
        return DualEncoderModel(visual: visual(dim: dim), textTower: try CLIPTextTower(text, outputDimension: dim, vocabulary: vocabulary, seed: 2))
    }

    static func pixels(_ n: Int, seed: UInt64 = 9) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return .randomNormal([n, 3, 32, 32], std: 1, using: &rng)
    }

    static let captions = ["a red circle left of a blue square", "two green stars", "a small yellow triangle above a heart",
                           "a striped purple square"]
}
