import CLIPModels
import CLIPPipeline
import DataIO
import Dispatch
import Foundation
import NN
import TensorCore
import Tokenizers
import Training

/// One dual-encoder batch: normalised pixels and the captions to encode.
public struct DualEncoderBatch: Sendable {
    public var pixels: [Float]
    public var count: Int
    public var captions: [String]
}

/// `loupe train` with objective `dual`: a CLIP image tower (from scratch by `model.architecture`,
/// or from the CLIP checkpoint or dual encoder at `model.init`) and the text tower `text_tower`
/// says, trained with CLIP's symmetric InfoNCE and learnable temperature, unchanged (Stone et
/// al.'s recipe: better semantic targets, same objective). Reuses ``TrainLoop`` for optimizer
/// steps, checkpoints, exact resume and metrics; `OUT/final` is a `dual-encoder` model directory.
public final class DualEncoderTrainer: @unchecked Sendable {
    public let config: TrainConfig
    public let model: DualEncoderModel
    public let preprocess: PreprocessConfig
    public let examples: [TrainingExample]
    public let evalExamples: [TrainingExample]
    public let output: URL
    /// What reading the training data did (format, split, recaptions, skipped images).
    public let dataReport: TrainingSource.Report

    public init(config: TrainConfig) throws {
        try config.validate()
        self.config = config
        output = URL(fileURLWithPath: config.out)
        (model, preprocess) = try Self.build(config)
        let train = try TrainingSource.read(config.data.train, data: config.data, split: config.data.split, seed: config.seed)
        examples = train.examples
        dataReport = train.report
        evalExamples = try config.data.eval.map {
            try TrainingSource.read($0, data: config.data, split: config.data.evalSplit, heldOut: true).examples
        } ?? []
    }

    // MARK: - Model

    /// The model and image preprocessing the config describes, with trainability applied.
    public static func build(_ config: TrainConfig) throws -> (DualEncoderModel, PreprocessConfig) {
        let settings = config.textTower
        var model: DualEncoderModel
        var preprocess: PreprocessConfig
        if let path = config.model.initFrom, try EmbedderLoader.kind(at: URL(fileURLWithPath: path)) == DualEncoderManifest.kind {
            let loaded = try DualEncoderStore.load(URL(fileURLWithPath: path))
            guard loaded.manifest.textTower.kind == settings.kind else {
                throw DualEncoderError.invalid(key: "text_tower.kind", reason: "is '\(settings.kind)' but the model at \(path) has a '\(loaded.manifest.textTower.kind)' text tower")
            }
            model = loaded.model
            preprocess = loaded.preprocess
            model.setRequiresGrad(true)
        } else {
            let visual: VisionTransformer
            let embedDim: Int
            var clipText: TextTransformer?
            var clipDirectory: URL?
            var logitScale: Float
            if let path = config.model.initFrom {
                let loaded = try CLIPLoader.load(URL(fileURLWithPath: path))
                visual = loaded.model.visual
                embedDim = loaded.model.config.embedDim
                clipText = loaded.hasTextTower ? loaded.model.text : nil
                clipDirectory = loaded.directory
                logitScale = loaded.model.logitScale.value.item
                preprocess = try CLIPEmbedder.preprocessConfig(for: loaded)
            } else {
                let architecture: CLIPConfiguration = switch config.model.architecture {
                case "base": CLIPConfiguration()
                case "tiny": .tiny
                default: .small
                }
                var rng = RandomGenerator(seed: config.seed)
                visual = VisionTransformer(architecture.vision, embedDim: architecture.embedDim, rng: &rng)
                embedDim = architecture.embedDim
                logitScale = architecture.logitScaleInit
                preprocess = .openAI
                preprocess.imageSize = architecture.vision.imageSize
                preprocess.shortestEdge = architecture.vision.imageSize
                if settings.kind == "clip" {
                    clipText = TextTransformer(architecture.text, embedDim: embedDim, rng: &rng)
                }
            }
            let tower: any TextTower
            if settings.kind == "sentence" {
                let encoder = try SentenceEncoderFormats.load(format: settings.sentenceFormat,
                                                              directory: URL(fileURLWithPath: settings.sentenceEncoder!))
                tower = SentenceTextTower(encoder: encoder, outputDimension: embedDim, seed: config.seed &+ 1)
            } else {
                guard let clipText else {
                    throw DualEncoderError.invalid(key: "model.init", reason: "has no text tower; use text_tower.kind sentence or a full CLIP checkpoint")
                }
                let source = try CLIPTokenizer.vocabularySource(modelDirectory: clipDirectory)
                tower = CLIPTextTower(transformer: clipText, tokenizer: try CLIPTokenizer(vocabulary: source.load(specialTokens: nil)),
                                      vocabulary: source, outputDimension: embedDim)
            }
            model = DualEncoderModel(visual: visual, textTower: tower, logitScaleInit: logitScale)
        }
        applyTrainability(model, config, encoderFrozen: settings.frozenSteps > 0)
        return (model, preprocess)
    }

