import Foundation
import VectorIndex

/// What `loupe status` reports.
public struct LibraryStatus: Sendable, Equatable, Codable {
    /// Library directory.
    public var directory: String
    /// Model of the stored vectors (nil before the first index run).
    public var model: LibraryModel?
    /// Indexed image files.
    public var imageFiles: Int
    /// Indexed text documents.
    public var textFiles: Int
    /// Text passages (items) across the documents.
    public var textPassages: Int
    /// Files whose indexing failed.
    public var failedFiles: Int
    /// Up to the requested number of failures with their errors.
    public var failures: [FailedFile]
    /// Rows committed to the vector store.
    public var storeRows: Int
    /// Rows no item uses (reclaimed by compaction).
    public var deadRows: Int
    /// Bytes of every file in the library directory.
    public var sizeOnDisk: Int
    /// Time of the most recent indexing of any file.
    public var lastIndexed: Date?
}

extension Library {
    /// Counts, model, failures and size on disk.
    ///
    /// - Parameter failureLimit: at most this many failures are listed (nil: all).
    /// - Returns: the library's status.
    /// - Throws: ``LibraryError/sqlite(path:code:message:)`` if the catalog cannot be read.
    public func status(failureLimit: Int? = nil) throws -> LibraryStatus {
        try db.readTransaction {
            var files: [String: Int] = [:]
            try db.statement("SELECT kind, status, COUNT(*) FROM files GROUP BY kind, status")
                .forEach { row in
                    files[row.text(0) + "/" + row.text(1), default: 0] += Int(row.int(2))
                }
            var items: [String: Int] = [:]
            let itemSQL = """
                SELECT f.kind, COUNT(*) FROM items i JOIN files f ON f.id = i.file_id
                GROUP BY f.kind
                """
            try db.statement(itemSQL).forEach { row in items[row.text(0)] = Int(row.int(1)) }
            let committed = Int(try meta(MetaKey.committedSlots) ?? "0") ?? 0
            let live = items.values.reduce(0, +)
            let last =
                try db.statement("SELECT MAX(indexed_at_ns) FROM files").first {
                    $0.optionalInt(0)
                } ?? nil
            return LibraryStatus(
                directory: directory.path, model: try model(),
                imageFiles: files["image/ok"] ?? 0, textFiles: files["text/ok"] ?? 0,
                textPassages: items["text"] ?? 0,
                failedFiles: (files["image/failed"] ?? 0) + (files["text/failed"] ?? 0),
                failures: try failures(limit: failureLimit), storeRows: committed,
                deadRows: committed - live, sizeOnDisk: directorySize(),
                lastIndexed: last.map { Date(timeIntervalSince1970: Double($0) / 1e9) })
        }
    }

    private func directorySize() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.reduce(0) { total, name in
            let path = directory.appendingPathComponent(name).path
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
            return total + (size ?? 0)
        }
    }
}
