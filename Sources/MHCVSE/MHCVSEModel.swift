import CLIPModels
import CLIPPipeline
import DataIO
import Foundation
import NN
import TensorCore
import Tokenizers
import Training

/// Errors opening or saving an MH-CVSE model directory, naming the file and key.
public enum MHCVSEError: Error, CustomStringConvertible {
    case badFile(path: String, reason: String)
    public var description: String {
        switch self {
        case let .badFile(path, reason): return "\(path): \(reason)"
        }
    }
}

/// A trained MH-CVSE model: the frozen base CLIP, the heads and the concept vocabulary.
///
/// On disk (self-contained): `loupe_model.json` (`{"kind": "mhcvse", "format": 1, "settings": …}`),
/// `base/` (the base CLIP in the OpenCLIP layout, with its tokenizer vocabulary),
/// `heads.safetensors` and `concepts.json`.
public final class MHCVSEModel: @unchecked Sendable {
    public static let kind = "mhcvse"
    public let base: FrozenBase
    public let heads: MHCVSEHeads
    public let vocabulary: ConceptVocabulary

    public init(base: FrozenBase, heads: MHCVSEHeads, vocabulary: ConceptVocabulary) {
        precondition(vocabulary.count == heads.conceptCount, "vocabulary of \(vocabulary.count) for \(heads.conceptCount) concepts")
        self.base = base
        self.heads = heads
        self.vocabulary = vocabulary
    }

    struct Manifest: Codable {
        var kind: String
        var format: Int
        var settings: TrainConfig.MHCVSE
        var featureDimension: Int
        enum CodingKeys: String, CodingKey { case kind, format, settings, featureDimension = "feature_dimension" }
    }

    // MARK: - Encoding

    /// Multi-hot concept labels `[B, K]` of `texts`.
    public func labels(_ texts: [String]) -> Tensor {
        Tensor(texts.flatMap { vocabulary.labels($0) }, shape: [texts.count, vocabulary.count])
    }

    /// Retrieval vectors `[B, 2D]` of normalised pixels `[B, 3, S, S]`, without the tape.
    public func imageVectors(_ pixels: Tensor) -> Tensor {
        noGrad { heads.retrievalVectors(heads.encodeImage(base.imageFeatures(pixels), concepts: heads.gcn())) }
    }

    /// Retrieval vectors `[B, 2D]` of `texts`, without the tape.
    public func textVectors(_ texts: [String]) -> Tensor {
        noGrad {
            heads.retrievalVectors(heads.encodeText(base.textFeatures(texts), labels: labels(texts), concepts: heads.gcn()))
        }
    }

    // MARK: - Files

    /// Writes the model directory (replacing `directory` if it exists).
    public func save(to directory: URL) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: directory)
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let baseDir = directory.appendingPathComponent("base")
        try CLIPExporter.export(base.model, to: baseDir, layout: .openCLIP,
                                preprocess: (base.preprocess.mean, base.preprocess.std))
        if let source = try? CLIPTokenizer.vocabularySource(modelDirectory: nil, environment: ProcessInfo.processInfo.environment),
           case let .bpeGzip(url) = source, base.model.config.text.vocabSize == 49408 {
            try? fm.copyItem(at: url, to: baseDir.appendingPathComponent(url.lastPathComponent))
        }
        try SafeTensors.write(heads.stateDict(), to: directory.appendingPathComponent("heads.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(vocabulary).write(to: directory.appendingPathComponent("concepts.json"), options: .atomic)
        let manifest = Manifest(kind: Self.kind, format: 1, settings: heads.settings, featureDimension: base.featureDimension)
        try encoder.encode(manifest).write(to: directory.appendingPathComponent(EmbedderLoader.manifestName), options: .atomic)
    }

    /// Opens a directory written by ``save(to:)``.
    public static func load(_ directory: URL) throws -> (model: MHCVSEModel, baseFingerprint: String) {
        let manifestURL = directory.appendingPathComponent(EmbedderLoader.manifestName)
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw MHCVSEError.badFile(path: manifestURL.path, reason: "not an MH-CVSE manifest (\(error))")
        }
        guard manifest.kind == kind, manifest.format == 1 else {
            throw MHCVSEError.badFile(path: manifestURL.path, reason: "key 'kind'/'format' must be \"\(kind)\"/1")
        }
        do { try manifest.settings.validate() } catch {
            throw MHCVSEError.badFile(path: manifestURL.path, reason: "key 'settings': \(error)")
        }
        let embedder = try CLIPEmbedder.load(directory.appendingPathComponent("base"))
        guard embedder.dimension == manifest.featureDimension else {
            throw MHCVSEError.badFile(path: manifestURL.path,
                                      reason: "key 'feature_dimension' is \(manifest.featureDimension) but base/ has \(embedder.dimension)")
        }
        let conceptsURL = directory.appendingPathComponent("concepts.json")
        let vocabulary: ConceptVocabulary
        do { vocabulary = try JSONDecoder().decode(ConceptVocabulary.self, from: Data(contentsOf: conceptsURL)) } catch {
            throw MHCVSEError.badFile(path: conceptsURL.path, reason: "expected {\"words\": [...]} (\(error))")
        }
        let k = vocabulary.count
        let heads = MHCVSEHeads(settings: manifest.settings, featureDimension: manifest.featureDimension,
                                conceptInputs: .zeros([k, manifest.featureDimension]), adjacency: .zeros([k, k]), seed: 0)
        let headsURL = directory.appendingPathComponent("heads.safetensors")
        do { try heads.load(try SafeTensors.read(headsURL)) } catch {
            throw MHCVSEError.badFile(path: headsURL.path, reason: "\(error)")
        }
        heads.setRequiresGrad(false)
        let base = FrozenBase(model: embedder.model, tokenizer: embedder.tokenizer, preprocess: embedder.preprocess)
        return (MHCVSEModel(base: base, heads: heads, vocabulary: vocabulary), embedder.fingerprint)
    }
}
