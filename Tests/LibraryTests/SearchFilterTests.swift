import Foundation
import LibraryTestSupport
import Testing

@testable import Library

@Suite("Search filters, removal and compaction")
struct SearchFilterTests {
    /// Filtered top-k equals the unfiltered full ranking with the filter applied afterwards.
    @Test func filtersMatchPostFilteredRanking() throws {
        let box = try Sandbox()
        try box.folder.setModified("photos/img007.jpg", Date(timeIntervalSince1970: 1_700_000_000))
        try box.folder.setModified("docs/doc0.md", Date(timeIntervalSince1970: 1_700_000_100))
        try box.index()
        let library = try box.reader()
        let fp = box.embedder.fingerprint
        let query = box.embedder.bagOfWords("red boat near the harbour line about sailing")
        let everything = try library.search(vector: query, fingerprint: fp, k: 10_000)
        let cutoff = Date(timeIntervalSince1970: 1_650_000_000)
        let filters: [(SearchFilter, (SearchResult) -> Bool)] = [
            (SearchFilter(kind: .image), { $0.kind == .image }),
            (SearchFilter(kind: .text), { $0.kind == .text }),
            (SearchFilter(pathGlob: PathGlob("*.png")), { $0.path.hasSuffix(".png") }),
            (SearchFilter(pathGlob: PathGlob("special/*")), { $0.path.contains("/special/") }),
            (SearchFilter(modifiedFrom: cutoff), { $0.modified >= cutoff }),
            (
                SearchFilter(kind: .image, modifiedBefore: cutoff),
                { $0.kind == .image && $0.modified < cutoff }
            ),
        ]
        for (filter, keep) in filters {
            let hits = try library.search(vector: query, fingerprint: fp, k: 5, filter: filter)
            let expected = everything.filter(keep).prefix(5)
            #expect(!hits.isEmpty)
            #expect(hits.map(\.itemID) == expected.map(\.itemID))
        }
        let recent = try library.search(
            vector: query, fingerprint: fp, k: 50, filter: SearchFilter(modifiedFrom: cutoff))
        #expect(
            Set(recent.map { ($0.path as NSString).lastPathComponent }) == [
                "img007.jpg", "doc0.md",
            ])
    }

    /// Dates past Int64 nanoseconds (after 2262, before 1677) filter as the range's ends instead
    /// of trapping (`loupe search --after 2999-01-01` used to crash).
    @Test func farDatesFilterWithoutOverflow() throws {
        let box = try Sandbox()
        try box.index()
        let library = try box.reader()
        let fp = box.embedder.fingerprint
        let query = box.embedder.bagOfWords("red boat")
        let all = try library.search(vector: query, fingerprint: fp, k: 10_000)
        let future = Date(timeIntervalSince1970: 32_000_000_000)  // year 2984
        let past = Date(timeIntervalSince1970: -10_000_000_000)  // year 1653
        #expect(try library.search(vector: query, fingerprint: fp, k: 10, filter: SearchFilter(modifiedFrom: future)).isEmpty)
        #expect(try library.search(vector: query, fingerprint: fp, k: 10, filter: SearchFilter(modifiedBefore: past)).isEmpty)
        let open = try library.search(vector: query, fingerprint: fp, k: 10_000,
                                      filter: SearchFilter(modifiedFrom: past, modifiedBefore: future))
        #expect(!all.isEmpty && open.map(\.itemID) == all.map(\.itemID))
        #expect(Catalog.nanoseconds(.distantFuture) == .max && Catalog.nanoseconds(.distantPast) == .min)
    }

    @Test func pathGlobForms() {
        #expect(PathGlob("holiday/*.jpg").matches("/home/a/holiday/x.jpg"))
        #expect(!PathGlob("holiday/*.jpg").matches("/home/a/holiday.jpg"))
        #expect(PathGlob("/home/*/x.png").matches("/home/a/b/x.png"))  // `*` crosses `/`
        #expect(
            PathGlob("./pics/*", workingDirectory: URL(fileURLWithPath: "/w"))
                .effectivePattern == "/w/pics/*")
    }

    @Test func removeDropsFilesAndCompactionKeepsResults() throws {
        let box = try Sandbox()
        try box.index()
        let writer = try Library(directory: box.libraryURL, mode: .readWrite)
        let fp = box.embedder.fingerprint
        let query = box.embedder.bagOfWords("green dog near the forest")
        #expect(try writer.remove(path: box.folder.path("docs")) == 3)
        #expect(try writer.remove(path: box.folder.path("photos/img010.jpg")) == 1)
        #expect(try writer.remove(path: box.folder.path("nothing/here")) == 0)
        let status = try writer.status()
        #expect(status.textFiles == 0 && status.textPassages == 0)
        #expect(status.imageFiles == 24)
        #expect(status.deadRows > 0)
        let before = try writer.search(vector: query, fingerprint: fp, k: 30)
        #expect(before.allSatisfy { $0.kind == .image && !$0.path.hasSuffix("img010.jpg") })
        try writer.compact()
        let compacted = try writer.status()
        #expect(compacted.deadRows == 0)
        #expect(compacted.storeRows == 24)
        let after = try writer.search(vector: query, fingerprint: fp, k: 30)
        #expect(after == before)
        // Exactly one store file remains.
        let files = try FileManager.default.contentsOfDirectory(atPath: box.libraryURL.path)
        #expect(files.filter { $0.hasPrefix("vectors-") } == ["vectors-2.bin"])
        // A reader opened afterwards sees the compacted store.
        #expect(try box.reader().search(vector: query, fingerprint: fp, k: 30) == before)
    }

    @Test func catalogSchemaIsVersioned() throws {
        let box = try Sandbox(images: 1, documents: 0, extras: false)
        try box.index()
        let db = try Database(
            path: box.libraryURL.appendingPathComponent("library.sqlite").path, readOnly: false)
        #expect(try Schema.userVersion(db) == Schema.currentVersion)
        try db.execute("PRAGMA user_version = \(Schema.currentVersion + 1)")
        #expect(
            throws: LibraryError.newerSchema(
                path: db.path, found: Schema.currentVersion + 1, supported: Schema.currentVersion)
        ) {
            try Library(directory: box.libraryURL)
        }
    }
}
