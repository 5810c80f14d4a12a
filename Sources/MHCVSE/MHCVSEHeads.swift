import NN
import TensorCore
import Training

/// What one modality's heads produce for a batch.
public struct MHCVSEOutput {
    /// `[B, D]` unit-length instance, consensus and fused embeddings.
    public let instance: Tensor
    public let consensus: Tensor
    public let fused: Tensor
    /// `[B, K]` concept distribution.
    public let concepts: Tensor
}

/// The trainable part of MH-CVSE on top of a frozen CLIP: per-modality projections of the local
/// features into the joint space, instance-level pooling, the concept GCN, consensus heads and
/// fusion (METHODS.md §3.1, BruceW91/CVSE model_CVSE.py `forward_emb`).
public final class MHCVSEHeads: Module {
    public let settings: TrainConfig.MHCVSE
    public let imageProjection: Linear
    public let textProjection: Linear
    public let imagePooling: InstancePooling
    public let textPooling: InstancePooling
    public let gcn: ConceptGCN
    public let imageConsensus: ConsensusHead
    public let textConsensus: ConsensusHead
    public let imageGate: FusionGate?
    public let textGate: FusionGate?

    /// - Parameters:
    ///   - featureDimension: width of the base towers' local features.
    ///   - conceptInputs: `[K, E]` concept words embedded by the base text tower.
    ///   - adjacency: `[K, K]` normalised concept graph.
    public init(settings: TrainConfig.MHCVSE, featureDimension: Int, conceptInputs: Tensor, adjacency: Tensor, seed: UInt64) {
        self.settings = settings
        var rng = RandomGenerator(seed: seed)
        let d = settings.embedSize
        func xavierLinear(_ inputs: Int, _ outputs: Int) -> Linear {
            let l = Linear(inputs, outputs, rng: &rng)
            let r = (6 / Float(inputs + outputs)).squareRoot()
            l.weight.assign(.randomUniform([outputs, inputs], low: -r, high: r, using: &rng))
            l.bias!.assign(.zeros([outputs]))
            return l
        }
        imageProjection = xavierLinear(featureDimension, d)
        textProjection = xavierLinear(featureDimension, d)
        imagePooling = InstancePooling(width: d, heads: settings.heads, rng: &rng)
        textPooling = InstancePooling(width: d, heads: settings.heads, rng: &rng)
        gcn = ConceptGCN(inputs: conceptInputs, adjacency: adjacency, width: d, rng: &rng)
        imageConsensus = ConsensusHead(width: d, rng: &rng)
        textConsensus = ConsensusHead(width: d, rng: &rng)
        let learned = settings.fusion == "learned"
        imageGate = learned ? FusionGate(width: d, rng: &rng) : nil
        textGate = learned ? FusionGate(width: d, rng: &rng) : nil
    }

    override public var children: [(String, Module)] {
        var c: [(String, Module)] = [
            ("img_fc", imageProjection), ("txt_fc", textProjection),
            ("img_pool", imagePooling.module), ("txt_pool", textPooling.module), ("gcn", gcn),
            ("img_consensus", imageConsensus), ("txt_consensus", textConsensus),
        ]
        if let imageGate, let textGate { c += [("img_gate", imageGate), ("txt_gate", textGate)] }
        return c
    }

    public var conceptCount: Int { gcn.inputs.shape[0] }

    func fuse(_ instance: Tensor, _ consensus: Tensor, gate: FusionGate?) -> Tensor {
        if let gate { return gate(instance: instance, consensus: consensus) }
        return (instance * settings.alpha + consensus * (1 - settings.alpha)).l2Normalized()
    }

    /// Image side from region features `[B, R, E]` and the concept features of ``gcn``.
    public func encodeImage(_ regions: Tensor, concepts: Tensor) -> MHCVSEOutput {
        let (b, r, _) = (regions.shape[0], regions.shape[1], regions.shape[2])
        let x = LocalFeatures(values: imageProjection(regions).paddingSafeL2Normalized(), lengths: Array(repeating: r, count: b))
        // CVSE's visual memory is the plain mean of the normalised region features.
        let instance = imagePooling(x, memory: x.values.mean(axis: 1))
        let (consensus, p) = imageConsensus(instance, concepts: concepts)
        return MHCVSEOutput(instance: instance, consensus: consensus, fused: fuse(instance, consensus, gate: imageGate), concepts: p)
    }

    /// Text side from token features (padded) and multi-hot concept labels `[B, K]` of the captions.
    public func encodeText(_ tokens: LocalFeatures, labels: Tensor, concepts: Tensor) -> MHCVSEOutput {
        let x = LocalFeatures(values: textProjection(tokens.values).paddingSafeL2Normalized(), lengths: tokens.lengths)
        // CVSE's textual memory is the normalised mean of the token features.
        let instance = textPooling(x, memory: x.maskedMean(x.values).l2Normalized())
        let (consensus, p) = textConsensus(instance, concepts: concepts, labels: labels, labelRatio: settings.labelRatio)
        return MHCVSEOutput(instance: instance, consensus: consensus, fused: fuse(instance, consensus, gate: textGate), concepts: p)
    }

    /// One vector per item whose dot products are `w·s(fused) + (1 − w)·s(consensus)`:
    /// `[√w · fused, √(1 − w) · consensus]`, `[B, 2D]`, unit length.
    public func retrievalVectors(_ o: MHCVSEOutput) -> Tensor {
        let w = settings.inferenceFusedWeight
        return Tensor.concatenate([o.fused * w.squareRoot(), o.consensus * (1 - w).squareRoot()], axis: 1)
    }

    /// The loss terms of a matched batch (row i of each side is a pair).
    /// `maxViolation` false sums every violation instead (the warm-up of ``TrainConfig/MHCVSE/sumViolationWarmup``).
    public func losses(image: MHCVSEOutput, text: MHCVSEOutput, maxViolation: Bool = true)
        -> (fused: Tensor, instance: Tensor, consensus: Tensor, kl: Tensor)
    {
        let m = settings.margin
        return (vseMaxViolationLoss(image: image.fused, text: text.fused, margin: m, maxViolation: maxViolation),
                vseMaxViolationLoss(image: image.instance, text: text.instance, margin: m, maxViolation: maxViolation),
                vseMaxViolationLoss(image: image.consensus, text: text.consensus, margin: m, maxViolation: maxViolation),
                conceptKLLoss(image: image.concepts, text: text.concepts))
    }

    /// The weights of the four terms for this step: the fixed ones, or ``dynamicLossWeights(_:total:fallback:)``.
    public func lossWeights(_ values: [Float]) -> [Float] {
        let fixed = settings.fixedWeights
        guard settings.lossWeights == "dynamic" else { return fixed }
        return dynamicLossWeights(values, total: fixed.reduce(0, +), fallback: fixed)
    }
}
