import Foundation
import SyntheticWorld
import TestSupport
import Testing
import Training

/// The built-in world end to end: generate a very small world, train the tiny CLIP from scratch
/// for a few dozen steps, and check held-out retrieval against chance (1 / test scenes).
@Suite("Training on the synthetic world")
struct SyntheticWorldTrainingTests {
    @Test("a very small world trains to held-out R@1 far above chance")
    func smallWorld() throws {
        guard FileManager.default.fileExists(atPath: (ProcessInfo.processInfo.environment["LOUPE_CACHE"]
            ?? NSHomeDirectory() + "/.cache/loupe") + "/clip/bpe_simple_vocab_16e6.txt.gz") else {
            print("SKIP synthetic-world training: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-world-\(UUID().uuidString)")
        _ = try World.generate(outDir: dir, seed: 3, train: 400, test: 50, size: 64)
        var c = TrainConfig()
        c.data.train = dir.appendingPathComponent("train.jsonl").path
        c.data.eval = dir.appendingPathComponent("test.jsonl").path
        c.out = dir.appendingPathComponent("run").path
        c.model.architecture = "tiny"
        c.batchSize = 32
        c.steps = 60
        c.optimizer.lr = 1e-3
        c.schedule.warmup = 10
        c.evalEvery = 60
        c.checkpointEvery = 0
        let trainer = try Trainer(config: c)
        let before = try trainer.evaluate()
        let final = try trainer.run()
        let after = try trainer.evaluate()
        let chance = 1.0 / 50
        print("synthetic world: t2i R@1 \(before["t2i_r1"]!) → \(after["t2i_r1"]!), i2t \(before["i2t_r1"]!) → \(after["i2t_r1"]!) (chance \(chance))")
        #expect(after["t2i_r1"]! >= 5 * chance && after["i2t_r1"]! >= 5 * chance)
        #expect(after["t2i_r1"]! > before["t2i_r1"]!)
        #expect(FileManager.default.fileExists(atPath: final.appendingPathComponent("open_clip_model.safetensors").path))
    }
}
