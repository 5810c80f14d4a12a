import Foundation
import NN

/// The architecture of a CLIP ViT model: everything needed to build it, nothing about weights.
public struct CLIPConfiguration: Codable, Sendable, Equatable {
    public struct Vision: Codable, Sendable, Equatable {
        public var imageSize = 224
        public var patchSize = 32
        public var width = 768
        public var layers = 12
        public var heads = 12
        public var mlpHidden = 3072
        public var activation: Activation = .quickGELU
        public var layerNormEps: Float = 1e-5
        /// ViT-B/32's image tower by default.
        public init(
            imageSize: Int = 224, patchSize: Int = 32, width: Int = 768, layers: Int = 12, heads: Int = 12,
            mlpHidden: Int? = nil, activation: Activation = .quickGELU, layerNormEps: Float = 1e-5
        ) {
            self.imageSize = imageSize
            self.patchSize = patchSize
            self.width = width
            self.layers = layers
            self.heads = heads
            self.mlpHidden = mlpHidden ?? 4 * width
            self.activation = activation
            self.layerNormEps = layerNormEps
        }
        public var gridSize: Int { imageSize / patchSize }
        public var headWidth: Int { width / heads }
    }

    public struct Text: Codable, Sendable, Equatable {
        /// How the sequence embedding is picked: at the first maximal id (OpenAI/OpenCLIP
        /// `argmax`, where <|endoftext|> has the largest id) or at the first `eosTokenID`.
        public enum Pooling: String, Codable, Sendable { case argmax, eos }
        public var contextLength = 77
        public var vocabSize = 49408
        public var width = 512
        public var layers = 12
        public var heads = 8
        public var mlpHidden = 2048
        public var activation: Activation = .quickGELU
        public var layerNormEps: Float = 1e-5
        public var pooling: Pooling = .argmax
        public var eosTokenID = 49407
        /// Whether the text projection is a biased `nn.Linear` (some OpenCLIP custom towers).
        public var projectionBias = false
        /// ViT-B/32's text tower by default.
        public init(
            contextLength: Int = 77, vocabSize: Int = 49408, width: Int = 512, layers: Int = 12, heads: Int = 8,
            mlpHidden: Int? = nil, activation: Activation = .quickGELU, layerNormEps: Float = 1e-5
        ) {
            self.contextLength = contextLength
            self.vocabSize = vocabSize
            self.width = width
            self.layers = layers
            self.heads = heads
            self.mlpHidden = mlpHidden ?? 4 * width
            self.activation = activation
            self.layerNormEps = layerNormEps
        }
        public var headWidth: Int { width / heads }
    }

    public var embedDim = 512
    public var vision = Vision()
    public var text = Text()
    public var logitScaleInit: Float = 2.6592

    /// ViT-B/32 (OpenAI layout sizes) unless told otherwise.
    public init(embedDim: Int = 512, vision: Vision = Vision(), text: Text = Text()) {
        self.embedDim = embedDim
        self.vision = vision
        self.text = text
    }

    /// A tiny from-scratch architecture for minutes-long CPU runs: 64 px, patch 8, width 128,
    /// 4 layers per tower.
    public static var tiny: CLIPConfiguration {
        CLIPConfiguration(
            embedDim: 128,
            vision: Vision(imageSize: 64, patchSize: 8, width: 128, layers: 4, heads: 4, activation: .gelu),
            text: Text(width: 128, layers: 4, heads: 4, activation: .gelu))
    }

    /// A small from-scratch architecture: 64 px images, patch 8, width 256, 6 layers per tower.
    public static var small: CLIPConfiguration {
        CLIPConfiguration(
            embedDim: 256,
            vision: Vision(imageSize: 64, patchSize: 8, width: 256, layers: 6, heads: 4, activation: .gelu),
            text: Text(width: 256, layers: 6, heads: 4, activation: .gelu))
    }
}

