import Foundation
import SyntheticWorld
import Training

/// A very small synthetic world shared by the tests of this bundle, rendered once per process.
enum TinyWorld {
    static let directory: URL? = {
        let vocabulary = (ProcessInfo.processInfo.environment["LOUPE_CACHE"] ?? NSHomeDirectory() + "/.cache/loupe")
            + "/clip/bpe_simple_vocab_16e6.txt.gz"
        guard FileManager.default.fileExists(atPath: vocabulary) else {
            print("SKIP MH-CVSE world tests: no CLIP vocabulary in the cache (run make setup)")
            return nil
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-mhcvse-world-\(UUID().uuidString)")
        do {
            _ = try World.generate(outDir: dir, seed: 5, train: 200, test: 30, size: 64)
        } catch {
            print("SKIP MH-CVSE world tests: cannot render the world: \(error)")
            return nil
        }
        return dir
    }()

    /// An MH-CVSE config over a random-init tiny CLIP on the world, small enough for seconds per run.
    static func config(out name: String, steps: Int = 4) -> TrainConfig? {
        guard let dir = directory else { return nil }
        var c = TrainConfig()
        c.objective.name = "mhcvse"
        c.model.architecture = "tiny"
        c.data.train = dir.appendingPathComponent("train.jsonl").path
        c.data.eval = dir.appendingPathComponent("test.jsonl").path
        c.out = dir.appendingPathComponent("runs/\(name)-\(UUID().uuidString)").path
        c.batchSize = 32
        c.steps = steps
        c.evalEvery = 0
        c.checkpointEvery = 0
        c.optimizer.lr = 1e-3
        c.optimizer.betas = [0.9, 0.999]
        c.optimizer.eps = 1e-8
        c.optimizer.weightDecay = 0
        c.optimizer.gradClip = 2
        c.schedule.name = "cosine"
        c.mhcvse.embedSize = 32
        c.mhcvse.heads = 4
        c.mhcvse.concepts = 40
        return c
    }
}
