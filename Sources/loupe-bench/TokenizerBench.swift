import Foundation
import Tokenizers

/// Tokens/s of `CLIPTokenizer.tokenize` on the tokenizer corpus and, when the shared data kit is
/// present, on the 25,014 COCO val2017 captions.
func benchTokenizer() {
    guard let tokenizer = try? CLIPTokenizer.load(modelDirectory: nil) else {
        print("\n(tokenizer bench skipped: no CLIP vocabulary in the cache; run `make setup`)")
        return
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var sets: [(String, [String])] = []
    if let data = try? Data(contentsOf: root.appendingPathComponent("Tests/Fixtures/tokenizer/corpus.json")),
       let corpus = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
       let cases = corpus["cases"] as? [[String: Any]] {
        sets.append(("hard corpus ×20", Array(repeatElement(cases.compactMap { $0["text"] as? String }, count: 20).joined())))
    }
    let shared = ProcessInfo.processInfo.environment["LOUPE_SHARED_DATA"].map { URL(fileURLWithPath: $0) }
        ?? root.deletingLastPathComponent().appendingPathComponent("shared/data")
    if let data = try? Data(contentsOf: shared.appendingPathComponent("coco-captions/captions_val2017.json")),
       let coco = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
       let annotations = coco["annotations"] as? [[String: Any]] {
        sets.append(("COCO val2017 captions", annotations.compactMap { $0["caption"] as? String }))
    }
    var rows: [[String]] = []
    for (name, texts) in sets {
        for (mode, fresh) in [("batch, cold cache", true), ("batch, warm cache", false)] {
            let t = fresh ? (try? CLIPTokenizer.load(modelDirectory: nil)) ?? tokenizer : tokenizer
            let start = DispatchTime.now().uptimeNanoseconds
            let ids = t.tokenize(texts)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let tokens = ids.reduce(0) { $0 + ($1.firstIndex(of: 49407).map { $0 + 1 } ?? $1.count) }
            rows.append([name, mode, "\(texts.count)", "\(tokens)", fmt(Double(tokens) / seconds / 1e6, 2) + "M",
                         fmt(Double(texts.count) / seconds / 1e3, 1) + "k"])
        }
    }
    printTable("CLIP tokenizer throughput (open_clip on the same COCO captions: 222k tokens/s)",
               ["texts", "mode", "count", "tokens", "tokens/s", "texts/s"], rows)
}
