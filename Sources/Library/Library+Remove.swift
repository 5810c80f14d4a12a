import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Library {
    /// Removes a file, or every file under a directory, from the library (the files on disk
    /// are untouched). The path need not exist any more.
    ///
    /// - Returns: the number of files removed from the catalog.
    @discardableResult
    public func remove(path: String) throws -> Int {
        try requireWritable()
        let absolute = Self.canonicalPath(path)
        let upper = absolute + "0"  // '0' follows '/': the range covers "absolute/…"
        let removed = try db.transaction {
            if absolute == "/" {
                try db.statement("DELETE FROM files").run()
            } else {
                try db.statement("DELETE FROM files WHERE path = ? OR (path > ? AND path < ?)")
                    .run(.text(absolute), .text(absolute + "/"), .text(upper))
            }
            return db.changes
        }
        catalogCache = nil
        if removed > 0, try model() != nil { try compactIfNeeded() }
        return removed
    }

    /// `realpath` of an existing path; otherwise the standardized absolute path.
    static func canonicalPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                .appendingPathComponent(path)
        var standardized = url.standardizedFileURL.path
        while standardized.count > 1 && standardized.hasSuffix("/") { standardized.removeLast() }
        return standardized
    }
}
