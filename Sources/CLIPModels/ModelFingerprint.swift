import Foundation
import Hashing

/// A stable identity for "these weights, this architecture, this preprocessing and tokenizer",
/// used to tag stored vectors so that vectors from different models are never mixed.
public enum ModelFingerprint {
    /// SHA-256 over the weight files' bytes, the canonical JSON of `configuration`, and any extra
    /// named components (preprocessing settings, tokenizer file hashes), in a fixed order.
    public static func compute(
        weightFiles: [URL], configuration: CLIPConfiguration, extra: [String: String] = [:]
    ) throws -> String {
        var h = SHA256()
        for file in weightFiles.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            h.update("weights:\(file.lastPathComponent)\n")
            h.update(try SHA256.hex(fileAt: file))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        h.update("config:")
        h.update(try encoder.encode(configuration))
        for key in extra.keys.sorted() { h.update("\n\(key):\(extra[key]!)") }
        return "sha256:" + h.hexDigest()
    }
}
