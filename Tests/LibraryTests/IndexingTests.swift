import Foundation
import LibraryTestSupport
import Testing
import VectorIndex

@testable import Library

@Suite("Indexing a folder")
struct IndexingTests {
    @Test func indexesSupportedFilesAndRecordsFailures() throws {
        let box = try Sandbox()
        let summary = try box.index()
        // 24 captioned images + zebra.png + bad.jpg; 3 documents.
        #expect(summary.scannedFiles == 24 + 2 + 3)
        #expect(summary.embeddedFiles == 24 + 1 + 3)
        #expect(summary.failedFiles == 1)
        #expect(summary.skippedUnsupported == 2)  // .gif and .bin
        #expect(summary.skippedSymlinks == 2)  // the link to a folder and to a file outside
        #expect(summary.skippedHidden >= 1)  // .hidden (the .loupe library is created inside)
        let library = try box.reader()
        let status = try library.status()
        #expect(status.imageFiles == 25)
        #expect(status.textFiles == 3)
        #expect(status.failedFiles == 1)
        #expect(
            status.failures == [
                FailedFile(
                    path: box.folder.path("broken/bad.jpg"), kind: .image,
                    error: "cannot decode bad.jpg: corrupt image data")
            ])
        #expect(
            status.model
                == LibraryModel(fingerprint: "fake-bow-v1", dimension: 256, dtype: .float16))
        #expect(status.textPassages == summary.embeddedItems - 25)
        #expect(status.storeRows == summary.embeddedItems)
        #expect(status.deadRows == 0)
        #expect(status.sizeOnDisk > 0)
        let paths = Set(try library.items().map(\.path))
        #expect(!paths.contains { $0.contains(".hidden") || $0.contains("outside") })
        // Every image was embedded exactly once, hidden and linked files never.
        #expect(box.log.images.count == 26)
        #expect(!box.log.images.contains("secret.jpg") && !box.log.images.contains("elsewhere.jpg"))
    }

    @Test func everyImageIsItsOwnNearestNeighbour() throws {
        let box = try Sandbox()
        try box.index()
        let library = try box.reader()
        for item in try library.items() where item.kind == .image {
            let hits = try library.searchSimilar(toItem: item.id, k: 1, includeSelf: true)
            #expect(hits.first?.itemID == item.id)
            #expect(abs((hits.first?.score ?? 0) - 1) < 2e-3)  // F16 storage
        }
    }

    @Test func textQueryRanksTargetFirst() throws {
        let box = try Sandbox()
        try box.index()
        let library = try box.reader()
        let query = try box.embedder.embedTexts(["zebra tram"])
        let hits = try library.search(vector: query[0], fingerprint: box.embedder.fingerprint, k: 3)
        #expect(hits.first?.path == box.folder.path("photos/special/zebra.png"))
        #expect(hits.first?.kind == .image)
        // A passage query finds its passage, with file, line span and text.
        let doc = FixtureFolder.document(1).split(separator: "\n", omittingEmptySubsequences: false)
        let line12 = String(doc[13])  // "line 12 about …" is line 14 of the file
        let passageHits = try library.search(
            vector: box.embedder.bagOfWords(line12), fingerprint: box.embedder.fingerprint, k: 1,
            filter: SearchFilter(kind: .text))
        let passage = try #require(passageHits.first?.passage)
        #expect(passageHits.first?.path == box.folder.path("docs/doc1.txt"))
        #expect(passage.startLine <= 14 && passage.endLine >= 14)
        #expect(passage.text.contains(line12))
    }

    @Test func weightedTermsShiftTheRanking() throws {
        let box = try Sandbox(extras: false)
        try box.index()
        let library = try box.reader()
        let fp = box.embedder.fingerprint
        let terms = try QueryParser.parse(#""red car" + 2:"beach" - "number0""#)
        let vectors = terms.map { (weight: $0.weight, vector: box.embedder.bagOfWords($0.text)) }
        let hits = try library.search(
            terms: vectors, fingerprint: fp, k: 5, filter: SearchFilter(kind: .image))
        // Oracle: weighted sum of cosines against each caption, computed independently.
        var expected: [(String, Double)] = []
        for i in 0 ..< 24 {
            let caption = box.embedder.bagOfWords(FixtureFolder.caption(for: i))
            let unit = QueryVector.normalized(caption)!.map { Float(Float16($0)) }
            var score = 0.0
            for term in vectors {
                let q = QueryVector.normalized(term.vector)!
                score +=
                    Double(term.weight)
                    * zip(unit, q).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
            expected.append((String(format: "img%03d.%@", i, i % 5 == 4 ? "png" : "jpg"), score))
        }
        expected.sort { $0.1 > $1.1 }
        #expect(hits.map { ($0.path as NSString).lastPathComponent } == expected.prefix(5).map(\.0))
    }

    @Test func fingerprintMismatchIsRefusedWithReindexInstructions() throws {
        let box = try Sandbox(extras: false)
        try box.index()
        let other = FakeEmbedder(fingerprint: "fake-bow-v2")
        let expected = LibraryError.modelMismatch(
            directory: box.libraryURL.path, library: "fake-bow-v1", requested: "fake-bow-v2")
        #expect(throws: expected) { try box.index(embedder: other) }
        let library = try box.reader()
        #expect(throws: expected) {
            try library.search(vector: other.bagOfWords("car"), fingerprint: other.fingerprint)
        }
        #expect(expected.description.contains("--reindex"))
        // --reindex drops the old vectors and embeds everything with the new model.
        var options = Sandbox.options
        options.reindex = true
        let summary = try box.index(embedder: other, options: options)
        #expect(summary.embeddedFiles == 27)
        let status = try box.reader().status()
        #expect(status.model?.fingerprint == "fake-bow-v2")
        #expect(status.deadRows == 0)
        #expect(status.storeRows == summary.embeddedItems)
    }

    @Test func searchingAnEmptyOrMissingLibraryExplainsWhatToDo() throws {
        let dir = FixtureFolder.temporaryDirectory("missing")
        #expect(throws: LibraryError.libraryNotFound(directory: dir.path)) {
            try Library(directory: dir)
        }
        let writer = try Library(directory: dir, mode: .readWrite)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: LibraryError.emptyLibrary(directory: dir.path)) {
            try writer.search(vector: [1, 0], fingerprint: "m")
        }
        #expect(throws: LibraryError.busy(directory: dir.path, holder: "pid \(getpid())")) {
            try Library(directory: dir, mode: .readWrite)
        }
    }

    @Test func dtypeConversionKeepsItemsWithoutReembedding() throws {
        let box = try Sandbox(extras: false)
        try box.index()
        let before = try box.reader().items().map(\.id)
        box.log.reset()
        var options = Sandbox.options
        options.dtype = .float32
        let summary = try box.index(options: options)
        #expect(summary.embeddedFiles == 0)
        #expect(box.log.callCount == 0)
        let library = try box.reader()
        #expect(try library.model()?.dtype == .float32)
        #expect(try library.items().map(\.id) == before)
        let first = try #require(try library.items().first)
        #expect(
            try library.searchSimilar(toItem: first.id, k: 1, includeSelf: true).first?.itemID
                == first.id)
    }
}

