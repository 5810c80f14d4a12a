import Foundation
import LibraryTestSupport
import Testing

@testable import Library

@Suite("Incremental indexing")
struct IncrementalTests {
    @Test func unchangedRunEmbedsNothing() throws {
        let box = try Sandbox()
        let first = try box.index()
        box.log.reset()
        let second = try box.index()
        #expect(second.unchangedFiles == first.scannedFiles)
        #expect(second.embeddedFiles == 0 && second.failedFiles == 0 && second.deletedFiles == 0)
        #expect(box.log.callCount == 0)
    }

    @Test func touchModifyDeleteRenameDuplicate() throws {
        let box = try Sandbox()
        try box.index()
        let before = try box.reader().items()
        func item(_ relative: String, in items: [LibraryItem]) -> LibraryItem? {
            items.first { $0.path == box.folder.path(relative) }
        }
        let touchedID = try #require(item("photos/img001.jpg", in: before)).id
        let movedID = try #require(item("photos/img006.jpg", in: before)).id
        let sourceVector = try box.reader().vector(
            forItem: try #require(item("photos/img005.jpg", in: before)).id)

        try box.folder.setModified("photos/img001.jpg", Date(timeIntervalSince1970: 1_650_000_000))
        try box.folder.write("photos/img002.jpg", "FAKEIMG a purple giraffe on ice\n")
        try box.folder.remove("photos/img003.jpg")
        try box.folder.move("photos/img006.jpg", "moved/renamed.jpg")
        try box.folder.copy("photos/img005.jpg", "copies/img005-copy.jpg")
        try box.folder.copy("broken/bad.jpg", "copies/also-bad.jpg")
        try box.folder.write("new/twin-a.png", "FAKEIMG twin lighthouse\n")
        try box.folder.write("new/twin-b.png", "FAKEIMG twin lighthouse\n")
        box.log.reset()

        let summary = try box.index()
        #expect(summary.touchedFiles == 1)
        #expect(summary.embeddedFiles == 2)  // img002 and one of the twins
        #expect(Set(box.log.images) == ["img002.jpg", "twin-a.png"])
        #expect(box.log.texts.isEmpty)
        #expect(summary.deletedFiles == 1)
        #expect(summary.renamedFiles == 1)
        #expect(summary.reusedFiles == 2)  // the copy and the second twin
        #expect(summary.failedFiles == 1)  // the copy of the corrupt file, without a model call

        let library = try box.reader()
        let after = try library.items()
        #expect(item("photos/img001.jpg", in: after)?.id == touchedID)
        #expect(item("photos/img003.jpg", in: after) == nil)
        #expect(item("photos/img006.jpg", in: after) == nil)
        #expect(item("moved/renamed.jpg", in: after)?.id == movedID)
        let copy = try #require(item("copies/img005-copy.jpg", in: after))
        #expect(try library.vector(forItem: copy.id) == sourceVector)
        #expect(try library.failures().map(\.path).contains(box.folder.path("copies/also-bad.jpg")))
        let giraffe = box.embedder.bagOfWords("purple giraffe")
        let hit = try library.search(vector: giraffe, fingerprint: box.embedder.fingerprint, k: 1)
        #expect(hit.first?.path == box.folder.path("photos/img002.jpg"))
        // The old img002 vector and img003's are dead rows now.
        #expect(try library.status().deadRows == 2)

        // The result equals indexing the final folder from scratch.
        #expect(try box.snapshot() == cleanSnapshot(of: box))
    }

    @Test func changedDocumentReembedsOnlyItsPassages() throws {
        let box = try Sandbox(images: 4, documents: 3, extras: false)
        try box.index()
        box.log.reset()
        let extra = "\nappendix with brand new words: quasar nebula\n"
        try box.folder.write("docs/doc1.txt", FixtureFolder.document(1) + extra)
        try box.folder.copy("docs/doc2.md", "docs/doc2-copy.md")
        let summary = try box.index()
        #expect(summary.embeddedFiles == 1)
        #expect(summary.reusedFiles == 1)
        let library = try box.reader()
        let passages = try library.items().filter { $0.path == box.folder.path("docs/doc1.txt") }
        #expect(Set(box.log.texts) == Set(passages.compactMap { $0.passage?.text }))
        let copies = try library.items().filter { $0.path == box.folder.path("docs/doc2-copy.md") }
        let originals = try library.items().filter { $0.path == box.folder.path("docs/doc2.md") }
        #expect(copies.map(\.passage) == originals.map(\.passage))
        #expect(!copies.isEmpty)
        #expect(try box.snapshot() == cleanSnapshot(of: box))
    }

    /// A file whose mtime is too close to when it was read is hashed again on the next run
    /// even though size and mtime are unchanged (coarse timestamps may hide a later write).
    @Test func racilyCleanFilesAreHashedAgain() throws {
        let box = try Sandbox(images: 3, documents: 0, extras: false)
        try box.folder.write("photos/fresh.jpg", "FAKEIMG fresh\n", modified: Date())
        try box.index()
        box.log.reset()
        let summary = try box.index()
        #expect(summary.unchangedFiles == 3)
        #expect(summary.touchedFiles == 1)
        #expect(box.log.callCount == 0)
    }

    @Test func failedFilesAreRetriedOnlyWhenAsked() throws {
        let box = try Sandbox(images: 2, documents: 0)
        try box.index()
        box.log.reset()
        try box.index()
        #expect(!box.log.images.contains("bad.jpg"))
        var options = Sandbox.options
        options.retryFailures = true
        let summary = try box.index(options: options)
        #expect(box.log.images == ["bad.jpg"])
        #expect(summary.failedFiles == 1)
    }

    @Test func unreadableDirectoryKeepsItsEntries() throws {
        guard getuid() != 0 else {
            print("skipped: running as root, directory permissions are not enforced")
            return
        }
        let box = try Sandbox(images: 6, documents: 0, extras: false)
        try box.index()
        let locked = box.folder.root.appendingPathComponent("photos").path
        chmod(locked, 0)
        defer { chmod(locked, 0o755) }
        let summary = try box.index()
        #expect(summary.deletedFiles == 0)
        #expect(summary.unreadableDirectories == [box.folder.path("photos")])
    }

    private func cleanSnapshot(of box: Sandbox) throws -> [String] {
        let clean = FixtureFolder.temporaryDirectory("clean-lib")
        defer { try? FileManager.default.removeItem(at: clean) }
        let library = try Library(directory: clean, mode: .readWrite)
        try Indexer(library: library, embedder: FakeEmbedder(), options: Sandbox.options)
            .run(roots: [box.folder.root])
        return try library.items().map { item in
            let vector = try library.vector(forItem: item.id)
            let bits = vector.map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
            let span = item.passage.map { "\($0.startLine)-\($0.endLine):\($0.text)" } ?? "-"
            return "\(item.path)|\(item.kind)|\(item.sha256)|\(span)|\(bits)"
        }.sorted()
    }
}
