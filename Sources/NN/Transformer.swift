// Port of the block structure of mlfoundations/open_clip src/open_clip/transformer.py
// (ResidualAttentionBlock, Transformer) with its state-dict names.
import TensorCore

/// Multi-head attention with a fused input projection, named as PyTorch `nn.MultiheadAttention`:
/// `in_proj_weight [3W, W]`, `in_proj_bias [3W]`, `out_proj.{weight,bias}`.
public final class MultiHeadAttention: Module {
    public let width: Int
    public let heads: Int
    public let inProjWeight: Parameter
    public let inProjBias: Parameter
    public let outProj: Linear

    public init(width: Int, heads: Int, rng: inout RandomGenerator) {
        precondition(width % heads == 0, "width \(width) is not divisible by \(heads) heads")
        self.width = width
        self.heads = heads
        // PyTorch: xavier_uniform_ on in_proj_weight, zero biases.
        let bound = (6 / Float(width + 3 * width)).squareRoot()
        inProjWeight = Parameter(.randomUniform([3 * width, width], low: -bound, high: bound, using: &rng))
        inProjBias = Parameter(.zeros([3 * width]))
        outProj = Linear(width, width, rng: &rng)
        outProj.bias?.assign(.zeros([width]))
    }

    override public var ownParameters: [(String, Parameter)] {
        [("in_proj_weight", inProjWeight), ("in_proj_bias", inProjBias)]
    }
    override public var children: [(String, Module)] { [("out_proj", outProj)] }

    /// Self-attention over `x [B, T, W]` with an optional additive mask.
    public func callAsFunction(_ x: Tensor, mask: Tensor? = nil) -> Tensor {
        let qkv = linear(x, weight: inProjWeight.value, bias: inProjBias.value)
        return outProj(scaledDotProductAttention(packedQKV: qkv, heads: heads, mask: mask))
    }

    /// Attention of `query [B, Tq, W]` over `keyValue [B, Tk, W]` (cross-attention).
    public func callAsFunction(query: Tensor, keyValue: Tensor, mask: Tensor? = nil) -> Tensor {
        let w = inProjWeight.value, b = inProjBias.value
        let q = linear(query, weight: w.slice(axis: 0, 0..<width), bias: b.slice(axis: 0, 0..<width))
        let k = linear(keyValue, weight: w.slice(axis: 0, width..<(2 * width)),
                       bias: b.slice(axis: 0, width..<(2 * width)))
        let v = linear(keyValue, weight: w.slice(axis: 0, (2 * width)..<(3 * width)),
                       bias: b.slice(axis: 0, (2 * width)..<(3 * width)))
        return outProj(scaledDotProductAttention(q: q, k: k, v: v, heads: heads, mask: mask))
    }
}

/// `c_proj(act(c_fc(x)))`, the transformer feed-forward block.
public final class MLP: Module {
    public let fc: Linear
    public let proj: Linear
    public let activation: Activation

    public init(width: Int, hidden: Int, activation: Activation, rng: inout RandomGenerator) {
        fc = Linear(width, hidden, rng: &rng)
        proj = Linear(hidden, width, rng: &rng)
        self.activation = activation
    }

    override public var children: [(String, Module)] { [("c_fc", fc), ("c_proj", proj)] }

    public func callAsFunction(_ x: Tensor) -> Tensor { proj(activation(fc(x))) }
}

/// Pre-LN residual block: `x += attn(ln_1(x))`, `x += mlp(ln_2(x))`.
public final class TransformerBlock: Module {
    public let ln1: LayerNorm
    public let attention: MultiHeadAttention
    public let ln2: LayerNorm
    public let mlp: MLP

    public init(
        width: Int, heads: Int, mlpRatio: Float = 4, activation: Activation = .gelu,
        eps: Float = 1e-5, rng: inout RandomGenerator
    ) {
        ln1 = LayerNorm(width, eps: eps)
        attention = MultiHeadAttention(width: width, heads: heads, rng: &rng)
        ln2 = LayerNorm(width, eps: eps)
        mlp = MLP(width: width, hidden: Int(Float(width) * mlpRatio), activation: activation, rng: &rng)
    }

    override public var children: [(String, Module)] {
        [("ln_1", ln1), ("attn", attention), ("ln_2", ln2), ("mlp", mlp)]
    }

    public func callAsFunction(_ x: Tensor, mask: Tensor? = nil) -> Tensor {
        let h = x + attention(ln1(x), mask: mask)
        return h + mlp(ln2(h))
    }
}

/// A stack of ``TransformerBlock``s under `resblocks.N`.
public final class Transformer: Module {
    public let blocks: ModuleList<TransformerBlock>

    public init(
        width: Int, layers: Int, heads: Int, mlpRatio: Float = 4, activation: Activation = .gelu,
        eps: Float = 1e-5, rng: inout RandomGenerator
    ) {
        var list: [TransformerBlock] = []
        for _ in 0..<layers {
            list.append(TransformerBlock(width: width, heads: heads, mlpRatio: mlpRatio,
                                         activation: activation, eps: eps, rng: &rng))
        }
        blocks = ModuleList(list)
    }

    override public var children: [(String, Module)] { [("resblocks", blocks)] }

    public func callAsFunction(_ x: Tensor, mask: Tensor? = nil) -> Tensor {
        blocks.items.reduce(x) { h, block in block(h, mask: mask) }
    }
}
