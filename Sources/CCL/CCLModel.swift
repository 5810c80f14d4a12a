import NN
import TensorCore

/// Frozen-tower features of a batch of instances of one modality: one coarse row per instance
/// and any number of fine rows (crops or noun phrases), each owned by one instance.
public struct FeatureBatch: Sendable {
    /// `[N, D]` whole-instance features.
    public var coarse: Tensor
    /// `[P, D]` part features.
    public var fine: Tensor
    /// The instance (`0..<N`) of each fine row.
    public var fineOwners: [Int]

    public init(coarse: Tensor, fine: Tensor, fineOwners: [Int]) {
        precondition(fine.shape[0] == fineOwners.count, "one owner per fine row")
        self.coarse = coarse
        self.fine = fine
        self.fineOwners = fineOwners
    }

    public var count: Int { coarse.shape[0] }

    /// `[N, P]` with `1/n_i` where fine row `p` belongs to instance `i` (merge.py's per-instance mean).
    public var averagingMatrix: Tensor {
        let n = count, p = fineOwners.count
        var counts = [Int](repeating: 0, count: n)
        for o in fineOwners { counts[o] += 1 }
        var values = [Float](repeating: 0, count: n * p)
        for (j, o) in fineOwners.enumerated() { values[o * p + j] = 1 / Float(counts[o]) }
        return Tensor(values, shape: [n, p])
    }
}

/// The training-only switches of stage 1's objective.
public struct Stage1Objective: Sendable, Equatable {
    /// Include the per-granularity autoencoders' reconstruction.
    public var intraModal = true
    public var correlation = CorrelationMode.corrAE
    /// Corr-AE's `rep_tied_lambda`: correlation weight; reconstruction gets `1 − λ`.
    public var tiedLambda: Float = 0.7
    /// Margin of the contrastive correlation mode.
    public var margin: Float = 1
    public init() {}
}

/// The loss terms of one stage-1 step.
public struct Stage1Terms {
    public var total: Tensor
    /// Named scalar terms for the log.
    public var metrics: [String: Double]
}

/// One modality's stage-1 networks: per-granularity autoencoders, fusion and refinement.
public final class ModalityNetwork: Module {
    public let coarse: FeatureAutoencoder?
    public let fine: FeatureAutoencoder?
    public let fusion: FusionLayer
    public let refinementStandardizer: Standardizer
    public let refinement: LayerStack?
    public let refinementClassifier: Linear?

    init(_ a: CCLArchitecture, rng: inout RandomGenerator) {
        coarse = a.granularity.usesCoarse ? FeatureAutoencoder(input: a.featureDimension, widths: a.encoderWidths, rng: &rng) : nil
        fine = a.granularity.usesFine ? FeatureAutoencoder(input: a.featureDimension, widths: a.encoderWidths, rng: &rng) : nil
        let inputs = [Int](repeating: a.codeWidth, count: a.granularity == .both ? 2 : 1)
        fusion = FusionLayer(inputs: inputs, width: a.fusionWidth, rng: &rng)
        refinementStandardizer = Standardizer(a.fusionWidth)
        if let last = a.refinementWidths.last {
            refinement = LayerStack([a.fusionWidth] + a.refinementWidths, activation: .relu, rng: &rng)
            refinementClassifier = xavierLinear(last, a.categories.count, rng: &rng)
        } else {
            refinement = nil
            refinementClassifier = nil
        }
    }

    override public var children: [(String, Module)] {
        var c: [(String, Module)] = []
        if let coarse { c.append(("coarse", coarse)) }
        if let fine { c.append(("fine", fine)) }
        c.append(("fusion", fusion))
        if let refinement, let refinementClassifier {
            c.append(("refinement_standardizer", refinementStandardizer))
            c.append(("refinement", refinement))
            c.append(("refinement_classifier", refinementClassifier))
        }
        return c
    }

    /// The per-granularity autoencoders in code order (coarse first).
    public var autoencoders: [FeatureAutoencoder] { [coarse, fine].compactMap { $0 } }

    /// Per-granularity instance codes (coarse first); part codes are averaged per instance.
    public func codes(_ batch: FeatureBatch) -> [Tensor] {
        var codes: [Tensor] = []
        if let coarse { codes.append(coarse.encode(batch.coarse)) }
        if let fine { codes.append(matmul(batch.averagingMatrix, fine.encode(batch.fine))) }
        return codes
    }

