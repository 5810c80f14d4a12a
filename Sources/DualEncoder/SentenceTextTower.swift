import NN
import TensorCore

/// A pretrained sentence encoder plus a learned linear projection (no bias) to the embedding
/// width, as a ``TextTower``. Parameters: `encoder.*` (the encoder's own names) and
/// `projection.weight`.
public final class SentenceTextTower: Module, TextTower {
    /// Which of the encoder's weights train.
    public enum Trainability: Equatable, Sendable {
        case frozen
        /// The top `k` transformer layers (those nearest the output).
        case topLayers(Int)
        case full
    }

    public let encoder: any SentenceEncoding
    public let projection: Linear
    public let outputDimension: Int

    public init(encoder: any SentenceEncoding, outputDimension: Int, seed: UInt64) {
        self.encoder = encoder
        self.outputDimension = outputDimension
        var rng = RandomGenerator(seed: seed)
        projection = Linear(encoder.hiddenSize, outputDimension, bias: false, rng: &rng)
    }

    override public var children: [(String, Module)] { [("encoder", encoder), ("projection", projection)] }

    public var contextTokens: Int { encoder.maxTokens }
    public func countTokens(_ text: String) -> Int { encoder.countTokens(text) }

    /// Sets which encoder parameters require gradients; the projection always trains.
    public func setTrainability(_ mode: Trainability) {
        switch mode {
        case .frozen: encoder.setRequiresGrad(false)
        case .full: encoder.setRequiresGrad(true)
        case let .topLayers(k):
            let prefixes = Self.topLayerPrefixes(encoder, k)
            encoder.setRequiresGrad(false)
            encoder.setRequiresGrad(true) { name in prefixes.contains { name.hasPrefix($0) } }
        }
        projection.setRequiresGrad(true)
    }

    /// The prefixes of the top `k` layers (all of them when `k ≥ layerCount`).
    public static func topLayerPrefixes(_ encoder: any SentenceEncoding, _ k: Int) -> [String] {
        let n = encoder.layerCount
        return (max(0, n - k)..<n).map { encoder.layerPrefix($0) }
    }

    public func encode(_ texts: [String]) -> Tensor {
        // A fully frozen encoder runs without the tape: nothing upstream of the projection trains.
        let trains = encoder.namedParameters().contains { $0.1.requiresGrad }
        let features = trains ? encoder.encode(texts) : noGrad { encoder.encode(texts) }
        return projection(features)
    }
}
