import CLIPPipeline
import DataIO
import DualEncoder
import Foundation
import NN
import TensorCore
import Testing

/// A saved dual encoder opens through ``EmbedderLoader`` (kind `dual-encoder`) and embeds exactly
/// as the model in memory did.
@Suite("Dual-encoder save and load")
struct SaveLoadTests {
    init() {
        EmbedderLoader.register(kind: "dual-encoder", loader: DualEncoderEmbedder.load)
        TinySentenceEncoder.registerFormat()
    }

    func writeImages(_ dir: URL, count: Int) throws -> [ImageRequest] {
        try (0..<count).map { i in
            let url = dir.appendingPathComponent("img\(i).png")
            let pixels = (0..<(40 * 30 * 3)).map { UInt8(truncatingIfNeeded: $0 &* (7 + i) &+ i * 31) }
            try PNGEncoder.write(to: url, width: 40, height: 30, channels: 3, pixels: pixels)
            return ImageRequest(url: url)
        }
    }

    func roundTrip(_ model: DualEncoderModel, _ name: String) throws {
        let dir = try TestWorld.temporaryDirectory(name)
        defer { try? FileManager.default.removeItem(at: dir) }
        var preprocess = PreprocessConfig.openAI
        preprocess.imageSize = 32
        preprocess.shortestEdge = 32
        let saved = dir.appendingPathComponent("model")
        try DualEncoderStore.save(model, preprocess: preprocess, to: saved)
        #expect(try EmbedderLoader.kind(at: saved) == "dual-encoder")
        let requests = try writeImages(dir, count: 3)
        let expectedImages = ImageBatchEncoder(preprocess: preprocess)
            .embed(requests, batchSize: 8, normalize: true) { model.encodeImage($0) }.map { try! $0.get() }
        let expectedTexts = noGrad { model.encodeText(TestWorld.captions).l2Normalized() }.rowArrays

        let embedder = try EmbedderLoader.load(saved)
        #expect(embedder is DualEncoderEmbedder)
        #expect(embedder.dimension == 16)
        let texts = try embedder.embedTexts(TestWorld.captions, normalize: true)
        let images = try embedder.embedImages(requests + [ImageRequest(url: dir.appendingPathComponent("absent.png"))], normalize: true)
        #expect(texts == expectedTexts)
        #expect(images.prefix(3).map { try! $0.get() } == expectedImages)
        if case .success = images[3] { Issue.record("a missing file should fail on its own") }
        // The fingerprint is stable across opens and changes with the weights.
        #expect(try EmbedderLoader.load(saved).fingerprint == embedder.fingerprint)
        model.logitScale.assign(Tensor(scalar: 1.5))
        let other = dir.appendingPathComponent("other")
        try DualEncoderStore.save(model, preprocess: preprocess, to: other)
        #expect(try EmbedderLoader.load(other).fingerprint != embedder.fingerprint)
    }

    @Test("sentence-encoder tower: save → EmbedderLoader → identical embeddings")
    func sentence() throws {
        try roundTrip(TestWorld.sentenceModel(), "dual-sentence")
    }

    @Test("CLIP text tower: save → EmbedderLoader → identical embeddings; the vocabulary is copied in")
    func clip() throws {
        guard let vocabulary = TestWorld.clipVocabulary else {
            print("SKIP CLIP-tower save/load: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        try roundTrip(try TestWorld.clipModel(vocabulary), "dual-clip")
    }

    @Test("a manifest with an unknown sentence format names the directory and the known formats")
    func unknownFormat() throws {
        let dir = try TestWorld.temporaryDirectory("dual-format")
        defer { try? FileManager.default.removeItem(at: dir) }
        try DualEncoderStore.save(TestWorld.sentenceModel(), preprocess: .openAI, to: dir)
        let manifest = dir.appendingPathComponent("loupe_model.json")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: TinySentenceEncoder.formatName, with: "nope")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        #expect {
            try DualEncoderStore.load(dir)
        } throws: { error in
            let message = "\(error)"
            return message.contains("nope") && message.contains(TinySentenceEncoder.formatName) && message.contains("sentence_encoder")
        }
    }
}
