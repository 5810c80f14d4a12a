import Foundation
import SentenceEncoders
import TensorCore
import TestSupport
import Testing
import Tokenizers

/// all-MiniLM-L6-v2 (from `make setup`) against sentence-transformers on 50 sentences
/// (Tools/fixtures/make_bert_fixtures.py). Skipped, with a printed reason, without the model.
@Suite("all-MiniLM-L6-v2 parity")
struct MiniLMParityTests {
    static let directory = CLIPTokenizer.cacheDirectory().appendingPathComponent("sentence-encoders/all-MiniLM-L6-v2")
    static let available: Bool = {
        let ok = FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path)
        if !ok { print("skipping all-MiniLM-L6-v2 parity: \(directory.path) is missing (run `make setup`)") }
        return ok
    }()

    struct Reference: Decodable {
        let max_seq_length: Int
        let sentences: [String]
        let ids: [[Int]]
    }

    @Test("token ids equal sentence-transformers'; embeddings within 1e-4, cosine ≥ 0.99999",
          .enabled(if: available))
    func embeddings() throws {
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: Fixtures.url("bert/minilm_sentences.json")))
        #expect(reference.sentences.count == 50)
        let expected = try SafeTensors.read(Fixtures.url("bert/minilm_embeddings.safetensors"))["embeddings"]!
        let encoder = try SentenceEncoder.load(directory: Self.directory)
        #expect(encoder.hiddenSize == 384 && encoder.numLayers == 6)
        #expect(encoder.maxLength == reference.max_seq_length)
        #expect(encoder.pooling == .mean && encoder.normalizes)
        for (sentence, ids) in zip(reference.sentences, reference.ids) {
            #expect(encoder.tokenizer.encode(sentence) == ids, "\(String(reflecting: sentence))")
        }
        let rows = encoder.embed(reference.sentences, batchSize: 16)
        let width = encoder.hiddenSize
        var worstCosine = 1.0, worstDiff = 0.0
        for (i, row) in rows.enumerated() {
            let e = Array(expected.scalars[(i * width) ..< ((i + 1) * width)])
            var dot = 0.0, na = 0.0, ne = 0.0
            for j in 0..<width {
                dot += Double(row[j]) * Double(e[j])
                na += Double(row[j]) * Double(row[j])
                ne += Double(e[j]) * Double(e[j])
                worstDiff = max(worstDiff, abs(Double(row[j]) - Double(e[j])))
            }
            worstCosine = min(worstCosine, dot / (na * ne).squareRoot())
        }
        #expect(worstDiff <= 1e-4, "max |diff| \(worstDiff)")
        #expect(worstCosine >= 0.99999, "min cosine \(worstCosine)")
        print("all-MiniLM-L6-v2 vs sentence-transformers: max |diff| \(worstDiff), min cosine \(worstCosine)")
    }
}
