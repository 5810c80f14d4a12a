import Foundation

/// The work of one run, decided from the walk and the catalog before reading any file.
struct IndexPlan {
    var candidates: [Candidate] = []
    var vanished: [VanishedFile] = []
    var summary = IndexSummary()
}

extension Indexer {
    /// Walks `roots` and compares every file with its catalog row: unchanged files (same size
    /// and mtime, and not racily clean) are skipped without reading; the rest become
    /// candidates. Catalog files under the roots that the walk did not find have vanished
    /// (unless they sit under a directory that could not be listed).
    func makePlan(roots: [String]) throws -> IndexPlan {
        var walker = FileWalker(includeHidden: options.includeHidden)
        if let libraryPath = FileWalker.resolve(library.directory.path) {
            walker.excluded = [libraryPath]
        }
        let walk = walker.walk(roots: roots)
        var plan = IndexPlan()
        plan.summary.scannedFiles = walk.files.count
        plan.summary.skippedUnsupported = walk.skippedUnsupported
        plan.summary.skippedSymlinks = walk.skippedSymlinks
        plan.summary.skippedHidden = walk.skippedHidden
        plan.summary.unreadableDirectories = walk.unreadableDirectories

        var known: [String: (ExistingFile, ItemKind)] = [:]
        let db = library.db
        let sql = """
            SELECT id, path, size, mtime_ns, sha256, kind, status = 'ok', indexed_at_ns
            FROM files WHERE path = ? OR (path > ? AND path < ?)
            """
        for root in roots {
            try db.statement(sql).forEach(.text(root), .text(root + "/"), .text(root + "0")) {
                row in
                let existing = ExistingFile(
                    id: row.int(0), size: Int(row.int(2)), modifiedNs: row.int(3),
                    sha256: row.optionalText(4), ok: row.int(6) != 0, indexedAtNs: row.int(7))
                known[row.text(1)] = (existing, ItemKind(rawValue: row.text(5)) ?? .image)
            }
        }
        var seen = Set<String>()
        for file in walk.files {
            seen.insert(file.path)
            guard let (existing, _) = known[file.path] else {
                plan.candidates.append(Candidate(file: file, existing: nil))
                continue
            }
            let racy = file.modifiedNs + options.racyWindowNanoseconds >= existing.indexedAtNs
            let same = existing.size == file.size && existing.modifiedNs == file.modifiedNs
            if same && !racy && (existing.ok || !options.retryFailures) {
                plan.summary.unchangedFiles += 1
            } else {
                plan.candidates.append(Candidate(file: file, existing: existing))
            }
        }
        let unreadable = walk.unreadableDirectories.map { $0 + "/" }
        for (path, (existing, kind)) in known where !seen.contains(path) {
            if unreadable.contains(where: { path.hasPrefix($0) }) { continue }
            if walk.unreadableDirectories.contains(path) { continue }
            plan.vanished.append(
                VanishedFile(
                    id: existing.id, path: path, sha256: existing.sha256, kind: kind,
                    ok: existing.ok))
        }
        plan.vanished.sort { $0.path < $1.path }
        return plan
    }
}