    /// The summed reconstruction errors of the per-granularity autoencoders.
    public func intraLoss(_ batch: FeatureBatch) -> Tensor {
        var terms: [Tensor] = []
        if let coarse { terms.append(coarse.reconstructionLoss(batch.coarse)) }
        if let fine { terms.append(fine.reconstructionLoss(batch.fine)) }
        return terms.dropFirst().reduce(terms[0], +)
    }

    /// The refinement's hidden layer and category logits of fused codes.
    public func refine(_ fused: Tensor) -> (hidden: Tensor, logits: Tensor)? {
        guard let refinement, let refinementClassifier else { return nil }
        let h = refinement(refinementStandardizer(fused))
        return (h, refinementClassifier(h))
    }

    /// Stage 1's output (what stage 2 reads) from the fused code.
    public func output(fused: Tensor) -> Tensor { refine(fused)?.hidden ?? fused }
}

/// Stage 1: separate representations with multi-level association (METHODS.md §2.1). As in the
/// released pipeline, its layers are trained greedily, each on the previous layer's (detached,
/// standardised) outputs: per-granularity autoencoders → Corr-AE per granularity → fusion →
/// supervised refinement.
public final class Stage1Network: Module {
    public let architecture: CCLArchitecture
    public let image: ModalityNetwork
    public let text: ModalityNetwork
    /// One Corr-AE per granularity in use (coarse first).
    public let correlations: ModuleList<CorrelationAutoencoder>

    init(_ a: CCLArchitecture, rng: inout RandomGenerator) {
        architecture = a
        image = ModalityNetwork(a, rng: &rng)
        text = ModalityNetwork(a, rng: &rng)
        let count = a.granularity == .both ? 2 : 1
        correlations = ModuleList((0..<count).map { _ in
            CorrelationAutoencoder(input: a.encoderWidths.last!, code: a.codeWidth, rng: &rng)
        })
    }

    override public var children: [(String, Module)] {
        [("image", image), ("text", text), ("correlation", correlations)]
    }

    /// The granularity names in use, in code order.
    public var granularityNames: [String] {
        switch architecture.granularity {
        case .coarse: ["coarse"]
        case .fine: ["fine"]
        case .both: ["coarse", "fine"]
        }
    }

    /// Corr-AE codes per granularity of each modality's per-granularity codes.
    public func correlated(image imageCodes: [Tensor]?, text textCodes: [Tensor]?) -> (image: [Tensor]?, text: [Tensor]?) {
        (imageCodes.map { $0.enumerated().map { correlations[$0.offset].encodeImage($0.element) } },
         textCodes.map { $0.enumerated().map { correlations[$0.offset].encodeText($0.element) } })
    }

    /// Stage 1's per-modality outputs (inference path).
    public func outputs(image imageBatch: FeatureBatch?, text textBatch: FeatureBatch?) -> (image: Tensor?, text: Tensor?) {
        let c = correlated(image: imageBatch.map(image.codes), text: textBatch.map(text.codes))
        return (c.image.map { image.output(fused: image.fusion.fuse($0)) }, c.text.map { text.output(fused: text.fusion.fuse($0)) })
    }

    /// The correlation phase's loss on per-granularity codes, with its terms.
    public func correlationLoss(image imageCodes: [Tensor], text textCodes: [Tensor], objective: Stage1Objective)
        -> (total: Tensor, metrics: [String: Double])
    {
        var total: Tensor?
        var metrics: [String: Double] = [:]
        for (g, name) in granularityNames.enumerated() {
            let t = correlations[g].loss(image: imageCodes[g], text: textCodes[g], mode: objective.correlation,
                                         lambda: objective.tiedLambda, margin: objective.margin)
            metrics["correlation_\(name)"] = Double(t.correlation.item)
            metrics["correlation_reconstruction_\(name)"] = Double(t.reconstruction.item)
            total = total.map { $0 + t.total } ?? t.total
        }
        return (total!, metrics)
    }

    /// The fusion phase's loss (both modalities' reconstructions) on Corr-AE codes.
    public func fusionLoss(image: [Tensor], text: [Tensor]) -> Tensor {
        self.image.fusion(image).reconstructionLoss + self.text.fusion(text).reconstructionLoss
    }

