import CLIPModels
import CLIPPipeline
import DataIO
import Foundation
import Hashing
import NN
import TensorCore

/// Errors reading or writing a CCL model directory.
public enum CCLModelError: Error, CustomStringConvertible {
    case badDirectory(path: String, reason: String)
    public var description: String {
        switch self {
        case let .badDirectory(path, reason): return "\(path): \(reason)"
        }
    }
}

/// A saved CCL model: `loupe_model.json` (`{"kind": "ccl", "architecture": …, "base": "base"}`),
/// `ccl.safetensors` (both stages) and `base/`, a copy of the frozen CLIP model, so the
/// directory is self-contained. Images and texts go through the frozen towers (whole + 2×2
/// crops, caption + noun phrases), stage 1 and stage 2; the vector is the common-space output.
public final class CCLEmbedder: ImageTextEmbedder, @unchecked Sendable {
    public static let kind = "ccl"
    public static let weightsName = "ccl.safetensors"
    public static let baseName = "base"

    public let model: CCLModel
    public let features: CCLFeatureExtractor
    public let fingerprint: String
    private let lock = NSLock()

    public init(model: CCLModel, features: CCLFeatureExtractor, fingerprint: String) {
        self.model = model
        self.features = features
        self.fingerprint = fingerprint
        model.train(false)
    }

    public var dimension: Int { model.architecture.commonWidth }
    public var textContextTokens: Int { features.clip.contextLength }
    public var batchSize: Int {
        get { features.clip.batchSize }
        set { features.clip.batchSize = newValue }
    }
    public func countTokens(_ text: String) -> Int { features.clip.countTokens(text) }

    public func embedTexts(_ texts: [String], normalize: Bool) throws -> [[Float]] {
        lock.lock()
        defer { lock.unlock() }
        return try textRowsInBatches(texts, batchSize: batchSize, normalize: normalize) {
            model.embed(image: nil, text: FeatureBatch(try features.texts($0))).text!
        }
    }

    public func embedImages(_ requests: [ImageRequest], normalize: Bool) throws -> [Result<[Float], any Error>] {
        lock.lock()
        defer { lock.unlock() }
        var out: [Result<[Float], any Error>] = []
        out.reserveCapacity(requests.count)
        for start in stride(from: 0, to: requests.count, by: max(batchSize, 1)) {
            let chunk = Array(requests[start..<min(requests.count, start + max(batchSize, 1))])
            let results = try features.images(chunk)
            let good = results.compactMap { try? $0.get() }
            var vectors: [[Float]] = []
            if !good.isEmpty {
                let v = noGrad { model.embed(image: FeatureBatch(good), text: nil).image! }
                vectors = (normalize ? noGrad { v.l2Normalized() } : v).rowArrays
            }
            var next = 0
            for r in results {
                switch r {
                case .success:
                    out.append(.success(vectors[next]))
                    next += 1
                case let .failure(e): out.append(.failure(e))
                }
            }
        }
        return out
    }

    // MARK: - Directory

    struct Manifest: Codable {
        var kind: String
        var architecture: CCLArchitecture
        var base: String
    }

    /// Opens a CCL model directory (registered with ``EmbedderLoader`` under kind `ccl`).
    @Sendable public static func load(_ directory: URL) throws -> any ImageTextEmbedder { try open(directory) }

    /// Opens a CCL model directory.
    public static func open(_ directory: URL) throws -> CCLEmbedder {
        let manifestURL = directory.appendingPathComponent(EmbedderLoader.manifestName)
        let manifestData: Data
        do { manifestData = try Data(contentsOf: manifestURL) } catch {
            throw CCLModelError.badDirectory(path: manifestURL.path, reason: "cannot read: \(error.localizedDescription)")
        }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: manifestData) } catch {
            throw CCLModelError.badDirectory(path: manifestURL.path, reason: "not a CCL manifest: \(error)")
        }
        let baseURL = directory.appendingPathComponent(manifest.base)
        let clip = try CLIPEmbedder.load(baseURL)
        guard clip.dimension == manifest.architecture.featureDimension else {
            throw CCLModelError.badDirectory(
                path: manifestURL.path,
                reason: "architecture.feature_dimension is \(manifest.architecture.featureDimension) but the base model embeds in \(clip.dimension)")
        }
        let model = CCLModel(manifest.architecture)
        let weightsURL = directory.appendingPathComponent(weightsName)
        do { try model.load(try SafeTensors.read(weightsURL)) } catch {
            throw CCLModelError.badDirectory(path: weightsURL.path, reason: "\(error)")
        }
        var hash = SHA256()
        hash.update(manifestData)
        hash.update(try Data(contentsOf: weightsURL))
        hash.update(clip.fingerprint)
        let extractor = CCLFeatureExtractor(clip: clip, grid: manifest.architecture.grid,
                                            computesFine: manifest.architecture.granularity.usesFine)
        return CCLEmbedder(model: model, features: extractor, fingerprint: "ccl-" + hash.hexDigest())
    }

    /// Writes a self-contained model directory: the manifest, the weights and a copy of the base
    /// CLIP model (the regular files of its directory, or an OpenCLIP export of a single file).
    public static func save(_ model: CCLModel, base: URL, clip: CLIPEmbedder, to directory: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let baseOut = directory.appendingPathComponent(baseName)
        try? fm.removeItem(at: baseOut)
        try fm.createDirectory(at: baseOut, withIntermediateDirectories: true)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: base.path, isDirectory: &isDirectory), isDirectory.boolValue {
            for name in try fm.contentsOfDirectory(atPath: base.path).sorted() {
                let source = base.appendingPathComponent(name)
                var sub: ObjCBool = false
                guard fm.fileExists(atPath: source.path, isDirectory: &sub), !sub.boolValue,
                      name != EmbedderLoader.manifestName else { continue }
                try fm.copyItem(at: source, to: baseOut.appendingPathComponent(name))
            }
        } else {
            try CLIPExporter.export(clip.model, to: baseOut, layout: .openCLIP,
                                    preprocess: (clip.preprocess.mean, clip.preprocess.std))
        }
        try SafeTensors.write(model.stateDict(), to: directory.appendingPathComponent(weightsName))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(Manifest(kind: kind, architecture: model.architecture, base: baseName))
            .write(to: directory.appendingPathComponent(EmbedderLoader.manifestName), options: .atomic)
    }
}
