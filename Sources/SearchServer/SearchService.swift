import CLIPPipeline
import Dispatch
import Foundation
import HTTPTypes
import Library
import VectorIndex

/// The library and model behind a server, safe to call from any request.
///
/// Every read goes through one serial queue (a ``Library`` handle is single-threaded, and the
/// model runs one query at a time); writes (remove, re-index) run on a second queue with their
/// own read-write handle, so searches go on while a re-index runs. Neither queue belongs to the
/// server's event loops or to the cooperative thread pool, so a slow forward pass blocks nothing.
public final class SearchService: @unchecked Sendable {
    /// The library directory.
    public let directory: URL
    /// The model of the library (nil: only searches by item, metadata, files and stats work).
    public let embedder: (any ImageTextEmbedder)?
    /// The library's model.
    public let model: LibraryModel
    let thumbnails: ThumbnailCache

    private let reader: Library
    private let readQueue = DispatchQueue(label: "loupe.serve.read")
    private let writeQueue = DispatchQueue(label: "loupe.serve.write")
    private var catalogStamp: [Int] = []

    /// Opens the library read-only and checks that `embedder` is its model.
    ///
    /// - Throws: ``LibraryError/libraryNotFound(directory:)``, ``LibraryError/emptyLibrary(directory:)``,
    ///   and ``LibraryError/modelMismatch(directory:library:requested:)`` (the message `loupe search`
    ///   gives, with how to re-index).
    public init(directory: URL, embedder: (any ImageTextEmbedder)?, maxImagePixels: Int = 64_000_000) throws {
        self.directory = directory.standardizedFileURL
        reader = try Library(directory: self.directory, mode: .readOnly)
        guard let model = try reader.model() else {
            throw LibraryError.emptyLibrary(directory: self.directory.path)
        }
        if let embedder {
            _ = try reader.checkModel(fingerprint: embedder.fingerprint, dimension: embedder.dimension)
        }
        self.model = model
        self.embedder = embedder
        thumbnails = ThumbnailCache(
            directory: self.directory.appendingPathComponent("thumbnails"), maxImagePixels: maxImagePixels)
        catalogStamp = stamp()
    }

    // MARK: - Reads

