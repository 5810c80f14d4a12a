import CLIPPipeline
import Evaluation
import Foundation
import Hashing
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
        // Parts are extracted even for coarse-only models when caching, so every ablation shares one cache.
        let extractor = CCLFeatureExtractor(clip: clip, grid: settings.grid,
                                            computesFine: architecture.granularity.usesFine || !settings.featureCache.isEmpty)
        log?("ccl: features of \(train.count) training pairs\(evaluation.isEmpty ? "" : " and \(evaluation.count) held-out pairs") from \(basePath)")
        let sparse = config.data.captionField == "sparse_caption"
        let cache = settings.featureCache.isEmpty ? nil : URL(fileURLWithPath: settings.featureCache)
        (trainImages, trainTexts) = try Self.cachedFeatures(train, manifest: trainURL.path, extractor: extractor, sparse: sparse, cache: cache)
        trainLabels = categoryOf.map { index[$0]! }
        if evaluation.isEmpty {
            (evalImages, evalTexts, evalLabels) = ([], [], [])
        } else {
            (evalImages, evalTexts) = try Self.cachedFeatures(evaluation, manifest: config.data.eval!, extractor: extractor, sparse: sparse, cache: cache)
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
            network.coarse?.standardizer.setStatistics(batch.coarse)
            network.fine?.standardizer.setStatistics(batch.fine)
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

    /// ``features(_:manifest:extractor:sparse:)`` through a cache file named by the base model's
    /// fingerprint, the manifest, the caption field and the grid.
    static func cachedFeatures(_ examples: [TrainingExample], manifest: String, extractor: CCLFeatureExtractor, sparse: Bool,
                               cache: URL?) throws -> ([InstanceFeatures], [InstanceFeatures]) {
        guard let cache else { return try features(examples, manifest: manifest, extractor: extractor, sparse: sparse) }
        var key = SHA256()
        key.update("\(extractor.clip.fingerprint)|\(URL(fileURLWithPath: manifest).standardizedFileURL.path)|\(sparse)|\(extractor.grid)|\(extractor.computesFine)|\(examples.count)")
        let file = cache.appendingPathComponent("ccl-features-\(key.hexDigest().prefix(16)).safetensors")
        if let stored = try? SafeTensors.read(file), let owners = stored["fine_owners"], let texts = stored["text_fine_owners"] {
            func unpack(_ coarse: Tensor, _ fine: Tensor, _ owners: Tensor) -> [InstanceFeatures] {
                var items = coarse.rowArrays.map { InstanceFeatures(coarse: $0, fine: []) }
                for (row, o) in zip(fine.rowArrays, owners.scalars) { items[Int(o)].fine.append(row) }
                return items
            }
            return (unpack(stored["image_coarse"]!, stored["image_fine"]!, owners),
                    unpack(stored["text_coarse"]!, stored["text_fine"]!, texts))
        }
        let (images, texts) = try features(examples, manifest: manifest, extractor: extractor, sparse: sparse)
        let bi = FeatureBatch(images), bt = FeatureBatch(texts)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        try SafeTensors.write(["image_coarse": bi.coarse, "image_fine": bi.fine,
                               "fine_owners": Tensor(bi.fineOwners.map(Float.init), shape: [bi.fineOwners.count]),
                               "text_coarse": bt.coarse, "text_fine": bt.fine,
                               "text_fine_owners": Tensor(bt.fineOwners.map(Float.init), shape: [bt.fineOwners.count])],
                              to: file)
        return (images, texts)
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

    /// Stage 1's loss (all phases' terms) on batch `indices` of the training pairs.
    public func stage1Loss(_ indices: [Int]) -> Stage1Terms {
        model.stage1.loss(image: FeatureBatch(indices.map { trainImages[$0] }), text: FeatureBatch(indices.map { trainTexts[$0] }),
                          labels: indices.map { trainLabels[$0] }, objective: stage1Objective)
    }

    /// `body` over chunks of `0..<count`, rows concatenated, without the tape.
    func chunked(_ count: Int, _ body: (Range<Int>) -> [Tensor]) -> [Tensor] {
        noGrad {
            var parts: [[Tensor]] = []
            for start in stride(from: 0, to: count, by: 256) { parts.append(body(start..<min(count, start + 256))) }
            return (0..<parts[0].count).map { k in Tensor.concatenate(parts.map { $0[k] }, axis: 0) }
        }
    }

    /// Stage 1's outputs for all of `items`, without the tape.
    func stage1Outputs(_ images: [InstanceFeatures], _ texts: [InstanceFeatures]) -> (image: Tensor, text: Tensor) {
        let out = chunked(images.count) { r in
            let o = model.stage1.outputs(image: FeatureBatch(Array(images[r])), text: FeatureBatch(Array(texts[r])))
            return [o.image!, o.text!]
        }
        return (out[0], out[1])
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

    /// One training phase: a TrainLoop over `module` with its own checkpoints in `OUT/<name>`.
    func runPhase(_ name: String, module: Module, steps: Int, lr: Float, optimizerName: String, seedOffset: UInt64,
                  schedule: LearningRateSchedule = .constant, evaluate: (() -> [String: Double])? = nil,
                  progress: ((String, Int, Int, Float) -> Void)?, log: ((String) -> Void)?,
                  loss: @escaping ([Int]) -> (Tensor, [String: Double])) throws {
        let order = BatchOrder(count: trainLabels.count, batchSize: config.batchSize, seed: config.seed &+ seedOffset)
        var options = TrainLoop.Options(steps: steps, baseLearningRate: lr)
        options.schedule = schedule
        options.maxGradientNorm = config.optimizer.gradClip
        options.checkpointEvery = config.checkpointEvery
        options.evaluateEvery = evaluate == nil ? 0 : config.evalEvery
        options.clampLogitScale = false
        options.seed = config.seed &+ seedOffset
        let loop = TrainLoop(model: module, optimizer: optimizer(optimizerName, lr: lr), options: options,
                             outputDirectory: output.appendingPathComponent(name))
        let resumed = try loop.resumeIfPossible()
        if resumed > 0 { log?("\(name): resumed from step \(resumed)") }
        try loop.run(progress: { step, total, _, value in progress?(name, step, total, value) },
                     evaluate: evaluate.map { e in { _ in e() } }) { k, _ in
            let (total, metrics) = loss(order.batch(k))
            return StepResult(loss: total, metrics: metrics.mapKeys("\(name)/"))
        }
        if steps > 0 { try loop.checkpoint() }
    }

    /// Trains the configured stages, then writes `OUT/final`. Returns that directory.
    ///
    /// Stage 1 runs greedily, `ccl.stage1_steps` steps per phase, each layer on the previous
    /// layers' frozen outputs (standardised with training statistics): `stage1-intra` (skipped
    /// when `intra_modal` is off: the encoders keep their initial weights), `stage1-correlation`,
    /// `stage1-fusion`, `stage1-refinement` (when on). Stage 2 then trains on stage 1's outputs.
    @discardableResult
    public func run(progress: ((String, Int, Int, Float) -> Void)? = nil, log: ((String) -> Void)? = nil) throws -> URL {
        let settings = config.ccl
        let s1 = model.stage1
        let objective = stage1Objective
        let steps1 = settings.stages == "stage2" ? 0 : settings.stage1Steps
        if settings.stages == "stage2" && !FileManager.default.fileExists(atPath: output.appendingPathComponent("stage1-correlation").path) {
            throw TrainConfigError.invalid(key: "ccl.stages", reason: "is stage2 but \(output.path) holds no stage-1 checkpoints")
        }
        func phase(_ name: String, _ module: Module, seed: UInt64, _ loss: @escaping ([Int]) -> (Tensor, [String: Double])) throws {
            try runPhase(name, module: module, steps: steps1, lr: settings.stage1LR, optimizerName: settings.stage1Optimizer,
                         seedOffset: seed, progress: progress, log: log, loss: loss)
            module.setRequiresGrad(false)
        }
        let labelsOf = { (indices: [Int]) in indices.map { self.trainLabels[$0] } }
        // 1. Per-granularity autoencoders on the frozen tower features.
        if objective.intraModal {
            let group = ModuleGroup(s1.image.autoencoders.map { ("image", $0) } + s1.text.autoencoders.map { ("text", $0) })
            try phase("stage1-intra", group, seed: 1) { [self] indices in
                let intra = s1.image.intraLoss(FeatureBatch(indices.map { trainImages[$0] }))
                    + s1.text.intraLoss(FeatureBatch(indices.map { trainTexts[$0] }))
                return (intra, ["intra": Double(intra.item)])
            }
        }
        // 2. Corr-AE per granularity on the (averaged) codes.
        let n = trainLabels.count
        let granularities = s1.granularityNames.count
        let codes = chunked(n) { [self] r in
            s1.image.codes(FeatureBatch(Array(trainImages[r]))) + s1.text.codes(FeatureBatch(Array(trainTexts[r])))
        }
        let imageCodes = Array(codes[0..<granularities]), textCodes = Array(codes[granularities...])
        for g in 0..<granularities {
            s1.correlations[g].imageStandardizer.setStatistics(imageCodes[g])
            s1.correlations[g].textStandardizer.setStatistics(textCodes[g])
        }
        try phase("stage1-correlation", s1.correlations, seed: 2) { indices in
            let t = s1.correlationLoss(image: imageCodes.map { $0.indexSelect(axis: 0, indices) },
                                       text: textCodes.map { $0.indexSelect(axis: 0, indices) }, objective: objective)
            return (t.total, t.metrics)
        }
        // 3. Coarse + fine fusion per modality on the Corr-AE codes.
        let correlated = noGrad { s1.correlated(image: imageCodes, text: textCodes) }
        let imageCorrelated = correlated.image!, textCorrelated = correlated.text!
        for k in 0..<granularities {
            s1.image.fusion.standardizers[k].setStatistics(imageCorrelated[k])
            s1.text.fusion.standardizers[k].setStatistics(textCorrelated[k])
        }
        try phase("stage1-fusion", ModuleGroup([("image", s1.image.fusion), ("text", s1.text.fusion)]), seed: 3) { indices in
            let loss = s1.fusionLoss(image: imageCorrelated.map { $0.indexSelect(axis: 0, indices) },
                                     text: textCorrelated.map { $0.indexSelect(axis: 0, indices) })
            return (loss, ["fusion": Double(loss.item)])
        }
        // 4. Supervised refinement on the fused codes.
        let fusedImage = noGrad { s1.image.fusion.fuse(imageCorrelated) }, fusedText = noGrad { s1.text.fusion.fuse(textCorrelated) }
        if s1.image.refinement != nil {
            s1.image.refinementStandardizer.setStatistics(fusedImage)
            s1.text.refinementStandardizer.setStatistics(fusedText)
            let group = ModuleGroup([("image", s1.image.refinement!), ("image_classifier", s1.image.refinementClassifier!),
                                     ("text", s1.text.refinement!), ("text_classifier", s1.text.refinementClassifier!)])
            try phase("stage1-refinement", group, seed: 4) { indices in
                let loss = s1.refinementLoss(image: fusedImage.indexSelect(axis: 0, indices),
                                             text: fusedText.indexSelect(axis: 0, indices), labels: labelsOf(indices))!
                return (loss, ["refinement": Double(loss.item)])
            }
        }
        s1.setRequiresGrad(false)
        // Stage 2 on stage 1's frozen outputs.
        let inputs = noGrad { (s1.image.output(fused: fusedImage), s1.text.output(fused: fusedText)) }
        model.stage2.image.standardizer.setStatistics(inputs.0)
        model.stage2.text.standardizer.setStatistics(inputs.1)
        try runPhase("stage2", module: model.stage2, steps: settings.stages == "stage1" ? 0 : config.steps, lr: config.optimizer.lr,
                     optimizerName: config.optimizer.name, seedOffset: 5, schedule: try config.learningRateSchedule,
                     evaluate: evalLabels.isEmpty ? nil : { [self] in evaluate() }, progress: progress, log: log) { [self] indices in
            let t = model.stage2.loss(image: inputs.0.indexSelect(axis: 0, indices), text: inputs.1.indexSelect(axis: 0, indices),
                                      labels: labelsOf(indices), margin: settings.margin,
                                      contrastiveWeight: settings.contrastiveWeight,
                                      classificationWeight: settings.classificationWeight)
            return (t.total, t.metrics)
        }
        let final = output.appendingPathComponent("final")
        try CCLEmbedder.save(model, base: URL(fileURLWithPath: config.model.initFrom!), clip: clip, to: final)
        return final
    }
}

/// Named modules trained together in one phase (parameters `NAME.…`; repeated names get `.0`, `.1`).
final class ModuleGroup: Module {
    let members: [(String, Module)]
    init(_ members: [(String, Module)]) {
        var counts: [String: Int] = [:]
        for (name, _) in members { counts[name, default: 0] += 1 }
        var seen: [String: Int] = [:]
        self.members = members.map { name, module in
            guard counts[name]! > 1 else { return (name, module) }
            let k = seen[name, default: 0]
            seen[name] = k + 1
            return ("\(name).\(k)", module)
        }
    }
    override var children: [(String, Module)] { members }
}

extension Dictionary where Key == String {
    func mapKeys(_ prefix: String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (prefix + $0.key, $0.value) })
    }
}
