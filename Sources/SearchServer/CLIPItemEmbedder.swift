import CLIPPipeline
import Foundation
import Library
import Tokenizers

/// The library's view of a CLIP pipeline, for re-indexing from the server.
struct CLIPItemEmbedder: ItemEmbedder {
    let pipeline: CLIPEmbedder
    var fingerprint: String { pipeline.fingerprint }
    var dimension: Int { pipeline.dimension }
    var textContextTokens: Int { pipeline.contextLength }
    func countTokens(_ text: String) -> Int { pipeline.tokenizer.encodeIDs(text).count + 2 }
    func embedImages(_ files: [URL]) throws -> [Result<[Float], any Error>] {
        try pipeline.embedImages(files.map { ImageRequest(url: $0) }, normalize: true)
    }
    func embedTexts(_ texts: [String]) throws -> [[Float]] { try pipeline.embedTexts(texts, normalize: true) }
}
