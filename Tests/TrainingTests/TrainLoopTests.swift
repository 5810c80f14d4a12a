import CLIPModels
import Foundation
import NN
import TensorCore
import TestSupport
import Testing
import Training

@Suite("Training loop: learning, checkpoints, resume")
struct TrainLoopTests {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func makeLoop(_ dir: URL?, steps: Int) -> (CLIPModel, TrainLoop) {
        let model = CLIPModel(ColorWorld.config, seed: 1)
        var options = TrainLoop.Options(steps: steps, baseLearningRate: 3e-3)
        options.schedule = .warmupCosine(warmup: 10, totalSteps: steps)
        options.maxGradientNorm = 5
        options.seed = 42
        let optimizer = AdamW(learningRate: 3e-3, beta1: 0.9, beta2: 0.98, eps: 1e-6, weightDecay: 0.1)
        return (model, TrainLoop(model: model, optimizer: optimizer, options: options, outputDirectory: dir))
    }

    /// Chance is 1/16 = 0.0625; a from-scratch model that learned colour and position retrieves
    /// nearly every scene. The untrained model is measured too, so the gain is the learning.
    @Test("InfoNCE from scratch raises image→text R@1 from about chance (1/16) to at least 0.8")
    func learns() throws {
        let (model, loop) = makeLoop(nil, steps: 150)
        let before = ColorWorld.recallAt1(model)
        try loop.run { _, rng in ColorWorld.infoNCEStep(model, rng: &rng) }
        let after = ColorWorld.recallAt1(model)
        print("ColorWorld InfoNCE: image→text R@1 \(before) untrained → \(after) after 150 steps")
        #expect(before <= 0.25, "untrained R@1 \(before)")
        #expect(after >= 0.8, "trained R@1 \(after) (untrained \(before))")
    }

    @Test("train N steps == train N/2, stop, resume from the checkpoint, train to N (bitwise)")
    func resume() throws {
        let n = 12
        let (straight, straightLoop) = makeLoop(nil, steps: n)
        try straightLoop.run { _, rng in ColorWorld.infoNCEStep(straight, rng: &rng) }

        let dir = try temporaryDirectory()
        do {
            let (first, firstLoop) = makeLoop(dir, steps: n)
            try firstLoop.run(until: n / 2) { _, rng in ColorWorld.infoNCEStep(first, rng: &rng) }
            try firstLoop.checkpoint()
        }  // the first process "dies" here; only the files remain
        let (resumed, resumedLoop) = makeLoop(dir, steps: n)
        #expect(try resumedLoop.resumeIfPossible() == n / 2)
        try resumedLoop.run { _, rng in ColorWorld.infoNCEStep(resumed, rng: &rng) }

        let a = straight.stateDict(), b = resumed.stateDict()
        for (name, t) in a { #expect(t.scalars == b[name]!.scalars, "\(name) differs after resume") }
        let lines = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == n, "metrics.jsonl has \(lines.count) lines")
        #expect(lines.last!.contains("\"step\":\(n)") && lines.last!.contains("\"loss\""))
    }

    @Test("an interrupted checkpoint write leaves the previous checkpoint usable")
    func partialCheckpointIgnored() throws {
        let dir = try temporaryDirectory()
        let (model, loop) = makeLoop(dir, steps: 4)
        try loop.run(until: 2) { _, rng in ColorWorld.infoNCEStep(model, rng: &rng) }
        try loop.checkpoint()
        // A half-written checkpoint from a killed process: a temporary folder with partial files.
        let partial = dir.appendingPathComponent("checkpoints/.tmp-step-00000003-999")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: partial.appendingPathComponent("model.safetensors"))
        let (_, fresh) = makeLoop(dir, steps: 4)
        #expect(try fresh.resumeIfPossible() == 2)
    }

    @Test("schedules: warm-up then cosine, annealing, step decay")
    func schedules() {
        let s = LearningRateSchedule.warmupCosine(warmup: 4, totalSteps: 12)
        #expect(s.rate(base: 1, step: 0) == 0.25 && s.rate(base: 1, step: 3) == 1)
        #expect(abs(s.rate(base: 1, step: 8) - 0.5) < 1e-6)  // halfway through the cosine part
        #expect(abs(LearningRateSchedule.cosineAnnealing(period: 10, minimum: 0.1).rate(base: 1, step: 10) - 0.1) < 1e-6)
        #expect(LearningRateSchedule.stepDecay(every: 3, gamma: 0.5).rate(base: 1, step: 7) == 0.25)
    }

    @Test("weight decay spares norms, biases, embeddings and the logit scale")
    func decayGroups() {
        #expect(decays("visual.transformer.resblocks.0.mlp.c_fc.weight", shape: [8, 4]))
        #expect(decays("visual.proj", shape: [8, 4]))
        #expect(!decays("visual.ln_pre.weight", shape: [8]))
        #expect(!decays("token_embedding.weight", shape: [16, 8]))
        #expect(!decays("positional_embedding", shape: [4, 8]))
        #expect(!decays("transformer.resblocks.0.attn.in_proj_bias", shape: [24]))
        #expect(!decays("logit_scale", shape: []))
    }
}
