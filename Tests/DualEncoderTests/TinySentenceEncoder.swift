import DualEncoder
import Foundation
import NN
import TensorCore

/// A small bidirectional transformer sentence encoder for tests of the ``SentenceEncoding`` seam
/// (the real all-MiniLM-L6-v2 needs the model in the cache): words hashed to ids, learned
/// positions, `layers` pre-LN blocks without a mask, mean pooling. Saves as `config.json` +
/// `weights.safetensors`.
final class TinySentenceEncoder: Module, SentenceEncoding {
    static let formatName = "test-tiny-sentence"
    let hiddenSize: Int
    let maxTokens: Int
    let vocabSize = 97
    let tokenEmbedding: Embedding
    let positions: Parameter
    let transformer: Transformer

    init(hiddenSize: Int = 32, layers: Int = 3, maxTokens: Int = 24, seed: UInt64 = 7) {
        self.hiddenSize = hiddenSize
        self.maxTokens = maxTokens
        var rng = RandomGenerator(seed: seed)
        tokenEmbedding = Embedding(vocabSize, hiddenSize, std: 0.5, rng: &rng)
        positions = Parameter(.randomNormal([maxTokens, hiddenSize], std: 0.1, using: &rng))
        transformer = Transformer(width: hiddenSize, layers: layers, heads: 4, rng: &rng)
    }

    override var ownParameters: [(String, Parameter)] { [("positions", positions)] }
    override var children: [(String, Module)] { [("token_embedding", tokenEmbedding), ("transformer", transformer)] }

    var layerCount: Int { transformer.blocks.count }
    func layerPrefix(_ i: Int) -> String { "transformer.resblocks.\(i)." }

    func ids(_ text: String) -> [Int] {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return [1] + words.map { w in 3 + Int(w.unicodeScalars.reduce(UInt32(5381)) { ($0 &* 33) &+ $1.value } % UInt32(vocabSize - 3)) } + [2]
    }

    func countTokens(_ text: String) -> Int { ids(text).count }

    func encode(_ texts: [String]) -> Tensor {
        let rows = texts.map { Array(ids($0).prefix(maxTokens)) }
        let length = rows.map(\.count).max() ?? 1
        let flat = rows.flatMap { $0 + Array(repeating: 0, count: length - $0.count) }
        let x = tokenEmbedding(flat, shape: [texts.count, length]) + positions.value.slice(axis: 0, 0..<length)
        return transformer(x).mean(axis: 1)
    }

    func save(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = ["hidden_size": hiddenSize, "layers": layerCount, "max_tokens": maxTokens]
        try JSONSerialization.data(withJSONObject: config).write(to: directory.appendingPathComponent("config.json"))
        try SafeTensors.write(stateDict(), to: directory.appendingPathComponent("weights.safetensors"))
    }

    static func load(_ directory: URL) throws -> any SentenceEncoding {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("config.json")))
        let config = object as! [String: Int]
        let encoder = TinySentenceEncoder(hiddenSize: config["hidden_size"]!, layers: config["layers"]!, maxTokens: config["max_tokens"]!)
        try encoder.load(try SafeTensors.read(directory.appendingPathComponent("weights.safetensors")))
        return encoder
    }

    static func registerFormat() { SentenceEncoderFormats.register(format: formatName, loader: load) }
}
