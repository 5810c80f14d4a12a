import Foundation
import TensorCore
import TestSupport
import Testing

/// `loupe embed / info / tokenize` on a BERT sentence-transformers directory (the tiny BERT fixture).
@Suite("loupe with a sentence encoder")
struct SentenceEncoderCommandTests {
    static let tiny = Fixtures.url("bert/tiny-bert").path

    @Test("embed --text gives sentence-transformers' embeddings, in order")
    func embed() throws {
        struct Sentences: Decodable { let sentences: [String] }
        let sentences = try JSONDecoder().decode(
            Sentences.self, from: Data(contentsOf: Fixtures.url("bert/tiny_bert_sentences.json"))).sentences
        let expected = try SafeTensors.read(Fixtures.url("bert/tiny_bert_expected.safetensors"))["st_embedding"]!
        let r = try CLIRunner.run(["embed", "--model", Self.tiny, "--batch", "2"] + sentences.flatMap { ["--text", $0] })
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == sentences.count)
        var values: [Float] = []
        for (line, sentence) in zip(lines, sentences) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["kind"] as? String == "text" && object["input"] as? String == sentence)
            values += (object["embedding"] as? [Double] ?? []).map(Float.init)
        }
        assertClose(values, expected.scalars, rtol: 1e-4, atol: 1e-5, "embeddings")
    }

    @Test("tokenize --model prints [CLS] … [SEP] WordPiece ids, truncated to the model's length")
    func tokenize() throws {
        let expected = try SafeTensors.read(Fixtures.url("bert/tiny_bert_expected.safetensors"))
        let r = try CLIRunner.run(["tokenize", "--model", Self.tiny, "a dog",
                                   "Hello World! the cat is running and the dogs are running fast"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { $0.dropFirst().dropLast().split(separator: ",").compactMap { Int($0) } }
        let ids = expected["input_ids"]!, t = ids.shape[1]
        let row1 = ids.scalars[t ..< (2 * t)].map { Int($0) }.filter { $0 != 0 }
        let row2 = ids.scalars[(2 * t) ..< (3 * t)].map { Int($0) }
        #expect(rows.count == 2 && rows[0] == row1 && rows[1] == row2 && rows[1].count == 16)
    }

    @Test("info --json describes the encoder; --image is refused naming the directory")
    func infoAndImages() throws {
        let r = try CLIRunner.run(["info", "--model", Self.tiny, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["layout"] as? String == "sentence-transformers")
        #expect(object["embedding_dimension"] as? Int == 32 && object["max_length"] as? Int == 16)
        #expect(object["pooling"] as? String == "mean" && object["normalize"] as? Bool == true)
        let image = try CLIRunner.run(["embed", "--model", Self.tiny, "--image", "x.jpg"])
        #expect(image.status != 0 && image.stderr.contains("tiny-bert") && image.stderr.contains("texts only"))
    }

    @Test("a bad config.json value exits non-zero naming the file and key")
    func badConfiguration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bert-bad-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.url("bert/tiny-bert"), to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
        object["hidden_act"] = "swish"
        try JSONSerialization.data(withJSONObject: object).write(to: config)
        let r = try CLIRunner.run(["embed", "--model", directory.path, "--text", "a dog"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("config.json") && r.stderr.contains("hidden_act"), "\(r.stderr)")
    }
}
