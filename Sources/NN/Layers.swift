import TensorCore

/// Initial values follow PyTorch's defaults so that from-scratch training behaves alike.

/// `y = x · Wᵀ + b` with weight `[out, in]` as in PyTorch.
public final class Linear: Module {
    public let weight: Parameter
    public let bias: Parameter?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, rng: inout RandomGenerator) {
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Parameter(.randomUniform([outFeatures, inFeatures], low: -bound, high: bound, using: &rng))
        self.bias = bias
            ? Parameter(.randomUniform([outFeatures], low: -bound, high: bound, using: &rng)) : nil
    }

    /// A layer holding `weight [out, in]` and `bias [out]` as given (e.g. zeros before loading).
    public init(weight: Tensor, bias: Tensor?) {
        precondition(weight.rank == 2 && (bias == nil || bias!.shape == [weight.shape[0]]),
                     "linear weight \(weight.shape) and bias \(bias?.shape ?? []) do not fit")
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
    }

    override public var ownParameters: [(String, Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        linear(x, weight: weight.value, bias: bias?.value)
    }
}

/// Layer normalisation over the last axis with learnable scale and shift.
public final class LayerNorm: Module {
    public let weight: Parameter
    public let bias: Parameter
    public let eps: Float

    public init(_ dimension: Int, eps: Float = 1e-5) {
        weight = Parameter(.full([dimension], 1))
        bias = Parameter(.zeros([dimension]))
        self.eps = eps
    }

    override public var ownParameters: [(String, Parameter)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.layerNorm(weight: weight.value, bias: bias.value, eps: eps)
    }
}

/// A lookup table of `count` vectors of `dimension`.
public final class Embedding: Module {
    public let weight: Parameter

    public init(_ count: Int, _ dimension: Int, std: Float = 1, rng: inout RandomGenerator) {
        weight = Parameter(.randomNormal([count, dimension], std: std, using: &rng))
    }

    /// A table holding `weight [count, dimension]` as given (e.g. zeros before loading).
    public init(weight: Tensor) {
        precondition(weight.rank == 2, "embedding table must be [count, dimension], got \(weight.shape)")
        self.weight = Parameter(weight)
    }

    override public var ownParameters: [(String, Parameter)] { [("weight", weight)] }

    /// Rows for `ids` laid out as `idShape`; returns `idShape + [dimension]`.
    public func callAsFunction(_ ids: [Int], shape idShape: [Int]) -> Tensor {
        weight.value.embeddingLookup(ids, idShape: idShape)
    }
}

/// Inverted dropout, active only in training mode; seeded for reproducible runs.
public final class Dropout: Module {
    public let probability: Float
    public var rng: RandomGenerator

    public init(_ probability: Float, seed: UInt64 = 0) {
        self.probability = probability
        rng = RandomGenerator(seed: seed)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        isTraining ? x.dropout(probability, using: &rng) : x
    }
}

/// The non-linearity between the two MLP layers.
public enum Activation: String, Sendable, Codable, CaseIterable {
    case gelu, quickGELU = "quick_gelu", relu, tanh

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .gelu: return x.gelu()
        case .quickGELU: return x.quickGELU()
        case .relu: return x.relu()
        case .tanh: return x.tanh()
        }
    }
}
