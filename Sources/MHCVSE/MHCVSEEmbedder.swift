import CLIPModels
import CLIPPipeline
import Foundation
import TensorCore
import Tokenizers
import Training

/// An MH-CVSE model directory as an ``ImageTextEmbedder``: every vector is
/// `[√0.95 · fused, √0.05 · consensus]`, so exact dot-product search ranks by CVSE's inference
/// similarity `0.95·s(fused) + 0.05·s(consensus)`.
public final class MHCVSEEmbedder: ImageTextEmbedder, @unchecked Sendable {
    public let model: MHCVSEModel
    public let fingerprint: String
    public var batchSize = 32
    private let lock = NSLock()

    public init(model: MHCVSEModel, fingerprint: String) {
        self.model = model
        self.fingerprint = fingerprint
    }

    /// Opens the model directory at `path` (registered as kind `mhcvse`).
    @Sendable public static func load(_ path: URL) throws -> any ImageTextEmbedder {
        let (model, baseFingerprint) = try MHCVSEModel.load(path)
        let manifest = String(decoding: try Data(contentsOf: path.appendingPathComponent(EmbedderLoader.manifestName)), as: UTF8.self)
        let concepts = String(decoding: try Data(contentsOf: path.appendingPathComponent("concepts.json")), as: UTF8.self)
        let fingerprint = try ModelFingerprint.compute(
            weightFiles: [path.appendingPathComponent("heads.safetensors")], configuration: model.base.model.config,
            extra: ["base": baseFingerprint, "manifest": manifest, "concepts": concepts])
        return MHCVSEEmbedder(model: model, fingerprint: fingerprint)
    }

    public var dimension: Int { 2 * model.heads.settings.embedSize }
    public var textContextTokens: Int { model.base.model.config.text.contextLength }
    public func countTokens(_ text: String) -> Int { model.base.tokenizer.encodeIDs(text).count + 2 }

    public func embedTexts(_ texts: [String], normalize: Bool) throws -> [[Float]] {
        lock.lock()
        defer { lock.unlock() }
        return textRowsInBatches(texts, batchSize: batchSize, normalize: normalize) { model.textVectors($0) }
    }

    public func embedImages(_ requests: [ImageRequest], normalize: Bool) throws -> [Result<[Float], any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return model.base.images.embed(requests, batchSize: batchSize, normalize: normalize) { model.imageVectors($0) }
    }
}
