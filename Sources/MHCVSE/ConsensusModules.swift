import NN
import TensorCore

/// CVSE's concept GCN (`C_GCN`, whole graph): `C = l2norm(Â · leaky_relu(Â X W₁, 0.2) · W₂)` over
/// fixed concept inputs `X [K, E]` and the fixed normalised adjacency `Â [K, K]`.
public final class ConceptGCN: Module {
    public let gc1: Parameter
    public let gc2: Parameter
    /// Frozen: the concept words embedded by the base text tower, and the graph.
    public let inputs: Parameter
    public let adjacency: Parameter

    public init(inputs: Tensor, adjacency: Tensor, width: Int, rng: inout RandomGenerator) {
        let e = inputs.shape[1], hidden = width / 2
        let s1 = 1 / Float(hidden).squareRoot(), s2 = 1 / Float(width).squareRoot()
        gc1 = Parameter(.randomUniform([e, hidden], low: -s1, high: s1, using: &rng))
        gc2 = Parameter(.randomUniform([hidden, width], low: -s2, high: s2, using: &rng))
        self.inputs = Parameter(inputs, requiresGrad: false)
        self.adjacency = Parameter(adjacency, requiresGrad: false)
    }

    override public var ownParameters: [(String, Parameter)] {
        [("gc1.weight", gc1), ("gc2.weight", gc2), ("inputs", inputs), ("adjacency", adjacency)]
    }

    /// Concept features `[K, width]`, unit length.
    public func callAsFunction() -> Tensor {
        let a = adjacency.value
        let h = matmul(a, matmul(inputs.value, gc1.value))
        let leaky = h.relu() - (-h).relu() * 0.2
        return matmul(a, matmul(leaky, gc2.value)).l2Normalized()
    }
}

/// CVSE's consensus-level embedding of one modality (`Consensus_level_feature_learning`, tanh):
/// concept scores `a = fc3(tanh(fc1 C) ⊙ tanh(fc2 x))`, distribution `p = softmax(10·a)` (mixed
/// with `softmax(10·labels)` at `labelRatio` for text), embedding `l2norm(p · C)`.
public final class ConsensusHead: Module {
    public let fc1: Linear
    public let fc2: Linear
    public let fc3: Linear
    public static let smoothing: Float = 10

    public init(width: Int, rng: inout RandomGenerator) {
        fc1 = Linear(width, width, rng: &rng)
        fc2 = Linear(width, width, rng: &rng)
        fc3 = Linear(width, 1, rng: &rng)
    }

    override public var children: [(String, Module)] { [("fc1", fc1), ("fc2", fc2), ("fc3", fc3)] }

    /// `(embedding [B, D], distribution [B, K])` of instance embeddings `x [B, D]` over concept
    /// features `concepts [K, D]`; `labels [B, K]` multi-hot are mixed in at `labelRatio`.
    public func callAsFunction(_ x: Tensor, concepts: Tensor, labels: Tensor? = nil, labelRatio: Float = 0)
        -> (embedding: Tensor, distribution: Tensor)
    {
        let ws = fc1(concepts).tanh()  // [K, D]
        let wx = fc2(x).tanh()  // [B, D]
        // fc3(ws[k] ⊙ wx[b]) = (wx[b] ⊙ w₃) · ws[k] + b₃, without the [B, K, D] product.
        let d = x.shape[1]
        let scores = matmul(wx * fc3.weight.value.reshaped([1, d]), ws, transposeB: true) + fc3.bias!.value
        var p = (scores * Self.smoothing).softmax()
        if let labels, labelRatio > 0 {
            p = (labels * Self.smoothing).softmax() * labelRatio + p * (1 - labelRatio)
        }
        return (matmul(p, concepts).l2Normalized(), p)
    }
}

/// Fusion of instance and consensus embeddings: fixed `l2norm(α·x + (1 − α)·c)`, or CVSE's
/// `adap_sum` gate `α = σ(w · (x + c)/2 + b)` per item (MH-CVSE's parameterised fusion).
public final class FusionGate: Module {
    public let gate: Linear

    public init(width: Int, rng: inout RandomGenerator) {
        gate = Linear(width, 1, rng: &rng)
        let r = (6 / Float(width + 1)).squareRoot()
        gate.weight.assign(.randomUniform([1, width], low: -r, high: r, using: &rng))
        gate.bias!.assign(.zeros([1]))
    }

    override public var children: [(String, Module)] { [("gate", gate)] }

    /// The per-item weight of the instance embedding, `[B, 1]`.
    public func alpha(instance: Tensor, consensus: Tensor) -> Tensor {
        gate((instance + consensus) * 0.5).sigmoid()
    }

    public func callAsFunction(instance: Tensor, consensus: Tensor) -> Tensor {
        let a = alpha(instance: instance, consensus: consensus)
        return (instance * a + consensus * (1 - a)).l2Normalized()
    }
}
