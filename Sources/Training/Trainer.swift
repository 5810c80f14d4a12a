import CLIPModels
import DataIO
import Dispatch
import Foundation
import NN
import TensorCore
import Tokenizers

/// One batch ready for a step: normalised pixels, token rows and what the objective needs.
public struct PreparedBatch: Sendable {
    public var pixels: [Float]
    public var count: Int
    public var captionIDs: [[Int]]
    /// `count × negativeTypes.count` rows, caption-major; invalid ones hold a placeholder.
    public var negativeIDs: [[Int]]
    public var negativeValid: [Bool]
    /// Level-major `[4 × count]` rows of positive chains, then negative chains (Radial Embedding).
    public var chainIDs: [[Int]]
}

/// Runs `loupe train`: builds or loads the model, reads the data, and trains with the configured
/// objective, checkpointing and evaluating as the config says.
///
/// Batch preparation runs on background threads and reads only immutable state (config,
/// examples, tokenizer, preprocessing), never the model's weights.
public final class Trainer: @unchecked Sendable {
    public let config: TrainConfig
    public let model: CLIPModel
    public let tokenizer: CLIPTokenizer
    public let preprocess: PreprocessConfig
    public let examples: [TrainingExample]
    public let evalExamples: [TrainingExample]
    public let output: URL
    /// The frozen original text tower for Radial Embedding's pull-back term.
    let original: CLIPModel?

    public init(config: TrainConfig) throws {
        try config.validate()
        self.config = config
        output = URL(fileURLWithPath: config.out)
        if let path = config.model.initFrom {
            let loaded = try CLIPLoader.load(URL(fileURLWithPath: path))
            model = loaded.model
            preprocess = try Self.preprocess(for: loaded)
            tokenizer = try CLIPTokenizer.load(modelDirectory: loaded.directory)
        } else {
            let architecture: CLIPConfiguration = switch config.model.architecture {
            case "base": CLIPConfiguration()
            case "tiny": .tiny
            default: .small
            }
            model = CLIPModel(architecture, seed: config.seed)
            var p = PreprocessConfig.openAI
            p.imageSize = architecture.vision.imageSize
            p.shortestEdge = architecture.vision.imageSize
            preprocess = p
            tokenizer = try CLIPTokenizer.load(modelDirectory: nil)
        }
        let trained = { (e: TrainingExample) in Self.trainedCaption(e, field: config.data.captionField) }
        examples = try NegativeAssignment.apply(
            to: TrainingSource.read(config.data.train, data: config.data, split: config.data.split, seed: config.seed).examples,
            config: config, trainedCaption: trained)
        evalExamples = try NegativeAssignment.apply(
            to: config.data.eval.map {
                try TrainingSource.read($0, data: config.data, split: config.data.evalSplit, heldOut: true).examples
            } ?? [],
            config: config, trainedCaption: trained)
        if config.objective.name == "radial" {
            original = CLIPModel(model.config)
            try original!.load(model.stateDict())
            original!.setRequiresGrad(false)
            // Radial Embedding tunes the text tower only.
            model.setRequiresGrad(false) { $0.hasPrefix("visual.") || $0 == "logit_scale" }
        } else {
            original = nil
        }
        for pattern in config.model.freeze {
            model.setRequiresGrad(false) { Self.matches($0, pattern) }
        }
    }

    static func preprocess(for loaded: LoadedCLIP) throws -> PreprocessConfig {
        let size = loaded.model.config.vision.imageSize
        if let dir = loaded.directory {
            let hf = dir.appendingPathComponent("preprocessor_config.json")
            let oc = dir.appendingPathComponent("open_clip_config.json")
            if loaded.layout == .huggingFace, FileManager.default.fileExists(atPath: hf.path) {
                return try PreprocessConfig(huggingFaceConfigAt: hf)
            }
            if FileManager.default.fileExists(atPath: oc.path) {
                var p = try PreprocessConfig(openCLIPConfigAt: oc)
                p.imageSize = size
                p.shortestEdge = size
                return p
            }
        }
        var p = loaded.layout == .huggingFace ? PreprocessConfig.huggingFaceCLIP(imageSize: size) : .openAI
        p.imageSize = size
        p.shortestEdge = size
        return p
    }

