import Foundation
import VectorIndex

/// Pipeline stage 3 (calling thread): writes embedded batches to the store and the catalog.
struct BatchStorage {
    let library: Library
    let checkpoint: (@Sendable (IndexCheckpoint) -> Void)?
    /// Vanished files whose rows were moved to a new path by a rename.
    private(set) var claimed = Set<Int64>()

    init(library: Library, checkpoint: (@Sendable (IndexCheckpoint) -> Void)?) {
        self.library = library
        self.checkpoint = checkpoint
    }

    /// Commits one batch: catalog rows written inside a transaction, vectors appended; then the
    /// store is synced and published, the committed count recorded, and the transaction
    /// committed. Returns the failures recorded in the batch.
    mutating func commit(
        _ batch: [(WorkUnit, UnitOutcome)], number: Int, summary: inout IndexSummary
    ) throws -> [FailedFile] {
        let store = try library.writableStore()
        let db = library.db
        var failures: [FailedFile] = []
        var counts = IndexSummary()
        var renamed = Set<Int64>()
        do {
            try db.transaction {
                for (unit, outcome) in batch {
                    if let failure = try apply(
                        unit, outcome, store: store, counts: &counts, renamed: &renamed)
                    {
                        failures.append(
                            FailedFile(path: unit.path, kind: unit.kind, error: failure))
                    }
                }
                checkpoint?(.catalogPending(batch: number))
                try library.wrap { try store.commit() }
                checkpoint?(.vectorsCommitted(batch: number))
                try library.setMeta(MetaKey.committedSlots, String(store.count))
            }
        } catch {
            store.discardPending()
            throw error
        }
        library.catalogCache = nil
        claimed.formUnion(renamed)
        checkpoint?(.batchCommitted(batch: number))
        summary.embeddedFiles += counts.embeddedFiles
        summary.embeddedItems += counts.embeddedItems
        summary.reusedFiles += counts.reusedFiles
        summary.renamedFiles += counts.renamedFiles
        summary.touchedFiles += counts.touchedFiles
        summary.failedFiles += failures.count
        summary.vanishedDuringRun += counts.vanishedDuringRun
        return failures
    }

    /// Applies one unit; returns the failure text it recorded, if any.
    private func apply(
        _ unit: WorkUnit, _ outcome: UnitOutcome, store: VectorStore, counts: inout IndexSummary,
        renamed: inout Set<Int64>
    ) throws -> String? {
        let db = library.db
        switch unit.action {
        case .skip:
            counts.vanishedDuringRun += 1
            return nil
        case .touch(let id):
            try db.statement(
                "UPDATE files SET size = ?, mtime_ns = ?, indexed_at_ns = ? WHERE id = ?"
            ).run(
                .integer(Int64(unit.size)), .integer(unit.modifiedNs), .integer(unit.readAtNs),
                .integer(id))
            counts.touchedFiles += 1
            return nil
        case .rename(let id):
            try db.statement(
                "UPDATE files SET path = ?, size = ?, mtime_ns = ?, indexed_at_ns = ? WHERE id = ?"
            ).run(
                .text(unit.path), .integer(Int64(unit.size)), .integer(unit.modifiedNs),
                .integer(unit.readAtNs), .integer(id))
            renamed.insert(id)
            counts.renamedFiles += 1
            return nil
        case .fail(let reason):
            _ = try upsertFile(unit, error: reason)
            return reason
        case .embedImage, .embedText:
            switch outcome {
            case .vectors(let vectors):
                let passages: [Passage?]
                if case .embedText(let list) = unit.action {
                    passages = list
                } else {
                    passages = [nil]
                }
                let id = try upsertFile(unit, error: nil)
                try insertItems(file: id, zip(passages, vectors).map { ($0, $1) }, store: store)
                counts.embeddedFiles += 1
                counts.embeddedItems += vectors.count
                return nil
            case .failed(let reason):
                _ = try upsertFile(unit, error: reason)
                return reason
            case .notEmbedded:
                preconditionFailure("\(unit.path) reached storage without embedding")
            }
        case .reuseStored(let items):
            let id = try upsertFile(unit, error: nil)
            try insertItems(
                file: id, items.map { ($0.passage, store.vector(at: $0.slot)) }, store: store)
            counts.reusedFiles += 1
            return nil
        case .reuseFromRun:
            return try reuseFromRun(unit, store: store, counts: &counts)
        }
    }

