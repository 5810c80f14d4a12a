import Foundation
import Hashing

/// SHA-256 identity of one embedding input: the image file's bytes (plus crop box), or the text.
public struct CacheKey: Hashable, Sendable {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "CacheKey needs 32 bytes, got \(bytes.count)")
        self.bytes = bytes
    }

    /// Key of a text: SHA-256 of `"text\n"` followed by its UTF-8 bytes.
    public static func text(_ text: String) -> CacheKey {
        var hasher = SHA256()
        hasher.update("text\n")
        hasher.update(text)
        return CacheKey(bytes: hasher.finalize())
    }

    /// Key of an image: SHA-256 of `"image\n"`, the file's bytes and the crop box, if any.
    public static func image(_ input: ImageInput) throws -> CacheKey {
        let data: Data
        do { data = try Data(contentsOf: input.url, options: .mappedIfSafe) } catch {
            throw EvaluationError.cache(
                path: input.url.path, problem: "cannot read image: \(error.localizedDescription)")
        }
        var hasher = SHA256()
        hasher.update("image\n")
        hasher.update(data)
        if let crop = input.crop { hasher.update("\ncrop:\(crop)") }
        return CacheKey(bytes: hasher.finalize())
    }

    /// Lower-case hexadecimal digest.
    public var hex: String { bytes.map { String(format: "%02x", $0) }.joined() }
}
