import Foundation
import NN
import SentenceEncoders
import TensorCore

/// A pretrained sentence encoder (BERT family: all-MiniLM-L6-v2 and the like) as the dual
/// encoder sees it: texts in, pooled sentence features `[B, hiddenSize]` out, differentiable,
/// with its transformer layers addressable by parameter-name prefix for partial unfreezing.
public protocol SentenceEncoding: Module {
    /// The format name its loader is registered under (``SentenceEncoderFormats``).
    static var formatName: String { get }
    /// Width of the pooled features.
    var hiddenSize: Int { get }
    /// The encoder's own maximum sequence length (special tokens included); longer texts are
    /// truncated to it, not to CLIP's 77.
    var maxTokens: Int { get }
    /// Number of transformer layers.
    var layerCount: Int { get }
    /// The dotted-name prefix of layer `i`'s parameters (0 = closest to the input), e.g.
    /// `encoder.layer.5.`.
    func layerPrefix(_ i: Int) -> String
    /// Tokens `text` occupies, special tokens included (before truncation).
    func countTokens(_ text: String) -> Int
    /// Pooled (and, when the encoder's config says so, normalised) sentence features.
    func encode(_ texts: [String]) -> Tensor
    /// Writes a directory that its format's loader opens again (weights may be overwritten
    /// afterwards from the dual encoder's own state dict).
    func save(to directory: URL) throws
}

/// Loaders of sentence-encoder directories by format name: `sentence-transformers` (BERT family,
/// ``SentenceEncoders/SentenceEncoder``) is built in; other targets may register more.
public enum SentenceEncoderFormats {
    public typealias Loader = @Sendable (URL) throws -> any SentenceEncoding

    private static let registry: Registry = {
        let r = Registry()
        r.set(SentenceEncoder.formatName) { try SentenceEncoder.load(directory: $0) }
        return r
    }()

    public static func register(format: String, loader: @escaping Loader) { registry.set(format, loader) }

    public static var formats: [String] { registry.formats }

    /// Opens `directory` with the loader registered for `format`.
    public static func load(format: String, directory: URL) throws -> any SentenceEncoding {
        guard let loader = registry.get(format) else {
            throw DualEncoderError.unknownSentenceFormat(
                format: format, directory: directory.path, known: formats)
        }
        return try loader(directory)
    }

    private final class Registry: @unchecked Sendable {
        private var loaders: [String: Loader] = [:]
        private let lock = NSLock()
        func set(_ format: String, _ loader: @escaping Loader) { lock.withLock { loaders[format] = loader } }
        func get(_ format: String) -> Loader? { lock.withLock { loaders[format] } }
        var formats: [String] { lock.withLock { loaders.keys.sorted() } }
    }
}
