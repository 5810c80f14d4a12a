import CLIPPipeline
import Foundation
import TensorCore

/// A saved dual encoder as an ``ImageTextEmbedder``, so `loupe embed`, `eval`, `index`, `search`
/// and `serve` open its directory through ``EmbedderLoader`` (kind `dual-encoder`).
///
/// Calls are serialised, so one embedder can be shared.
public final class DualEncoderEmbedder: ImageTextEmbedder, @unchecked Sendable {
    public let model: DualEncoderModel
    public let fingerprint: String
    public var batchSize = 32
    private let images: ImageBatchEncoder
    private let lock = NSLock()

    public init(_ loaded: DualEncoderStore.Loaded) {
        model = loaded.model
        fingerprint = loaded.fingerprint
        images = ImageBatchEncoder(preprocess: loaded.preprocess)
    }

    /// Opens a dual-encoder model directory (the ``EmbedderLoader`` loader for `dual-encoder`).
    @Sendable public static func load(_ directory: URL) throws -> any ImageTextEmbedder {
        DualEncoderEmbedder(try DualEncoderStore.load(directory))
    }

    public var dimension: Int { model.embedDim }
    public var textContextTokens: Int { model.textTower.contextTokens }
    public func countTokens(_ text: String) -> Int { model.textTower.countTokens(text) }

    public func embedTexts(_ texts: [String], normalize: Bool) throws -> [[Float]] {
        lock.lock()
        defer { lock.unlock() }
        return textRowsInBatches(texts, batchSize: batchSize, normalize: normalize) { model.encodeText($0) }
    }

    public func embedImages(_ requests: [ImageRequest], normalize: Bool) throws -> [Result<[Float], any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return images.embed(requests, batchSize: batchSize, normalize: normalize) { model.encodeImage($0) }
    }
}