@Suite("Library integrity")
struct LibraryIntegrityTests {
    @Test func storeOfAnotherModelIsRefused() throws {
        let box = try Sandbox(images: 2, documents: 0, extras: false)
        try box.index()
        let storeURL = box.libraryURL.appendingPathComponent("vectors-1.bin")
        try FileManager.default.removeItem(at: storeURL)
        _ = try VectorStore.create(
            at: storeURL, dimension: 256, dtype: .float16, fingerprint: "other")
        let library = try box.reader()
        let expected = LibraryError.inconsistentStore(
            path: storeURL.path,
            reason: "the store holds 256-dimensional vectors of model other but the catalog "
                + "records 256 of fake-bow-v1")
        #expect(throws: expected) {
            try library.search(vector: box.embedder.bagOfWords("car"), fingerprint: "fake-bow-v1")
        }
    }

    @Test func emptiedLibraryAdoptsANewModel() throws {
        let box = try Sandbox(images: 2, documents: 0, extras: false)
        try box.index()
        do {
            let writer = try Library(directory: box.libraryURL, mode: .readWrite)
            #expect(try writer.remove(path: box.folder.root.path) == 2)
        }
        let summary = try box.index(
            embedder: FakeEmbedder(fingerprint: "fake-bow-v2", dimension: 32))
        #expect(summary.embeddedFiles == 2)
        #expect(
            try box.reader().model()
                == LibraryModel(
                    fingerprint: "fake-bow-v2", dimension: 32, dtype: .float16))
    }
}

@Suite("Interrupted compaction")
struct InterruptedCompactionTests {
    /// A compaction killed after writing its new store but before the catalog switched leaves
    /// an extra `vectors-N.bin` (and maybe a `.tmp`): readers ignore it, the next writer deletes
    /// it, and nothing is lost.
    @Test func strayStoreFilesAreIgnoredThenRemoved() throws {
        let box = try Sandbox(images: 5, documents: 1, extras: false)
        try box.index()
        let before = try box.snapshot()
        let stray = box.libraryURL.appendingPathComponent("vectors-2.bin")
        _ = try VectorStore.create(at: stray, dimension: 256, dtype: .float16, fingerprint: "x")
        try Data([1, 2, 3]).write(to: box.libraryURL.appendingPathComponent("vectors-3.bin.tmp"))
        #expect(try box.snapshot() == before)
        _ = try Library(directory: box.libraryURL, mode: .readWrite)
        let names = try FileManager.default.contentsOfDirectory(atPath: box.libraryURL.path)
        #expect(names.filter { $0.hasPrefix("vectors-") } == ["vectors-1.bin"])
        #expect(try box.snapshot() == before)
    }
}
