import Foundation

/// Restricts a search by item kind, file path and modification date.
public struct SearchFilter: Sendable, Equatable {
    /// Only this kind (nil: images and text passages).
    public var kind: ItemKind?
    /// Only files whose absolute path matches.
    public var pathGlob: PathGlob?
    /// Only files modified at or after this date.
    public var modifiedFrom: Date?
    /// Only files modified before this date.
    public var modifiedBefore: Date?

    public init(
        kind: ItemKind? = nil, pathGlob: PathGlob? = nil, modifiedFrom: Date? = nil,
        modifiedBefore: Date? = nil
    ) {
        self.kind = kind
        self.pathGlob = pathGlob
        self.modifiedFrom = modifiedFrom
        self.modifiedBefore = modifiedBefore
    }

    /// Whether every live item passes.
    public var isEmpty: Bool {
        kind == nil && pathGlob == nil && modifiedFrom == nil && modifiedBefore == nil
    }
}

/// One search hit.
public struct SearchResult: Sendable, Equatable, Codable {
    /// Item id (stable until the file changes or is removed).
    public var itemID: Int64
    /// Absolute path of the file.
    public var path: String
    /// Image, or passage of a text document.
    public var kind: ItemKind
    /// Similarity: cosine for a single query term, the weighted sum of cosines for several.
    public var score: Float
    /// The passage text and line span, for text items.
    public var passage: Passage?
    /// File size in bytes when indexed.
    public var fileSize: Int
    /// File modification time when indexed.
    public var modified: Date

    public init(
        itemID: Int64, path: String, kind: ItemKind, score: Float, passage: Passage?,
        fileSize: Int, modified: Date
    ) {
        self.itemID = itemID
        self.path = path
        self.kind = kind
        self.score = score
        self.passage = passage
        self.fileSize = fileSize
        self.modified = modified
    }
}
