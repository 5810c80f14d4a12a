import CCL
import CLIPPipeline
import Foundation
import SyntheticWorld
import TestSupport
import Testing
import Training

/// A tiny CCL run end to end over the tiny OpenCLIP fixture model: both stages on a very small
/// synthetic world, held-out category MAP above chance, and save → load → identical vectors.
@Suite("CCL training")
struct CCLTrainingTests {
    @Test("a tiny run raises held-out category MAP above chance; the saved model embeds identically")
    func tinyRun() throws {
        guard FileManager.default.fileExists(atPath: (ProcessInfo.processInfo.environment["LOUPE_CACHE"]
            ?? NSHomeDirectory() + "/.cache/loupe") + "/clip/bpe_simple_vocab_16e6.txt.gz") else {
            print("SKIP CCL training: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-ccl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try World.generate(outDir: dir, seed: 5, train: 300, test: 100, size: 32)
        var c = TrainConfig()
        c.objective.name = "ccl"
        c.model.initFrom = Fixtures.url("clip/openclip-tiny").path
        c.data.train = dir.appendingPathComponent("train.jsonl").path
        c.data.eval = dir.appendingPathComponent("test.jsonl").path
        c.out = dir.appendingPathComponent("run").path
        c.batchSize = 40
        c.steps = 300
        c.evalEvery = 300
        c.checkpointEvery = 0
        c.optimizer.name = "sgd"
        c.optimizer.lr = 0.1
        c.optimizer.weightDecay = 0.004
        c.optimizer.gradClip = nil
        c.schedule.name = "step"
        c.schedule.stepEvery = 200
        c.ccl.stage1Steps = 100
        c.ccl.stage1LR = 1e-2
        c.ccl.encoderWidths = [48, 48]
        c.ccl.codeWidth = 48
        c.ccl.fusionWidth = 64
        c.ccl.refinementWidths = [64]
        c.ccl.commonWidth = 48
        c.ccl.classifierOutputs = 16
        let trainer = try CCLTrainer(config: c)
        let before = trainer.evaluate()
        let final = try trainer.run()
        let after = trainer.evaluate()
        // Chance: a random ranking's expected AP is about the share of relevant items.
        let labels = try String(contentsOf: dir.appendingPathComponent("test.jsonl"), encoding: .utf8)
            .split(separator: "\n").compactMap { line -> String? in
                ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["category"] as? String
            }
        let counts = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +)
        let chance = counts.values.map { Double($0 * $0) }.reduce(0, +) / Double(labels.count * labels.count)
        print("CCL tiny run: category MAP \(before["map_avg"]!) → \(after["map_avg"]!) (i2t \(after["map_i2t"]!), t2i \(after["map_t2i"]!)); chance ≈ \(chance); frozen base \(trainer.baseMAP()["map_avg"]!)")
        // The fixture CLIP is random, so its features carry little category information (its own
        // MAP is ≈ 0.16 here); the bar is a clear margin over chance (≈ 0.11) and over the untrained heads.
        #expect(after["map_avg"]! > chance + 0.03)
        #expect(after["map_i2t"]! > chance + 0.02 && after["map_t2i"]! > chance + 0.02)
        #expect(after["map_avg"]! > before["map_avg"]!)

        // Save → load → identical vectors (both modalities), through the model-kind registry.
        EmbedderLoader.register(kind: CCLEmbedder.kind, loader: CCLEmbedder.load)
        let loaded = try EmbedderLoader.load(final)
        #expect(loaded.dimension == 48)
        #expect(FileManager.default.fileExists(atPath: final.appendingPathComponent("base/open_clip_model.safetensors").path))
        let inMemory = CCLEmbedder(model: trainer.model, features: CCLFeatureExtractor(clip: trainer.clip), fingerprint: "memory")
        let texts = ["a small red circle above a large blue square on a grey background", "shapes"]
        #expect(try loaded.embedTexts(texts, normalize: false) == inMemory.embedTexts(texts, normalize: false))
        let images = [ImageRequest(url: dir.appendingPathComponent("images/test_000000.png")),
                      ImageRequest(url: dir.appendingPathComponent("images/missing.png")),
                      ImageRequest(url: dir.appendingPathComponent("images/test_000001.png"), crop: (0, 0, 20, 24))]
        let a = try loaded.embedImages(images, normalize: true), b = try inMemory.embedImages(images, normalize: true)
        #expect(try a[0].get() == b[0].get() && a[2].get() == b[2].get())
        #expect((try? a[1].get()) == nil, "a missing file fails alone")
        #expect(abs(try a[0].get().reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }
}
