import Foundation
import NN
import TensorCore
import Tokenizers

extension SentenceEncoder {
    /// Whether `directory` looks like a BERT or sentence-transformers model: a `modules.json`
    /// naming a Transformer module, or a `config.json` whose `model_type` is `bert`.
    public static func isEncoderDirectory(_ directory: URL) -> Bool {
        let files = FileManager.default
        if let modules = try? readModules(directory), modules.contains(where: { $0.type.hasSuffix(".Transformer") }) {
            return true
        }
        let config = directory.appendingPathComponent("config.json")
        guard files.fileExists(atPath: config.path), let data = try? Data(contentsOf: config),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["model_type"] as? String == "bert"
    }

    /// Loads a sentence-transformers directory (`modules.json`: Transformer → Pooling → Normalize)
    /// or a plain Hugging Face `BertModel` directory (mean pooling, no normalisation).
    ///
    /// Reads `config.json`, `model.safetensors` (or a sharded index), the WordPiece tokenizer files
    /// and `1_Pooling/config.json`. Keys may carry a `bert.` prefix; `embeddings.position_ids`,
    /// masked-LM heads (`cls.*`) and, unless `withPooler`, `pooler.*` are ignored.
    /// - Parameter withPooler: also load BERT's pooler (needed only for ``BertPooler`` outputs).
    /// - Throws: `SentenceEncoderError`, `TokenizerError`, `SafeTensorsError` or
    ///   `WeightLoadingError`, each naming the file and key.
    public static func load(directory: URL, withPooler: Bool = false) throws -> SentenceEncoder {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SentenceEncoderError.notAnEncoderDirectory(path: directory.path, reason: "no such directory")
        }
        var transformerDirectory = directory
        var pooling = SentencePooling.mean
        var normalizes = false
        if let modules = try readModules(directory) {
            var sawTransformer = false
            for module in modules {
                let path = directory.appendingPathComponent(module.path)
                switch module.type.split(separator: ".").last.map(String.init) ?? module.type {
                case "Transformer":
                    transformerDirectory = path
                    sawTransformer = true
                case "Pooling":
                    pooling = try SentencePooling.read(path.appendingPathComponent("config.json"))
                case "Normalize":
                    normalizes = true
                default:
                    throw SentenceEncoderError.unsupportedModule(
                        path: directory.appendingPathComponent("modules.json").path, module: module.type)
                }
            }
            if !sawTransformer {
                throw SentenceEncoderError.invalidConfiguration(
                    path: directory.appendingPathComponent("modules.json").path, key: "type",
                    reason: "no sentence_transformers.models.Transformer module")
            }
        }
        let configURL = transformerDirectory.appendingPathComponent("config.json")
        guard files.fileExists(atPath: configURL.path) else {
            throw SentenceEncoderError.notAnEncoderDirectory(path: directory.path, reason: "no config.json")
        }
        let configuration = try BertConfiguration.read(configURL)
        let tokenizer = try WordPieceTokenizer.load(
            directory: transformerDirectory, maxPositions: configuration.maxPositionEmbeddings)
        let model = BertModel(configuration: configuration, withPooler: withPooler)
        try model.load(try readWeights(transformerDirectory, withPooler: withPooler))
        return SentenceEncoder(
            model: model, tokenizer: tokenizer, pooling: pooling, normalizes: normalizes, directory: directory)
    }

    /// Module entries of `modules.json`, or `nil` when there is none.
    static func readModules(_ directory: URL) throws -> [(path: String, type: String)]? {
        let url = directory.appendingPathComponent("modules.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) } catch {
            throw SentenceEncoderError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        guard let list = object as? [[String: Any]] else {
            throw SentenceEncoderError.invalidConfiguration(path: url.path, key: "", reason: "not a JSON array of modules")
        }
        return try list.enumerated().map { index, entry in
            guard let type = entry["type"] as? String else {
                throw SentenceEncoderError.invalidConfiguration(path: url.path, key: "[\(index)].type", reason: "missing")
            }
            return (entry["path"] as? String ?? "", type)
        }
    }

    /// The checkpoint's tensors under `BertModel` names.
    static func readWeights(_ directory: URL, withPooler: Bool) throws -> [String: Tensor] {
        let single = directory.appendingPathComponent("model.safetensors")
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        let raw: [String: Tensor]
        if FileManager.default.fileExists(atPath: single.path) {
            raw = try SafeTensors.read(single)
        } else if FileManager.default.fileExists(atPath: index.path) {
            raw = try SafeTensors.read(index)
        } else {
            throw SentenceEncoderError.notAnEncoderDirectory(
                path: directory.path, reason: "no model.safetensors (pytorch_model.bin is not read; convert it)")
        }
        var weights: [String: Tensor] = [:]
        for (key, tensor) in raw {
            var name = key.hasPrefix("bert.") ? String(key.dropFirst(5)) : key
            if name.hasPrefix("cls.") || name == "embeddings.position_ids" { continue }
            if name.hasPrefix("pooler.") && !withPooler { continue }
            if name.hasSuffix("LayerNorm.gamma") { name = String(name.dropLast(5)) + "weight" }
            if name.hasSuffix("LayerNorm.beta") { name = String(name.dropLast(4)) + "bias" }
            weights[name] = tensor
        }
        return weights
    }
}
