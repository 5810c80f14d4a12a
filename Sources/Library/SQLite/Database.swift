import CSQLite
import Foundation

/// A thin owner of one SQLite connection (raw C API). Not thread-safe: one thread at a time.
final class Database {
    let path: String
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]

    /// Opens (or with `create`, creates) the database and configures WAL, foreign keys and a
    /// busy timeout so short lock waits between processes retry instead of failing.
    init(path: String, readOnly: Bool, create: Bool = false) throws {
        self.path = path
        var db: OpaquePointer?
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw LibraryError.sqlite(path: path, code: code, message: message)
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
        if !readOnly {
            try execute("PRAGMA journal_mode = WAL")
            // NORMAL in WAL mode survives process crashes; after a power loss the last
            // transactions may roll back, which the vector store tolerates (rows past the
            // catalog's committed count are rolled back on the next write open).
            try execute("PRAGMA synchronous = NORMAL")
        }
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw LibraryError.sqlite(path: path, code: code, message: "\(text) in: \(sql)")
        }
    }

    /// A prepared statement, cached by its SQL text and reset for reuse.
    func statement(_ sql: String) throws -> Statement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try Statement(database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a deferred read transaction, so all its reads see one snapshot.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }

    func error(_ code: Int32, _ context: String) -> LibraryError {
        .sqlite(
            path: path, code: code,
            message: "\(String(cString: sqlite3_errmsg(handle))) (\(context))")
    }
}
