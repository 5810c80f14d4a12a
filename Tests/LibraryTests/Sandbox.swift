import Foundation
import Library
import LibraryTestSupport

/// A fixture folder and a library directory in a fresh temporary location, removed on deinit.
final class Sandbox {
    let base: URL
    let folder: FixtureFolder
    let libraryURL: URL
    let log = EmbedLog()
    let embedder: FakeEmbedder

    init(
        images: Int = 24, documents: Int = 3, extras: Bool = true,
        fingerprint: String = "fake-bow-v1"
    ) throws {
        base = FixtureFolder.temporaryDirectory("sandbox")
        folder = try FixtureFolder.make(
            at: base.appendingPathComponent("root"), images: images, documents: documents,
            extras: extras)
        libraryURL = base.appendingPathComponent("root/.loupe")
        embedder = FakeEmbedder(fingerprint: fingerprint, log: log)
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    /// Runs the indexer once over the fixture folder with a fresh read-write handle.
    @discardableResult
    func index(
        embedder: FakeEmbedder? = nil, options: IndexOptions = Sandbox.options,
        roots: [URL]? = nil, progress: (any IndexProgressReporter)? = nil
    ) throws -> IndexSummary {
        let library = try Library(directory: libraryURL, mode: .readWrite)
        let indexer = Indexer(
            library: library, embedder: embedder ?? self.embedder, options: options,
            progress: progress)
        return try indexer.run(roots: roots ?? [folder.root])
    }

    /// Small batches so several commits happen; no racy-window re-hashing (fixture mtimes are
    /// set in the past anyway).
    static var options: IndexOptions {
        var options = IndexOptions()
        options.batchSize = 5
        return options
    }

    func reader() throws -> Library { try Library(directory: libraryURL) }

    /// Items as comparable facts: path, passage, content hash, and the stored vector's bits.
    func snapshot() throws -> [String] {
        let library = try reader()
        return try library.items().map { item in
            let vector = try library.vector(forItem: item.id)
            let bits = vector.map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
            let span = item.passage.map { "\($0.startLine)-\($0.endLine):\($0.text)" } ?? "-"
            return "\(item.path)|\(item.kind)|\(item.sha256)|\(span)|\(bits)"
        }.sorted()
    }
}
