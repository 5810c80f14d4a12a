/// Failures loading a sentence encoder; each names the file and, where it applies, the key.
public enum SentenceEncoderError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAnEncoderDirectory(path: String, reason: String)
    case unreadable(path: String, reason: String)
    case invalidConfiguration(path: String, key: String, reason: String)
    case unsupportedModule(path: String, module: String)

    public var description: String {
        switch self {
        case let .notAnEncoderDirectory(path, reason):
            return "\(path): not a BERT / sentence-transformers directory: \(reason)"
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .invalidConfiguration(path, key, reason):
            return key.isEmpty ? "\(path): \(reason)" : "\(path): key '\(key)': \(reason)"
        case let .unsupportedModule(path, module):
            return "\(path): sentence-transformers module '\(module)' is not supported "
                + "(Transformer, Pooling, Normalize)"
        }
    }
}
