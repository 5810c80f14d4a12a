import Foundation
import VectorIndex

extension Library {
    /// The `k` live items most similar to `vector`, best first.
    ///
    /// - Parameters:
    ///   - vector: query embedding (or a combination, see ``QueryVector/combine(_:)``).
    ///   - fingerprint: the fingerprint of the model that produced `vector`; a different model
    ///     than the library's is refused.
    ///   - k: number of results.
    ///   - filter: kind, path and date restrictions.
    ///   - excluding: item ids left out of the results.
    /// - Returns: at most `k` results, best first.
    /// - Throws: ``LibraryError/modelMismatch(directory:library:requested:)``,
    ///   ``LibraryError/emptyLibrary(directory:)``, catalog or store errors.
    public func search(
        vector: [Float], fingerprint: String, k: Int = 10, filter: SearchFilter = SearchFilter(),
        excluding: Set<Int64> = []
    ) throws -> [SearchResult] {
        _ = try checkModel(fingerprint: fingerprint, dimension: vector.count)
        guard k > 0 else { return [] }
        guard let catalog = try catalog() else {
            throw LibraryError.emptyLibrary(directory: directory.path)
        }
        let store = try currentStore(named: catalog.storeFile)
        let candidates = try catalog.slots(matching: filter, db: db)
        let hits = store.search(
            vector, k: k + excluding.count, filter: candidates,
            rowLimit: min(catalog.committedSlots, store.count))
        var results: [SearchResult] = []
        for hit in hits {
            guard var result = try item(atSlot: hit.slot) else { continue }
            if excluding.contains(result.itemID) { continue }
            result.score = hit.score
            results.append(result)
            if results.count == k { break }
        }
        return results
    }

    /// Search with weighted query terms (`Σ wᵢ · unit(vᵢ)`, as rclip combines `+`/`-` terms).
    public func search(
        terms: [(weight: Float, vector: [Float])], fingerprint: String, k: Int = 10,
        filter: SearchFilter = SearchFilter()
    ) throws -> [SearchResult] {
        guard !terms.isEmpty else { throw LibraryError.invalidQuery(query: "", reason: "no terms") }
        return try search(
            vector: QueryVector.combine(terms), fingerprint: fingerprint, k: k, filter: filter)
    }

    /// Items similar to a stored item, using its stored vector (no model needed).
    public func searchSimilar(
        toItem id: Int64, k: Int = 10, filter: SearchFilter = SearchFilter(),
        includeSelf: Bool = false
    ) throws -> [SearchResult] {
        guard let model = try model() else {
            throw LibraryError.emptyLibrary(directory: directory.path)
        }
        let vector = try vector(forItem: id)
        return try search(
            vector: vector, fingerprint: model.fingerprint, k: k, filter: filter,
            excluding: includeSelf ? [] : [id])
    }

    /// Forgets the cached catalog snapshot so the next search sees a concurrent writer's work.
    public func refresh() { catalogCache = nil }

    func catalog() throws -> Catalog? {
        if let catalogCache { return catalogCache }
        let loaded = try Catalog.load(db)
        catalogCache = loaded
        return loaded
    }

    /// The item stored at `slot` (score 0), or nil if no live item uses it.
    func item(atSlot slot: Int) throws -> SearchResult? {
        let sql = """
            SELECT i.id, i.start_line, i.end_line, i.text, f.path, f.kind, f.size, f.mtime_ns
            FROM items i JOIN files f ON f.id = i.file_id WHERE i.slot = ?
            """
        return try db.statement(sql).first(.integer(Int64(slot))) { row in
            let kind = ItemKind(rawValue: row.text(5)) ?? .image
            var passage: Passage?
            if kind == .text, let start = row.optionalInt(1), let end = row.optionalInt(2) {
                passage = Passage(text: row.text(3), startLine: Int(start), endLine: Int(end))
            }
            return SearchResult(
                itemID: row.int(0), path: row.text(4), kind: kind, score: 0, passage: passage,
                fileSize: Int(row.int(6)),
                modified: Date(timeIntervalSince1970: Double(row.int(7)) / 1e9))
        }
    }
}
