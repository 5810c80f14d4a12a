import CLIPPipeline
import Foundation
import Library

/// The library's view of any image–text model (unit vectors): what `loupe index`, the demo, the
/// server's re-index and the indexing bench embed with.
public struct CLIPItemEmbedder: ItemEmbedder {
    public let pipeline: any ImageTextEmbedder
    public init(pipeline: any ImageTextEmbedder) { self.pipeline = pipeline }
    public var fingerprint: String { pipeline.fingerprint }
    public var dimension: Int { pipeline.dimension }
    public var textContextTokens: Int { pipeline.textContextTokens }
    public func countTokens(_ text: String) -> Int { pipeline.countTokens(text) }
    public func embedImages(_ files: [URL]) throws -> [Result<[Float], any Error>] {
        try pipeline.embedImages(files.map { ImageRequest(url: $0) }, normalize: true)
    }
    public func embedTexts(_ texts: [String]) throws -> [[Float]] { try pipeline.embedTexts(texts, normalize: true) }
}