    /// Copies the items of the file embedded earlier in this run with the same content.
    private func reuseFromRun(
        _ unit: WorkUnit, store: VectorStore, counts: inout IndexSummary
    ) throws -> String? {
        let db = library.db
        let sql = """
            SELECT id, status = 'ok', error FROM files WHERE sha256 = ? AND kind = ? AND path != ?
            ORDER BY status = 'ok' DESC, id LIMIT 1
            """
        let source = try db.statement(sql).first(
            .text(unit.sha256 ?? ""), .text(unit.kind.rawValue), .text(unit.path)
        ) { row in (row.int(0), row.int(1) != 0, row.optionalText(2)) }
        guard let (sourceID, ok, _) = source, ok else {
            let reason = source?.2 ?? "identical to a file that could not be indexed"
            _ = try upsertFile(unit, error: reason)
            return reason
        }
        var items: [(Passage?, [Float])] = []
        let itemSQL = """
            SELECT slot, start_line, end_line, text FROM items WHERE file_id = ?
            ORDER BY passage_index
            """
        try db.statement(itemSQL).forEach(.integer(sourceID)) { row in
            var passage: Passage?
            if let start = row.optionalInt(1), let end = row.optionalInt(2) {
                passage = Passage(text: row.text(3), startLine: Int(start), endLine: Int(end))
            }
            items.append((passage, store.vector(at: Int(row.int(0)))))
        }
        let id = try upsertFile(unit, error: nil)
        try insertItems(file: id, items, store: store)
        counts.reusedFiles += 1
        return nil
    }

    /// Inserts or updates the file row (dropping its old items) and returns its id.
    private func upsertFile(_ unit: WorkUnit, error: String?) throws -> Int64 {
        let db = library.db
        let existing =
            try unit.existingID
            ?? db.statement("SELECT id FROM files WHERE path = ?").first(.text(unit.path)) {
                $0.int(0)
            }
        let status: SQLValue = .text(error == nil ? "ok" : "failed")
        let errorValue: SQLValue = error.map { .text($0) } ?? .null
        let hash: SQLValue = unit.sha256.map { .text($0) } ?? .null
        if let existing {
            try db.statement("DELETE FROM items WHERE file_id = ?").run(.integer(existing))
            try db.statement(
                """
                UPDATE files SET size = ?, mtime_ns = ?, sha256 = ?, kind = ?, status = ?,
                error = ?, indexed_at_ns = ? WHERE id = ?
                """
            ).run(
                .integer(Int64(unit.size)), .integer(unit.modifiedNs), hash,
                .text(unit.kind.rawValue), status, errorValue, .integer(unit.readAtNs),
                .integer(existing))
            return existing
        }
        try db.statement(
            """
            INSERT INTO files (path, size, mtime_ns, sha256, kind, status, error, indexed_at_ns)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).run(
            .text(unit.path), .integer(Int64(unit.size)), .integer(unit.modifiedNs), hash,
            .text(unit.kind.rawValue), status, errorValue, .integer(unit.readAtNs))
        return db.lastInsertRowID
    }

    private func insertItems(
        file: Int64, _ items: [(Passage?, [Float])], store: VectorStore
    ) throws {
        let insert = try library.db.statement(
            """
            INSERT INTO items (file_id, slot, passage_index, start_line, end_line, text)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (index, (passage, vector)) in items.enumerated() {
            let slot = store.append(vector)
            try insert.run(
                .integer(file), .integer(Int64(slot)), .integer(Int64(index)),
                passage.map { .integer(Int64($0.startLine)) } ?? .null,
                passage.map { .integer(Int64($0.endLine)) } ?? .null,
                passage.map { .text($0.text) } ?? .null)
        }
    }
}
