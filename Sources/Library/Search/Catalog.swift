import Foundation
import VectorIndex

/// An in-memory snapshot of the live items (slot, file, kind, mtime) used to build search
/// filters without touching SQLite per query. File paths are loaded on the first path filter,
/// and the files matching the last glob are remembered.
final class Catalog {
    struct Entry {
        var slot: Int
        var fileID: Int64
        var kind: ItemKind
        var modifiedNs: Int64
    }

    /// Store file the snapshot refers to.
    let storeFile: String
    /// Rows the catalog had committed when the snapshot was taken.
    let committedSlots: Int
    let entries: [Entry]
    /// Every live slot (the candidates of an unfiltered search).
    let live: SlotSet
    private var paths: [(id: Int64, path: String)]?
    private var lastGlob: (pattern: String, files: Set<Int64>)?

    init(storeFile: String, committedSlots: Int, entries: [Entry], live: SlotSet) {
        self.storeFile = storeFile
        self.committedSlots = committedSlots
        self.entries = entries
        self.live = live
    }

    /// Reads one consistent snapshot of the catalog.
    static func load(_ db: Database) throws -> Catalog? {
        try db.readTransaction {
            let metaValue = try db.statement("SELECT value FROM meta WHERE key = ?")
            guard
                let storeFile = try metaValue.first(.text(MetaKey.storeFile), body: { $0.text(0) })
            else { return nil }
            let committed =
                try metaValue.first(.text(MetaKey.committedSlots)) {
                    Int($0.int(0))
                } ?? 0
            var entries: [Entry] = []
            let sql = """
                SELECT i.slot, i.file_id, f.kind = 'image', f.mtime_ns
                FROM items i JOIN files f ON f.id = i.file_id
                """
            try db.statement(sql).forEach { row in
                entries.append(
                    Entry(
                        slot: Int(row.int(0)), fileID: row.int(1),
                        kind: row.int(2) != 0 ? .image : .text, modifiedNs: row.int(3)))
            }
            let live = SlotSet(
                capacity: committed, slots: entries.lazy.map(\.slot).filter { $0 < committed })
            return Catalog(
                storeFile: storeFile, committedSlots: committed, entries: entries, live: live)
        }
    }

    /// The live slots that pass `filter`.
    func slots(matching filter: SearchFilter, db: Database) throws -> SlotSet {
        if filter.isEmpty { return live }
        var files: Set<Int64>?
        if let glob = filter.pathGlob {
            files = try self.files(matching: glob, db: db)
        }
        let from = filter.modifiedFrom.map { Self.nanoseconds($0) }
        let before = filter.modifiedBefore.map { Self.nanoseconds($0) }
        var set = SlotSet(capacity: committedSlots)
        for entry in entries where entry.slot < committedSlots {
            if let kind = filter.kind, entry.kind != kind { continue }
            if let from, entry.modifiedNs < from { continue }
            if let before, entry.modifiedNs >= before { continue }
            if let files, !files.contains(entry.fileID) { continue }
            set.insert(entry.slot)
        }
        return set
    }

    private func files(matching glob: PathGlob, db: Database) throws -> Set<Int64> {
        if let lastGlob, lastGlob.pattern == glob.effectivePattern { return lastGlob.files }
        if paths == nil {
            var loaded: [(id: Int64, path: String)] = []
            try db.statement("SELECT id, path FROM files WHERE status = 'ok'").forEach { row in
                loaded.append((row.int(0), row.text(1)))
            }
            paths = loaded
        }
        var matching = Set<Int64>()
        for file in paths ?? [] where glob.matches(file.path) { matching.insert(file.id) }
        lastGlob = (glob.effectivePattern, matching)
        return matching
    }

    /// Nanoseconds since 1970, clamped to what Int64 holds (years 1677–2262): a filter date
    /// outside that range matches as the range's end instead of trapping.
    static func nanoseconds(_ date: Date) -> Int64 {
        let ns = (date.timeIntervalSince1970 * 1e9).rounded(.down)
        guard ns.isFinite else { return ns > 0 ? .max : .min }
        if ns >= 9.223372036854775e18 { return .max }
        if ns <= -9.223372036854775e18 { return .min }
        return Int64(ns)
    }
}
