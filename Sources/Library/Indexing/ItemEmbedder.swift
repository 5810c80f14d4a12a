import Foundation

/// The model side of indexing: embeds image files and text passages.
///
/// Implementations decode and preprocess images themselves (in parallel if they like); the
/// indexer calls them from one background thread at a time, overlapping with hashing, passage
/// splitting and storage. Vectors need not be normalised: the library stores unit vectors.
public protocol ItemEmbedder: Sendable {
    /// Identity of weights, configuration, preprocessing and tokenizer; stored with every vector.
    var fingerprint: String { get }
    /// Width of the embeddings.
    var dimension: Int { get }
    /// Token budget of one text passage, including any special tokens `countTokens` counts.
    var textContextTokens: Int { get }
    /// Tokens `text` occupies in the text encoder (used to size passages).
    func countTokens(_ text: String) -> Int
    /// One result per file, in order; a failure there is recorded for that file only. Throwing
    /// fails the whole call (the indexer then retries file by file to find the culprit).
    func embedImages(_ files: [URL]) throws -> [Result<[Float], any Error>]
    /// One vector per text, in order.
    func embedTexts(_ texts: [String]) throws -> [[Float]]
}
