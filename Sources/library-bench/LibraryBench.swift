import Foundation
import Library
import LibraryTestSupport
import VectorIndex

/// End-to-end library numbers with a trivial model (so they show the storage pipeline, not a
/// network): indexing throughput, a no-change re-run, and search latency cold and warm.
enum LibraryBench {
    static func run(files: Int, dimension: Int, directory: URL) throws {
        let root = directory.appendingPathComponent("library-bench-\(files)")
        try? FileManager.default.removeItem(at: root)
        let photos = root.appendingPathComponent("photos")
        let create = try Measure.seconds {
            for i in 0 ..< files {
                let folder = photos.appendingPathComponent(String(format: "d%04d", i / 1000))
                if i % 1000 == 0 {
                    try FileManager.default.createDirectory(
                        at: folder, withIntermediateDirectories: true)
                }
                let name = String(format: "img%06d.%@", i, i % 5 == 4 ? "png" : "jpg")
                try Data(("FAKEIMG " + FixtureFolder.caption(for: i) + "\n").utf8)
                    .write(to: folder.appendingPathComponent(name))
            }
        }
        let old = Date(timeIntervalSince1970: 1_609_459_200)
        let enumerator = FileManager.default.enumerator(atPath: photos.path)
        while let relative = enumerator?.nextObject() as? String {
            try? FileManager.default.setAttributes(
                [.modificationDate: old], ofItemAtPath: photos.appendingPathComponent(relative).path
            )
        }
        print(
            "\n## Library: \(files) image files (fake model, dim \(dimension)), created in "
                + String(format: "%.1f s", create))
        let libraryURL = root.appendingPathComponent(".loupe")
        let embedder = FakeEmbedder(dimension: dimension)
        var options = IndexOptions()
        options.batchSize = 256
        var summary = IndexSummary()
        Measure.resetPeak()
        let indexSeconds = try Measure.seconds {
            let library = try Library(directory: libraryURL, mode: .readWrite)
            summary = try Indexer(library: library, embedder: embedder, options: options)
                .run(roots: [root])
        }
        print(
            String(
                format: "index: %.1f s, %.0f files/s, %d batches; peak RSS %.0f MiB",
                indexSeconds, Double(files) / indexSeconds, summary.batches,
                Measure.statusMiB("VmHWM") ?? .nan))
        let rerun = try Measure.seconds {
            let library = try Library(directory: libraryURL, mode: .readWrite)
            summary = try Indexer(library: library, embedder: embedder, options: options)
                .run(roots: [root])
        }
        print(
            String(
                format: "re-run with nothing changed: %.2f s (%d unchanged)", rerun,
                summary.unchangedFiles))

        var rng = BenchRandom(seed: 5)
        let queries = (0 ..< 25).map { _ in rng.unitVector(dimension) }
        let fp = embedder.fingerprint
        var firstQuery = 0.0
        let cold = try Measure.seconds {
            let reader = try Library(directory: libraryURL)
            firstQuery = try Measure.seconds {
                _ = try reader.search(vector: queries[0], fingerprint: fp, k: 10)
            }
        }
        print(
            String(
                format: "cold: open + first query %.1f ms (query incl. catalog load %.1f ms)",
                cold * 1000, firstQuery * 1000))
        let reader = try Library(directory: libraryURL)
        _ = try reader.search(vector: queries[0], fingerprint: fp, k: 10)
        let filters: [(String, SearchFilter)] = [
            ("no filter", SearchFilter()),
            ("kind image", SearchFilter(kind: .image)),
            ("path glob *.png (20%)", SearchFilter(pathGlob: PathGlob("*.png"))),
            ("path glob d0003/* (1%)", SearchFilter(pathGlob: PathGlob("d0003/*"))),
        ]
        print("| library search, filter      | first (reload catalog) | warm median | warm p95 |")
        for (label, filter) in filters {
            reader.refresh()
            let first = try Measure.seconds {
                _ = try reader.search(vector: queries[1], fingerprint: fp, k: 10, filter: filter)
            }
            let samples = try queries.map { q in
                try Measure.seconds {
                    _ = try reader.search(vector: q, fingerprint: fp, k: 10, filter: filter)
                }
            }
            let s = Measure.summary(samples)
            print(
                "| \(label.padding(toLength: 27, withPad: " ", startingAt: 0)) |"
                    + String(
                        format: " %9.2f ms | %8.2f ms | %8.2f ms |",
                        first * 1000, s.median * 1000, s.p95 * 1000))
        }
        let status = try reader.status()
        print(
            String(
                format: "library size on disk: %.1f MiB (%d rows)",
                Double(status.sizeOnDisk) / 1_048_576, status.storeRows))
        try? FileManager.default.removeItem(at: root)
    }
}
