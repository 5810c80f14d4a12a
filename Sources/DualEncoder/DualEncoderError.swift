import Foundation

/// Errors building, loading or saving dual encoders, naming the file or key at fault.
public enum DualEncoderError: Error, CustomStringConvertible {
    case unknownSentenceFormat(format: String, directory: String, known: [String])
    case badManifest(path: String, reason: String)
    case invalid(key: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownSentenceFormat(format, directory, known):
            return "\(directory): no reader for sentence-encoder format '\(format)' in this build"
                + " (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case let .badManifest(path, reason): return "\(path): \(reason)"
        case let .invalid(key, reason): return "training config: '\(key)' \(reason)"
        }
    }
}
