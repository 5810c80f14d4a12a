import Foundation
import LibraryTestSupport
import Testing

@testable import Library

/// A model that misbehaves on chosen files, to check that failures stay per file.
struct MisbehavingEmbedder: ItemEmbedder {
    let base = FakeEmbedder()
    var fingerprint: String { base.fingerprint }
    var dimension: Int { base.dimension }
    var textContextTokens: Int { base.textContextTokens }
    func countTokens(_ text: String) -> Int { base.countTokens(text) }

    struct Poisoned: Error, CustomStringConvertible {
        var description: String { "the model crashed on this batch" }
    }

    func embedImages(_ files: [URL]) throws -> [Result<[Float], any Error>] {
        if files.contains(where: { $0.lastPathComponent.hasPrefix("poison") }) { throw Poisoned() }
        return try base.embedImages(files).enumerated().map { index, result in
            let name = files[index].lastPathComponent
            if name.hasPrefix("nan") { return .success([Float](repeating: .nan, count: dimension)) }
            if name.hasPrefix("short") { return .success([1, 2, 3]) }
            if name.hasPrefix("zero") { return .success([Float](repeating: 0, count: dimension)) }
            return result
        }
    }

    func embedTexts(_ texts: [String]) throws -> [[Float]] {
        if texts.contains(where: { $0.contains("BROKEN") }) { throw Poisoned() }
        return try base.embedTexts(texts)
    }
}

@Suite("Per-file failures")
struct FailureHandlingTests {
    @Test func badFilesAreRecordedAndTheRunCompletes() throws {
        let box = try Sandbox(images: 6, documents: 2, extras: false)
        for name in ["poison.jpg", "nan.jpg", "short.jpg", "zero.jpg"] {
            try box.folder.write("photos/\(name)", "FAKEIMG \(name)\n")
        }
        try box.folder.write("docs/broken.txt", "fine line\nBROKEN line\n")
        let latin1: [UInt8] = Array("caf".utf8) + [0xE9, 0x0A]
        try Data(latin1).write(to: box.folder.root.appendingPathComponent("docs/latin1.txt"))
        try box.folder.write("docs/huge.md", String(repeating: "word ", count: 400))
        var options = Sandbox.options
        options.batchSize = 20  // poison shares a batch with good images
        options.maxTextBytes = 1500  // the fixture documents are 1162 bytes
        let misbehaving = try Library(directory: box.libraryURL, mode: .readWrite)
        let result = try Indexer(
            library: misbehaving, embedder: MisbehavingEmbedder(), options: options
        )
        .run(roots: [box.folder.root])
        let failures = Dictionary(
            uniqueKeysWithValues: try misbehaving.failures().map {
                (($0.path as NSString).lastPathComponent, $0.error)
            })
        #expect(
            failures == [
                "poison.jpg": "the model crashed on this batch",
                "nan.jpg": "the model returned non-finite values",
                "short.jpg": "the model returned 3 values, expected 256",
                "zero.jpg": "the model returned a zero vector",
                "broken.txt": "the model crashed on this batch",
                "latin1.txt": "not UTF-8 text",
                "huge.md": "text document is 2000 bytes, over the 1500-byte limit",
            ])
        #expect(result.failedFiles == 7)
        let status = try misbehaving.status()
        #expect(status.imageFiles == 6)  // the good images of the poisoned batch made it
        #expect(status.textFiles == 2)
    }

    /// A reader opened between batches (from the progress callback) sees every committed file
    /// and nothing else.
    @Test func readersSeeEachCommittedBatch() throws {
        let box = try Sandbox(images: 23, documents: 0, extras: false)
        final class Watcher: IndexProgressReporter {
            let directory: URL
            var seen: [Int] = []
            var problems: [String] = []
            init(directory: URL) { self.directory = directory }
            func indexingProgressed(_ progress: IndexProgress) {
                do {
                    let reader = try Library(directory: directory)
                    let items = try reader.items()
                    seen.append(items.count)
                    if items.count != progress.done {
                        problems.append("\(items.count) ≠ \(progress.done)")
                    }
                    if let first = items.first {
                        let hits = try reader.searchSimilar(
                            toItem: first.id, k: 1, includeSelf: true)
                        if hits.first?.itemID != first.id { problems.append("self search") }
                    }
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        let watcher = Watcher(directory: box.libraryURL)
        try box.index(progress: watcher)
        #expect(watcher.problems.isEmpty)
        #expect(watcher.seen == [5, 10, 15, 20, 23])
    }

    @Test func missingRootIsAnError() throws {
        let box = try Sandbox(images: 1, documents: 0, extras: false)
        let missing = box.folder.root.appendingPathComponent("nope")
        #expect(throws: LibraryError.pathNotFound(path: missing.path)) {
            try box.index(roots: [missing])
        }
    }

    @Test func symlinkedRootAndSingleFileRoots() throws {
        let box = try Sandbox(images: 3, documents: 0, extras: false)
        let link = box.base.appendingPathComponent("link-to-root")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: box.folder.root)
        let summary = try box.index(roots: [
            link, box.folder.root.appendingPathComponent("photos/img000.jpg"),
        ])
        #expect(summary.scannedFiles == 3)
        #expect(
            try box.reader().items().allSatisfy { $0.path.hasPrefix(box.folder.path("photos")) })
    }
}
