import CLIPPipeline
import DualEncoder
import Foundation
import NN
import SyntheticWorld
import TensorCore
import Testing
import Training

/// `DualEncoderTrainer` end to end on a very small synthetic world.
@Suite("Dual-encoder training")
struct DualEncoderTrainingTests {
    init() {
        EmbedderLoader.register(kind: "dual-encoder", loader: DualEncoderEmbedder.load)
        TinySentenceEncoder.registerFormat()
    }

    func world(_ name: String, train: Int, test: Int) throws -> URL {
        let dir = try TestWorld.temporaryDirectory(name)
        _ = try World.generate(outDir: dir, seed: 5, train: train, test: test, size: 64)
        return dir
    }

    func config(_ world: URL, steps: Int) -> TrainConfig {
        var c = TrainConfig()
        c.objective.name = "dual"
        c.data.train = world.appendingPathComponent("train.jsonl").path
        c.data.eval = world.appendingPathComponent("test.jsonl").path
        c.out = world.appendingPathComponent("run").path
        c.model.architecture = "tiny"
        c.batchSize = 32
        c.steps = steps
        c.optimizer.lr = 1e-3
        c.schedule.warmup = 10
        c.evalEvery = steps
        c.checkpointEvery = 0
        return c
    }

    func losses(_ run: String) throws -> [Double] {
        try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8).split(separator: "\n").compactMap {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["loss"] as? Double
        }
    }

    @Test("CLIP text tower from scratch: held-out R@1 far above chance, loss falls, OUT/final opens as dual-encoder")
    func clipTower() throws {
        guard TestWorld.clipVocabulary != nil else {
            print("SKIP dual-encoder training with the CLIP text tower: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        let dir = try world("dual-train-clip", train: 300, test: 40)
        defer { try? FileManager.default.removeItem(at: dir) }
        var c = config(dir, steps: 50)
        c.batchSize = 24
        let trainer = try DualEncoderTrainer(config: c)
        let before = try trainer.evaluate()
        let final = try trainer.run()
        let after = try trainer.evaluate()
        let chance = 1.0 / 40
        print("dual (clip tower): t2i R@1 \(before["t2i_r1"]!) → \(after["t2i_r1"]!), i2t \(before["i2t_r1"]!) → \(after["i2t_r1"]!)")
        #expect(after["t2i_r1"]! >= 5 * chance && after["i2t_r1"]! >= 5 * chance)
        let loss = try losses(trainer.config.out)
        #expect(loss.count == 50)
        let early: Double = loss.prefix(10).reduce(0, +), late: Double = loss.suffix(10).reduce(0, +)
        #expect(late < early * 0.8)
        let embedder = try EmbedderLoader.load(final)
        #expect(embedder.dimension == 128)
        #expect(try embedder.embedTexts(["a red circle"], normalize: true)[0].count == 128)
    }

    @Test("frozen sentence tower: loss falls, the encoder in OUT/final is bitwise the starting one, resume continues")
    func sentenceTower() throws {
        let dir = try world("dual-train-sentence", train: 96, test: 16)
        defer { try? FileManager.default.removeItem(at: dir) }
        let encoderDir = dir.appendingPathComponent("encoder")
        let encoder = TinySentenceEncoder(hiddenSize: 32, layers: 2, maxTokens: 32)
        try encoder.save(to: encoderDir)
        var c = config(dir, steps: 12)
        c.textTower.kind = "sentence"
        c.textTower.sentenceFormat = TinySentenceEncoder.formatName
        c.textTower.sentenceEncoder = encoderDir.path
        c.textTower.trainable = "frozen"
        c.batchSize = 16
        c.checkpointEvery = 6
        c.data.randomResizedCrop = nil
        var first = c
        first.steps = 6
        try DualEncoderTrainer(config: first).run()
        let final = try DualEncoderTrainer(config: c).run()
        let loss = try losses(c.out)
        #expect(loss.count == 12, "resumed at step 6 and logged steps 7–12")
        let early: Double = loss.prefix(3).reduce(0, +), late: Double = loss.suffix(3).reduce(0, +)
        #expect(late < early)
        let loaded = try DualEncoderStore.load(final)
        let start = encoder.stateDict()
        let trained = (loaded.model.textTower as! SentenceTextTower).encoder.stateDict()
        #expect(Set(start.keys) == Set(trained.keys))
        for (name, t) in start { #expect(trained[name]!.scalars == t.scalars, "\(name) changed") }
        let trainedProjection: [Float] = loaded.model.stateDict()["text.projection.weight"]!.scalars
        let initialProjection: [Float] = SentenceTextTower(encoder: encoder, outputDimension: 128, seed: c.seed &+ 1)
            .projection.weight.value.scalars
        #expect(trainedProjection != initialProjection)
    }
}
