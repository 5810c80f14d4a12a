import Foundation
import VectorIndex

extension Library {
    /// Rows in the store that no item references (deleted, replaced or rolled-back vectors).
    public func deadRows() throws -> Int {
        let committed = Int(try meta(MetaKey.committedSlots) ?? "0") ?? 0
        let live = try db.statement("SELECT COUNT(*) FROM items").first { Int($0.int(0)) } ?? 0
        return committed - live
    }

    /// Compacts when dead rows exceed `fraction` of the store and `minimumRows`.
    ///
    /// - Returns: whether a compaction ran.
    @discardableResult
    public func compactIfNeeded(fraction: Double = 0.25, minimumRows: Int = 1024) throws -> Bool {
        try requireWritable()
        let committed = Int(try meta(MetaKey.committedSlots) ?? "0") ?? 0
        let dead = try deadRows()
        guard dead >= minimumRows, Double(dead) > fraction * Double(committed) else { return false }
        try compact()
        return true
    }

    /// Rewrites the store with only live rows (optionally in another dtype), renumbering the
    /// items' slots in one transaction.
    ///
    /// Crash-safe: the new store file is complete before the catalog switches to it, and the
    /// file the catalog does not name is deleted by the next writer.
    public func compact(convertingTo dtype: VectorDType? = nil) throws {
        let source = try writableStore()
        let generation = (Int(try meta(MetaKey.storeGeneration) ?? "0") ?? 0) + 1
        let name = "vectors-\(generation).bin"
        var ids: [Int64] = []
        var slots: [Int] = []
        try db.statement("SELECT id, slot FROM items ORDER BY slot").forEach { row in
            ids.append(row.int(0))
            slots.append(Int(row.int(1)))
        }
        let target = try wrap {
            try source.writeCompacted(keeping: slots, to: storeURL(name), dtype: dtype)
        }
        try db.transaction {
            // Ascending old slots get ascending new slots ≤ old, so UNIQUE(slot) never collides.
            let update = try db.statement("UPDATE items SET slot = ? WHERE id = ?")
            for (newSlot, id) in ids.enumerated() {
                try update.run(.integer(Int64(newSlot)), .integer(id))
            }
            try setMeta(MetaKey.storeGeneration, String(generation))
            try setMeta(MetaKey.storeFile, name)
            try setMeta(MetaKey.committedSlots, String(target.count))
            try setMeta(MetaKey.dtype, target.dtype.description)
        }
        store = target
        catalogCache = nil
        try? FileManager.default.removeItem(at: source.url)
    }
}
