import CLIPModels
import CLIPPipeline
import DataIO
import Foundation
import NN
import TensorCore
import Tokenizers
import Training

/// Runs `loupe train` with objective `mhcvse`: a frozen base CLIP's local features are computed
/// once (no tape), then the MH-CVSE heads train on them with VSE++ ranking on the fused, instance
/// and consensus embeddings plus the concept KL, fixed or dynamic weights, Adam and a step or
/// cosine schedule. `OUT/final` is an MH-CVSE model directory.
public final class MHCVSETrainer {
    public let config: TrainConfig
    public let base: FrozenBase
    public let vocabulary: ConceptVocabulary
    public let heads: MHCVSEHeads
    public let output: URL
    /// Training pairs: an image (index into the image cache) and one of its captions.
    let items: [(image: Int, caption: String)]
    let imageCache: [Float]
    let textCache: [[Float]]
    let regions: Int
    let evalSet: RetrievalSet?

    /// Images and captions of a held-out set, with each caption's image.
    struct RetrievalSet {
        let regionFeatures: [Float]
        let captions: [String]
        let owners: [Int]
        let imageCount: Int
    }

    /// Loads the base, mines the concepts, computes the frozen features of the train (and eval) sets.
    public init(config: TrainConfig, log: ((String) -> Void)? = nil) throws {
        try config.validate()
        self.config = config
        let settings = config.mhcvse
        output = URL(fileURLWithPath: config.out)
        if let path = config.model.initFrom {
            let embedder = try CLIPEmbedder.load(URL(fileURLWithPath: path))
            base = FrozenBase(model: embedder.model, tokenizer: embedder.tokenizer, preprocess: embedder.preprocess)
        } else {
            let architecture: CLIPConfiguration = switch config.model.architecture {
            case "base": CLIPConfiguration()
            case "tiny": .tiny
            default: .small
            }
            var p = PreprocessConfig.openAI
            p.imageSize = architecture.vision.imageSize
            p.shortestEdge = architecture.vision.imageSize
            base = FrozenBase(model: CLIPModel(architecture, seed: config.seed), tokenizer: try CLIPTokenizer.load(modelDirectory: nil),
                              preprocess: p)
        }
        // Any training format (JSONL, Flickr8k CSV + split list, COCO JSON), one example per image.
        let examples = TrainingExample.groupedByImage(
            try TrainingSource.read(config.data.train, data: config.data, split: config.data.split, seed: config.seed).examples)
        var pairs: [(image: Int, caption: String)] = []
        for (i, e) in examples.enumerated() {
            guard e.image != nil else {
                throw TrainingDataError.malformed(path: config.data.train, line: i + 1, reason: "mhcvse needs an 'image' in every example")
            }
            let captions = config.data.captionField == "sparse_caption" ? [e.sparseCaption ?? e.captions[0]] : e.captions
            for c in captions { pairs.append((i, c)) }
        }
        items = pairs
        vocabulary = ConceptVocabulary.mine(captions: pairs.map(\.caption), limit: settings.concepts,
                                            minimumCount: settings.conceptMinCount)
        guard vocabulary.count >= 2 else {
            throw TrainingDataError.malformed(path: config.data.train, line: 0,
                                              reason: "fewer than 2 concept words occur \(settings.conceptMinCount)+ times in the captions")
        }
        log?("mhcvse: \(pairs.count) pairs over \(examples.count) images, \(vocabulary.count) concepts")
        let adjacency = Tensor(vocabulary.adjacency(captions: pairs.map(\.caption), threshold: settings.graphThreshold),
                               shape: [vocabulary.count, vocabulary.count])
        heads = MHCVSEHeads(settings: settings, featureDimension: base.featureDimension,
                            conceptInputs: base.conceptInputs(vocabulary), adjacency: adjacency, seed: config.seed)
        let grid = base.model.config.vision.gridSize
        regions = grid * grid
        imageCache = try Self.regionFeatures(base, examples.map { $0.image! }, batch: settings.featureBatch, log: log)
        textCache = Self.tokenFeatures(base, pairs.map(\.caption), batch: settings.featureBatch)
        if let evalPath = config.data.eval {
            let held = TrainingExample.groupedByImage(
                try TrainingSource.read(evalPath, data: config.data, split: config.data.evalSplit, heldOut: true).examples)
                .filter { $0.image != nil }
            var captions: [String] = [], owners: [Int] = []
            for (i, e) in held.enumerated() { for c in e.captions { captions.append(c); owners.append(i) } }
            evalSet = RetrievalSet(
                regionFeatures: try Self.regionFeatures(base, held.map { $0.image! }, batch: settings.featureBatch, log: nil),
                captions: captions, owners: owners, imageCount: held.count)
        } else {
            evalSet = nil
        }
    }

