import DataIO
import Dispatch
import Foundation
import Synchronization

/// What `World.generate` wrote.
public struct WorldSummary: Sendable, Hashable {
    /// The world seed.
    public var seed: UInt64
    /// Training scenes written.
    public var trainCount: Int
    /// Test scenes written.
    public var testCount: Int
    /// Image side in pixels.
    public var imageSize: Int
    /// Number of files written.
    public var files: Int
    /// Total bytes written.
    public var bytes: Int
}

/// The synthetic compositional world: seeded scenes, their images and every benchmark file.
///
/// ```swift
/// let summary = try World.generate(outDir: URL(fileURLWithPath: "synth"), seed: 7)
/// ```
public enum World {
    /// Default world seed.
    public static let defaultSeed: UInt64 = 0
    /// Default number of training scenes (a tiny CLIP trains on them in minutes).
    public static let defaultTrain = 5000
    /// Default number of test scenes (as many as HierarCaps' test set).
    public static let defaultTest = 1000
    /// Default image side in pixels.
    public static let defaultSize = 64

    /// Generates a world into `outDir` (created if needed; existing files of the same names are
    /// replaced, other files are left alone).
    ///
    /// Scenes are sampled, rendered and encoded in parallel; each depends only on
    /// `(seed, split, index, size)`, so the output is byte-identical for equal arguments.
    /// - Parameters:
    ///   - outDir: The world directory.
    ///   - seed: The world seed.
    ///   - train: Number of training scenes.
    ///   - test: Number of test scenes.
    ///   - size: Image side in pixels (32...1024).
    ///   - progress: Called with `(scenes done, total)` from worker threads, about 100 times.
    /// - Returns: Counts of files and bytes written.
    /// - Throws: ``SyntheticWorldError`` or `PNGEncodingError` on I/O failure.
    @discardableResult
    public static func generate(
        outDir: URL, seed: UInt64 = defaultSeed, train: Int = defaultTrain,
        test: Int = defaultTest, size: Int = defaultSize,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> WorldSummary {
        precondition(train >= 0 && test >= 0, "scene counts must be non-negative")
        precondition((32 ... 1024).contains(size), "image size must be in 32...1024, got \(size)")
        let imagesDir = outDir.appendingPathComponent("images")
        for dir in ["", "images", "sugarcrepe", "aro"] {
            try makeDirectory(dir.isEmpty ? outDir : outDir.appendingPathComponent(dir))
        }

        let total = train + test
        let slots = Slots<(SceneRecord, Int)>(count: total)
        let failure = Mutex<(any Error)?>(nil)
        let done = Atomic<Int>(0)
        let step = max(1, total / 100)
        DispatchQueue.concurrentPerform(iterations: total) { i in
            if failure.withLock({ $0 != nil }) { return }
            let split: Split = i < train ? .train : .test
            let index = i < train ? i : i - train
            let record = SceneFactory.make(split: split, index: index, seed: seed, size: size)
            do {
                let data = try pngData(record)
                try write(data, to: imagesDir.appendingPathComponent(record.imageFileName))
                slots.set(i, (record, data.count))
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
            let finished = done.add(1, ordering: .relaxed).newValue
            if let progress, finished % step == 0 || finished == total { progress(finished, total) }
        }
        if let error = failure.withLock({ $0 }) { throw error }

        let results = slots.values()
        let records = results.map(\.0)
        var bytes = results.reduce(0) { $0 + $1.1 }
        var files = total
        let trainRecords = Array(records[..<train])
        let testRecords = Array(records[train...])
        for (path, text) in textFiles(
            train: trainRecords, test: testRecords, seed: seed, size: size)
        {
            let data = Data(text.utf8)
            try write(data, to: outDir.appendingPathComponent(path))
            bytes += data.count
            files += 1
        }
        return WorldSummary(
            seed: seed, trainCount: train, testCount: test, imageSize: size, files: files,
            bytes: bytes)
    }

    /// The PNG bytes of a scene's image.
    public static func pngData(_ record: SceneRecord) throws -> Data {
        let image = SceneRenderer.render(record.scene)
        return try PNGEncoder.encode(
            width: image.width, height: image.height, channels: 3, pixels: image.pixels)
    }

    /// Every text file of the world, as (path relative to the world directory, contents).
    static func textFiles(train: [SceneRecord], test: [SceneRecord], seed: UInt64, size: Int)
        -> [(String, String)]
    {
        let heldOut = HeldOutCombos.standard
        var files: [(String, String)] = [
            ("train.jsonl", jsonLines(train, ManifestFormat.line)),
            ("test.jsonl", jsonLines(test, ManifestFormat.line)),
            ("chains_train.jsonl", jsonLines(train, ManifestFormat.chainLine)),
            ("hierarcaps_test.csv", HierarCapsFormat.file(records: test)),
            ("categories.json", MetadataFormat.categoriesFile(train: train, test: test)),
            ("heldout.json", MetadataFormat.heldOutFile(heldOut)),
            ("aro/visual_genome_relation.json", AROFormat.relationFile(records: test)),
            ("aro/visual_genome_attribution.json", AROFormat.attributionFile(records: test)),
            ("aro/coco_karpathy_test.json", AROFormat.karpathyFile(records: test)),
            ("aro/coco_order.json", AROFormat.orderFile(records: test)),
            ("aro/valid_neg_clip.tsv", AROFormat.negClipFile(records: test, seed: seed)),
            ("aro/train_neg_clip.tsv", AROFormat.negClipFile(records: train, seed: seed)),
            (
                "README.md",
                ReadmeFormat.file(
                    seed: seed, train: train.count, test: test.count, size: size,
                    heldOut: heldOut)
            ),
        ]
        for kind in NegativeKind.sugarCrepe {
            files.append(
                ("sugarcrepe/\(kind.rawValue).json", SugarCrepeFormat.file(kind, records: test)))
        }
        return files
    }

    private static func jsonLines(_ records: [SceneRecord], _ line: (SceneRecord) -> String)
        -> String
    {
        records.map { line($0) + "\n" }.joined()
    }

    private static func makeDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw SyntheticWorldError.cannotCreateDirectory(path: url.path, reason: "\(error)")
        }
    }

    private static func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw SyntheticWorldError.writeFailed(path: url.path, reason: "\(error)")
        }
    }
}

/// Write-once result slots filled concurrently, one index per worker, read after the join.
private final class Slots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func set(_ index: Int, _ value: Value) { buffer[index] = value }

    func values() -> [Value] {
        buffer.map { slot in
            guard let slot else { preconditionFailure("a scene slot was never filled") }
            return slot
        }
    }
}
