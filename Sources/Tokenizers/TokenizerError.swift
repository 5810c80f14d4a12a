import Foundation

/// Failures while loading or resolving a tokenizer vocabulary.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A vocabulary file is missing.
    case fileNotFound(path: String)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A gzip file could not be inflated.
    case malformedGzip(path: String, reason: String)
    /// A vocabulary file does not have the expected structure.
    case malformedVocabulary(path: String, reason: String)
    /// No vocabulary was found for a model directory nor in the Loupe cache.
    case vocabularyNotFound(modelDirectory: String?, cachedPath: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "tokenizer file not found: \(path)"
        case .unreadableFile(let path, let reason):
            return "cannot read tokenizer file \(path): \(reason)"
        case .malformedGzip(let path, let reason):
            return "cannot inflate gzip file \(path): \(reason)"
        case .malformedVocabulary(let path, let reason):
            return "malformed tokenizer vocabulary \(path): \(reason)"
        case .vocabularyNotFound(let modelDirectory, let cachedPath):
            let searched =
                modelDirectory.map {
                    "no vocab.json + merges.txt or bpe_simple_vocab_16e6.txt.gz in \($0), and "
                } ?? ""
            return
                "CLIP tokenizer vocabulary not found: \(searched)no default vocabulary at "
                + "\(cachedPath). Run `make setup` (it downloads it), or copy open_clip's "
                + "bpe_simple_vocab_16e6.txt.gz there (LOUPE_CACHE sets the cache directory)."
        }
    }
}
