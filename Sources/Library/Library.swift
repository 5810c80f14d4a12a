import Foundation
import VectorIndex

/// A searchable library of images and text passages: an SQLite catalog (`library.sqlite`) and a
/// memory-mapped vector store (`vectors-N.bin`) in one directory (by default `./.loupe`).
///
/// The catalog is the source of truth for which vector slots are live; the store only appends.
/// Any number of read-only handles may search while one writer (guarded by a `flock` on
/// `<dir>/lock`) indexes, removes or compacts. Not thread-safe: use a handle from one thread.
public final class Library {
    /// How a library is opened.
    public enum Mode: Sendable {
        /// Search, status and item lookups; the directory must already hold a library.
        case readOnly
        /// Also index, remove, compact; creates the directory and takes the writer lock.
        case readWrite
    }

    /// Default library directory name, relative to the working directory.
    public static let defaultDirectoryName = ".loupe"
    static let catalogFileName = "library.sqlite"

    /// The library directory.
    public let directory: URL
    /// Whether this handle may write.
    public let isWritable: Bool

    let db: Database
    private let lock: LibraryLock?
    var store: VectorStore?
    var catalogCache: Catalog?

    /// Opens the library at `directory`.
    ///
    /// A writer also repairs what a crash can leave behind: vector rows committed to the store
    /// but never recorded by the catalog are rolled back, and files of interrupted compactions
    /// are deleted.
    /// - Throws: ``LibraryError/libraryNotFound(directory:)`` (read-only, nothing there),
    ///   ``LibraryError/busy(directory:holder:)`` (another writer), SQLite or store errors.
    public init(directory: URL, mode: Mode = .readOnly) throws {
        self.directory = directory.standardizedFileURL
        isWritable = mode == .readWrite
        let catalogPath = self.directory.appendingPathComponent(Self.catalogFileName).path
        switch mode {
        case .readOnly:
            guard FileManager.default.fileExists(atPath: catalogPath) else {
                throw LibraryError.libraryNotFound(directory: self.directory.path)
            }
            lock = nil
            db = try Database(path: catalogPath, readOnly: true)
            let version = try Schema.userVersion(db)
            guard version > 0 else {  // created by a writer that has not set it up yet
                throw LibraryError.libraryNotFound(directory: self.directory.path)
            }
            guard version <= Schema.currentVersion else {
                throw LibraryError.newerSchema(
                    path: catalogPath, found: version, supported: Schema.currentVersion)
            }
        case .readWrite:
            try FileManager.default.createDirectory(
                at: self.directory, withIntermediateDirectories: true)
            lock = try LibraryLock(directory: self.directory)
            db = try Database(path: catalogPath, readOnly: false, create: true)
            try Schema.migrate(db)
            try recoverStore()
        }
    }

    // MARK: - Metadata

    func meta(_ key: String) throws -> String? {
        try db.statement("SELECT value FROM meta WHERE key = ?").first(.text(key)) { $0.text(0) }
    }

    func setMeta(_ key: String, _ value: String) throws {
        try db.statement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
            .run(.text(key), .text(value))
    }

    /// The model whose vectors the library holds, or nil for a library with no vectors yet.
    public func model() throws -> LibraryModel? {
        guard let fingerprint = try meta(MetaKey.fingerprint),
            let dimension = try meta(MetaKey.dimension).flatMap({ Int($0) }),
            let dtype = try meta(MetaKey.dtype).flatMap({ VectorDType(name: $0) })
        else { return nil }
        return LibraryModel(fingerprint: fingerprint, dimension: dimension, dtype: dtype)
    }

    // MARK: - Store handles

    func storeURL(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The store named by the catalog, (re)opened if the catalog moved to another file.
    func currentStore(named name: String) throws -> VectorStore {
        if let store, store.url.lastPathComponent == name {
            if !isWritable { try wrap { try store.refresh() } }
            return store
        }
        let opened = try wrap { try VectorStore(openingAt: storeURL(name), writable: isWritable) }
        if let model = try model(),
            opened.fingerprint != model.fingerprint || opened.dimension != model.dimension
        {
            throw LibraryError.inconsistentStore(
                path: opened.url.path,
                reason: "the store holds \(opened.dimension)-dimensional vectors of model "
                    + "\(opened.fingerprint) but the catalog records \(model.dimension) of "
                    + model.fingerprint)
        }
        store = opened
        return opened
    }

    /// The writer's store (exists once a model is set).
    func writableStore() throws -> VectorStore {
        try requireWritable()
        guard let name = try meta(MetaKey.storeFile) else {
            throw LibraryError.emptyLibrary(directory: directory.path)
        }
        return try currentStore(named: name)
    }

    func requireWritable() throws {
        guard isWritable else { throw LibraryError.readOnly(directory: directory.path) }
    }

    /// Writer start-up: align the store with the catalog and drop orphaned store files.
    private func recoverStore() throws {
        let current = try meta(MetaKey.storeFile)
        if let current {
            let store = try currentStore(named: current)
            let committed = Int(try meta(MetaKey.committedSlots) ?? "0") ?? 0
            if store.count > committed {
                try wrap { try store.rollback(toCount: committed) }
            } else if store.count < committed {
                throw LibraryError.inconsistentStore(
                    path: store.url.path,
                    reason: "the store has \(store.count) rows but the catalog uses \(committed)")
            }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix("vectors-") && name != current {
            try? FileManager.default.removeItem(at: storeURL(name))
        }
    }

    /// Converts store errors into ``LibraryError/vectorStore(_:)``.
    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VectorIndexError {
            throw LibraryError.vectorStore(error)
        }
    }
}

/// Keys of the `meta` table.
enum MetaKey {
    static let fingerprint = "model_fingerprint"
    static let dimension = "dimension"
    static let dtype = "dtype"
    static let storeFile = "store_file"
    static let storeGeneration = "store_generation"
    static let committedSlots = "committed_slots"
}

/// The embedding model a library's vectors belong to.
public struct LibraryModel: Sendable, Equatable, Codable {
    /// Model fingerprint (weights, configuration, preprocessing, tokenizer).
    public var fingerprint: String
    /// Vector width.
    public var dimension: Int
    /// Storage element type.
    public var dtype: VectorDType

    public init(fingerprint: String, dimension: Int, dtype: VectorDType) {
        self.fingerprint = fingerprint
        self.dimension = dimension
        self.dtype = dtype
    }

    enum CodingKeys: String, CodingKey { case fingerprint, dimension, dtype }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fingerprint = try c.decode(String.self, forKey: .fingerprint)
        dimension = try c.decode(Int.self, forKey: .dimension)
        let name = try c.decode(String.self, forKey: .dtype)
        guard let dtype = VectorDType(name: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .dtype, in: c, debugDescription: "unknown dtype \(name)")
        }
        self.dtype = dtype
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(dimension, forKey: .dimension)
        try c.encode(dtype.description, forKey: .dtype)
    }
}