    /// Runs `body` with the read handle on the read queue.
    func read<T: Sendable>(_ body: @escaping @Sendable (Library) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readQueue.async {
                continuation.resume(with: Result { try self.withFreshCatalog(body) })
            }
        }
    }

    /// Sees other processes' commits: the catalog is reloaded when its files changed.
    private func withFreshCatalog<T>(_ body: (Library) throws -> T) throws -> T {
        let now = stamp()
        if now != catalogStamp {
            reader.refresh()
            catalogStamp = now
        }
        return try body(reader)
    }

    /// Size and modification time of the catalog and its write-ahead log.
    private func stamp() -> [Int] {
        ["library.sqlite", "library.sqlite-wal"].flatMap { name -> [Int] in
            var info = stat()
            guard stat(directory.appendingPathComponent(name).path, &info) == 0 else { return [-1, -1] }
            return [Int(info.st_size), Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)]
        }
    }

    func requireEmbedder() throws -> any ImageTextEmbedder {
        guard let embedder else {
            throw APIError(
                .serviceUnavailable,
                "this server was started without --model; text and image queries need the library's model "
                    + "(loupe serve --db \(directory.path) --model MODEL)")
        }
        return embedder
    }

    /// Weighted text search, optionally added to an item's stored vector.
    func search(_ request: SearchRequest, k: Int, filter: SearchFilter) async throws -> [SearchResult] {
        let terms = try request.terms()
        if terms == nil && request.similarTo == nil {
            throw APIError.badRequest("give a query q (text) or similarTo (an item id)")
        }
        let fingerprint = model.fingerprint
        let embedder = terms == nil ? nil : try requireEmbedder()
        return try await read { library in
            var weighted: [(weight: Float, vector: [Float])] = []
            if let id = request.similarTo {
                guard try library.item(id: id) != nil else { throw APIError.notFound("no item with id \(id)") }
                weighted.append((1, try library.vector(forItem: id)))
            }
            if let terms, let embedder {
                let vectors = try embedder.embedTexts(terms.map(\.text), normalize: true)
                weighted += zip(terms, vectors).map { ($0.weight, $1) }
            }
            return try library.search(terms: weighted, fingerprint: fingerprint, k: k, filter: filter)
        }
    }

    /// Search by an uploaded image.
    func search(imageBytes: [UInt8], k: Int, filter: SearchFilter) async throws -> [SearchResult] {
        let embedder = try requireEmbedder()
        let fingerprint = model.fingerprint
        return try await read { library in
            // Through a private temporary file, so an upload is decoded exactly as the same file
            // on disk would be, by any model kind.
            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("loupe-upload-\(UUID().uuidString)")
            try Data(imageBytes).write(to: file, options: .atomic)
            defer { try? FileManager.default.removeItem(at: file) }
            let vector = try embedder.embedImages([ImageRequest(url: file)], normalize: true)[0].get()
            return try library.search(vector: vector, fingerprint: fingerprint, k: k, filter: filter)
        }
    }

    /// Items like a stored item (itself left out).
    func similar(toItem id: Int64, k: Int, filter: SearchFilter) async throws -> [SearchResult] {
        try await read { library in
            guard try library.item(id: id) != nil else { throw APIError.notFound("no item with id \(id)") }
            return try library.searchSimilar(toItem: id, k: k, filter: filter)
        }
    }

    /// An item's metadata, or a 404.
    func item(_ id: Int64) async throws -> SearchResult {
        try await read { library in
            guard let item = try library.item(id: id) else { throw APIError.notFound("no item with id \(id)") }
            return item
        }
    }

    /// What `loupe status --json` prints.
    func status() async throws -> LibraryStatus {
        try await read { try $0.status(failureLimit: 20) }
    }

    // MARK: - Writes

    /// Runs `body` with a fresh read-write handle on the write queue, then makes reads see it.
    func write<T: Sendable>(_ body: @escaping @Sendable (Library) throws -> T) async throws -> T {
        let result: T = try await withCheckedThrowingContinuation { continuation in
            writeQueue.async {
                continuation.resume(with: Result { try body(Library(directory: self.directory, mode: .readWrite)) })
            }
        }
        _ = try await read { library in library.refresh() }
        return result
    }

    /// Removes a file (or every file under a folder) from the library; files on disk stay.
    func remove(path: String) async throws -> Int {
        try await write { try $0.remove(path: path) }
    }

    /// Re-walks the folders that hold the library's files: new files are added, changed ones
    /// re-embedded, deleted ones dropped.
    func reindex() async throws -> IndexSummary {
        let embedder = try requireEmbedder()
        let files = try await read { library in
            try library.items().map(\.path) + library.failures().map(\.path)
        }
        let roots = Self.folders(holding: files)
        return try await write { library in
            let existing = roots.filter { FileManager.default.fileExists(atPath: $0) }
            for gone in roots where !existing.contains(gone) { try library.remove(path: gone) }
            let indexer = Indexer(library: library, embedder: CLIPItemEmbedder(pipeline: embedder))
            return try indexer.run(roots: existing.map { URL(fileURLWithPath: $0) })
        }
    }

    /// The smallest set of folders whose trees hold every path.
    static func folders(holding paths: [String]) -> [String] {
        let parents = Set(paths.map { ($0 as NSString).deletingLastPathComponent }).sorted()
        var roots: [String] = []
        for folder in parents {
            if let last = roots.last, folder == last || folder.hasPrefix(last == "/" ? "/" : last + "/") { continue }
            roots.append(folder)
        }
        return roots
    }
}
