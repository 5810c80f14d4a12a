import NN
import TensorCore

/// A CLIP dual encoder with OpenCLIP's legacy state-dict layout: `visual.*`, the text tower at
/// the top level, and `logit_scale`.
public final class CLIPModel: Module {
    public let config: CLIPConfiguration
    public let visual: VisionTransformer
    public let text: TextTransformer
    /// Temperature in log space: logits are `exp(logit_scale) · cos`.
    public let logitScale: Parameter

    public init(_ config: CLIPConfiguration, seed: UInt64 = 0) {
        self.config = config
        var rng = RandomGenerator(seed: seed)
        visual = VisionTransformer(config.vision, embedDim: config.embedDim, rng: &rng)
        text = TextTransformer(config.text, embedDim: config.embedDim, rng: &rng)
        logitScale = Parameter(Tensor(scalar: config.logitScaleInit))
    }

    override public var ownParameters: [(String, Parameter)] { [("logit_scale", logitScale)] }
    override public var children: [(String, Module)] { [("visual", visual), ("", text)] }

    /// Projected image features `[B, embedDim]` from normalised pixels `[B, 3, S, S]`.
    public func encodeImage(_ pixels: Tensor) -> Tensor { visual(pixels) }

    /// Projected text features `[B, embedDim]` from token ids (rows of equal length).
    public func encodeText(_ ids: [[Int]]) -> Tensor { text(ids) }

    /// `exp(logit_scale) · normalise(image) · normalise(text)ᵀ`, `[images, texts]`.
    public func logits(imageFeatures: Tensor, textFeatures: Tensor) -> Tensor {
        let scale = logitScale.value.exp()
        return matmul(imageFeatures.l2Normalized(), textFeatures.l2Normalized(), transposeB: true) * scale
    }
}
