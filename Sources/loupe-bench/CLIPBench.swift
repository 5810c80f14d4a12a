import CLIPModels
import Foundation
import NN
import TensorCore

/// Throughput of a random-init ViT-B/32-shaped CLIP (the PLATFORM.md §5 workload) next to the
/// PyTorch 2.13 / onnxruntime 1.32 figures measured on the same machine type.
func benchCLIP() {
    let config = CLIPConfiguration()  // ViT-B/32: 224 px, patch 32, 768/12/12; text 512/8/12, 77 tokens, QuickGELU
    let model = CLIPModel(config, seed: 0)
    print("\nViT-B/32-shaped model: \(model.parameterCount) parameters")
    var rng = RandomGenerator(seed: 3)
    var rows: [[String]] = []
    let reference: [String: (torch: Double, ort: Double)] = [
        "image bs1": (9.09, 13.57), "image bs32": (13.14, 17.97), "text bs1": (14.66, 17.46), "text bs256": (14.14, 22.70),
    ]
    for batch in [1, 32] {
        let pixels = Tensor.randomNormal([batch, 3, 224, 224], using: &rng)
        let seconds = measure(minimumSeconds: 3, minimumRuns: 3) { _ = noGrad { model.encodeImage(pixels) } }
        let rate = Double(batch) / seconds
        let ref = reference["image bs\(batch)"]!
        rows.append(["image", "\(batch)", fmt(seconds * 1e3, 1), fmt(rate, 2), fmt(rate * 8.725, 0),
                     fmt(ref.torch, 2), fmt(rate / ref.torch, 2) + "×", fmt(ref.ort, 2), fmt(rate / ref.ort, 2) + "×"])
    }
    for batch in [1, 256] {
        let ids = (0..<batch).map { _ in (0..<77).map { i in i == 0 ? 49406 : (i == 76 ? 49407 : 1000 + rng.nextInt(below: 40000)) } }
        let seconds = measure(minimumSeconds: 3, minimumRuns: batch == 1 ? 5 : 2) { _ = noGrad { model.encodeText(ids) } }
        let rate = Double(batch) / seconds
        let ref = reference["text bs\(batch)"]!
        rows.append(["text (77 tokens)", "\(batch)", fmt(seconds * 1e3, 1), fmt(rate, 2), fmt(rate * 5.814, 0),
                     fmt(ref.torch, 2), fmt(rate / ref.torch, 2) + "×", fmt(ref.ort, 2), fmt(rate / ref.ort, 2) + "×"])
    }
    printTable("CLIP ViT-B/32 inference throughput (2 cores)",
               ["tower", "batch", "ms/batch", "items/s", "GFLOP/s", "PyTorch 2.13", "vs PyTorch", "ORT 1.32", "vs ORT"], rows)
}
