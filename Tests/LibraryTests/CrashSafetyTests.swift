import Foundation
import LibraryTestSupport
import Testing
import VectorIndex

@testable import Library

/// Kills `library-crash-helper` (an indexer with a slow fake model) with SIGKILL at chosen
/// moments, then checks that the library opens, searches what was committed, resumes without
/// re-embedding committed files, and ends identical to a clean run.
@Suite("Crash safety (SIGKILL)")
struct CrashSafetyTests {
    enum Kill: Sendable, CustomStringConvertible {
        /// The helper kills itself at an indexer checkpoint (`pending:N`, `vectors:N`, …).
        case checkpoint(String)
        /// The test kills the helper after N committed batches plus a delay.
        case afterBatches(Int, milliseconds: Int)

        var description: String {
            switch self {
            case .checkpoint(let point): return "at \(point)"
            case .afterBatches(let n, let ms): return "after \(n) batches + \(ms) ms"
            }
        }
    }

    /// Delays drawn once from a seeded generator, so runs are reproducible.
    static let kills: [Kill] = {
        var rng = SeededDelays(seed: 20_261_124)
        return [
            .checkpoint("pending:3"), .checkpoint("vectors:2"), .checkpoint("batch:4"),
            .afterBatches(1, milliseconds: rng.next(below: 20)),
            .afterBatches(3, milliseconds: rng.next(below: 20)),
            .afterBatches(6, milliseconds: rng.next(below: 20)),
        ]
    }()

    @Test("Kill during a first run, reopen, search, resume", arguments: kills)
    func killDuringFirstRun(kill: Kill) throws {
        let helper = try #require(Self.helperURL(), "library-crash-helper not built")
        let box = try Sandbox(images: 40, documents: 4)
        try Self.runHelper(helper, box: box, kill: kill)
        try checkCommittedStateAndResume(
            box,
            storeMayBeAhead: {
                if case .checkpoint("vectors:2") = kill { return true }
                return false
            }())
    }

    @Test func killAfterDeletionsOfASecondRun() throws {
        let helper = try #require(Self.helperURL(), "library-crash-helper not built")
        let box = try Sandbox(images: 30, documents: 2)
        try box.index()
        for i in [3, 8, 12] { try box.folder.remove(String(format: "photos/img%03d.jpg", i)) }
        for i in 0 ..< 6 {
            try box.folder.write("later/new\(i).jpg", "FAKEIMG later addition \(i)\n")
        }
        try Self.runHelper(helper, box: box, kill: .checkpoint("deletions"))
        let paths = Set(try box.reader().items().map(\.path))
        #expect(!paths.contains(box.folder.path("photos/img003.jpg")))
        #expect(paths.contains(box.folder.path("later/new5.jpg")))
        try checkCommittedStateAndResume(box, storeMayBeAhead: false)
    }

    // MARK: - Steps

    private func checkCommittedStateAndResume(_ box: Sandbox, storeMayBeAhead: Bool) throws {
        // 1. A reader opens the library and searches exactly what was committed.
        let reader = try box.reader()
        let committed = try reader.items()
        let status = try reader.status()
        #expect(status.imageFiles + status.textFiles > 0)
        for item in committed.filter({ $0.kind == .image }).prefix(4) {
            let hit = try reader.searchSimilar(toItem: item.id, k: 1, includeSelf: true)
            #expect(hit.first?.itemID == item.id)
        }
        let storeFile = try #require(
            try FileManager.default.contentsOfDirectory(atPath: box.libraryURL.path)
                .first { $0.hasPrefix("vectors-") && $0.hasSuffix(".bin") })
        let storeURL = box.libraryURL.appendingPathComponent(storeFile)
        let rawCount = try VectorStore(openingAt: storeURL).count
        if storeMayBeAhead {
            #expect(rawCount > status.storeRows)  // vectors published, catalog never committed
        } else {
            #expect(rawCount >= status.storeRows)
        }
        // 2. A writer opening it rolls the store back to what the catalog recorded.
        do {
            let writer = try Library(directory: box.libraryURL, mode: .readWrite)
            #expect(try VectorStore(openingAt: storeURL).count == (try writer.status()).storeRows)
        }
        // 3. Resuming embeds only what was not committed, and ends equal to a clean run.
        box.log.reset()
        try box.index()
        let committedNames = Set(
            committed.filter { $0.kind == .image }.map { ($0.path as NSString).lastPathComponent })
        #expect(Set(box.log.images).isDisjoint(with: committedNames))
        #expect(try box.snapshot() == cleanSnapshot(box))
        #expect(try box.reader().failures().map(\.path) == [box.folder.path("broken/bad.jpg")])
    }

    private func cleanSnapshot(_ box: Sandbox) throws -> [String] {
        let clean = FixtureFolder.temporaryDirectory("crash-clean")
        defer { try? FileManager.default.removeItem(at: clean) }
        let library = try Library(directory: clean, mode: .readWrite)
        try Indexer(library: library, embedder: FakeEmbedder(), options: Sandbox.options)
            .run(roots: [box.folder.root])
        return try library.items().map { item in
            let bits = try library.vector(forItem: item.id)
                .map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
            let span = item.passage.map { "\($0.startLine)-\($0.endLine):\($0.text)" } ?? "-"
            return "\(item.path)|\(item.kind)|\(item.sha256)|\(span)|\(bits)"
        }.sorted()
    }

    /// Runs the helper over the sandbox and kills it as planned; expects death by SIGKILL.
    static func runHelper(_ helper: URL, box: Sandbox, kill plan: Kill) throws {
        let process = Process()
        process.executableURL = helper
        process.arguments = [
            "--library", box.libraryURL.path, "--root", box.folder.root.path,
            "--delay", "0.005", "--batch", "4",
        ]
        if case .checkpoint(let point) = plan { process.arguments! += ["--kill-at", point] }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        if case .afterBatches(let n, let milliseconds) = plan {
            var text = ""
            while text.components(separatedBy: "committed").count - 1 < n {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            usleep(useconds_t(milliseconds * 1000))
            Foundation.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)
    }

    /// The helper next to the test binary, or `$LOUPE_CRASH_HELPER`.
    static func helperURL() -> URL? {
        if let path = ProcessInfo.processInfo.environment["LOUPE_CRASH_HELPER"] {
            return URL(fileURLWithPath: path)
        }
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = binary.deletingLastPathComponent()
        for _ in 0 ..< 4 {
            let candidate = directory.appendingPathComponent("library-crash-helper")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}

/// A tiny seeded generator (SplitMix64) for reproducible kill delays.
struct SeededDelays {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