    /// The refinement phase's loss (both modalities' cross-entropy) on fused codes, if refinement is on.
    public func refinementLoss(image: Tensor, text: Tensor, labels: [Int]) -> Tensor? {
        guard let i = self.image.refine(image), let t = self.text.refine(text) else { return nil }
        return i.logits.crossEntropy(targets: labels) + t.logits.crossEntropy(targets: labels)
    }

    /// All of stage 1's terms on one batch, each layer on its detached inputs (the greedy
    /// phases' objectives summed; the trainer runs them one phase at a time).
    public func loss(image imageBatch: FeatureBatch, text textBatch: FeatureBatch, labels: [Int],
                     objective: Stage1Objective) -> Stage1Terms {
        var metrics: [String: Double] = [:]
        var total: Tensor?
        func add(_ t: Tensor) { total = total.map { $0 + t } ?? t }
        if objective.intraModal {
            let intra = image.intraLoss(imageBatch) + text.intraLoss(textBatch)
            metrics["intra"] = Double(intra.item)
            add(intra)
        }
        let ic = image.codes(imageBatch).map { $0.detached() }, tc = text.codes(textBatch).map { $0.detached() }
        let correlation = correlationLoss(image: ic, text: tc, objective: objective)
        metrics.merge(correlation.metrics) { a, _ in a }
        add(correlation.total)
        let c = correlated(image: ic, text: tc)
        let fi = c.image!.map { $0.detached() }, ft = c.text!.map { $0.detached() }
        let fusion = fusionLoss(image: fi, text: ft)
        metrics["fusion"] = Double(fusion.item)
        add(fusion)
        if let refinement = refinementLoss(image: image.fusion.fuse(fi).detached(), text: text.fusion.fuse(ft).detached(),
                                           labels: labels) {
            metrics["refinement"] = Double(refinement.item)
            add(refinement)
        }
        return Stage1Terms(total: total!, metrics: metrics)
    }
}

/// Stage 2: the common space learnt multi-task (`CCL_trip_train.prototxt`).
public final class Stage2Network: Module {
    public let image: CommonSpaceBranch
    public let text: CommonSpaceBranch

    init(_ a: CCLArchitecture, rng: inout RandomGenerator) {
        image = CommonSpaceBranch(input: a.stage1OutputWidth, width: a.commonWidth, classes: a.classifierOutputs, rng: &rng)
        text = CommonSpaceBranch(input: a.stage1OutputWidth, width: a.commonWidth, classes: a.classifierOutputs, rng: &rng)
    }

    override public var children: [(String, Module)] { [("image", image), ("text", text)] }

    /// `contrastiveWeight·SemiContrastLoss + classificationWeight·(CE_img + CE_txt)`.
    public func loss(image imageInput: Tensor, text textInput: Tensor, labels: [Int], margin: Float = 1,
                     contrastiveWeight: Float = 1, classificationWeight: Float = 1) -> Stage1Terms {
        let i = image(imageInput), t = text(textInput)
        let contrastive = CCLLoss.semiContrast(image: i.embedding, text: t.embedding, labels: labels, margin: margin)
        let ceImage = i.logits.crossEntropy(targets: labels), ceText = t.logits.crossEntropy(targets: labels)
        let total = contrastive * contrastiveWeight + (ceImage + ceText) * classificationWeight
        return Stage1Terms(total: total, metrics: ["contrastive": Double(contrastive.item),
                                                   "softmax_image": Double(ceImage.item), "softmax_text": Double(ceText.item)])
    }
}

/// A CCL model over a frozen CLIP's features: stage 1 then stage 2; embeddings are stage 2's
/// inter-modal outputs (`inter_prob_img` / `inter_prob_txt`, which CCL extracts for retrieval).
public final class CCLModel: Module {
    public let architecture: CCLArchitecture
    public let stage1: Stage1Network
    public let stage2: Stage2Network

    public init(_ architecture: CCLArchitecture, seed: UInt64 = 0) {
        self.architecture = architecture
        var rng = RandomGenerator(seed: seed)
        stage1 = Stage1Network(architecture, rng: &rng)
        stage2 = Stage2Network(architecture, rng: &rng)
    }

    override public var children: [(String, Module)] { [("stage1", stage1), ("stage2", stage2)] }

    /// Common-space vectors of images and texts.
    public func embed(image: FeatureBatch?, text: FeatureBatch?) -> (image: Tensor?, text: Tensor?) {
        let s1 = stage1.outputs(image: image, text: text)
        return (s1.image.map { stage2.image($0).embedding }, s1.text.map { stage2.text($0).embedding })
    }
}