    static func regionFeatures(_ base: FrozenBase, _ urls: [URL], batch: Int, log: ((String) -> Void)?) throws -> [Float] {
        let results = base.images.embed(urls.map { ImageRequest(url: $0) }, batchSize: batch, normalize: false) { pixels in
            let f = base.imageFeatures(pixels)
            return f.reshaped([f.shape[0], f.shape[1] * f.shape[2]])
        }
        var flat: [Float] = []
        for (url, r) in zip(urls, results) {
            do { flat += try r.get() } catch { throw TrainingDataError.unreadable(path: url.path, reason: "\(error)") }
        }
        log?("mhcvse: region features of \(urls.count) images computed")
        return flat
    }

    static func tokenFeatures(_ base: FrozenBase, _ texts: [String], batch: Int) -> [[Float]] {
        let e = base.featureDimension
        var rows: [[Float]] = []
        rows.reserveCapacity(texts.count)
        for start in stride(from: 0, to: texts.count, by: batch) {
            let f = base.textFeatures(Array(texts[start..<min(texts.count, start + batch)]))
            let values = f.values.scalars, t = f.positions
            for (b, n) in f.lengths.enumerated() { rows.append(Array(values[(b * t * e)..<((b * t + n) * e)])) }
        }
        return rows
    }

    // MARK: - Steps

    func regionsTensor(_ cache: [Float], _ indices: [Int]) -> Tensor {
        let size = regions * base.featureDimension
        var flat: [Float] = []
        flat.reserveCapacity(indices.count * size)
        for i in indices { flat += cache[(i * size)..<((i + 1) * size)] }
        return Tensor(flat, shape: [indices.count, regions, base.featureDimension])
    }

    func labels(_ texts: [String]) -> Tensor {
        Tensor(texts.flatMap { vocabulary.labels($0) }, shape: [texts.count, vocabulary.count])
    }

    /// The weighted loss of the training pairs `indices`, with its terms and weights for the log.
    public func step(_ indices: [Int], step k: Int = .max) -> StepResult {
        let batch = indices.map { items[$0] }
        let concepts = heads.gcn()
        let image = heads.encodeImage(regionsTensor(imageCache, batch.map(\.image)), concepts: concepts)
        let text = heads.encodeText(LocalFeatures.padded(indices.map { textCache[$0] }, dimension: base.featureDimension),
                                    labels: labels(batch.map(\.caption)), concepts: concepts)
        let terms = heads.losses(image: image, text: text, maxViolation: k >= config.mhcvse.sumViolationWarmup)
        let values = [terms.fused, terms.instance, terms.consensus, terms.kl].map(\.item)
        let w = heads.lossWeights(values)
        let total = terms.fused * w[0] + terms.instance * w[1] + terms.consensus * w[2] + terms.kl * w[3]
        var metrics: [String: Double] = [:]
        for (name, (v, weight)) in zip(["fused", "instance", "consensus", "kl"], zip(values, w)) {
            metrics["l_\(name)"] = Double(v)
            metrics["w_\(name)"] = Double(weight)
        }
        return StepResult(loss: total, metrics: metrics)
    }

    // MARK: - Evaluation