    /// Shell-style `*` wildcard match of a parameter name.
    public static func matches(_ name: String, _ pattern: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return name == pattern }
        var rest = Substring(name)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for (i, part) in parts.dropFirst().enumerated() {
            if i == parts.count - 2 { return part.isEmpty || rest.hasSuffix(part) }
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    // MARK: - Batches

    func tokens(_ texts: [String]) -> [[Int]] {
        let rows = tokenizer.tokenize(texts, contextLength: model.config.text.contextLength)
        let eot = tokenizer.endOfTextID
        let used = rows.map { ($0.firstIndex(of: eot) ?? ($0.count - 1)) + 1 }.max() ?? 1
        return rows.map { $0.prefix(used).map(Int.init) }
    }

    func caption(_ e: TrainingExample) -> String { Self.trainedCaption(e, field: config.data.captionField) }

    /// The caption an example trains on under `data.caption_field`.
    static func trainedCaption(_ e: TrainingExample, field: String) -> String {
        field == "sparse_caption" ? (e.sparseCaption ?? e.captions[0]) : e.captions[0]
    }

    /// Batch `k`: a pure function of (seed, k), so prefetching and resuming see the same data.
    public func prepare(_ k: Int, order: BatchOrder, augmentation: ImageAugmentation) throws -> PreparedBatch {
        let indices = order.batch(k)
        let batch = indices.map { examples[$0] }
        let size = preprocess.imageSize
        let needImages = config.objective.name != "radial"
        var pixels: [Float] = []
        if needImages {
            let results = ConcurrentSlots<Result<[Float], any Error>>(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { i in
                var rng = RandomGeneratorSplit(seed: order.seed ^ UInt64(k &* 7919 &+ i) &* 0xD1B5_4A32_D192_ED03)
                guard let url = batch[i].image else {
                    results.set(i, .failure(TrainingDataError.malformed(path: config.data.train, line: indices[i] + 1, reason: "no 'image'")))
                    return
                }
                results.set(i, Result { try augmentation.pixels(url, rng: &rng) })
            }
            pixels.reserveCapacity(batch.count * 3 * size * size)
            for r in results.values { pixels += try r.get() }
        }
        let types = config.objective.negativeTypes
        var negativeTexts: [String] = []
        var valid: [Bool] = []
        if config.objective.name == "ceclip" {
            for e in batch {
                for t in types {
                    let text = e.negatives[t]
                    valid.append(text != nil)
                    negativeTexts.append(text ?? "")
                }
            }
        }
        var chainTexts: [String] = []
        if config.objective.name == "radial" {
            for useNegative in [false, true] {
                for level in 0..<4 {
                    for e in batch {
                        let chain = (useNegative ? e.negativeChain : e.chain) ?? []
                        guard chain.count == 4 else {
                            throw TrainingDataError.malformed(path: config.data.train, line: 0,
                                                              reason: "radial training needs 4-level 'chain' and 'negative_chain' in every example")
                        }
                        chainTexts.append(chain[level])
                    }
                }
            }
        }
        return PreparedBatch(
            pixels: pixels, count: batch.count, captionIDs: tokens(batch.map(caption)),
            negativeIDs: negativeTexts.isEmpty ? [] : tokens(negativeTexts), negativeValid: valid,
            chainIDs: chainTexts.isEmpty ? [] : tokens(chainTexts))
    }

    // MARK: - Objective

    /// The loss of one prepared batch, and its terms for the log.
    func step(_ b: PreparedBatch, rank: inout CrossModalRankLoss) -> StepResult {
        let s = preprocess.imageSize
        let scale = model.logitScale.value
        switch config.objective.name {
        case "radial":
            let dim = model.config.embedDim
            let n = b.count
            let e = model.encodeText(b.chainIDs).l2Normalized()
            let root = model.encodeText(tokens([""])).l2Normalized().reshaped([dim])
            let frozen = noGrad { original!.encodeText(b.chainIDs).l2Normalized() }
            let loss = RadialEmbeddingLoss(lambdaPullback: config.objective.lambdaPullback,
                                           lambdaExterior: config.objective.lambdaExterior,
                                           lambdaHardest: config.objective.lambdaHardest)
            let terms = loss(root: root, positives: e.slice(axis: 0, 0..<(4 * n)).reshaped([4, n, dim]),
                             negatives: e.slice(axis: 0, (4 * n)..<(8 * n)).reshaped([4, n, dim]),
                             original: frozen.reshaped([8, n, dim]))
            return StepResult(loss: terms.total, metrics: ["l_p": Double(terms.pullback.item),
                                                           "l_e": Double(terms.exterior.item), "l_m": Double(terms.hardest.item)])
        default:
            let image = model.encodeImage(Tensor(b.pixels, shape: [b.count, 3, s, s])).l2Normalized()
            let text = model.encodeText(b.captionIDs).l2Normalized()
            guard config.objective.name == "ceclip" else {
                return StepResult(loss: infoNCELoss(image: image, text: text, logitScale: scale))
            }
            let negatives = HardNegatives(features: model.encodeText(b.negativeIDs).l2Normalized(), valid: b.negativeValid,
                                          perCaption: config.objective.negativeTypes.count)
            let itc = config.objective.hardNegativeITC
                ? hardNegativeITCLoss(image: image, text: text, negatives: negatives, logitScale: scale)
                : infoNCELoss(image: image, text: text, logitScale: scale)
            let imc = intraModalContrastLoss(image: image, text: text, negatives: negatives, logitScale: scale)
            let cmr = rank(image: image, text: text, negatives: negatives, logitScale: scale)
            let total = itc + imc * config.objective.lambdaIMC + cmr * config.objective.lambdaCMR
            var metrics = ["itc": Double(itc.item), "imc": Double(imc.item), "cmr": Double(cmr.item)]
            for (t, theta) in zip(config.objective.negativeTypes, rank.thresholds) { metrics["theta_\(t)"] = Double(theta) }
            return StepResult(loss: total, metrics: metrics)
        }
    }

    // MARK: - Evaluation hook

    /// Image→text and text→image R@1 and hard-negative accuracy on up to `limit` held-out items.
    public func evaluate(limit: Int = 500) throws -> [String: Double] {
        let items = Array(evalExamples.prefix(limit)).filter { $0.image != nil }
        guard items.count >= 2 else { return [:] }
        let s = preprocess.imageSize
        let eval = ImageAugmentation(preprocess: preprocess, cropScale: nil, horizontalFlip: false)
        var rng = RandomGeneratorSplit(seed: 0)
        return try noGrad {
            var images: [[Float]] = []
            var texts: [[Float]] = []
            for start in stride(from: 0, to: items.count, by: 64) {
                let chunk = Array(items[start..<min(items.count, start + 64)])
                var flat: [Float] = []
                for e in chunk { flat += try eval.pixels(e.image!, rng: &rng) }
                images += rows(model.encodeImage(Tensor(flat, shape: [chunk.count, 3, s, s])).l2Normalized())
                texts += rows(model.encodeText(tokens(chunk.map(caption))).l2Normalized())
            }
            let n = items.count
            func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            var i2t = 0, t2i = 0
            for i in 0..<n {
                let row = (0..<n).map { dot(images[i], texts[$0]) }
                if row.indices.allSatisfy({ $0 == i || row[$0] < row[i] }) { i2t += 1 }
                let col = (0..<n).map { dot(images[$0], texts[i]) }
                if col.indices.allSatisfy({ $0 == i || col[$0] < col[i] }) { t2i += 1 }
            }
            var metrics = ["i2t_r1": Double(i2t) / Double(n), "t2i_r1": Double(t2i) / Double(n)]
            var correct = 0, total = 0
            var correctByType: [String: Int] = [:], totalByType: [String: Int] = [:]
            var negativeTexts: [String] = []
            var owners: [(item: Int, type: String)] = []
            for (i, e) in items.enumerated() {
                for t in config.objective.negativeTypes { if let neg = e.negatives[t] { negativeTexts.append(neg); owners.append((i, t)) } }
            }
            for start in stride(from: 0, to: negativeTexts.count, by: 64) {
                let chunk = Array(negativeTexts[start..<min(negativeTexts.count, start + 64)])
                for (j, v) in rows(model.encodeText(tokens(chunk)).l2Normalized()).enumerated() {
                    let (i, t) = owners[start + j]
                    let right = dot(images[i], texts[i]) > dot(images[i], v)
                    correct += right ? 1 : 0
                    correctByType[t, default: 0] += right ? 1 : 0
                    total += 1
                    totalByType[t, default: 0] += 1
                }
            }
            if total > 0 { metrics["hard_negative_acc"] = Double(correct) / Double(total) }
            for (t, n) in totalByType { metrics["hard_negative_acc/\(t)"] = Double(correctByType[t, default: 0]) / Double(n) }
            if let tau = chainDepthTau(items) { metrics["tau_d"] = tau }
            return metrics
        }
    }

    func rows(_ t: Tensor) -> [[Float]] {
        let d = t.shape[1], v = t.scalars
        return (0..<t.shape[0]).map { Array(v[($0 * d)..<(($0 + 1) * d)]) }
    }

    // MARK: - Run

    /// Trains to `config.steps` (resuming from the newest checkpoint in `config.out`), then writes
    /// the final model to `OUT/final` in the OpenCLIP layout. Returns that directory.
    @discardableResult
    public func run(progress: ((Int, Int, Double, Float) -> Void)? = nil,
                    log: ((String) -> Void)? = nil) throws -> URL {
        let loop = TrainLoop(model: model, optimizer: config.makeOptimizer(),
                             options: try config.loopOptions(evaluates: !evalExamples.isEmpty), outputDirectory: output)
        let resumed = try loop.resumeIfPossible()
        if resumed > 0 { log?("resumed from step \(resumed)") }
        let mode: CrossModalRankLoss.ThresholdMode = switch config.objective.threshold {
        case "fixed": .fixed(config.objective.fixedThreshold)
        case "max": .max
        default: .adaptive
        }
        var rank = CrossModalRankLoss(types: config.objective.negativeTypes.count, mode: mode,
                                      upperBound: config.objective.thresholdUpperBound)
        if let saved = loop.objectiveState["cmr_thresholds"], saved.count == rank.thresholds.count { rank.thresholds = saved }
        let order = BatchOrder(count: examples.count, batchSize: config.batchSize, seed: config.seed)
        let crop = config.data.randomResizedCrop.flatMap { $0.count == 2 ? $0[0]...$0[1] : nil }
        let augmentation = ImageAugmentation(preprocess: preprocess, cropScale: crop, horizontalFlip: config.data.horizontalFlip)
        let prefetcher = Prefetcher<PreparedBatch> { [self] k in try prepare(k, order: order, augmentation: augmentation) }
        try loop.run(progress: progress, evaluate: { [self] _ in try evaluate() }) { k, _ in
            let batch = try prefetcher.batch(k)
            let result = step(batch, rank: &rank)
            loop.objectiveState["cmr_thresholds"] = rank.thresholds
            return result
        }
        try loop.checkpoint()
        let final = output.appendingPathComponent("final")
        try CLIPExporter.export(model, to: final, layout: .openCLIP, preprocess: (preprocess.mean, preprocess.std))
        if let source = try? CLIPTokenizer.vocabularySource(modelDirectory: nil, environment: ProcessInfo.processInfo.environment),
           case let .bpeGzip(url) = source, model.config.text.vocabSize == 49408 {
            try? FileManager.default.copyItem(at: url, to: final.appendingPathComponent(url.lastPathComponent))
        }
        return final
    }
}
