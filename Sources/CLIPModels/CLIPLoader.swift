import Foundation
import NN
import TensorCore

/// What the weights alone cannot say; needed only when no configuration file is at hand.
public struct ArchitectureHints: Sendable {
    public var activation: Activation?
    /// Attention head width (64 for most models; 80 for ViT-H-14).
    public var headWidth: Int?
    public init(activation: Activation? = nil, headWidth: Int? = nil) {
        self.activation = activation
        self.headWidth = headWidth
    }
}

/// A loaded CLIP model with where it came from.
public struct LoadedCLIP {
    public let model: CLIPModel
    public let layout: CheckpointLayout
    /// The configuration file used, or `nil` when the architecture was inferred from shapes.
    public let configFile: URL?
    public let weightFiles: [URL]
    /// The model directory, when loaded from one (tokenizer and preprocessing files live there).
    public let directory: URL?
    /// Whether the checkpoint held each tower (with-projection subsets hold one).
    public let hasImageTower: Bool
    public let hasTextTower: Bool
}

/// Finds, reads and checks CLIP checkpoints in every supported layout.
public enum CLIPLoader {
    static let huggingFaceWeights = ["model.safetensors", "model.safetensors.index.json"]
    static let openCLIPWeights = ["open_clip_model.safetensors", "open_clip_pytorch_model.safetensors"]
    static let pickleWeights = ["pytorch_model.bin", "open_clip_pytorch_model.bin"]

