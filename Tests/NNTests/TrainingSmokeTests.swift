import NN
import TensorCore
import Testing

/// Plain SGD: `p ← p − lr · ∇p` (the real optimizers live in the Training target).
func sgdStep(_ module: Module, lr: Float) {
    noGrad {
        for (_, p) in module.namedParameters() {
            if let g = p.grad { p.assign(p.value - g * lr) }
        }
    }
    module.zeroGrad()
}

@Suite("Models learn with plain SGD")
struct TrainingSmokeTests {
    /// Four classes by the signs of (x, y) after a rotation: not linearly separable from one line.
    @Test("an MLP fits a seeded quadrant task: loss from ≈ ln 4 = 1.39 (untrained) to < 0.2")
    func mlpLearns() {
        var rng = RandomGenerator(seed: 42)
        let n = 256
        let x = Tensor.randomUniform([n, 2], low: -1, high: 1, using: &rng)
        let xs = x.scalars
        let labels = (0..<n).map { i -> Int in
            let (a, b) = (xs[2 * i] + xs[2 * i + 1], xs[2 * i] - xs[2 * i + 1])
            return (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0)
        }
        let l1 = Linear(2, 32, rng: &rng), l2 = Linear(32, 4, rng: &rng)
        final class Net: Module {
            let l1: Linear, l2: Linear
            init(_ a: Linear, _ b: Linear) { l1 = a; l2 = b }
            override var children: [(String, Module)] { [("l1", l1), ("l2", l2)] }
        }
        let net = Net(l1, l2)
        func loss() -> Tensor { l2(l1(x).relu()).crossEntropy(targets: labels) }
        let untrained = noGrad { loss().item }
        for _ in 0..<400 {
            loss().backward()
            sgdStep(net, lr: 0.5)
        }
        let trained = noGrad { loss().item }
        #expect(untrained > 1.2, "untrained loss \(untrained)")
        #expect(trained < 0.2, "trained loss \(trained) (untrained \(untrained))")
    }

    /// The label is the first token; the model reads it at the last position through causal
    /// attention, so the task cannot be solved without attention.
    @Test("a two-layer transformer learns to recall the first token: loss from ≈ ln 8 = 2.08 to < 0.3")
    func transformerLearns() {
        var rng = RandomGenerator(seed: 7)
        let (vocab, length, width, batch) = (8, 6, 16, 64)
        final class Model: Module {
            let tokens: Embedding, positions: Parameter, body: Transformer, norm: LayerNorm, head: Linear
            init(vocab: Int, length: Int, width: Int, rng: inout RandomGenerator) {
                tokens = Embedding(vocab, width, std: 0.5, rng: &rng)
                positions = Parameter(.randomNormal([length, width], std: 0.1, using: &rng))
                body = Transformer(width: width, layers: 2, heads: 2, rng: &rng)
                norm = LayerNorm(width)
                head = Linear(width, vocab, rng: &rng)
            }
            override var ownParameters: [(String, Parameter)] { [("positional_embedding", positions)] }
            override var children: [(String, Module)] {
                [("token_embedding", tokens), ("transformer", body), ("ln_final", norm), ("head", head)]
            }
            func logits(_ ids: [Int], batch: Int, length: Int) -> Tensor {
                let h = body(tokens(ids, shape: [batch, length]) + positions.value, mask: .causalMask(length))
                return head(norm(h).slice(axis: 1, (length - 1)..<length).reshaped([batch, -1]))
            }
        }
        let model = Model(vocab: vocab, length: length, width: width, rng: &rng)
        func sample(_ rng: inout RandomGenerator) -> ([Int], [Int]) {
            let ids = (0..<(batch * length)).map { _ in rng.nextInt(below: vocab) }
            return (ids, (0..<batch).map { ids[$0 * length] })
        }
        var evalRNG = RandomGenerator(seed: 99)
        let (evalIDs, evalLabels) = sample(&evalRNG)
        func evalLoss() -> Float {
            noGrad { model.logits(evalIDs, batch: batch, length: length).crossEntropy(targets: evalLabels).item }
        }
        let untrained = evalLoss()
        for _ in 0..<500 {
            let (ids, labels) = sample(&rng)
            model.logits(ids, batch: batch, length: length).crossEntropy(targets: labels).backward()
            sgdStep(model, lr: 0.3)
        }
        let trained = evalLoss()
        #expect(untrained > 1.8, "untrained loss \(untrained)")
        #expect(trained < 0.3, "trained loss \(trained) (untrained \(untrained))")
    }
}
