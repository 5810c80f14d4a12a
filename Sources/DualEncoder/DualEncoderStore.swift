import CLIPModels
import CLIPPipeline
import DataIO
import Foundation
import Hashing
import NN
import TensorCore
import Tokenizers

/// Saves and opens dual-encoder model directories: `loupe_model.json` (kind `dual-encoder`),
/// `model.safetensors` with every weight, and the text tower's own files (the CLIP BPE vocabulary,
/// or the sentence encoder's directory), so the directory is self-contained.
public enum DualEncoderStore {
    /// Writes `model` to `directory`; the manifest is written last, so a directory with a
    /// manifest is complete.
    public static func save(_ model: DualEncoderModel, preprocess: PreprocessConfig, to directory: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let manifestURL = directory.appendingPathComponent(EmbedderLoader.manifestName)
        try? fm.removeItem(at: manifestURL)
        let info: DualEncoderManifest.TextTowerInfo
        switch model.textTower {
        case let clip as CLIPTextTower:
            info = .init(kind: "clip", clip: clip.transformer.config)
            switch clip.vocabulary {
            case let .bpeGzip(url): try replaceItem(at: directory.appendingPathComponent(url.lastPathComponent), with: url)
            case let .huggingFace(vocab, merges):
                try replaceItem(at: directory.appendingPathComponent("vocab.json"), with: vocab)
                try replaceItem(at: directory.appendingPathComponent("merges.txt"), with: merges)
            }
        case let sentence as SentenceTextTower:
            let folder = directory.appendingPathComponent(DualEncoderManifest.sentenceDirectory)
            try? fm.removeItem(at: folder)
            try sentence.encoder.save(to: folder)
            info = .init(kind: "sentence", format: type(of: sentence.encoder).formatName,
                         directory: DualEncoderManifest.sentenceDirectory)
        default:
            throw DualEncoderError.badManifest(path: directory.path, reason: "cannot save a text tower of type \(type(of: model.textTower))")
        }
        try SafeTensors.write(model.stateDict(), to: directory.appendingPathComponent(DualEncoderManifest.weightsFile))
        let manifest = DualEncoderManifest(
            embedDim: model.embedDim, vision: model.visual.config, textTower: info,
            preprocess: .init(preprocess), logitScaleInit: model.logitScale.value.item)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: manifestURL, options: .atomic)
    }

    static func replaceItem(at destination: URL, with source: URL) throws {
        guard source.standardizedFileURL != destination.standardizedFileURL else { return }
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.copyItem(at: source, to: destination)
    }

    /// A saved dual encoder, ready to embed.
    public struct Loaded {
        public let model: DualEncoderModel
        public let preprocess: PreprocessConfig
        public let manifest: DualEncoderManifest
        /// SHA-256 over the manifest and every weight file.
        public let fingerprint: String
    }

    /// Opens a directory written by ``save(_:preprocess:to:)``.
    public static func load(_ directory: URL) throws -> Loaded {
        let manifestURL = directory.appendingPathComponent(EmbedderLoader.manifestName)
        let manifestData: Data
        let manifest: DualEncoderManifest
        do {
            manifestData = try Data(contentsOf: manifestURL)
            manifest = try JSONDecoder().decode(DualEncoderManifest.self, from: manifestData)
        } catch {
            throw DualEncoderError.badManifest(path: manifestURL.path, reason: "not a dual-encoder manifest (\(error))")
        }
        guard manifest.kind == DualEncoderManifest.kind else {
            throw DualEncoderError.badManifest(path: manifestURL.path, reason: "kind is '\(manifest.kind)', not '\(DualEncoderManifest.kind)'")
        }
        var rng = RandomGenerator(seed: 0)
        let visual = VisionTransformer(manifest.vision, embedDim: manifest.embedDim, rng: &rng)
        let tower: any TextTower
        var hashed: [URL] = [directory.appendingPathComponent(DualEncoderManifest.weightsFile)]
        switch manifest.textTower.kind {
        case "clip":
            guard let config = manifest.textTower.clip else {
                throw DualEncoderError.badManifest(path: manifestURL.path, reason: "text_tower.clip is missing")
            }
            let source = try CLIPTokenizer.vocabularySource(modelDirectory: directory)
            tower = try CLIPTextTower(config, outputDimension: manifest.embedDim, vocabulary: source, seed: 0)
        case "sentence":
            guard let format = manifest.textTower.format, let folder = manifest.textTower.directory else {
                throw DualEncoderError.badManifest(path: manifestURL.path, reason: "text_tower needs 'format' and 'directory'")
            }
            let encoderDirectory = directory.appendingPathComponent(folder)
            tower = SentenceTextTower(encoder: try SentenceEncoderFormats.load(format: format, directory: encoderDirectory),
                                      outputDimension: manifest.embedDim, seed: 0)
            // Its configuration and tokenizer files; its weights are overridden by model.safetensors.
            hashed += (try? FileManager.default.contentsOfDirectory(at: encoderDirectory, includingPropertiesForKeys: nil))?
                .filter { !$0.hasDirectoryPath && !["safetensors", "bin"].contains($0.pathExtension) }
                .sorted { $0.path < $1.path } ?? []
        default:
            throw DualEncoderError.badManifest(path: manifestURL.path, reason: "text_tower.kind '\(manifest.textTower.kind)' is not clip or sentence")
        }
        let model = DualEncoderModel(visual: visual, textTower: tower, logitScaleInit: manifest.logitScaleInit)
        let weightsURL = directory.appendingPathComponent(DualEncoderManifest.weightsFile)
        do {
            try model.load(try SafeTensors.read(weightsURL))
        } catch {
            throw DualEncoderError.badManifest(path: weightsURL.path, reason: "\(error)")
        }
        model.setRequiresGrad(false)
        var h = SHA256()
        h.update(manifestData)
        for file in hashed {
            h.update("\n\(file.lastPathComponent):")
            h.update(try SHA256.hex(fileAt: file))
        }
        return Loaded(model: model, preprocess: manifest.preprocess.config, manifest: manifest, fingerprint: "sha256:" + h.hexDigest())
    }
}

