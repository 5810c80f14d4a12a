// Port of mlfoundations/open_clip src/open_clip/model.py (CLIP.encode_text) with the legacy
// top-level names: token_embedding, positional_embedding, transformer, ln_final, text_projection.
import NN
import TensorCore

/// The CLIP text tower: tokens + positions → causal pre-LN transformer → pooled at the end token
/// → `ln_final` → projection.
public final class TextTransformer: Module {
    public let config: CLIPConfiguration.Text
    public let tokenEmbedding: Embedding
    public let positionalEmbedding: Parameter
    public let transformer: Transformer
    public let lnFinal: LayerNorm
    /// `[width, embedDim]` used as `x · P` (no bias), or a biased `Linear` `[embedDim, width]`.
    public let projection: Parameter?
    public let projectionLinear: Linear?

    public init(_ c: CLIPConfiguration.Text, embedDim: Int, rng: inout RandomGenerator) {
        config = c
        tokenEmbedding = Embedding(c.vocabSize, c.width, std: 0.02, rng: &rng)
        positionalEmbedding = Parameter(.randomNormal([c.contextLength, c.width], std: 0.01, using: &rng))
        transformer = Transformer(width: c.width, layers: c.layers, heads: c.heads,
                                  mlpRatio: Float(c.mlpHidden) / Float(c.width), activation: c.activation,
                                  eps: c.layerNormEps, rng: &rng)
        lnFinal = LayerNorm(c.width, eps: c.layerNormEps)
        if c.projectionBias {
            projection = nil
            projectionLinear = Linear(c.width, embedDim, rng: &rng)
        } else {
            projection = Parameter(.randomNormal([c.width, embedDim], std: 1 / Float(c.width).squareRoot(), using: &rng))
            projectionLinear = nil
        }
    }

    override public var ownParameters: [(String, Parameter)] {
        [("positional_embedding", positionalEmbedding)] + (projection.map { [("text_projection", $0)] } ?? [])
    }
    override public var children: [(String, Module)] {
        [("token_embedding", tokenEmbedding), ("transformer", transformer), ("ln_final", lnFinal)]
            + (projectionLinear.map { [("text_projection", $0)] } ?? [])
    }

    /// The position each row is pooled at.
    public func poolingPositions(_ ids: [[Int]]) -> [Int] {
        ids.map { row in
            switch config.pooling {
            case .argmax:
                var best = 0
                for (i, t) in row.enumerated() where t > row[best] { best = i }
                return best
            case .eos:
                return row.firstIndex(of: config.eosTokenID) ?? 0
            }
        }
    }

    /// Token states after the transformer and `ln_final`, `[B, L, width]`, for rows of equal
    /// length `L ≤ contextLength`.
    public func tokenStates(_ ids: [[Int]]) -> Tensor {
        lnFinal(encode(ids))
    }

    func encode(_ ids: [[Int]]) -> Tensor {
        let b = ids.count, l = ids.first?.count ?? 0
        precondition(b > 0 && l > 0 && ids.allSatisfy { $0.count == l },
                     "text tower expects rows of equal, non-zero length")
        precondition(l <= config.contextLength, "sequence length \(l) exceeds the context \(config.contextLength)")
        let flat = ids.flatMap { $0 }
        for t in flat { precondition(t >= 0 && t < config.vocabSize, "token id \(t) outside vocabulary \(config.vocabSize)") }
        let x = tokenEmbedding(flat, shape: [b, l]) + positionalEmbedding.value.slice(axis: 0, 0..<l)
        return transformer(x, mask: .causalMask(l))
    }

    /// Projected text features `[B, embedDim]` (open_clip `encode_text`, unnormalised).
    public func callAsFunction(_ ids: [[Int]]) -> Tensor {
        let states = encode(ids)
        let (b, l, w) = (ids.count, states.shape[1], config.width)
        let rows = poolingPositions(ids).enumerated().map { $0.offset * l + $0.element }
        // LayerNorm is per position, so normalising only the pooled rows is exact.
        let pooled = lnFinal(states.reshaped([b * l, w]).indexSelect(axis: 0, rows))
        if let projection { return matmul(pooled, projection.value) }
        return projectionLinear!(pooled)
    }
}
