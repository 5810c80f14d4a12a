import Foundation
import VectorIndex

/// Failures of the library: catalog, vector store, model identity, queries and indexing.
public enum LibraryError: Error, Equatable, CustomStringConvertible {
    /// No library exists at the directory.
    case libraryNotFound(directory: String)
    /// An SQLite call failed.
    case sqlite(path: String, code: Int32, message: String)
    /// The catalog was written by a newer Loupe.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The library's vectors come from another model than the one in use.
    case modelMismatch(directory: String, library: String, requested: String)
    /// Same model fingerprint but another embedding width (a bug in the embedder).
    case dimensionMismatch(directory: String, library: Int, requested: Int)
    /// The library has no vectors and no model yet.
    case emptyLibrary(directory: String)
    /// Another process holds the write lock.
    case busy(directory: String, holder: String)
    /// A write was attempted on a library opened read-only.
    case readOnly(directory: String)
    /// The vector store disagrees with the catalog in a way a crash cannot explain.
    case inconsistentStore(path: String, reason: String)
    /// The vector store file failed to open, read or write.
    case vectorStore(VectorIndexError)
    /// A path given to index or remove does not exist.
    case pathNotFound(path: String)
    /// A search query could not be parsed.
    case invalidQuery(query: String, reason: String)
    /// An item id that is not in the library.
    case itemNotFound(id: Int64)
    /// Every index run stage stops on this (not per-file problems, which are recorded).
    case indexingFailed(reason: String)

    public var description: String {
        switch self {
        case .libraryNotFound(let directory):
            return "no Loupe library at \(directory); create one with "
                + "`loupe index PATH... --model MODEL --db \(directory)`"
        case .sqlite(let path, let code, let message):
            return "\(path): SQLite error \(code): \(message)"
        case .newerSchema(let path, let found, let supported):
            return "\(path): catalog schema version \(found) is newer than this Loupe supports "
                + "(\(supported)); upgrade Loupe"
        case .modelMismatch(let directory, let library, let requested):
            return "the library at \(directory) was indexed with model \(library), but this run "
                + "uses \(requested); vectors from different models cannot be compared. Search "
                + "with the library's model, or re-embed everything with the new one: "
                + "`loupe index PATH... --model MODEL --db \(directory) --reindex` (or delete "
                + "\(directory) and index again)"
        case .dimensionMismatch(let directory, let library, let requested):
            return "the library at \(directory) stores \(library)-dimensional vectors but the "
                + "model produces \(requested); re-index with `--reindex`"
        case .emptyLibrary(let directory):
            return "the library at \(directory) is empty; add files with "
                + "`loupe index PATH... --model MODEL --db \(directory)`"
        case .busy(let directory, let holder):
            return "another Loupe process (\(holder)) is writing to the library at \(directory); "
                + "wait for it to finish"
        case .readOnly(let directory):
            return "the library at \(directory) is open read-only"
        case .inconsistentStore(let path, let reason):
            return "\(path): \(reason); re-index with `--reindex`"
        case .vectorStore(let error):
            return error.description
        case .pathNotFound(let path):
            return "\(path): no such file or directory"
        case .invalidQuery(let query, let reason):
            return "cannot parse query \(query.debugDescription): \(reason)"
        case .itemNotFound(let id):
            return "no item with id \(id) in the library"
        case .indexingFailed(let reason):
            return "indexing stopped: \(reason)"
        }
    }
}
