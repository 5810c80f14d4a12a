import CLIPModels
import DataIO
import Dispatch
import Foundation
import Hashing
import TensorCore
import Tokenizers

/// An image file to embed, optionally cropped first (PIL `crop((x, y, x + width, y + height))`).
public struct ImageRequest: Sendable, Equatable {
    public var url: URL
    public var crop: (x: Int, y: Int, width: Int, height: Int)?
    public init(url: URL, crop: (x: Int, y: Int, width: Int, height: Int)? = nil) {
        self.url = url
        self.crop = crop
    }
    public static func == (a: ImageRequest, b: ImageRequest) -> Bool {
        a.url == b.url && a.crop?.x == b.crop?.x && a.crop?.y == b.crop?.y
            && a.crop?.width == b.crop?.width && a.crop?.height == b.crop?.height
    }
}

/// Errors assembling a model pipeline.
public enum PipelineError: Error, CustomStringConvertible {
    case missingTower(String)
    case preprocessMismatch(path: String, modelSize: Int, preprocessSize: Int)
    case badManifest(path: String, reason: String)
    public var description: String {
        switch self {
        case let .missingTower(what): return what
        case let .badManifest(path, reason): return "\(path): \(reason)"
        case let .preprocessMismatch(path, modelSize, preprocessSize):
            return "\(path): preprocessing produces \(preprocessSize) px images but the model expects \(modelSize) px"
        }
    }
}

/// A loaded CLIP model with its tokenizer and image preprocessing: files and texts in,
/// projected embeddings out (as HF `get_*_features` / open_clip `encode_*`).
///
/// Image decoding and preprocessing run in parallel across a batch; the forward pass runs the
/// towers without the autodiff tape. Calls are serialised, so one embedder can be shared.
public final class CLIPEmbedder: @unchecked Sendable {
    public let loaded: LoadedCLIP
    public let tokenizer: CLIPTokenizer
    public let preprocess: PreprocessConfig
    public let fingerprint: String
    /// Items per forward pass.
    public var batchSize = 32
    public var decoding: ImageDecodingOptions {
        get { images.decoding }
        set { images.decoding = newValue }
    }
    private var images: ImageBatchEncoder
    private let lock = NSLock()

    public var model: CLIPModel { loaded.model }
    public var dimension: Int { loaded.model.config.embedDim }
    public var contextLength: Int { loaded.model.config.text.contextLength }

    public init(loaded: LoadedCLIP, tokenizer: CLIPTokenizer, preprocess: PreprocessConfig, fingerprint: String) {
        self.loaded = loaded
        self.tokenizer = tokenizer
        self.preprocess = preprocess
        self.fingerprint = fingerprint
        images = ImageBatchEncoder(preprocess: preprocess)
    }

    /// Loads the model at `path` with the tokenizer and preprocessing found beside it.
    public static func load(_ path: URL, configFile: URL? = nil, hints: ArchitectureHints = .init()) throws -> CLIPEmbedder {
        let loaded = try CLIPLoader.load(path, configFile: configFile, hints: hints)
        let preprocess = try preprocessConfig(for: loaded)
        let tokenizer = try CLIPTokenizer.load(modelDirectory: loaded.directory)
        let tokenizerSource = try CLIPTokenizer.vocabularySource(modelDirectory: loaded.directory, environment: ProcessInfo.processInfo.environment)
        let fingerprint = try FingerprintCache.shared.fingerprint(
            weightFiles: loaded.weightFiles, configuration: loaded.model.config,
            extra: ["preprocess": "\(preprocess)", "tokenizer": "\(tokenizerSource)"])
        return CLIPEmbedder(loaded: loaded, tokenizer: tokenizer, preprocess: preprocess, fingerprint: fingerprint)
    }

    /// The checkpoint's own preprocessing (`preprocessor_config.json`, `open_clip_config.json`'s
    /// `preprocess_cfg`), else the reference default for its layout.
    public static func preprocessConfig(for loaded: LoadedCLIP) throws -> PreprocessConfig {
        let size = loaded.model.config.vision.imageSize
        var config: PreprocessConfig
        var source = "default"
        let fm = FileManager.default
        if let dir = loaded.directory, loaded.layout == .huggingFace,
           fm.fileExists(atPath: dir.appendingPathComponent("preprocessor_config.json").path) {
            let url = dir.appendingPathComponent("preprocessor_config.json")
            config = try PreprocessConfig(huggingFaceConfigAt: url)
            source = url.path
        } else if let file = [loaded.configFile, loaded.directory?.appendingPathComponent("open_clip_config.json")]
                    .compactMap({ $0 }).first(where: { $0.lastPathComponent == "open_clip_config.json" && fm.fileExists(atPath: $0.path) }) {
            config = try PreprocessConfig(openCLIPConfigAt: file)
            config.imageSize = size
            config.shortestEdge = size
            source = file.path
        } else if loaded.layout == .huggingFace {
            config = .huggingFaceCLIP(imageSize: size)
        } else {
            config = .openAI
            config.imageSize = size
            config.shortestEdge = size
        }
        guard config.imageSize == size else {
            throw PipelineError.preprocessMismatch(path: source, modelSize: size, preprocessSize: config.imageSize)
        }
        return config
    }

    // MARK: - Text

    /// Token rows for `texts`, cut to the longest end-of-text position in the batch.
    ///
    /// Attention is causal and the tower pools at the end token, so positions after it cannot
    /// change the result: padding to the batch's longest text is exact, and much faster than 77.
    func tokenRows(_ texts: [String]) -> [[Int]] {
        let rows = tokenizer.tokenize(texts, contextLength: contextLength)
        let eot = tokenizer.endOfTextID
        let used = rows.map { ($0.firstIndex(of: eot) ?? ($0.count - 1)) + 1 }.max() ?? 1
        return rows.map { $0.prefix(used).map(Int.init) }
    }

    /// Projected text embeddings, one per text, in order.
    public func embedTexts(_ texts: [String], normalize: Bool = false) throws -> [[Float]] {
        guard loaded.hasTextTower else {
            throw PipelineError.missingTower("this checkpoint has no text tower (it is an image-only subset)")
        }
        lock.lock()
        defer { lock.unlock() }
        return textRowsInBatches(texts, batchSize: batchSize, normalize: normalize) { model.encodeText(tokenRows($0)) }
    }

    // MARK: - Images

    /// Decoded, optionally cropped, preprocessed `[3, S, S]` pixels of one file.
    public func pixels(_ request: ImageRequest) throws -> [Float] { try images.pixels(request) }

    /// Projected image embeddings, one result per request: a file that cannot be read or
    /// decoded gives its error and does not affect the others.
    public func embedImages(_ requests: [ImageRequest], normalize: Bool = false) throws -> [Result<[Float], any Error>] {
        guard loaded.hasImageTower else {
            throw PipelineError.missingTower("this checkpoint has no image tower (it is a text-only subset)")
        }
        lock.lock()
        defer { lock.unlock() }
        return images.embed(requests, batchSize: batchSize, normalize: normalize) { model.encodeImage($0) }
    }
}
