import Foundation
import TensorCore
import Tokenizers

/// Anything that embeds image files and texts into one space: CLIP checkpoints (``CLIPEmbedder``)
/// and the models Loupe trains with other towers or heads (dual encoders with a sentence-encoder
/// text tower, MH-CVSE, CCL).
///
/// Commands that only embed (`eval`, `index`, `search`, `serve`, `embed`) go through this protocol
/// and ``EmbedderLoader``, so every model kind works with all of them.
public protocol ImageTextEmbedder: AnyObject, Sendable {
    /// A stable identity of weights, configuration, preprocessing and tokenizer.
    var fingerprint: String { get }
    /// The length of every returned vector.
    var dimension: Int { get }
    /// Token budget of one text, counted as ``countTokens(_:)`` counts (special tokens included).
    var textContextTokens: Int { get }
    /// Items per forward pass.
    var batchSize: Int { get set }
    /// Tokens `text` occupies in the text tower, special tokens included.
    func countTokens(_ text: String) -> Int
    /// One vector per text, in order; unit length when `normalize` is set.
    func embedTexts(_ texts: [String], normalize: Bool) throws -> [[Float]]
    /// One result per request, in order: a file that cannot be read or decoded gives its error and
    /// does not affect the others.
    func embedImages(_ requests: [ImageRequest], normalize: Bool) throws -> [Result<[Float], any Error>]
}

extension CLIPEmbedder: ImageTextEmbedder {
    public var textContextTokens: Int { contextLength }
    public func countTokens(_ text: String) -> Int { tokenizer.encodeIDs(text).count + 2 }
}

/// The rows `encode` gives for `texts`, called on chunks of at most `batchSize` texts without
/// gradients, L2-normalised when `normalize`: the text loop every embedder shares.
public func textRowsInBatches(_ texts: [String], batchSize: Int, normalize: Bool,
                              encode: ([String]) throws -> Tensor) rethrows -> [[Float]] {
    let size = max(batchSize, 1)
    var out: [[Float]] = []
    out.reserveCapacity(texts.count)
    for start in stride(from: 0, to: texts.count, by: size) {
        let features = try noGrad { try encode(Array(texts[start..<min(texts.count, start + size)])) }
        out += (normalize ? noGrad { features.l2Normalized() } : features).rowArrays
    }
    return out
}
