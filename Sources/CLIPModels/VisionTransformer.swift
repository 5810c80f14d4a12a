// Port of mlfoundations/open_clip src/open_clip/transformer.py (VisionTransformer), with its
// state-dict names: conv1, class_embedding, positional_embedding, ln_pre, transformer, ln_post, proj.
import NN
import TensorCore

/// The CLIP ViT image tower: patches → class token + positions → pre-LN transformer → CLS → proj.
public final class VisionTransformer: Module {
    public let config: CLIPConfiguration.Vision
    public let conv1: Parameter
    public let classEmbedding: Parameter
    public let positionalEmbedding: Parameter
    public let lnPre: LayerNorm
    public let transformer: Transformer
    public let lnPost: LayerNorm
    public let proj: Parameter

    public init(_ c: CLIPConfiguration.Vision, embedDim: Int, rng: inout RandomGenerator) {
        config = c
        let w = c.width, p = c.patchSize
        let scale = 1 / Float(w).squareRoot()
        conv1 = Parameter(.randomNormal([w, 3, p, p], std: 0.02, using: &rng))
        classEmbedding = Parameter(.randomNormal([w], std: scale, using: &rng))
        positionalEmbedding = Parameter(.randomNormal([c.gridSize * c.gridSize + 1, w], std: scale, using: &rng))
        lnPre = LayerNorm(w, eps: c.layerNormEps)
        transformer = Transformer(width: w, layers: c.layers, heads: c.heads,
                                  mlpRatio: Float(c.mlpHidden) / Float(w), activation: c.activation,
                                  eps: c.layerNormEps, rng: &rng)
        lnPost = LayerNorm(w, eps: c.layerNormEps)
        proj = Parameter(.randomNormal([w, embedDim], std: scale, using: &rng))
    }

    override public var ownParameters: [(String, Parameter)] {
        [("conv1.weight", conv1), ("class_embedding", classEmbedding),
         ("positional_embedding", positionalEmbedding), ("proj", proj)]
    }
    override public var children: [(String, Module)] {
        [("ln_pre", lnPre), ("transformer", transformer), ("ln_post", lnPost)]
    }

    /// Token states after the transformer, `[B, 1 + grid², width]` (CLS first), from normalised
    /// pixels `[B, 3, S, S]`.
    public func tokenStates(_ pixels: Tensor) -> Tensor {
        precondition(
            pixels.rank == 4 && pixels.shape[1] == 3 && pixels.shape[2] == config.imageSize
                && pixels.shape[3] == config.imageSize,
            "image tower expects [B, 3, \(config.imageSize), \(config.imageSize)], got \(pixels.shape)")
        let b = pixels.shape[0], w = config.width, p = config.patchSize
        let patches = linear(pixels.patchified(patchSize: p), weight: conv1.value.reshaped([w, 3 * p * p]), bias: nil)
        let cls = classEmbedding.value.reshaped([1, 1, w]).broadcasted(to: [b, 1, w])
        let x = Tensor.concatenate([cls, patches], axis: 1) + positionalEmbedding.value
        return transformer(lnPre(x))
    }

    /// Projected image features `[B, embedDim]` (open_clip `encode_image`, unnormalised).
    public func callAsFunction(_ pixels: Tensor) -> Tensor {
        let states = tokenStates(pixels)
        let b = states.shape[0]
        let cls = lnPost(states.slice(axis: 1, 0..<1).reshaped([b, config.width]))
        return matmul(cls, proj.value)
    }
}