/// Problems with a model configuration or with telling the architecture from the weights.
public enum ConfigurationError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, key: String, reason: String)
    case cannotInfer(what: String, hint: String)
    case unsupported(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read configuration: \(reason)"
        case let .invalid(path, key, reason): return "\(path): '\(key)' \(reason)"
        case let .cannotInfer(what, hint): return "cannot tell the \(what) from the weights alone: \(hint)"
        case let .unsupported(what): return what
        }
    }
}

extension CLIPConfiguration {
    /// Reads a Hugging Face `config.json` (`CLIPConfig`), applying `CLIPConfig`'s defaults to every
    /// field it omits, as transformers does (LAION configs list only non-default fields).
    public static func fromHuggingFace(_ url: URL) throws -> CLIPConfiguration {
        let root = try jsonObject(url)
        var c = CLIPConfiguration()
        c.embedDim = try int(root, "projection_dim", url) ?? 512
        c.logitScaleInit = try float(root, "logit_scale_init_value", url) ?? 2.6592
        let text = root["text_config"] as? [String: Any] ?? [:]
        let vision = root["vision_config"] as? [String: Any] ?? [:]
        c.text.vocabSize = try int(text, "vocab_size", url) ?? 49408
        c.text.width = try int(text, "hidden_size", url) ?? 512
        c.text.mlpHidden = try int(text, "intermediate_size", url) ?? 2048
        c.text.layers = try int(text, "num_hidden_layers", url) ?? 12
        c.text.heads = try int(text, "num_attention_heads", url) ?? 8
        c.text.contextLength = try int(text, "max_position_embeddings", url) ?? 77
        c.text.activation = try activation(text, "hidden_act", url) ?? .quickGELU
        c.text.layerNormEps = try float(text, "layer_norm_eps", url) ?? 1e-5
        // Legacy configs carry eos_token_id 2: transformers then pools at argmax (PR #24773).
        let eos = try int(text, "eos_token_id", url) ?? 49407
        c.text.pooling = eos == 2 ? .argmax : .eos
        c.text.eosTokenID = eos == 2 ? 49407 : eos
        c.vision.width = try int(vision, "hidden_size", url) ?? 768
        c.vision.mlpHidden = try int(vision, "intermediate_size", url) ?? 3072
        c.vision.layers = try int(vision, "num_hidden_layers", url) ?? 12
        c.vision.heads = try int(vision, "num_attention_heads", url) ?? 12
        c.vision.imageSize = try int(vision, "image_size", url) ?? 224
        c.vision.patchSize = try int(vision, "patch_size", url) ?? 32
        c.vision.activation = try activation(vision, "hidden_act", url) ?? .quickGELU
        c.vision.layerNormEps = try float(vision, "layer_norm_eps", url) ?? 1e-5
        try c.validate(source: url.path)
        return c
    }

