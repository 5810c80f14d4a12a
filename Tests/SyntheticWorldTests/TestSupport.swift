import Foundation
import SyntheticWorld
import Testing

/// Locations for tests: the shared data kit and small generated worlds.
enum TestPaths {
    /// The package root (two levels above this file's folder).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$LOUPE_SHARED_DATA`, else `<root>/../shared/data`, or `nil` when neither exists.
    static var sharedData: URL? {
        let candidates = [
            ProcessInfo.processInfo.environment["LOUPE_SHARED_DATA"].map {
                URL(fileURLWithPath: $0)
            },
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data"),
        ]
        return candidates.compactMap { $0 }.first {
            FileManager.default.fileExists(atPath: $0.path)
        }
    }

    /// A shared-data file, or `nil` (with a printed reason) when the kit is absent.
    static func sharedFile(_ relative: String) -> URL? {
        guard let root = sharedData else {
            print("skipped: shared data not found (set LOUPE_SHARED_DATA); needed \(relative)")
            return nil
        }
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipped: \(url.path) is absent")
            return nil
        }
        return url
    }

    /// A fresh empty temporary directory (replaced on every run, so nothing accumulates).
    static func temporaryDirectory(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-synth-tests")
            .appendingPathComponent(name)
        try? FileManager.default.removeItem(at: url)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A small world generated once and shared by the format tests.
enum SmallWorld {
    static let seed: UInt64 = 11
    static let train = 80
    static let test = 80
    static let size = 64

    /// The world directory (generated on first use).
    static let directory: URL = {
        let url = TestPaths.temporaryDirectory("small-world")
        do {
            try World.generate(outDir: url, seed: seed, train: train, test: test, size: size)
        } catch {
            Issue.record("generating the small world failed: \(error)")
        }
        return url
    }()

    /// Contents of a world file as text.
    static func text(_ relative: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Parsed JSON of a world file.
    static func json(_ relative: String) throws -> Any {
        try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent(relative)))
    }

    /// The manifest lines of a split as dictionaries.
    static func manifest(_ split: Split) throws -> [[String: Any]] {
        try text("\(split.rawValue).jsonl").split(separator: "\n").map { line in
            try #require(
                JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }
}
