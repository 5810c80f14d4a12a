import NN
import TensorCore

/// The text half of a dual encoder: texts in, projected features `[B, outputDimension]` out
/// (unnormalised), differentiable in the tower's trainable parameters.
///
/// Its parameters sit under `text.` in the dual encoder's state dict.
public protocol TextTower: Module {
    /// Width of the returned features (the shared embedding width).
    var outputDimension: Int { get }
    /// Token budget of one text, special tokens included; longer texts are truncated.
    var contextTokens: Int { get }
    /// Tokens `text` occupies, special tokens included.
    func countTokens(_ text: String) -> Int
    /// Projected features of `texts`.
    func encode(_ texts: [String]) -> Tensor
}
