import CLIPPipeline
import DataIO
import DualEncoder
import Foundation
import NN
import SentenceEncoders
import TensorCore
import TestSupport
import Testing
import Training

/// The real BERT sentence encoder (`SentenceEncoders`) as the text tower: the tiny random BERT
/// fixture for freezing and save/load, all-MiniLM-L6-v2 when it is in the cache.
@Suite("Dual encoder with a BERT sentence encoder")
struct BertTowerTests {
    init() { EmbedderLoader.register(kind: "dual-encoder", loader: DualEncoderEmbedder.load) }

    func tinyBertModel() throws -> DualEncoderModel {
        let encoder = try SentenceEncoderFormats.load(format: "sentence-transformers", directory: Fixtures.url("bert/tiny-bert"))
        return DualEncoderModel(visual: TestWorld.visual(dim: 16), textTower: SentenceTextTower(encoder: encoder, outputDimension: 16, seed: 4))
    }

    func changedAfterStep(_ model: DualEncoderModel) -> Set<String> {
        let before = model.stateDict().mapValues(\.scalars)
        model.zeroGrad()
        let image = model.encodeImage(TestWorld.pixels(4)).l2Normalized()
        let text = model.encodeText(TestWorld.captions).l2Normalized()
        infoNCELoss(image: image, text: text, logitScale: model.logitScale.value).backward()
        AdamW(learningRate: 1e-2, weightDecay: 0.1).update(model.namedParameters())
        let after = model.stateDict().mapValues(\.scalars)
        return Set(before.keys.filter { before[$0]! != after[$0]! })
    }

    @Test("tiny BERT: frozen keeps every encoder weight bitwise; top-1 moves exactly encoder.layer.1")
    func freezing() throws {
        let frozen = try tinyBertModel()
        (frozen.textTower as! SentenceTextTower).setTrainability(.frozen)
        let changedFrozen = changedAfterStep(frozen)
        #expect(!changedFrozen.contains { $0.hasPrefix("text.encoder.") })
        #expect(changedFrozen.contains("text.projection.weight"))

        let top = try tinyBertModel()
        let tower = top.textTower as! SentenceTextTower
        tower.setTrainability(.topLayers(1))
        let changed = changedAfterStep(top).filter { $0.hasPrefix("text.encoder.") }
        let expected = Set((tower.encoder as! SentenceEncoder).topLayerParameterNames(1).map { "text.encoder." + $0 })
        #expect(expected.count > 10 && expected.allSatisfy { $0.hasPrefix("text.encoder.encoder.layer.1.") })
        #expect(changed == expected)
    }

    @Test("tiny BERT: save → EmbedderLoader → identical text embeddings, the encoder directory copied in")
    func saveLoad() throws {
        let model = try tinyBertModel()
        let dir = try TestWorld.temporaryDirectory("dual-bert")
        defer { try? FileManager.default.removeItem(at: dir) }
        var preprocess = PreprocessConfig.openAI
        preprocess.imageSize = 32
        preprocess.shortestEdge = 32
        try DualEncoderStore.save(model, preprocess: preprocess, to: dir)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("sentence_encoder/vocab.txt").path))
        let expected = noGrad { model.encodeText(TestWorld.captions).l2Normalized() }.rowArrays
        let embedder = try EmbedderLoader.load(dir)
        #expect(try embedder.embedTexts(TestWorld.captions, normalize: true) == expected)
        #expect(embedder.textContextTokens == (model.textTower as! SentenceTextTower).encoder.maxTokens)
    }

    @Test("all-MiniLM-L6-v2 as the text tower: 384 → D projection, texts past 77 tokens use its own 256")
    func miniLM() throws {
        let cache = ProcessInfo.processInfo.environment["LOUPE_CACHE"] ?? NSHomeDirectory() + "/.cache/loupe"
        let directory = URL(fileURLWithPath: cache + "/sentence-encoders/all-MiniLM-L6-v2")
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("modules.json").path) else {
            print("SKIP MiniLM text-tower test: all-MiniLM-L6-v2 is not in \(directory.path) (run make setup)")
            return
        }
        let encoder = try SentenceEncoderFormats.load(format: "sentence-transformers", directory: directory)
        #expect(encoder.hiddenSize == 384 && encoder.layerCount == 6 && encoder.maxTokens == 256)
        let tower = SentenceTextTower(encoder: encoder, outputDimension: 16, seed: 1)
        tower.setTrainability(.frozen)
        let long = Array(repeating: "a red circle left of a blue square", count: 20).joined(separator: " and ")
        #expect(tower.countTokens(long) > 77)
        let features = noGrad { tower.encode([long, "two green stars"]) }
        #expect(features.shape == [2, 16])
        // The pooled MiniLM vectors are unit length (its Normalize module), so the projection sees them as trained.
        let pooled = noGrad { encoder.encode(["two green stars"]) }
        #expect(abs(pooled.scalars.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }
}
