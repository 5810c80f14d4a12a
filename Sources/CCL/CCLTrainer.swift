import CLIPPipeline
import Evaluation
import Foundation
import NN
import TensorCore
import Training

/// Runs `loupe train` with objective `ccl`: extracts the frozen CLIP's features of every
/// training pair once, trains stage 1 (checkpoints in `OUT/stage1`), then stage 2 on stage 1's
/// frozen outputs (checkpoints in `OUT/stage2`; category MAP on `data.eval` as its evaluation
/// hook), and writes the self-contained model directory `OUT/final`.
public final class CCLTrainer {
    public let config: TrainConfig
    public let clip: CLIPEmbedder
    public let model: CCLModel
    public let output: URL
    public let trainLabels: [Int]
    let trainImages: [InstanceFeatures]
    let trainTexts: [InstanceFeatures]
    let evalLabels: [Int]
    let evalImages: [InstanceFeatures]
    let evalTexts: [InstanceFeatures]

    /// Loads the base model and data and computes all features (`log` reports progress).
    public init(config: TrainConfig, log: ((String) -> Void)? = nil) throws {
        try config.validate()
        guard config.objective.name == "ccl" else {
            throw TrainConfigError.invalid(key: "objective.name", reason: "is '\(config.objective.name)', not ccl")
        }
        self.config = config
        let settings = config.ccl
        output = URL(fileURLWithPath: config.out)
        guard let basePath = config.model.initFrom else {
            throw TrainConfigError.invalid(key: "model.init", reason: "must name the frozen CLIP model")
        }
        clip = try CLIPEmbedder.load(URL(fileURLWithPath: basePath))
        clip.batchSize = 128
        let imagesRoot = config.data.images.map { URL(fileURLWithPath: $0) }
        let trainURL = URL(fileURLWithPath: config.data.train)
        let train = try TrainingManifest.read(trainURL, imagesRoot: imagesRoot)
        let evaluation = try config.data.eval.map { try TrainingManifest.read(URL(fileURLWithPath: $0), imagesRoot: imagesRoot) } ?? []
        let field = settings.categoryField
        let categoryOf = try Self.categories(URL(fileURLWithPath: config.data.train), field: field)
        let evalCategoryOf = try config.data.eval.map { try Self.categories(URL(fileURLWithPath: $0), field: field) } ?? []
        let names = Array(Set(categoryOf)).sorted()
        guard names.count >= 2 else {
            throw TrainConfigError.invalid(key: "ccl.category_field", reason: "\(trainURL.path) has fewer than two categories under '\(field)'")
        }
        guard names.count <= settings.classifierOutputs else {
            throw TrainConfigError.invalid(key: "ccl.classifier_outputs", reason: "is \(settings.classifierOutputs) but the data has \(names.count) categories")
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
        let architecture = CCLArchitecture(
            featureDimension: clip.dimension, granularity: Granularity(rawValue: settings.granularity) ?? .both,
            encoderWidths: settings.encoderWidths, codeWidth: settings.codeWidth, fusionWidth: settings.fusionWidth,
            refinementWidths: settings.supervisedRefinement ? settings.refinementWidths : [],
            commonWidth: settings.commonWidth, classifierOutputs: settings.classifierOutputs, categories: names,
            grid: settings.grid)
        model = CCLModel(architecture, seed: config.seed)
        let extractor = CCLFeatureExtractor(clip: clip, grid: settings.grid, computesFine: architecture.granularity.usesFine)
        log?("ccl: features of \(train.count) training pairs\(evaluation.isEmpty ? "" : " and \(evaluation.count) held-out pairs") from \(basePath)")
        let sparse = config.data.captionField == "sparse_caption"
        (trainImages, trainTexts) = try Self.features(train, manifest: trainURL.path, extractor: extractor, sparse: sparse)
        trainLabels = categoryOf.map { index[$0]! }
        if evaluation.isEmpty {
            (evalImages, evalTexts, evalLabels) = ([], [], [])
        } else {
            (evalImages, evalTexts) = try Self.features(evaluation, manifest: config.data.eval!, extractor: extractor, sparse: sparse)
            // Held-out categories unseen in training still count for MAP: new labels past the known ones.
            var extended = index
            evalLabels = evalCategoryOf.map { name in
                if let known = extended[name] { return known }
                extended[name] = extended.count
                return extended.count - 1
            }
        }
        for (network, items) in [(model.stage1.image, trainImages), (model.stage1.text, trainTexts)] {
            let batch = FeatureBatch(items)
            network.coarse?.setStatistics(batch.coarse)
            network.fine?.setStatistics(batch.fine)
        }
    }

    /// The category of each manifest line, read from `field` (a string or number).
    static func categories(_ url: URL, field: String) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [String] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any]
            guard let value = object?[field], !(value is NSNull) else {
                throw TrainingDataError.malformed(path: url.path, line: i + 1, reason: "no '\(field)' (the category CCL trains on; set ccl.category_field)")
            }
            out.append("\(value)")
        }
        return out
    }

    static func features(_ examples: [TrainingExample], manifest: String, extractor: CCLFeatureExtractor, sparse: Bool) throws
        -> ([InstanceFeatures], [InstanceFeatures])
    {
        var requests: [ImageRequest] = []
        for (i, e) in examples.enumerated() {
            guard let url = e.image else {
                throw TrainingDataError.malformed(path: manifest, line: i + 1, reason: "no 'image'")
            }
            requests.append(ImageRequest(url: url))
        }
        var images: [InstanceFeatures] = []
        for (i, r) in try extractor.images(requests).enumerated() {
            switch r {
            case let .success(f): images.append(f)
            case let .failure(e):
                throw TrainingDataError.malformed(path: manifest, line: i + 1, reason: "image \(requests[i].url.path): \(e)")
            }
        }
        return (images, try extractor.texts(examples.map { sparse ? ($0.sparseCaption ?? $0.captions[0]) : $0.captions[0] }))
    }

    var stage1Objective: Stage1Objective {
        var o = Stage1Objective()
        o.intraModal = config.ccl.intraModal
        o.correlation = CorrelationMode(rawValue: config.ccl.correlation) ?? .corrAE
        o.tiedLambda = config.ccl.tiedLambda
        o.margin = config.ccl.margin
        return o
    }

    /// Stage 1's loss on batch `indices` of the training pairs.
    public func stage1Loss(_ indices: [Int]) -> Stage1Terms {
        model.stage1.loss(image: FeatureBatch(indices.map { trainImages[$0] }), text: FeatureBatch(indices.map { trainTexts[$0] }),
                          labels: indices.map { trainLabels[$0] }, objective: stage1Objective)
    }

    /// Stage 1's outputs for all of `items`, in chunks, without the tape.
    func stage1Outputs(_ images: [InstanceFeatures], _ texts: [InstanceFeatures]) -> (image: Tensor, text: Tensor) {
        noGrad {
            var i: [Tensor] = [], t: [Tensor] = []
            for start in stride(from: 0, to: images.count, by: 256) {
                let r = start..<min(images.count, start + 256)
                let out = model.stage1.outputs(image: FeatureBatch(Array(images[r])), text: FeatureBatch(Array(texts[r])))
                i.append(out.image!)
                t.append(out.text!)
            }
            return (Tensor.concatenate(i, axis: 0), Tensor.concatenate(t, axis: 0))
        }
    }

    /// Category MAP (I→T, T→I, mean; z-normalised, cosine, full ranking) of the held-out pairs.
    public func evaluate() -> [String: Double] {
        guard evalImages.count >= 2 else { return [:] }
        let s1 = stage1Outputs(evalImages, evalTexts)
        let (i, t) = noGrad { (model.stage2.image(s1.image).embedding, model.stage2.text(s1.text).embedding) }
        return Self.categoryMAP(images: i.rowArrays, texts: t.rowArrays, labels: evalLabels)
    }

    /// CCL's MAP protocol on vectors (``CategoryMAP``).
    public static func categoryMAP(images: [[Float]], texts: [[Float]], labels: [Int]) -> [String: Double] {
        let im = CategoryMAP.zNormalized(EmbeddingMatrix(images)), tm = CategoryMAP.zNormalized(EmbeddingMatrix(texts))
        let i2t = CategoryMAP.averagePrecisions(queries: im, queryLabels: labels, gallery: tm, galleryLabels: labels)
        let t2i = CategoryMAP.averagePrecisions(queries: tm, queryLabels: labels, gallery: im, galleryLabels: labels)
        let a = i2t.reduce(0, +) / Double(i2t.count), b = t2i.reduce(0, +) / Double(t2i.count)
        return ["map_i2t": a, "map_t2i": b, "map_avg": (a + b) / 2]
    }

    /// The frozen base features' own category MAP on the held-out pairs (the reference).
    public func baseMAP() -> [String: Double] {
        guard evalImages.count >= 2 else { return [:] }
        return Self.categoryMAP(images: evalImages.map(\.coarse), texts: evalTexts.map(\.coarse), labels: evalLabels)
    }

    func optimizer(_ name: String, lr: Float) -> any Training.Optimizer {
        name == "sgd"
            ? SGD(learningRate: lr, momentum: config.optimizer.momentum, weightDecay: config.optimizer.weightDecay)
            : AdamW(learningRate: lr, beta1: config.optimizer.betas[0], beta2: config.optimizer.betas[1],
                    eps: config.optimizer.eps, weightDecay: 0)
    }

    /// Trains the configured stages, then writes `OUT/final`. Returns that directory.
    @discardableResult
    public func run(progress: ((String, Int, Int, Float) -> Void)? = nil, log: ((String) -> Void)? = nil) throws -> URL {
        let settings = config.ccl
        let order = BatchOrder(count: trainLabels.count, batchSize: config.batchSize, seed: config.seed)
        // Stage 1 (its weights are restored from OUT/stage1 when only stage 2 runs).
        var options1 = TrainLoop.Options(steps: settings.stage1Steps, baseLearningRate: settings.stage1LR)
        options1.maxGradientNorm = config.optimizer.gradClip
        options1.checkpointEvery = config.checkpointEvery
        options1.clampLogitScale = false
        options1.seed = config.seed
        let loop1 = TrainLoop(model: model.stage1, optimizer: optimizer(settings.stage1Optimizer, lr: settings.stage1LR),
                              options: options1, outputDirectory: output.appendingPathComponent("stage1"))
        let resumed1 = try loop1.resumeIfPossible()
        if resumed1 > 0 { log?("stage 1: resumed from step \(resumed1)") }
        if settings.stages != "stage2" {
            try loop1.run(progress: { step, total, _, loss in progress?("stage 1", step, total, loss) }) { k, _ in
                let terms = stage1Loss(order.batch(k))
                return StepResult(loss: terms.total, metrics: terms.metrics.mapKeys("stage1/"))
            }
            try loop1.checkpoint()
        } else if resumed1 == 0 && settings.stage1Steps > 0 {
            throw TrainConfigError.invalid(key: "ccl.stages", reason: "is stage2 but \(output.path)/stage1 holds no stage-1 checkpoint")
        }
        model.stage1.setRequiresGrad(false)
        // Stage 2 on stage 1's frozen outputs.
        let s1 = stage1Outputs(trainImages, trainTexts)
        var options2 = TrainLoop.Options(steps: settings.stages == "stage1" ? 0 : config.steps, baseLearningRate: config.optimizer.lr)
        options2.schedule = try config.learningRateSchedule
        options2.maxGradientNorm = config.optimizer.gradClip
        options2.checkpointEvery = config.checkpointEvery
        options2.evaluateEvery = evalLabels.isEmpty ? 0 : config.evalEvery
        options2.clampLogitScale = false
        options2.seed = config.seed
        let loop2 = TrainLoop(model: model.stage2, optimizer: optimizer(config.optimizer.name, lr: config.optimizer.lr),
                              options: options2, outputDirectory: output.appendingPathComponent("stage2"))
        let resumed2 = try loop2.resumeIfPossible()
        if resumed2 > 0 { log?("stage 2: resumed from step \(resumed2)") }
        try loop2.run(progress: { step, total, _, loss in progress?("stage 2", step, total, loss) },
                      evaluate: { [self] _ in evaluate() }) { k, _ in
            let indices = order.batch(k)
            let terms = model.stage2.loss(image: s1.image.indexSelect(axis: 0, indices), text: s1.text.indexSelect(axis: 0, indices),
                                          labels: indices.map { trainLabels[$0] }, margin: settings.margin,
                                          contrastiveWeight: settings.contrastiveWeight,
                                          classificationWeight: settings.classificationWeight)
            return StepResult(loss: terms.total, metrics: terms.metrics.mapKeys("stage2/"))
        }
        if options2.steps > 0 { try loop2.checkpoint() }
        let final = output.appendingPathComponent("final")
        try CCLEmbedder.save(model, base: URL(fileURLWithPath: config.model.initFrom!), clip: clip, to: final)
        return final
    }
}

extension Dictionary where Key == String {
    func mapKeys(_ prefix: String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (prefix + $0.key, $0.value) })
    }
}
