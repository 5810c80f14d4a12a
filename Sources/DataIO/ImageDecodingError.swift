/// Errors thrown by DataIO: reading, decoding and encoding images, and parsing preprocessing
/// configurations. Every message names the file (or `<memory>` for in-memory data).
public enum ImageDecodingError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read from disk.
    case unreadableFile(path: String, reason: String)
    /// The leading bytes match no supported format (JPEG, PNG).
    case unsupportedFormat(path: String)
    /// The header announces more pixels than the configured limit (checked before decoding).
    case tooManyPixels(path: String, width: Int, height: Int, limit: Int)
    /// The decoder rejected the data: corrupt, truncated or otherwise malformed.
    case corruptData(path: String, reason: String)
    /// The file is valid but uses a feature Loupe does not decode.
    case unsupportedImage(path: String, reason: String)
    /// Encoding an image failed.
    case encodingFailed(reason: String)
    /// A preprocessing configuration file is missing a key or holds an unusable value.
    case invalidConfiguration(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "Cannot read image file \(path): \(reason)"
        case .unsupportedFormat(let path):
            "Unsupported image format in \(path): not a JPEG or PNG file"
        case .tooManyPixels(let path, let width, let height, let limit):
            "Image \(path) is \(width)×\(height) pixels, more than the limit of \(limit) pixels"
        case .corruptData(let path, let reason):
            "Corrupt or truncated image \(path): \(reason)"
        case .unsupportedImage(let path, let reason):
            "Unsupported image \(path): \(reason)"
        case .encodingFailed(let reason):
            "Image encoding failed: \(reason)"
        case .invalidConfiguration(let path, let reason):
            "Invalid preprocessing configuration \(path): \(reason)"
        }
    }
}
