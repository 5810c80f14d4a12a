import Foundation
import SentenceEncoders
import TensorCore
import Tokenizers

/// The bench's caption-like sentences, the same as Tools/bench/torch_sentence_encoder.py's.
func benchSentences(_ count: Int) -> [String] {
    let colours = ["red", "blue", "green", "yellow", "black", "white", "brown", "grey"]
    let things = ["dog", "cat", "horse", "bicycle", "car", "bird", "child", "boat"]
    let places = ["beach", "park", "street", "river", "kitchen", "field", "garden", "station"]
    return (0..<count).map { i in
        "A \(colours[i % 8]) \(things[(i / 8) % 8]) waits near the \(places[(i * 3) % 8]) on a sunny afternoon."
    }
}

/// Sentences/s of all-MiniLM-L6-v2 (tokenization included) at batch 1 and 64, next to
/// sentence-transformers on this machine when Tools/bench/torch_sentence_encoder.py has run.
func benchSentenceEncoder() {
    let directory = CLIPTokenizer.cacheDirectory().appendingPathComponent("sentence-encoders/all-MiniLM-L6-v2")
    guard let encoder = try? SentenceEncoder.load(directory: directory) else {
        print("\n(sentence encoder bench skipped: \(directory.path) is missing; run `make setup`)")
        return
    }
    let sentences = benchSentences(64)
    let tokens = encoder.tokenize(sentences).length
    let torch = sentenceTorchFigures()
    var rows: [[String]] = []
    for batch in [1, 64] {
        let inputs = Array(sentences.prefix(batch))
        let seconds = measure(minimumSeconds: 3, minimumRuns: batch == 1 ? 20 : 3) {
            _ = encoder.embed(inputs, batchSize: batch)
        }
        let rate = Double(batch) / seconds
        let reference = torch["bs\(batch)"]
        rows.append(["\(batch)", "\(tokens)", fmt(seconds * 1e3, 2), fmt(rate, 1),
                     reference.map { fmt($0, 1) } ?? "–", reference.map { fmt(rate / $0, 2) + "×" } ?? "–"])
    }
    printTable("all-MiniLM-L6-v2 sentence embeddings (tokenize + encode + pool, 2 cores)",
               ["batch", "tokens", "ms/batch", "sentences/s", "sentence-transformers", "vs PyTorch"], rows)
    if torch.isEmpty { print("(PyTorch column: run `make bench-torch` once to measure it on this machine)") }
}

/// Sentences/s measured by Tools/bench/torch_sentence_encoder.py, if it has been run.
func sentenceTorchFigures() -> [String: Double] {
    let url = CLIPTokenizer.cacheDirectory().appendingPathComponent("bench/torch_sentence_encoder.json")
    guard let data = try? Data(contentsOf: url),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Double] else { return [:] }
    return object
}
