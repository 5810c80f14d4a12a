import Foundation
import SyntheticWorld
import Testing

@Suite("Determinism")
struct DeterminismTests {
    /// Every regular file under `root`, as relative path → bytes.
    private func snapshot(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        for case let relative as String in enumerator {
            let url = root.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test("same seed gives byte-identical files")
    func sameSeedSameBytes() throws {
        let a = TestPaths.temporaryDirectory("determinism-a")
        let b = TestPaths.temporaryDirectory("determinism-b")
        defer {
            try? FileManager.default.removeItem(at: a)
            try? FileManager.default.removeItem(at: b)
        }
        let summaryA = try World.generate(outDir: a, seed: 5, train: 24, test: 24, size: 64)
        let summaryB = try World.generate(outDir: b, seed: 5, train: 24, test: 24, size: 64)
        let filesA = try snapshot(a)
        let filesB = try snapshot(b)
        #expect(summaryA == summaryB)
        #expect(filesA.count == summaryA.files)
        #expect(filesA.keys.sorted() == filesB.keys.sorted())
        for (path, data) in filesA {
            #expect(filesB[path] == data, "\(path) differs between two runs with the same seed")
        }
        #expect(filesA.values.reduce(0) { $0 + $1.count } == summaryA.bytes)
    }

    @Test("different seeds give different worlds")
    func differentSeedsDiffer() throws {
        let a = SceneFactory.make(split: .train, index: 3, seed: 1, size: 64)
        let b = SceneFactory.make(split: .train, index: 3, seed: 2, size: 64)
        let again = SceneFactory.make(split: .train, index: 3, seed: 1, size: 64)
        #expect(a == again)
        #expect(a.scene != b.scene)
        #expect(try World.pngData(a) == World.pngData(again))
        #expect(try World.pngData(a) != World.pngData(b))
    }

    @Test("the generator's bounded draws are uniform and reproducible")
    func generatorDraws() {
        var rng = SplitMix64(seed: 42)
        var again = SplitMix64(seed: 42)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0 ..< 70_000 {
            let value = rng.index(7)
            #expect(value == again.index(7))
            counts[value] += 1
        }
        // Each bucket expects 10,000 (sd ≈ 93); 6 sd is a generous bound.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 560 }, "\(counts)")
    }
}
