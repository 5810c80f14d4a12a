import CaptionNegatives
import Foundation
import Testing

@testable import Evaluation

/// Paths of committed fixtures and of the shared data kit.
enum TestPaths {
    /// The package root (three levels above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Tests/Fixtures/evaluation/<name>`.
    static func fixture(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures/evaluation/\(name)")
    }

    /// `$LOUPE_SHARED_DATA`, else `<repo>/../shared/data`, if present.
    static var sharedData: URL? {
        let candidates = [
            ProcessInfo.processInfo.environment["LOUPE_SHARED_DATA"].map {
                URL(fileURLWithPath: $0)
            },
            repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data"),
        ]
        return candidates.compactMap { $0 }.first {
            FileManager.default.fileExists(atPath: $0.path)
        }
    }

    /// The shared data kit, or `nil` after printing why the test is skipped.
    static func sharedDataOrSkip(_ test: String) -> URL? {
        guard let url = sharedData else {
            print("SKIP \(test): shared data kit not found (set LOUPE_SHARED_DATA)")
            return nil
        }
        return url
    }
}

/// A JSON fixture as a dictionary.
func loadFixture(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: TestPaths.fixture(name))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// Float32 values of a JSON number list.
func floats(_ value: Any?) throws -> [Float] {
    let list = try #require(value as? [Any])
    return try list.map { Float(try #require(($0 as? NSNumber)?.doubleValue)) }
}

/// A fresh temporary folder, removed by `cleanup()`.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `relative` (creating folders) and returns its URL.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Writes a few placeholder bytes as an "image" file.
    @discardableResult
    func image(_ relative: String, bytes: String = "fake image") throws -> URL {
        try write(relative, bytes)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }

    deinit { cleanup() }
}

/// Deterministic random numbers for oracle tests.
struct TestRandom {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }

    mutating func int(_ bound: Int) -> Int { generator.nextIndex(below: bound) }

    /// A normal deviate (Box–Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
    }

    /// Values from `choices` (exactly representable, so dot products tie exactly).
    mutating func matrix(rows: Int, columns: Int, choices: [Float]) -> EmbeddingMatrix {
        EmbeddingMatrix(
            rows: rows, columns: columns,
            values: (0 ..< (rows * columns)).map { _ in choices[int(choices.count)] })
    }

    mutating func gaussian(rows: Int, columns: Int) -> EmbeddingMatrix {
        EmbeddingMatrix(
            rows: rows, columns: columns,
            values: (0 ..< (rows * columns)).map { _ in Float(normal()) })
    }
}
