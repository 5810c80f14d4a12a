import CaptionNegatives
import Foundation
import Testing

@testable import Evaluation

/// Deterministic pseudo-embeddings from the input's bytes: exercises the whole pipeline on
/// real data (resolution, skips, reports) without a model. Metrics are chance-level.
final class HashEmbedder: Embedder {
    let fingerprint = "hash-embedder-64"
    let dimension = 64

    private func vector(_ bytes: [UInt8]) -> [Float] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var generator = SeededGenerator(seed: hash)
        return (0 ..< dimension).map { _ in Float(Int64(bitPattern: generator.next()) >> 40) }
    }

    func embedImages(_ images: [ImageInput]) throws -> [[Float]] {
        try images.map { vector([UInt8](try Data(contentsOf: $0.url))) }
    }

    func embedTexts(_ texts: [String]) throws -> [[Float]] { texts.map { vector(Array($0.utf8)) } }
}

/// The real-data smoke check: every suite on the shared kit with ``HashEmbedder``, printing
/// cases available / evaluated / skipped per suite and writing a report to
/// `$TMPDIR/loupe-eval-smoke/`. Opt-in: `LOUPE_EVAL_SMOKE=1 swift test --filter Smoke`.
@Suite(
    "Real-data smoke check",
    .enabled(if: ProcessInfo.processInfo.environment["LOUPE_EVAL_SMOKE"] == "1"))
struct RealDataSmokeTests {
    @Test("every suite runs on the shared data kit")
    func smoke() throws {
        guard let data = TestPaths.sharedDataOrSkip("smoke check") else { return }
        let embedder = HashEmbedder()
        let context = EvalContext(batchSize: 256)
        var results: [EvalResult] = []
        var lines: [String] = []
        func run(_ label: String, _ make: () throws -> any EvalSuite) {
            let start = Date()
            do {
                let result = try make().run(embedder: embedder, context: context)
                results.append(result)
                let counts = result.counts.sorted { $0.key < $1.key }
                    .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                lines.append(
                    "\(label): evaluated \(result.evaluated), skipped \(result.skipped) "
                        + "[\(ReportFormatting.skips(result.skipReasons))] {\(counts)} "
                        + String(format: "%.1fs", Date().timeIntervalSince(start)))
            } catch {
                lines.append("\(label): \(error)")
            }
        }
        run("retrieval flickr8k test") {
            try RetrievalSuite(data: data.appendingPathComponent("flickr8k"))
        }
        run("retrieval coco val2017") {
            try RetrievalSuite(
                data: data.appendingPathComponent("coco-captions/captions_val2017.json"),
                images: [data])
        }
        run("sugarcrepe") { SugarCrepeSuite(data: data.appendingPathComponent("sugarcrepe")) }
        run("valse") { VALSESuite(data: data.appendingPathComponent("valse")) }
        run("aro negclip") {
            try AROSuite(
                data: data.appendingPathComponent("aro/valid_neg_clip.tsv"), images: [data])
        }
        run("aro coco_order") {
            try AROSuite(
                data: data.appendingPathComponent("coco-captions/captions_val2017.json"),
                images: [data], split: nil)
        }
        run("aro flickr_order") {
            try AROSuite(data: data.appendingPathComponent("flickr8k"), split: "test")
        }
        run("vlchecklist") { VLCheckListSuite(data: data.appendingPathComponent("vl-checklist")) }
        run("winoground images") {
            try WinogroundSuite(data: data.appendingPathComponent("winoground/winoground_meta.csv"))
        }
        run("hierarcaps") {
            try HierarCapsSuite(data: data.appendingPathComponent("coco-hierarcaps"))
        }
        run("category-map coco-mini") {
            try CategoryMAPSuite(data: data.appendingPathComponent("coco-mini/annotations"))
        }
        let arrays = try TestNpz.read(
            data.appendingPathComponent("winoground/winoground_real_vitb32.npz"))
        let img = try #require(arrays["img"])
        let cap = try #require(arrays["cap"])
        let winoground = try WinogroundSuite(
            data: data.appendingPathComponent("winoground/winoground_meta.csv")
        ).evaluate(
            images: EmbeddingMatrix(
                rows: img.shape[0], columns: img.shape[1],
                values: img.values.map(Float.init)),
            captions: EmbeddingMatrix(
                rows: cap.shape[0], columns: cap.shape[1],
                values: cap.values.map(Float.init)),
            model: "open_clip ViT-B-32 laion2b_s34b_b79k (npz)")
        results.append(winoground)
        lines.append("winoground embeddings: \(winoground.summaryJSON())")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "loupe-eval-smoke")
        let files = try ReportWriter(results: results, title: "Loupe evaluation smoke check")
            .write(to: folder)
        for line in lines { print("SMOKE \(line)") }
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size]) ?? 0
            print("SMOKE wrote \(file.path) (\(size) bytes)")
        }
        #expect(results.count >= 8)
    }
}

/// Opt-in timing of the chunked ranking at COCO-5k scale (25,000 × 5,000, 512-d).
@Suite(
    "Retrieval at COCO scale",
    .enabled(if: ProcessInfo.processInfo.environment["LOUPE_EVAL_SMOKE"] == "1"))
struct RetrievalScaleTests {
    @Test("25k captions × 5k images rank in bounded memory")
    func cocoScale() {
        var random = TestRandom(seed: 1)
        let images = random.gaussian(rows: 5000, columns: 512).l2Normalized()
        let captions = random.gaussian(rows: 25000, columns: 512).l2Normalized()
        let owners = (0 ..< 25000).map { $0 / 5 }
        let start = Date()
        let (i2t, t2i) = RetrievalMetrics.ranks(
            images: images, captions: captions, imageOfCaption: owners)
        print(
            String(
                format: "SCALE 25k×5k ranks in %.1fs (chunks of ≤ 16M scores = 64 MB)",
                Date().timeIntervalSince(start)))
        #expect(i2t.count == 5000 && t2i.count == 25000)
    }
}
