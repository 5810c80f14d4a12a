import Foundation
import SyntheticWorld
import Testing
import Training

/// CE-CLIP training on a manifest without negatives: the generator fills them in, invalid
/// types are masked in the prepared batch, and training steps run with finite losses.
@Suite("CE-CLIP with generated negatives")
struct GeneratedNegativesTrainingTests {
    @Test("generated negatives reach the batch with their validity mask, and two CE-CLIP steps run")
    func generatedNegativesTrain() throws {
        guard wordNetInstalled() else { return }
        let cache = ProcessInfo.processInfo.environment["LOUPE_CACHE"] ?? NSHomeDirectory() + "/.cache/loupe"
        guard FileManager.default.fileExists(atPath: cache + "/clip/bpe_simple_vocab_16e6.txt.gz") else {
            print("skipping generated-negatives training: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-negatives-\(UUID().uuidString)")
        _ = try World.generate(outDir: dir, seed: 5, train: 8, test: 2, size: 64)
        // Drop the world's own negatives so the generator has to make them.
        let manifest = dir.appendingPathComponent("train.jsonl")
        var lines: [String] = []
        for line in try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n") {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            object["negatives"] = nil
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        let bare = dir.appendingPathComponent("bare.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: bare)
        var c = TrainConfig()
        c.data.train = bare.path
        c.out = dir.appendingPathComponent("run").path
        c.model.architecture = "tiny"
        c.objective.name = "ceclip"
        c.objective.generateNegatives = true
        c.batchSize = 4
        c.steps = 2
        c.evalEvery = 0
        c.checkpointEvery = 0
        let trainer = try Trainer(config: c)
        #expect(trainer.examples.allSatisfy { !$0.negatives.isEmpty })
        let order = BatchOrder(count: trainer.examples.count, batchSize: c.batchSize, seed: c.seed)
        let batch = try trainer.prepare(
            0, order: order,
            augmentation: ImageAugmentation(preprocess: trainer.preprocess, cropScale: nil, horizontalFlip: false))
        let types = c.objective.negativeTypes
        let expected = order.batch(0).flatMap { i in types.map { trainer.examples[i].negatives[$0] != nil } }
        #expect(batch.negativeValid == expected)
        #expect(batch.negativeIDs.count == 4 * types.count)
        #expect(batch.negativeValid.contains(true))
        var losses: [Float] = []
        _ = try trainer.run(progress: { _, _, _, loss in losses.append(loss) })
        #expect(losses.count == 2 && losses.allSatisfy(\.isFinite), "\(losses)")
    }
}
