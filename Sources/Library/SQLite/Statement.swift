import CSQLite
import Foundation

/// A value bound to a statement parameter.
enum SQLValue {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null
}

/// A prepared SQLite statement with positional binding and column readers.
final class Statement {
    private let database: Database
    let sql: String
    let handle: OpaquePointer

    /// `SQLITE_TRANSIENT`: SQLite copies bound strings (the C macro is not importable).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(database: Database, sql: String) throws {
        self.database = database
        self.sql = sql
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw database.error(code, sql) }
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `values` to parameters 1…n.
    func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let v): code = sqlite3_bind_int64(handle, index, v)
            case .real(let v): code = sqlite3_bind_double(handle, index, v)
            case .text(let v):
                // Explicit byte length: text may contain NUL characters.
                code = sqlite3_bind_text(handle, index, v, Int32(v.utf8.count), Self.transient)
            case .null: code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else { throw database.error(code, sql) }
        }
    }

    /// Advances; true while a row is available.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(code, sql)
        }
    }

    /// Binds, runs to completion and resets.
    func run(_ values: SQLValue...) throws {
        try bind(values)
        defer { reset() }
        while try step() {}
    }

    /// Binds and calls `body` for every row, then resets.
    func forEach(_ values: SQLValue..., body: (Statement) throws -> Void) throws {
        try bind(values)
        defer { reset() }
        while try step() { try body(self) }
    }

    /// The first row mapped by `body`, or nil.
    func first<T>(_ values: SQLValue..., body: (Statement) throws -> T) throws -> T? {
        try bind(values)
        defer { reset() }
        return try step() ? body(self) : nil
    }

    // MARK: - Columns

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
}
