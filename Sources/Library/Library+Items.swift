import Foundation
import VectorIndex

/// A stored item with its file's identity, for listings and comparisons.
public struct LibraryItem: Sendable, Equatable, Hashable {
    public var id: Int64
    public var path: String
    public var kind: ItemKind
    public var sha256: String
    public var passage: Passage?
    /// Row in the vector store (changes on compaction).
    public var slot: Int
}

/// A file whose indexing failed, with the recorded error.
public struct FailedFile: Sendable, Equatable, Hashable, Codable {
    public var path: String
    public var kind: ItemKind
    public var error: String
}

extension Library {
    /// Every live item, ordered by path and passage.
    public func items() throws -> [LibraryItem] {
        let sql = """
            SELECT i.id, f.path, f.kind, f.sha256, i.start_line, i.end_line, i.text, i.slot
            FROM items i JOIN files f ON f.id = i.file_id
            ORDER BY f.path, i.passage_index
            """
        var out: [LibraryItem] = []
        try db.statement(sql).forEach { row in
            let kind = ItemKind(rawValue: row.text(2)) ?? .image
            var passage: Passage?
            if let start = row.optionalInt(4), let end = row.optionalInt(5) {
                passage = Passage(text: row.text(6), startLine: Int(start), endLine: Int(end))
            }
            out.append(
                LibraryItem(
                    id: row.int(0), path: row.text(1), kind: kind, sha256: row.text(3),
                    passage: passage, slot: Int(row.int(7))))
        }
        return out
    }

    /// The files whose indexing failed, ordered by path.
    public func failures(limit: Int? = nil) throws -> [FailedFile] {
        var sql = "SELECT path, kind, error FROM files WHERE status = 'failed' ORDER BY path"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        var out: [FailedFile] = []
        try db.statement(sql).forEach { row in
            out.append(
                FailedFile(
                    path: row.text(0), kind: ItemKind(rawValue: row.text(1)) ?? .image,
                    error: row.optionalText(2) ?? "unknown error"))
        }
        return out
    }

    /// The stored (unit) vector of an item, widened to Float.
    public func vector(forItem id: Int64) throws -> [Float] {
        guard let catalog = try catalog() else {
            throw LibraryError.emptyLibrary(directory: directory.path)
        }
        let slot = try db.statement("SELECT slot FROM items WHERE id = ?").first(.integer(id)) {
            Int($0.int(0))
        }
        guard let slot else { throw LibraryError.itemNotFound(id: id) }
        let store = try currentStore(named: catalog.storeFile)
        guard slot < store.count else {
            throw LibraryError.inconsistentStore(
                path: store.url.path, reason: "item \(id) uses slot \(slot) past the store's end")
        }
        return store.vector(at: slot)
    }

    /// The item with `id` (score 0), or nil.
    public func item(id: Int64) throws -> SearchResult? {
        guard
            let slot = try db.statement("SELECT slot FROM items WHERE id = ?").first(
                .integer(id), body: { Int($0.int(0)) })
        else { return nil }
        return try item(atSlot: slot)
    }
}
