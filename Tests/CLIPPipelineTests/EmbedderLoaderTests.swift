import CLIPPipeline
import DataIO
import Foundation
import TensorCore
import TestSupport
import Testing

/// A model kind for the loader tests: returns constant vectors and remembers where it was opened.
final class ConstantEmbedder: ImageTextEmbedder, @unchecked Sendable {
    let directory: URL
    init(directory: URL) { self.directory = directory }
    var fingerprint: String { "constant:\(directory.lastPathComponent)" }
    var dimension: Int { 2 }
    var textContextTokens: Int { 8 }
    var batchSize = 4
    func countTokens(_ text: String) -> Int { text.split(separator: " ").count }
    func embedTexts(_ texts: [String], normalize: Bool) throws -> [[Float]] { texts.map { _ in [1, 0] } }
    func embedImages(_ requests: [ImageRequest], normalize: Bool) throws -> [Result<[Float], any Error>] {
        requests.map { _ in .success([0, 1]) }
    }
}

@Suite("EmbedderLoader and ImageBatchEncoder")
struct EmbedderLoaderTests {
    func folder(manifest: String?) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if let manifest { try manifest.write(to: dir.appendingPathComponent(EmbedderLoader.manifestName), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test("a registered kind opens through its loader")
    func registeredKind() throws {
        EmbedderLoader.register(kind: "test-constant") { ConstantEmbedder(directory: $0) }
        let dir = try folder(manifest: #"{"kind": "test-constant", "dimension": 2}"#)
        let embedder = try EmbedderLoader.load(dir)
        #expect((embedder as? ConstantEmbedder)?.directory == dir)
        #expect(try embedder.embedTexts(["a"], normalize: true) == [[1, 0]])
        #expect(EmbedderLoader.kinds.contains("test-constant"))
    }

    @Test("an unknown kind and a malformed manifest are errors naming the file")
    func badManifests() throws {
        let unknown = try folder(manifest: #"{"kind": "no-such-kind"}"#)
        #expect { try EmbedderLoader.load(unknown) } throws: { error in
            "\(error)".contains("loupe_model.json") && "\(error)".contains("unknown model kind 'no-such-kind'")
        }
        let malformed = try folder(manifest: "[1, 2]")
        #expect { try EmbedderLoader.load(malformed) } throws: { error in
            "\(error)".contains(malformed.appendingPathComponent("loupe_model.json").path) && "\(error)".contains("\"kind\"")
        }
    }

    @Test("a directory without a manifest is a CLIP checkpoint")
    func clipFallback() throws {
        #expect(try EmbedderLoader.kind(at: Fixtures.url("clip/openclip-tiny")) == nil)
        let embedder = try EmbedderLoader.load(Fixtures.url("clip/openclip-tiny"))
        #expect(embedder is CLIPEmbedder)
        #expect(embedder.countTokens("a red circle") == 5)
    }

    @Test("failures keep their place in the batch and good files are encoded once, in order")
    func batchFailures() throws {
        let encoder = ImageBatchEncoder(preprocess: .openAI)
        let names = ["rgb_223x301.jpg", "corrupt.png", "grey_97x131.jpg", "not_an_image.jpg", "palette_120x80.png"]
        var batchesSeen: [[Int]] = []
        let results = encoder.embed(names.map { ImageRequest(url: Fixtures.url("images/\($0)")) }, batchSize: 3,
                                    normalize: false) { pixels in
            batchesSeen.append(pixels.shape)
            // Feature = mean of each image's pixels, so results can be matched to files.
            let n = pixels.shape[0]
            let per = pixels.shape.dropFirst().reduce(1, *)
            let values = pixels.scalars
            var means: [Float] = []
            for i in 0..<n {
                let slice = values[(i * per)..<((i + 1) * per)]
                means.append(slice.reduce(0, +) / Float(per))
            }
            return Tensor(means, shape: [n, 1])
        }
        #expect(batchesSeen == [[2, 3, 224, 224], [1, 3, 224, 224]])
        #expect(results.count == names.count)
        for (name, result) in zip(names, results) {
            switch result {
            case let .success(v):
                let expected: [Float] = try encoder.pixels(ImageRequest(url: Fixtures.url("images/\(name)")))
                let mean: Float = expected.reduce(0, +) / Float(expected.count)
                #expect(abs(v[0] - mean) < 1e-5, "\(name)")
            case .failure:
                #expect(name == "corrupt.png" || name == "not_an_image.jpg", "\(name) should decode")
            }
        }
    }
}