    /// Sets which weights train: the sentence encoder as `text_tower.trainable` says (or frozen,
    /// during the first `text_tower.frozen_steps`), then `model.freeze` on top.
    static func applyTrainability(_ model: DualEncoderModel, _ config: TrainConfig, encoderFrozen: Bool) {
        if let sentence = model.textTower as? SentenceTextTower {
            let mode: SentenceTextTower.Trainability = switch config.textTower.trainable {
            case _ where encoderFrozen: .frozen
            case "full": .full
            case "top_k": .topLayers(config.textTower.unfreezeTopK)
            default: .frozen
            }
            sentence.setTrainability(mode)
        }
        for pattern in config.model.freeze {
            model.setRequiresGrad(false) { Trainer.matches($0, pattern) }
        }
    }

    /// `text_tower.lr_scale` per parameter: the sentence encoder's weights (`text.encoder.*`) or
    /// every weight of a CLIP text tower (`text.*`).
    public static func learningRateScales(_ model: DualEncoderModel, _ config: TrainConfig) -> [String: Float] {
        let scale = config.textTower.lrScale
        guard scale != 1 else { return [:] }
        let prefix = model.textTower is SentenceTextTower ? "text.encoder." : "text."
        let names = model.namedParameters().map(\.0).filter { $0.hasPrefix(prefix) }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, scale) })
    }

    // MARK: - Batches

    func caption(_ e: TrainingExample) -> String {
        config.data.captionField == "sparse_caption" ? (e.sparseCaption ?? e.captions[0]) : e.captions[0]
    }

    /// Batch `k`: a pure function of (seed, k), so prefetching and resuming see the same data.
    public func prepare(_ k: Int, order: BatchOrder, augmentation: ImageAugmentation) throws -> DualEncoderBatch {
        let indices = order.batch(k)
        let batch = indices.map { examples[$0] }
        let results = ConcurrentSlots<Result<[Float], any Error>>(count: batch.count)
        DispatchQueue.concurrentPerform(iterations: batch.count) { i in
            var rng = RandomGeneratorSplit(seed: order.seed ^ UInt64(k &* 7919 &+ i) &* 0xD1B5_4A32_D192_ED03)
            guard let url = batch[i].image else {
                results.set(i, .failure(TrainingDataError.malformed(path: config.data.train, line: indices[i] + 1, reason: "no 'image'")))
                return
            }
            results.set(i, Result { try augmentation.pixels(url, rng: &rng) })
        }
        var pixels: [Float] = []
        pixels.reserveCapacity(batch.count * 3 * preprocess.imageSize * preprocess.imageSize)
        for r in results.values { pixels += try r.get() }
        return DualEncoderBatch(pixels: pixels, count: batch.count, captions: batch.map(caption))
    }

    /// Symmetric InfoNCE of one batch with the learnable temperature.
    public func loss(_ b: DualEncoderBatch) -> Tensor {
        let s = preprocess.imageSize
        let image = model.encodeImage(Tensor(b.pixels, shape: [b.count, 3, s, s])).l2Normalized()
        let text = model.encodeText(b.captions).l2Normalized()
        return infoNCELoss(image: image, text: text, logitScale: model.logitScale.value)
    }

    // MARK: - Evaluation hook

    /// Image→text and text→image R@1 on up to `limit` held-out images (the first caption of each).
    public func evaluate(limit: Int = 500) throws -> [String: Double] {
        var seen = Set<URL>()
        let items = evalExamples.filter { $0.image != nil && seen.insert($0.image!).inserted }.prefix(limit)
        guard items.count >= 2 else { return [:] }
        let s = preprocess.imageSize
        let eval = ImageAugmentation(preprocess: preprocess, cropScale: nil, horizontalFlip: false)
        var rng = RandomGeneratorSplit(seed: 0)
        let wasTraining = model.isTraining
        model.train(false)
        defer { model.train(wasTraining) }
        return try noGrad {
            var images: [[Float]] = []
            var texts: [[Float]] = []
            let list = Array(items)
            for start in stride(from: 0, to: list.count, by: 64) {
                let chunk = Array(list[start..<min(list.count, start + 64)])
                var flat: [Float] = []
                for e in chunk { flat += try eval.pixels(e.image!, rng: &rng) }
                images += model.encodeImage(Tensor(flat, shape: [chunk.count, 3, s, s])).l2Normalized().rowArrays
                texts += model.encodeText(chunk.map(caption)).l2Normalized().rowArrays
            }
            return Self.recallAt1(images: images, texts: texts)
        }
    }

    /// R@1 both ways for paired rows (image `i` ↔ text `i`); ties count against the pair.
    public static func recallAt1(images: [[Float]], texts: [[Float]]) -> [String: Double] {
        let n = images.count
        func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        var i2t = 0, t2i = 0
        for i in 0..<n {
            let row = (0..<n).map { dot(images[i], texts[$0]) }
            if row.indices.allSatisfy({ $0 == i || row[$0] < row[i] }) { i2t += 1 }
            let col = (0..<n).map { dot(images[$0], texts[i]) }
            if col.indices.allSatisfy({ $0 == i || col[$0] < col[i] }) { t2i += 1 }
        }
        return ["i2t_r1": Double(i2t) / Double(n), "t2i_r1": Double(t2i) / Double(n)]
    }

    // MARK: - Run

    /// Trains to `config.steps` (resuming from the newest checkpoint in `config.out`), then writes
    /// the final model to `OUT/final` (a `dual-encoder` model directory). Returns that directory.
    @discardableResult
    public func run(progress: ((Int, Int, Double, Float) -> Void)? = nil, log: ((String) -> Void)? = nil) throws -> URL {
        let optimizer = config.makeOptimizer()
        optimizer.learningRateScales = Self.learningRateScales(model, config)
        let loop = TrainLoop(model: model, optimizer: optimizer,
                             options: try config.loopOptions(evaluates: !evalExamples.isEmpty), outputDirectory: output)
        let resumed = try loop.resumeIfPossible()
        if resumed > 0 { log?("resumed from step \(resumed)") }
        let trainable = model.namedParameters().filter { $0.1.requiresGrad }.reduce(0) { $0 + $1.1.value.count }
        log?("dual encoder: \(type(of: model.textTower)) text tower, \(trainable) of \(model.parameterCount) parameters train; "
            + "\(examples.count) \(dataReport.format) examples"
            + (dataReport.recaptions.map { ", \($0.used) of \($0.eligible) on recaptions" } ?? "")
            + (dataReport.skippedMissingImages > 0 ? ", \(dataReport.skippedMissingImages) skipped (missing images)" : ""))
        let order = BatchOrder(count: examples.count, batchSize: config.batchSize, seed: config.seed)
        let crop = config.data.randomResizedCrop.flatMap { $0.count == 2 ? $0[0]...$0[1] : nil }
        let augmentation = ImageAugmentation(preprocess: preprocess, cropScale: crop, horizontalFlip: config.data.horizontalFlip)
        let prefetcher = Prefetcher<DualEncoderBatch> { [self] k in try prepare(k, order: order, augmentation: augmentation) }
        let frozenSteps = config.textTower.frozenSteps
        try loop.run(progress: progress, evaluate: { [self] _ in try evaluate() }) { [self] k, _ in
            if frozenSteps > 0 && (k == frozenSteps || k == resumed) {
                Self.applyTrainability(model, config, encoderFrozen: k < frozenSteps)
                if k == frozenSteps { log?("step \(k + 1): the sentence encoder starts training (text_tower.frozen_steps \(frozenSteps))") }
            }
            return StepResult(loss: loss(try prefetcher.batch(k)))
        }
        try loop.checkpoint()
        let final = output.appendingPathComponent("final")
        try DualEncoderStore.save(model, preprocess: preprocess, to: final)
        return final
    }
}
