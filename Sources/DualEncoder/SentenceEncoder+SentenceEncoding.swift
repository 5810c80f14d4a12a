import Foundation
import SentenceEncoders
import Tokenizers

/// The BERT-family ``SentenceEncoder`` (sentence-transformers or plain Hugging Face `BertModel`
/// directories, e.g. all-MiniLM-L6-v2) as a dual encoder's text tower: format
/// `sentence-transformers`, layers `encoder.layer.N.`, its own max length (256 for MiniLM).
extension SentenceEncoder: SentenceEncoding {
    public static let formatName = "sentence-transformers"

    public var maxTokens: Int { maxLength }
    public var layerCount: Int { numLayers }
    public func layerPrefix(_ i: Int) -> String { "encoder.layer.\(i)." }
    public func countTokens(_ text: String) -> Int { tokenizer.ids(text).count + 2 }

    /// Copies the directory the encoder was loaded from (configuration, tokenizer, pooling and
    /// weights; the dual encoder's own state dict overrides the weights when it loads).
    public func save(to destination: URL) throws {
        guard let directory else {
            throw DualEncoderError.badManifest(path: destination.path, reason: "this sentence encoder was not loaded from a directory, so it cannot be copied")
        }
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: directory.resolvingSymlinksInPath(), to: destination)
    }
}
