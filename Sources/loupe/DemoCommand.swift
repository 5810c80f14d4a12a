import ArgumentParser
import Foundation
import NN
import TensorCore

/// Until the synthetic-world demo lands, the smallest real end-to-end run: train a two-layer
/// transformer from scratch with the engine's autodiff, save it as safetensors, reload it and
/// check the reloaded model gives the same loss.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the built-in demo (for now: train, save and reload a tiny transformer).",
        discussion: """
            This is an interim demo. The full demo (synthetic world → CLIP training → evaluation → \
            search) arrives with the synthetic world. What runs now: a two-layer transformer learns to \
            recall the first token of a random sequence through causal attention, trained with SGD on \
            Loupe's own tensor engine; the model is saved as safetensors and reloaded.
            """)

    @Option(help: "Training steps.") var steps = 400
    @Option(help: "Output directory.") var out = "out/demo"
    @Option(help: "Random seed.") var seed: UInt64 = 7

    func run() throws {
        print("Loupe interim demo: the synthetic-world demo is not built yet; this trains a tiny transformer.")
        var rng = RandomGenerator(seed: seed)
        let model = RecallModel(vocab: 8, length: 6, width: 32, rng: &rng)
        var evalRNG = RandomGenerator(seed: seed &+ 1000)
        let evalBatch = RecallModel.sample(batch: 256, vocab: 8, length: 6, rng: &evalRNG)
        func evaluate(_ m: RecallModel) -> (loss: Float, accuracy: Float) {
            noGrad {
                let logits = m.logits(evalBatch.ids, batch: 256)
                let predictions = (0..<256).map { r in
                    (0..<8).max { logits.scalars[r * 8 + $0] < logits.scalars[r * 8 + $1] }!
                }
                let correct = zip(predictions, evalBatch.labels).filter { $0 == $1 }.count
                return (logits.crossEntropy(targets: evalBatch.labels).item, Float(correct) / 256)
            }
        }
        let before = evaluate(model)
        print("untrained: loss \(String(format: "%.3f", before.loss)), accuracy \(String(format: "%.1f%%", before.accuracy * 100)) (chance 12.5%)")
        let start = Date()
        for step in 1...steps {
            let batch = RecallModel.sample(batch: 64, vocab: 8, length: 6, rng: &rng)
            let loss = model.logits(batch.ids, batch: 64).crossEntropy(targets: batch.labels)
            loss.backward()
            noGrad {
                for (_, p) in model.namedParameters() { if let g = p.grad { p.assign(p.value - g * 0.3) } }
            }
            model.zeroGrad()
            if step % 50 == 0 || step == steps {
                print("step \(step)/\(steps)  loss \(String(format: "%.4f", loss.item))  \(String(format: "%.1f", Date().timeIntervalSince(start)))s")
            }
        }
        let after = evaluate(model)
        print("trained:   loss \(String(format: "%.3f", after.loss)), accuracy \(String(format: "%.1f%%", after.accuracy * 100))")
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("recall-transformer.safetensors")
        try SafeTensors.write(model.stateDict(), to: file)
        var other = RandomGenerator(seed: seed &+ 1)
        let reloaded = RecallModel(vocab: 8, length: 6, width: 32, rng: &other)
        try reloaded.load(SafeTensors.read(file))
        let check = evaluate(reloaded)
        print("saved \(file.path); reloaded model loss \(String(format: "%.3f", check.loss)) (\(check.loss == after.loss ? "identical" : "DIFFERENT"))")
        if check.loss != after.loss { throw ExitCode.failure }
    }
}

/// Token embedding + positions → transformer (causal) → head at the last position.
final class RecallModel: Module {
    let tokens: Embedding, positions: Parameter, body: Transformer, norm: LayerNorm, head: Linear
    let length: Int

    init(vocab: Int, length: Int, width: Int, rng: inout RandomGenerator) {
        self.length = length
        tokens = Embedding(vocab, width, std: 0.5, rng: &rng)
        positions = Parameter(.randomNormal([length, width], std: 0.1, using: &rng))
        body = Transformer(width: width, layers: 2, heads: 4, rng: &rng)
        norm = LayerNorm(width)
        head = Linear(width, vocab, rng: &rng)
    }

    override var ownParameters: [(String, Parameter)] { [("positional_embedding", positions)] }
    override var children: [(String, Module)] {
        [("token_embedding", tokens), ("transformer", body), ("ln_final", norm), ("head", head)]
    }

    func logits(_ ids: [Int], batch: Int) -> Tensor {
        let h = body(tokens(ids, shape: [batch, length]) + positions.value, mask: .causalMask(length))
        return head(norm(h).slice(axis: 1, (length - 1)..<length).reshaped([batch, -1]))
    }

    static func sample(batch: Int, vocab: Int, length: Int, rng: inout RandomGenerator) -> (ids: [Int], labels: [Int]) {
        let ids = (0..<(batch * length)).map { _ in rng.nextInt(below: vocab) }
        return (ids, (0..<batch).map { ids[$0 * length] })
    }
}
