import CLIPModels
import CLIPPipeline
import DataIO
import Foundation
import Library
import SearchServer
import TensorCore
import Tokenizers

/// Indexing throughput on 500 generated photos with a ViT-B/32-shaped model, as a fraction of the
/// model-only throughput at the same batch size (goal ≥ 0.9).
func benchIndexing() {
    let fm = FileManager.default
    let root = fm.temporaryDirectory.appendingPathComponent("loupe-index-bench")
    try? fm.removeItem(at: root)
    let photos = root.appendingPathComponent("photos")
    let modelDir = root.appendingPathComponent("model")
    do {
        try fm.createDirectory(at: photos, withIntermediateDirectories: true)
        // 500 JPEG "photos" of 640×480 with smooth random content.
        var rng = RandomGenerator(seed: 4)
        for i in 0..<500 {
            var pixels = [UInt8](repeating: 0, count: 640 * 480 * 3)
            let (a, b, c) = (rng.nextUniform() * 6, rng.nextUniform() * 6, rng.nextUniform() * 6)
            for y in 0..<480 {
                for x in 0..<640 {
                    let o = (y * 640 + x) * 3
                    pixels[o] = UInt8(127 + 120 * sin(Float(x) / 40 * a))
                    pixels[o + 1] = UInt8(127 + 120 * sin(Float(y) / 30 * b))
                    pixels[o + 2] = UInt8(127 + 120 * sin(Float(x + y) / 50 * c))
                }
            }
            let jpeg = try JPEGEncoder.encode(Image(width: 640, height: 480, mode: .rgb, pixels: pixels), quality: 90)
            try Data(jpeg).write(to: photos.appendingPathComponent(String(format: "photo_%03d.jpg", i)))
        }
        try CLIPExporter.export(CLIPModel(CLIPConfiguration(), seed: 0), to: modelDir, layout: .openCLIP,
                                preprocess: (PreprocessConfig.openAIMean, PreprocessConfig.openAIStd))
        let pipeline = try CLIPEmbedder.load(modelDir)
        pipeline.batchSize = 32
        // Model only: the same 500 images' worth of batches (15 × 32 + 20), pixels already in memory.
        let full = Tensor.randomNormal([32, 3, 224, 224], using: &rng).detached()
        let rest = Tensor.randomNormal([20, 3, 224, 224], using: &rng).detached()
        _ = noGrad { pipeline.model.encodeImage(rest) }
        let (modelWall, modelCPU) = timed {
            for _ in 0..<15 { _ = noGrad { pipeline.model.encodeImage(full) } }
            _ = noGrad { pipeline.model.encodeImage(rest) }
        }
        let library = try Library(directory: root.appendingPathComponent("lib"), mode: .readWrite)
        var summary = IndexSummary()
        let (indexWall, indexCPU) = try timed {
            summary = try Indexer(library: library, embedder: CLIPItemEmbedder(pipeline: pipeline)).run(roots: [photos])
        }
        precondition(summary.embeddedFiles == 500, "indexed \(summary.embeddedFiles) of 500 files")
        printTable("Indexing 500 photos (640×480 JPEG) with a ViT-B/32-shaped model, batch 32 (goal: ratio ≥ 0.9)",
                   ["measure", "model only", "indexing", "ratio"],
                   [["wall clock (img/s)", fmt(500 / modelWall, 2), fmt(500 / indexWall, 2), fmt(modelWall / indexWall, 2)],
                    ["CPU time (img/CPU-s)", fmt(500 / modelCPU, 2), fmt(500 / indexCPU, 2), fmt(modelCPU / indexCPU, 2)]])
    } catch {
        print("indexing bench failed: \(error)")
    }
    try? fm.removeItem(at: root)
}

/// Wall-clock and process CPU seconds of `body` (CPU time is robust to other load on the machine).
func timed(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    func cpu() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
    let (wall0, cpu0) = (Date(), cpu())
    try body()
    return (Date().timeIntervalSince(wall0), cpu() - cpu0)
}
