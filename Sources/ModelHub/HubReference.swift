import Foundation

/// A model on the Hugging Face Hub: `hf:OWNER/NAME` or `hf:OWNER/NAME@REVISION`.
public struct HubReference: Sendable, Equatable, CustomStringConvertible {
    public let repository: String
    public let revision: String

    /// Parses `hf:OWNER/NAME[@REVISION]`; `nil` when `text` is not a Hub reference.
    public init?(_ text: String) {
        guard text.hasPrefix("hf:") else { return nil }
        let body = text.dropFirst(3)
        let parts = body.split(separator: "@", maxSplits: 1).map(String.init)
        let repo = parts.first ?? ""
        let pieces = repo.split(separator: "/")
        guard pieces.count == 2, pieces.allSatisfy({ !$0.isEmpty && !$0.contains("..") }) else { return nil }
        repository = repo
        revision = parts.count == 2 && !parts[1].isEmpty ? parts[1] : "main"
    }

    public var description: String { "hf:\(repository)" + (revision == "main" ? "" : "@\(revision)") }

    /// The cache folder for this reference below `root`.
    func directory(in root: URL) -> URL {
        root.appendingPathComponent("models").appendingPathComponent(repository.replacingOccurrences(of: "/", with: "--"))
            .appendingPathComponent(revision)
    }
}
