import NN
import TensorCore

// Instance-level pooling of local features into one vector per item (METHODS.md §3.1):
// CVSE's single-head memory-query attention, or MH-CVSE's multi-head self-attention.

/// CVSE's single-head attention (`V_single_modal_atten` / `T_single_modal_atten`, tanh, no batch
/// norm, no dropout): `a = softmax_t(fc3(tanh(fc1 x_t) ⊙ tanh(fc2 m)))`, `v = l2norm(Σ_t a_t x_t)`,
/// with the memory `m` given by the caller (the mean feature).
public final class MemoryAttentionPooling: Module {
    public let fc1: Linear
    public let fc2: Linear
    public let fc3: Linear

    public init(width: Int, rng: inout RandomGenerator) {
        fc1 = Linear(width, width, rng: &rng)
        fc2 = Linear(width, width, rng: &rng)
        fc3 = Linear(width, 1, rng: &rng)
    }

    override public var children: [(String, Module)] { [("fc1", fc1), ("fc2", fc2), ("fc3", fc3)] }

    /// `[B, D]` pooled, unit-length vectors from `x` (`[B, T, D]`, padding masked) and `memory [B, D]`.
    public func callAsFunction(_ x: LocalFeatures, memory: Tensor) -> Tensor {
        let (b, t, d) = (x.batch, x.positions, x.values.shape[2])
        let keys = fc1(x.values).tanh()
        let query = fc2(memory).tanh().reshaped([b, 1, d])
        let scores = fc3(keys * query).reshaped([b, t]) + x.additiveMask
        let weights = scores.softmax().reshaped([b, 1, t])
        return matmul(weights, x.values).reshaped([b, d]).l2Normalized()
    }
}

/// MH-CVSE's multi-head self-attention pooling: `y = x + MHA_H(x)` (padding masked as keys), then
/// `v = l2norm(mean of y over valid positions)`. The attention is PyTorch's
/// `nn.MultiheadAttention` (`attn.in_proj_weight`, `attn.out_proj.*`).
public final class SelfAttentionPooling: Module {
    public let attention: MultiHeadAttention

    public init(width: Int, heads: Int, rng: inout RandomGenerator) {
        attention = MultiHeadAttention(width: width, heads: heads, rng: &rng)
    }

    override public var children: [(String, Module)] { [("attn", attention)] }

    public var heads: Int { attention.heads }

    /// `[B, D]` pooled, unit-length vectors from `x` (`[B, T, D]`, padding masked).
    public func callAsFunction(_ x: LocalFeatures) -> Tensor {
        let mask = x.additiveMask.reshaped([x.batch, 1, x.positions])
        let y = x.values + attention(x.values, mask: mask)
        return x.maskedMean(y).l2Normalized()
    }
}

/// The instance-level pooling a model is configured with (`heads` = 1: memory; > 1: self-attention).
public enum InstancePooling {
    case memory(MemoryAttentionPooling)
    case selfAttention(SelfAttentionPooling)

    public init(width: Int, heads: Int, rng: inout RandomGenerator) {
        self = heads == 1 ? .memory(MemoryAttentionPooling(width: width, rng: &rng))
            : .selfAttention(SelfAttentionPooling(width: width, heads: heads, rng: &rng))
    }

    public var module: Module {
        switch self {
        case let .memory(m): return m
        case let .selfAttention(m): return m
        }
    }

    public func callAsFunction(_ x: LocalFeatures, memory: Tensor) -> Tensor {
        switch self {
        case let .memory(m): return m(x, memory: memory)
        case let .selfAttention(m): return m(x)
        }
    }
}
