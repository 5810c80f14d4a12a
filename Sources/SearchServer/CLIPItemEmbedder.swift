import CLIPPipeline
import Foundation
import Library
import Tokenizers

/// The library's view of a CLIP pipeline (unit vectors), for indexing from the server.
public struct CLIPItemEmbedder: ItemEmbedder {
    public let pipeline: CLIPEmbedder
    public init(pipeline: CLIPEmbedder) { self.pipeline = pipeline }
    public var fingerprint: String { pipeline.fingerprint }
    public var dimension: Int { pipeline.dimension }
    public var textContextTokens: Int { pipeline.contextLength }
    public func countTokens(_ text: String) -> Int { pipeline.tokenizer.encodeIDs(text).count + 2 }
    public func embedImages(_ files: [URL]) throws -> [Result<[Float], any Error>] {
        try pipeline.embedImages(files.map { ImageRequest(url: $0) }, normalize: true)
    }
    public func embedTexts(_ texts: [String]) throws -> [[Float]] { try pipeline.embedTexts(texts, normalize: true) }
}
