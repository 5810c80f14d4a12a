import CLIPModels
import Foundation
import NN
import TensorCore
import Training

/// Training throughput (samples/s) of one InfoNCE + AdamW step, next to PyTorch's time for the
/// same step when `Tools/bench/torch_train_step.py` has written its figures.
func benchTraining() {
    let small = CLIPConfiguration.small
    let base = CLIPConfiguration()  // ViT-B/32 with QuickGELU
    let torch = torchFigures()
    var rows: [[String]] = []
    for (name, config, batch, tokens) in [("small from scratch (64 px, w256×6)", small, 64, 32),
                                           ("ViT-B/32 fine-tune", base, 32, 77)] {
        let model = CLIPModel(config, seed: 0)
        let optimizer = AdamW(learningRate: 1e-5, beta1: 0.9, beta2: 0.98, eps: 1e-6, weightDecay: 0.1)
        var rng = RandomGenerator(seed: 1)
        let s = config.vision.imageSize
        let pixels = Tensor.randomNormal([batch, 3, s, s], using: &rng)
        let ids = (0..<batch).map { _ in (0..<tokens).map { i in i == 0 ? 49406 : (i == tokens - 1 ? 49407 : 300 + rng.nextInt(below: 40000)) } }
        let params = model.namedParameters()
        let seconds = measure(minimumSeconds: 4, minimumRuns: 3) {
            model.zeroGrad()
            let loss = infoNCELoss(image: model.encodeImage(pixels).l2Normalized(),
                                   text: model.encodeText(ids).l2Normalized(), logitScale: model.logitScale.value)
            loss.backward()
            optimizer.update(params)
        }
        let rate = Double(batch) / seconds
        let key = name.hasPrefix("small") ? "small" : "vitb32"
        let reference = torch[key]
        rows.append([name, "\(batch)", "\(tokens)", fmt(seconds * 1e3, 0), fmt(rate, 1),
                     reference.map { fmt($0, 1) } ?? "—", reference.map { fmt(rate / $0, 2) + "×" } ?? "—"])
    }
    printTable("Training step throughput: InfoNCE forward + backward + AdamW (2 cores)",
               ["model", "batch", "text tokens", "ms/step", "samples/s", "PyTorch samples/s", "ratio"], rows)
    if torch.isEmpty { print("(PyTorch column: run `make bench-torch` once to measure it on this machine)") }
}

/// samples/s measured by Tools/bench/torch_train_step.py, if it has been run.
func torchFigures() -> [String: Double] {
    let cache = ProcessInfo.processInfo.environment["LOUPE_CACHE"].map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/loupe")
    guard let data = try? Data(contentsOf: cache.appendingPathComponent("bench/torch_train_step.json")),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Double] else { return [:] }
    return object
}
