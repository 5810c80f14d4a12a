import Foundation
import TensorCore
import TestSupport
import Testing

/// `loupe embed` end to end (decode → preprocess → tokenizer → model) against the reference
/// libraries' own pipelines (Tools/fixtures/make_pipeline_fixtures.py, make_clip_fixtures.py).
@Suite("loupe embed")
struct EmbedCommandTests {
    static let images = ["rgb_223x301.jpg", "palette_120x80.png", "grey_97x131.jpg", "rgba_90x70.png"]
    static let texts = ["a photo of a cat", "a small red circle to the left of a large blue square",
                        "Rust on the left flange bolt!", ""]

    func parse(_ stdout: String) throws -> [(kind: String, input: String, embedding: [Float])] {
        try stdout.split(separator: "\n").map { line in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (o["kind"] as! String, o["input"] as! String, (o["embedding"] as! [NSNumber]).map(\.floatValue))
        }
    }

    @Test("image and text embeddings match open_clip and transformers pipelines", arguments: ["openclip-tiny", "hf-tiny"])
    func parity(_ model: String) throws {
        guard FileManager.default.fileExists(atPath: (ProcessInfo.processInfo.environment["LOUPE_CACHE"]
            ?? NSHomeDirectory() + "/.cache/loupe") + "/clip/bpe_simple_vocab_16e6.txt.gz") else {
            print("SKIP loupe embed parity: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        var args = ["embed", "--model", Fixtures.url("clip/\(model)").path, "--batch", "3"]
        // Interleave to check that output follows the command line's order.
        for (i, image) in Self.images.enumerated() {
            args += ["--image", Fixtures.url("images/\(image)").path, "--text", Self.texts[i]]
        }
        let r = try CLIRunner.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try parse(r.stdout)
        #expect(rows.map(\.kind) == Array(repeating: ["image", "text"], count: 4).flatMap { $0 })
        let pipeline = try SafeTensorsFile(url: Fixtures.url("clip/\(model)/pipeline.safetensors")).tensor("image_features")
        let expected = try SafeTensorsFile(url: Fixtures.url("clip/\(model)/expected.safetensors")).tensor("text_features")
        let d = pipeline.shape[1]
        for i in 0..<4 {
            let image = rows[2 * i], text = rows[2 * i + 1]
            #expect(image.input.hasSuffix(Self.images[i]) && text.input == Self.texts[i])
            assertClose(image.embedding, Array(pipeline.scalars[(i * d)..<((i + 1) * d)]), rtol: 1e-4, atol: 1e-5,
                        "\(model) image \(Self.images[i])")
            assertClose(text.embedding, Array(expected.scalars[(i * d)..<((i + 1) * d)]), rtol: 1e-4, atol: 1e-5,
                        "\(model) text \(Self.texts[i].debugDescription)")
        }
    }

    @Test("--normalize gives unit vectors; a corrupt image is reported by path and the rest still print")
    func normalizeAndErrors() throws {
        let model = Fixtures.url("clip/hf-tiny").path
        let corrupt = Fixtures.url("images/corrupt.jpg").path
        let r = try CLIRunner.run(["embed", "--model", model, "--normalize", "--image", corrupt,
                                   "--image", Fixtures.url("images/rgb_223x301.jpg").path, "--text", "a cat"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("corrupt.jpg"))
        let rows = try parse(r.stdout)
        #expect(rows.count == 2)
        for row in rows {
            let norm = row.embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
    }
}