    /// R@1/5/10 in both directions and rsum (percent) on the held-out set, ranked by the retrieval
    /// vectors (`0.95·fused + 0.05·consensus`); ties count against the query.
    public func evaluate() -> [String: Double] {
        guard let set = evalSet, set.imageCount >= 2 else { return [:] }
        let model = MHCVSEModel(base: base, heads: heads, vocabulary: vocabulary)
        return noGrad {
            var images: [[Float]] = []
            for start in stride(from: 0, to: set.imageCount, by: 64) {
                let idx = Array(start..<min(set.imageCount, start + 64))
                let concepts = heads.gcn()
                images += heads.retrievalVectors(heads.encodeImage(regionsTensor(set.regionFeatures, idx), concepts: concepts)).rowArrays
            }
            var texts: [[Float]] = []
            for start in stride(from: 0, to: set.captions.count, by: 64) {
                texts += model.textVectors(Array(set.captions[start..<min(set.captions.count, start + 64)])).rowArrays
            }
            return RetrievalScores.compute(images: images, texts: texts, owners: set.owners)
        }
    }

    // MARK: - Run

    /// Trains to `config.steps` (resuming from the newest checkpoint in `config.out`), evaluates,
    /// and writes the model directory `OUT/final`. Returns that directory.
    @discardableResult
    public func run(progress: ((Int, Int, Double, Float) -> Void)? = nil, log: ((String) -> Void)? = nil) throws -> URL {
        let loop = TrainLoop(model: heads, optimizer: config.makeOptimizer(),
                             options: try config.loopOptions(evaluates: evalSet != nil), outputDirectory: output)
        let resumed = try loop.resumeIfPossible()
        if resumed > 0 { log?("resumed from step \(resumed)") }
        let order = BatchOrder(count: items.count, batchSize: config.batchSize, seed: config.seed)
        try loop.run(progress: progress, evaluate: { [self] _ in evaluate() }) { [self] k, _ in step(order.batch(k), step: k) }
        try loop.checkpoint()
        let final = output.appendingPathComponent("final")
        try MHCVSEModel(base: base, heads: heads, vocabulary: vocabulary).save(to: final)
        let metrics = evaluate()
        if !metrics.isEmpty {
            let data = try JSONSerialization.data(withJSONObject: metrics, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: output.appendingPathComponent("final_eval.json"), options: .atomic)
            log?("held-out retrieval: " + ["i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10", "rsum"]
                .map { String(format: "%@ %.1f", $0, metrics[$0] ?? 0) }.joined(separator: "  "))
        }
        return final
    }
}

/// Image↔text recall at 1, 5 and 10 (percent) and their sum, from dot products of vectors.
public enum RetrievalScores {
    /// - Parameters:
    ///   - owners: the image index of each text.
    public static func compute(images: [[Float]], texts: [[Float]], owners: [Int]) -> [String: Double] {
        func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let scores = images.map { v in texts.map { dot(v, $0) } }
        var i2t = [0, 0, 0], t2i = [0, 0, 0]
        let ks = [1, 5, 10]
        for i in images.indices {
            let row = scores[i]
            let best = texts.indices.filter { owners[$0] == i }.map { row[$0] }.max() ?? -.infinity
            // `!(x < best)` also counts NaN scores against the query.
            let rank = row.indices.filter { owners[$0] != i && !(row[$0] < best) }.count
            for (j, k) in ks.enumerated() where rank < k { i2t[j] += 1 }
        }
        for t in texts.indices {
            let own = scores[owners[t]][t]
            let rank = images.indices.filter { $0 != owners[t] && !(scores[$0][t] < own) }.count
            for (j, k) in ks.enumerated() where rank < k { t2i[j] += 1 }
        }
        var m: [String: Double] = [:]
        for (j, k) in ks.enumerated() {
            m["i2t_r\(k)"] = 100 * Double(i2t[j]) / Double(max(images.count, 1))
            m["t2i_r\(k)"] = 100 * Double(t2i[j]) / Double(max(texts.count, 1))
        }
        m["rsum"] = (i2t + t2i).indices.reduce(0.0) { acc, j in acc + (j < 3 ? m["i2t_r\(ks[j])"]! : m["t2i_r\(ks[j - 3])"]!) }
        return m
    }
}