    /// Loads `path`: a model directory (HF or OpenCLIP layout) or a `.safetensors` file with an
    /// optional `configFile` (HF `config.json` or `open_clip_config.json`). Without any
    /// configuration the architecture is inferred from tensor shapes plus `hints`.
    public static func load(_ path: URL, configFile: URL? = nil, hints: ArchitectureHints = .init()) throws -> LoadedCLIP {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path.path, isDirectory: &isDir) else {
            throw ConfigurationError.unreadable(path: path.path, reason: "no such file or directory")
        }
        var weightsURL = path
        var config = configFile
        var directory: URL?
        if isDir.boolValue {
            directory = path
            let candidates = huggingFaceWeights + openCLIPWeights
            guard let found = candidates.map({ path.appendingPathComponent($0) }).first(where: { fm.fileExists(atPath: $0.path) }) else {
                if let pickle = pickleWeights.first(where: { fm.fileExists(atPath: path.appendingPathComponent($0).path) }) {
                    throw ConfigurationError.unsupported(
                        "\(path.path): only \(pickle) found; Loupe reads safetensors only (convert with safetensors.torch.save_file)")
                }
                throw ConfigurationError.unreadable(
                    path: path.path, reason: "no weights found (looked for \(candidates.joined(separator: ", ")))")
            }
            weightsURL = found
            if config == nil {
                config = ["open_clip_config.json", "config.json"].map { path.appendingPathComponent($0) }
                    .first { fm.fileExists(atPath: $0.path) }
                // Prefer the config matching the weights' layout when both exist.
                if openCLIPWeights.contains(found.lastPathComponent) {
                    let oc = path.appendingPathComponent("open_clip_config.json")
                    if fm.fileExists(atPath: oc.path) { config = oc }
                } else {
                    let hf = path.appendingPathComponent("config.json")
                    if fm.fileExists(atPath: hf.path) { config = hf }
                }
            }
        }
        let raw = CheckpointKeys.stripWrappers(try SafeTensors.read(weightsURL))
        let layout = try CheckpointKeys.detectLayout(raw.keys)
        let weights = try CheckpointKeys.toOpenCLIP(raw, layout: layout)
        let configuration: CLIPConfiguration
        if let config {
            configuration = try readConfiguration(config)
        } else {
            configuration = try inferConfiguration(weights, hints: hints)
        }
        let model = CLIPModel(configuration)
        try load(weights, into: model, source: weightsURL.path)
        let files = weightsURL.lastPathComponent.hasSuffix(".index.json")
            ? shardFiles(index: weightsURL) : [weightsURL]
        return LoadedCLIP(model: model, layout: layout, configFile: config, weightFiles: files, directory: directory,
                          hasImageTower: weights.keys.contains { $0.hasPrefix("visual.") },
                          hasTextTower: weights.keys.contains("token_embedding.weight"))
    }

    /// Reads either configuration format, telling them apart by their keys.
    public static func readConfiguration(_ url: URL) throws -> CLIPConfiguration {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigurationError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        if object["model_cfg"] != nil || object["vision_cfg"] != nil || object["embed_dim"] != nil {
            return try CLIPConfiguration.fromOpenCLIP(url)
        }
        return try CLIPConfiguration.fromHuggingFace(url)
    }

    /// Strict load, except that a checkpoint holding only one tower (a with-projection subset)
    /// may lack the other tower entirely.
    static func load(_ weights: [String: Tensor], into model: CLIPModel, source: String) throws {
        var w = weights
        let hasVision = w.keys.contains { $0.hasPrefix("visual.") }
        let hasText = w.keys.contains { $0 == "token_embedding.weight" }
        let state = model.stateDict()
        for (k, v) in state where w[k] == nil {
            let isVision = k.hasPrefix("visual.")
            if (isVision && !hasVision) || (!isVision && k != "logit_scale" && !hasText) || (k == "logit_scale" && !(hasVision && hasText)) {
                w[k] = v  // the absent tower keeps its initial values
            }
        }
        do {
            try model.load(w)
        } catch let error as WeightLoadingError {
            throw ConfigurationError.unsupported("\(source): \(error.description.replacingOccurrences(of: "hf:", with: ""))")
        }
    }

    static func shardFiles(index: URL) -> [URL] {
        guard let data = try? Data(contentsOf: index),
              let o = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let map = o["weight_map"] as? [String: String] else { return [index] }
        return Set(map.values).sorted().map { index.deletingLastPathComponent().appendingPathComponent($0) }
    }

    /// The architecture from tensor shapes (OpenAI `build_model`), plus what shapes cannot tell.
    public static func inferConfiguration(_ w: [String: Tensor], hints: ArchitectureHints) throws -> CLIPConfiguration {
        guard let activation = hints.activation, let headWidth = hints.headWidth else {
            throw ConfigurationError.cannotInfer(
                what: "activation and attention head width",
                hint: "pass a config file (--config config.json or open_clip_config.json), or give --activation quick_gelu|gelu and --head-width N (OpenAI checkpoints: quick_gelu, 64)")
        }
        func shape(_ k: String) throws -> [Int] {
            guard let t = w[k] else { throw ConfigurationError.cannotInfer(what: "architecture", hint: "tensor '\(k)' is missing") }
            return t.shape
        }
        func layers(_ prefix: String) -> Int {
            Set(w.keys.compactMap { k -> Int? in
                guard k.hasPrefix(prefix) else { return nil }
                return Int(k.dropFirst(prefix.count).prefix { $0 != "." })
            }).count
        }
        var c = CLIPConfiguration()
        let conv = try shape("visual.conv1.weight")
        c.vision.width = conv[0]
        c.vision.patchSize = conv[3]
        let grid = Int((Double(try shape("visual.positional_embedding")[0] - 1)).squareRoot().rounded())
        c.vision.imageSize = grid * c.vision.patchSize
        c.vision.layers = layers("visual.transformer.resblocks.")
        c.vision.heads = c.vision.width / headWidth
        c.vision.mlpHidden = try shape("visual.transformer.resblocks.0.mlp.c_fc.weight")[0]
        c.vision.activation = activation
        c.embedDim = try shape("visual.proj")[1]
        c.text.contextLength = try shape("positional_embedding")[0]
        c.text.vocabSize = try shape("token_embedding.weight")[0]
        c.text.width = try shape("ln_final.weight")[0]
        c.text.layers = layers("transformer.resblocks.")
        c.text.heads = c.text.width / headWidth
        c.text.mlpHidden = try shape("transformer.resblocks.0.mlp.c_fc.weight")[0]
        c.text.activation = activation
        try c.validate(source: "inferred configuration")
        return c
    }
}
