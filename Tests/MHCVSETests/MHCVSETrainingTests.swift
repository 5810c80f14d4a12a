import CLIPPipeline
import Foundation
import MHCVSE
import TestSupport
import Testing
import Training

/// MH-CVSE end to end on the tiny world: learning, schedules, dynamic weights in a real step.
@Suite("MH-CVSE training on the synthetic world", .serialized)
struct MHCVSETrainingTests {
    @Test("a short run raises held-out R@1 far above chance")
    func learns() throws {
        guard var c = TinyWorld.config(out: "learn", steps: 100) else { return }
        c.schedule.name = "constant"
        // The base is a random-init tiny CLIP: max violation alone collapses from such weak features.
        c.mhcvse.sumViolationWarmup = 100
        let trainer = try MHCVSETrainer(config: c)
        let before = trainer.evaluate()
        try trainer.run()
        let after = trainer.evaluate()
        let chance = 100.0 / 30
        print("MH-CVSE tiny world: i2t R@1 \(before["i2t_r1"]!) → \(after["i2t_r1"]!), t2i \(before["t2i_r1"]!) → \(after["t2i_r1"]!), rsum \(before["rsum"]!) → \(after["rsum"]!) (chance R@1 \(chance))")
        #expect((after["i2t_r1"]! + after["t2i_r1"]!) / 2 > 1.5 * chance)
        #expect(after["rsum"]! > before["rsum"]! + 40)
    }
}

@Suite("MH-CVSE schedules, weights in training, and saved models", .serialized)
struct MHCVSERunTests {
    func learningRates(_ out: String) throws -> [Double] {
        let text = try String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8)
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["lr"] as? Double
        }
    }

    @Test("schedule step decays by γ every step_every steps; cosine anneals smoothly; dynamic weights sum to 11 in training")
    func schedules() throws {
        guard var step = TinyWorld.config(out: "step", steps: 6), var cosine = TinyWorld.config(out: "cosine", steps: 6) else { return }
        step.schedule.name = "step"
        step.schedule.stepEvery = 3
        step.schedule.gamma = 0.1
        step.data.eval = nil
        cosine.data.eval = nil
        cosine.mhcvse.lossWeights = "dynamic"
        try MHCVSETrainer(config: step).run()
        try MHCVSETrainer(config: cosine).run()
        let s = try learningRates(step.out), c = try learningRates(cosine.out)
        #expect(s.count == 6 && c.count == 6)
        for (i, lr) in s.enumerated() { #expect(abs(lr - (i < 3 ? 1e-3 : 1e-4)) < 1e-9, "step schedule at \(i): \(lr)") }
        for (i, lr) in c.enumerated() {
            let expected = 1e-3 * (1 + cos(Double.pi * Double(i) / 6)) / 2
            #expect(abs(lr - expected) < 1e-8, "cosine at \(i): \(lr) vs \(expected)")
        }
        let text = try String(contentsOfFile: cosine.out + "/metrics.jsonl", encoding: .utf8)
        for line in text.split(separator: "\n") {
            let m = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let w = ["w_fused", "w_instance", "w_consensus", "w_kl"].map { m[$0] as! Double }
            let l = ["l_fused", "l_instance", "l_consensus", "l_kl"].map { m[$0] as! Double }
            #expect(abs(w.reduce(0, +) - 11) < 1e-4, "weights \(w)")
            #expect(abs(w[0] / w[1] - l[0] / l[1]) < 1e-3, "weights follow the losses: \(w) vs \(l)")
        }
    }

    @Test("save → load (through EmbedderLoader, kind mhcvse) gives identical vectors; the directory is self-contained")
    func saveLoad() throws {
        guard let c = TinyWorld.config(out: "save", steps: 2), let world = TinyWorld.directory else { return }
        let trainer = try MHCVSETrainer(config: c)
        let final = try trainer.run()
        EmbedderLoader.register(kind: MHCVSEModel.kind, loader: MHCVSEEmbedder.load)
        #expect(try EmbedderLoader.kind(at: final) == "mhcvse")
        let loaded = try EmbedderLoader.load(final)
        let memory = MHCVSEEmbedder(model: MHCVSEModel(base: trainer.base, heads: trainer.heads, vocabulary: trainer.vocabulary),
                                    fingerprint: "in-memory")
        #expect(loaded.dimension == 64)
        #expect(loaded.fingerprint.hasPrefix("sha256:"))
        let texts = ["a small red circle", "a large dotted blue star on a lavender gradient background", "two green squares"]
        let a = try loaded.embedTexts(texts, normalize: false), b = try memory.embedTexts(texts, normalize: false)
        for (x, y) in zip(a, b) { assertClose(x, y, rtol: 1e-6, atol: 1e-7, "text vectors") }
        for v in a { #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4) }
        let images = (0..<3).map { ImageRequest(url: world.appendingPathComponent(String(format: "images/test_%06d.png", $0))) }
        let ia = try loaded.embedImages(images, normalize: false).map { try $0.get() }
        let ib = try memory.embedImages(images, normalize: false).map { try $0.get() }
        for (x, y) in zip(ia, ib) { assertClose(x, y, rtol: 1e-6, atol: 1e-7, "image vectors") }
        // Self-contained: the base weights live inside the directory.
        #expect(FileManager.default.fileExists(atPath: final.appendingPathComponent("base/open_clip_model.safetensors").path))
        #expect(FileManager.default.fileExists(atPath: final.appendingPathComponent("heads.safetensors").path))
    }
}
