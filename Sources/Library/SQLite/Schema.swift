/// The catalog schema and its migrations, tracked in `PRAGMA user_version`.
///
/// Migration `i` (0-based) brings a catalog from version `i` to `i + 1`; each runs in its own
/// transaction. Add new steps at the end, never edit shipped ones.
enum Schema {
    static let migrations: [String] = [
        // 1: files, their items (one per image, one per text passage), library metadata.
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('image', 'text')),
            status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
            error TEXT,
            indexed_at_ns INTEGER NOT NULL
        );
        CREATE INDEX files_by_hash ON files(sha256);
        CREATE INDEX files_by_status ON files(status);
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
            slot INTEGER NOT NULL UNIQUE,
            passage_index INTEGER NOT NULL DEFAULT 0,
            start_line INTEGER,
            end_line INTEGER,
            text TEXT
        );
        CREATE INDEX items_by_file ON items(file_id);
        """
    ]

    static var currentVersion: Int { migrations.count }

    /// Applies the missing migrations; throws for a catalog from a newer Loupe.
    static func migrate(_ db: Database) throws {
        let version = try userVersion(db)
        guard version <= currentVersion else {
            throw LibraryError.newerSchema(path: db.path, found: version, supported: currentVersion)
        }
        for step in version ..< currentVersion {
            try db.transaction {
                try db.execute(migrations[step])
                try db.execute("PRAGMA user_version = \(step + 1)")
            }
        }
    }

    static func userVersion(_ db: Database) throws -> Int {
        Int(try db.statement("PRAGMA user_version").first { $0.int(0) } ?? 0)
    }
}
