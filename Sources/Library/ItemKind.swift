/// What a library item is: an image file, or a passage of a text document.
public enum ItemKind: String, Sendable, Codable, CaseIterable {
    case image
    case text

    /// Extensions (lower-case, no dot) indexed as images: JPEG and PNG.
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]
    /// Extensions (lower-case, no dot) indexed as text documents.
    public static let textExtensions: Set<String> = ["txt", "md", "markdown"]

    /// The kind for a file name by its extension, or nil for files the indexer skips.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        if Self.imageExtensions.contains(ext) {
            self = .image
        } else if Self.textExtensions.contains(ext) {
            self = .text
        } else {
            return nil
        }
    }
}

/// A contiguous run of lines of a text document, embedded as one item.
public struct Passage: Sendable, Equatable, Hashable, Codable {
    /// The passage text (its lines joined by `\n`).
    public var text: String
    /// First line, 1-based.
    public var startLine: Int
    /// Last line, 1-based, inclusive.
    public var endLine: Int

    public init(text: String, startLine: Int, endLine: Int) {
        self.text = text
        self.startLine = startLine
        self.endLine = endLine
    }
}
