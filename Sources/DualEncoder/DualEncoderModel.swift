import CLIPModels
import NN
import TensorCore

/// A CLIP image tower paired with any ``TextTower``, trained with CLIP's symmetric InfoNCE and a
/// learnable temperature. State-dict names: `visual.*` (open_clip's), `text.*`, `logit_scale`.
public final class DualEncoderModel: Module {
    public let visual: VisionTransformer
    public let textTower: any TextTower
    /// Temperature in log space: logits are `exp(logit_scale) · cos`.
    public let logitScale: Parameter

    public init(visual: VisionTransformer, textTower: any TextTower, logitScaleInit: Float = 2.6592) {
        precondition(textTower.outputDimension == visual.proj.shape[1],
                     "text tower width \(textTower.outputDimension) ≠ image tower width \(visual.proj.shape[1])")
        self.visual = visual
        self.textTower = textTower
        logitScale = Parameter(Tensor(scalar: logitScaleInit))
    }

    override public var ownParameters: [(String, Parameter)] { [("logit_scale", logitScale)] }
    override public var children: [(String, Module)] { [("visual", visual), ("text", textTower)] }

    /// The shared embedding width.
    public var embedDim: Int { textTower.outputDimension }

    /// Projected image features `[B, embedDim]` from normalised pixels `[B, 3, S, S]`.
    public func encodeImage(_ pixels: Tensor) -> Tensor { visual(pixels) }

    /// Projected text features `[B, embedDim]`.
    public func encodeText(_ texts: [String]) -> Tensor { textTower.encode(texts) }
}