    /// Reads an OpenCLIP `open_clip_config.json` (`{"model_cfg": …}`) or a bare model config,
    /// with open_clip's dataclass defaults for omitted fields.
    public static func fromOpenCLIP(_ url: URL) throws -> CLIPConfiguration {
        let root = try jsonObject(url)
        let model = root["model_cfg"] as? [String: Any] ?? root
        var c = CLIPConfiguration()
        c.embedDim = try int(model, "embed_dim", url) ?? 512
        c.logitScaleInit = try float(model, "init_logit_scale", url) ?? 2.6592
        let quick = model["quick_gelu"] as? Bool ?? false
        let act: Activation = quick ? .quickGELU : .gelu
        let vision = model["vision_cfg"] as? [String: Any] ?? [:]
        let text = model["text_cfg"] as? [String: Any] ?? [:]
        if vision["timm_model_name"] is String {
            throw ConfigurationError.unsupported("\(url.path): timm vision towers are not supported (ViT towers only)")
        }
        if vision["layers"] is [Any] {
            throw ConfigurationError.unsupported("\(url.path): ResNet (modified ResNet) vision towers are not supported")
        }
        if text["hf_model_name"] is String {
            throw ConfigurationError.unsupported("\(url.path): Hugging Face text towers inside OpenCLIP are not supported")
        }
        c.vision.imageSize = try int(vision, "image_size", url) ?? 224
        c.vision.patchSize = try int(vision, "patch_size", url) ?? 16
        c.vision.width = try int(vision, "width", url) ?? 768
        c.vision.layers = try int(vision, "layers", url) ?? 12
        let headWidth = try int(vision, "head_width", url) ?? 64
        c.vision.heads = c.vision.width / headWidth
        c.vision.mlpHidden = Int(Float(c.vision.width) * (try float(vision, "mlp_ratio", url) ?? 4))
        c.vision.activation = act
        c.text.contextLength = try int(text, "context_length", url) ?? 77
        c.text.vocabSize = try int(text, "vocab_size", url) ?? 49408
        c.text.width = try int(text, "width", url) ?? 512
        c.text.heads = try int(text, "heads", url) ?? 8
        c.text.layers = try int(text, "layers", url) ?? 12
        c.text.mlpHidden = Int(Float(c.text.width) * (try float(text, "mlp_ratio", url) ?? 4))
        c.text.activation = act
        c.text.projectionBias = text["proj_bias"] as? Bool ?? false
        switch text["pool_type"] as? String ?? "argmax" {
        case "argmax": c.text.pooling = .argmax
        case "eos":
            c.text.pooling = .eos
            c.text.eosTokenID = try int(text, "eos_id", url) ?? 2
        case let other:
            throw ConfigurationError.unsupported("\(url.path): text pool_type '\(other)' is not supported (argmax, eos)")
        }
        if let eps = (vision["norm_kwargs"] as? [String: Any])?["eps"] as? Double { c.vision.layerNormEps = Float(eps) }
        if let eps = (text["norm_kwargs"] as? [String: Any])?["eps"] as? Double { c.text.layerNormEps = Float(eps) }
        try c.validate(source: url.path)
        return c
    }

    /// Checks that the numbers describe a buildable model.
    public func validate(source: String) throws {
        func need(_ ok: Bool, _ key: String, _ why: String) throws {
            if !ok { throw ConfigurationError.invalid(path: source, key: key, reason: why) }
        }
        try need(vision.patchSize > 0 && vision.imageSize % vision.patchSize == 0, "image_size",
                 "\(vision.imageSize) must be a multiple of patch_size \(vision.patchSize)")
        try need(vision.heads > 0 && vision.width % vision.heads == 0, "vision heads",
                 "width \(vision.width) is not divisible by \(vision.heads) heads")
        try need(text.heads > 0 && text.width % text.heads == 0, "text heads",
                 "width \(text.width) is not divisible by \(text.heads) heads")
        try need(embedDim > 0 && text.contextLength > 0 && text.vocabSize > 0, "sizes", "must be positive")
    }

    private static func jsonObject(_ url: URL) throws -> [String: Any] {
        do {
            guard let o = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw ConfigurationError.unreadable(path: url.path, reason: "not a JSON object")
            }
            return o
        } catch let e as ConfigurationError {
            throw e
        } catch {
            throw ConfigurationError.unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func int(_ o: [String: Any], _ key: String, _ url: URL) throws -> Int? {
        guard let v = o[key], !(v is NSNull) else { return nil }
        guard let n = v as? NSNumber else {
            throw ConfigurationError.invalid(path: url.path, key: key, reason: "is not a number")
        }
        return n.intValue
    }

    private static func float(_ o: [String: Any], _ key: String, _ url: URL) throws -> Float? {
        guard let v = o[key], !(v is NSNull) else { return nil }
        guard let n = v as? NSNumber else {
            throw ConfigurationError.invalid(path: url.path, key: key, reason: "is not a number")
        }
        return n.floatValue
    }

    private static func activation(_ o: [String: Any], _ key: String, _ url: URL) throws -> Activation? {
        guard let name = o[key] as? String else { return nil }
        switch name {
        case "quick_gelu": return .quickGELU
        case "gelu": return .gelu
        case "relu": return .relu
        default:
            throw ConfigurationError.invalid(path: url.path, key: key,
                                             reason: "'\(name)' is not supported (quick_gelu, gelu, relu)")
        }
    }
}
