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

    /// A sentence-tower config on a small world whose encoder trains fully.
    func trainableSentenceConfig(_ dir: URL, run: String, steps: Int) throws -> TrainConfig {
        let encoderDir = dir.appendingPathComponent("encoder")
        if !FileManager.default.fileExists(atPath: encoderDir.path) {
            try TinySentenceEncoder(hiddenSize: 32, layers: 2, maxTokens: 32).save(to: encoderDir)
        }
        var c = config(dir, steps: steps)
        c.textTower.kind = "sentence"
        c.textTower.sentenceFormat = TinySentenceEncoder.formatName
        c.textTower.sentenceEncoder = encoderDir.path
        c.textTower.trainable = "full"
        c.batchSize = 16
        c.data.randomResizedCrop = nil
        c.evalEvery = 0
        c.out = dir.appendingPathComponent(run).path
        return c
    }

    static func state(_ model: DualEncoderModel) -> [String: [Float]] {
        model.stateDict().mapValues(\.scalars)
    }

    /// Largest |a − b| over the parameters `keep` selects, and the largest |b − start| (the step size).
    static func difference(_ a: [String: [Float]], _ b: [String: [Float]], from start: [String: [Float]],
                           _ keep: (String) -> Bool) -> (gap: Float, step: Float) {
        var gap: Float = 0, step: Float = 0
        for (name, x) in a where keep(name) {
            let y = b[name]!, s = start[name]!
            for i in x.indices {
                gap = max(gap, abs(x[i] - y[i]))
                step = max(step, abs(y[i] - s[i]))
            }
        }
        return (gap, step)
    }

    @Test("text_tower.lr_scale: the encoder steps as a run at lr × scale would, everything else at lr; the key loads from JSON")
    func learningRateScale() throws {
        let dir = try world("dual-lr-scale", train: 48, test: 8)
        defer { try? FileManager.default.removeItem(at: dir) }
        var scaled = try trainableSentenceConfig(dir, run: "scaled", steps: 1)
        scaled.textTower.lrScale = 0.1
        var low = try trainableSentenceConfig(dir, run: "low", steps: 1)
        low.optimizer.lr = 1e-4
        let base = try trainableSentenceConfig(dir, run: "base", steps: 1)
        let trainers = try [scaled, low, base].map { try DualEncoderTrainer(config: $0) }
        let start = Self.state(trainers[0].model)
        #expect(Self.state(trainers[1].model) == start && Self.state(trainers[2].model) == start, "same seed, same start")
        for t in trainers { try t.run() }
        let (a, b, c) = (Self.state(trainers[0].model), Self.state(trainers[1].model), Self.state(trainers[2].model))
        let isEncoder = { (name: String) in name.hasPrefix("text.encoder.") }
        let encoder = Self.difference(a, b, from: start, isEncoder)
        #expect(encoder.step > 0 && encoder.gap <= 1e-3 * encoder.step, "encoder: \(encoder)")
        let rest = Self.difference(a, c, from: start) { !isEncoder($0) }
        #expect(rest.step > 0 && rest.gap <= 1e-3 * rest.step, "image tower, projection, temperature: \(rest)")
        let unscaled = Self.difference(a, c, from: start, isEncoder)
        #expect(unscaled.gap > 0.5 * unscaled.step, "the scale changed the encoder's step: \(unscaled)")

        let json = dir.appendingPathComponent("config.json")
        try Data(#"{"objective": {"name": "dual"}, "text_tower": {"lr_scale": 0.01, "frozen_steps": 5}}"#.utf8).write(to: json)
        let loaded = try TrainConfig.load(json)
        #expect(loaded.textTower.lrScale == 0.01 && loaded.textTower.frozenSteps == 5)
        var bad = TrainConfig()
        bad.textTower.lrScale = -1
        #expect(throws: TrainConfigError.self) { try bad.validate() }
    }

    @Test("text_tower.frozen_steps: the encoder holds still for those steps, then trains; resuming across the switch is exact")
    func frozenSteps() throws {
        let dir = try world("dual-frozen-steps", train: 48, test: 8)
        defer { try? FileManager.default.removeItem(at: dir) }
        var resumed = try trainableSentenceConfig(dir, run: "resumed", steps: 2)
        resumed.textTower.frozenSteps = 2
        resumed.checkpointEvery = 2
        let first = try DualEncoderTrainer(config: resumed)
        let start = Self.state(first.model)
        try first.run()
        let afterFrozen = Self.state(first.model)
        let isEncoder = { (name: String) in name.hasPrefix("text.encoder.") }
        #expect(afterFrozen.filter { isEncoder($0.key) } == start.filter { isEncoder($0.key) }, "encoder moved while frozen")
        #expect(afterFrozen.filter { !isEncoder($0.key) } != start.filter { !isEncoder($0.key) }, "the rest trained")

        resumed.steps = 3
        let second = try DualEncoderTrainer(config: resumed)
        try second.run()
        let afterThaw = Self.state(second.model)
        #expect(afterThaw.filter { isEncoder($0.key) } != start.filter { isEncoder($0.key) }, "encoder trained after step 2")

        var straight = try trainableSentenceConfig(dir, run: "straight", steps: 3)
        straight.textTower.frozenSteps = 2
        let third = try DualEncoderTrainer(config: straight)
        try third.run()
        #expect(Self.state(third.model) == afterThaw, "resumed at the switch = straight run, bit for bit")
    }
}
