import TensorCore

// CLIP's contrastive objective and CE-CLIP's hard-negative terms (METHODS.md §4.1), as functions
// of L2-normalised features so every tower and method can share them.

/// Symmetric InfoNCE: `(CE(t·I·Tᵀ, diag) + CE(t·T·Iᵀ, diag)) / 2` with `t = exp(logitScale)`.
///
/// - Parameters:
///   - image: `[N, E]`, L2-normalised.
///   - text: `[N, E]`, L2-normalised; row i matches image row i.
///   - logitScale: scalar in log space (learnable).
public func infoNCELoss(image: Tensor, text: Tensor, logitScale: Tensor) -> Tensor {
    let n = image.shape[0]
    let labels = Array(0..<n)
    let logits = matmul(image, text, transposeB: true) * logitScale.exp()
    return (logits.crossEntropy(targets: labels) + logits.T.crossEntropy(targets: labels)) * 0.5
}

/// Hard negatives of a batch: `K` per caption, flattened caption-major (`[N·K, E]`, row `i·K + k`
/// is negative k of caption i), with a validity mask (an invalid negative is ignored everywhere).
public struct HardNegatives {
    public let features: Tensor
    public let valid: [Bool]
    public let perCaption: Int

    public init(features: Tensor, valid: [Bool], perCaption: Int) {
        precondition(features.shape[0] == valid.count && valid.count % max(perCaption, 1) == 0,
                     "hard negatives: \(features.shape[0]) rows, \(valid.count) mask entries, \(perCaption) per caption")
        self.features = features
        self.valid = valid
        self.perCaption = perCaption
    }

    /// `0` for valid columns and `−∞` for invalid ones, broadcast over rows: `[1, N·K]`.
    var additiveColumnMask: Tensor {
        Tensor(valid.map { $0 ? 0 : -.infinity }, shape: [1, valid.count])
    }
}

/// CE-CLIP's `L_itc(hn)` (NegCLIP's batch expansion): image→text cross-entropy over the `N`
/// captions plus every valid in-batch hard negative; text→image is the plain `N × N` term.
public func hardNegativeITCLoss(image: Tensor, text: Tensor, negatives: HardNegatives, logitScale: Tensor) -> Tensor {
    let n = image.shape[0]
    let labels = Array(0..<n)
    let scale = logitScale.exp()
    let positives = matmul(image, text, transposeB: true) * scale
    let extra = matmul(image, negatives.features, transposeB: true) * scale + negatives.additiveColumnMask
    let imageToText = Tensor.concatenate([positives, extra], axis: 1).crossEntropy(targets: labels)
    return (imageToText + positives.T.crossEntropy(targets: labels)) * 0.5
}

/// CE-CLIP's intra-modal contrast `L_imc`: for caption i, the positive image–text logit against
/// the text–text logits to every valid hard negative in the batch, label 0.
public func intraModalContrastLoss(image: Tensor, text: Tensor, negatives: HardNegatives, logitScale: Tensor) -> Tensor {
    let n = image.shape[0]
    let scale = logitScale.exp()
    let positive = (image * text).sum(axis: -1, keepDims: true) * scale  // [N, 1]
    let textToNegatives = matmul(text, negatives.features, transposeB: true) * scale + negatives.additiveColumnMask
    return Tensor.concatenate([positive, textToNegatives], axis: 1).crossEntropy(targets: [Int](repeating: 0, count: n))
}

/// CE-CLIP's cross-modal rank loss with per-type thresholds (curriculum).
///
/// `L_cmr = mean_{i,k} valid_ik · max(0, θ_k + t·s(I_i, T^h_ik) − t·s(I_i, T_i))`. After each call
/// the thresholds are updated from this batch (detached) and clamped to `[0, upperBound]`; the
/// new values are used by the next call, as in CE-CLIP's training loop.
public struct CrossModalRankLoss: Codable, Sendable, Equatable {
    public enum ThresholdMode: Codable, Sendable, Equatable {
        /// `θ_k = mean_i t·s(I_i,T_i) − mean_{i valid} t·s(I_i,T^h_ik)`.
        case adaptive
        /// A constant θ for every type.
        case fixed(Float)
        /// `θ_k = max_i (t·s(I_i,T_i)·valid − t·s(I_i,T^h_ik)·valid) / 5` (the repository's `max`).
        case max
    }

    public var mode: ThresholdMode
    public var upperBound: Float
    /// Current θ per hard-negative type (initialised at 0).
    public var thresholds: [Float]

    public init(types: Int, mode: ThresholdMode = .adaptive, upperBound: Float = 10) {
        self.mode = mode
        self.upperBound = upperBound
        if case let .fixed(v) = mode {
            thresholds = [Float](repeating: v, count: types)
        } else {
            thresholds = [Float](repeating: 0, count: types)
        }
    }

    /// The loss for this batch with the current thresholds; then updates the thresholds.
    public mutating func callAsFunction(image: Tensor, text: Tensor, negatives: HardNegatives, logitScale: Tensor) -> Tensor {
        let (n, k, e) = (image.shape[0], negatives.perCaption, image.shape[1])
        precondition(k == thresholds.count, "\(k) negatives per caption but \(thresholds.count) thresholds")
        let scale = logitScale.exp()
        let mask = Tensor(negatives.valid.map { $0 ? 1 : 0 }, shape: [n, k])
        let positive = (image * text).sum(axis: -1, keepDims: true) * scale  // [N, 1]
        let negativeScores = (negatives.features.reshaped([n, k, e]) * image.reshaped([n, 1, e])).sum(axis: -1) * scale * mask
        let theta = Tensor(thresholds, shape: [1, k])
        let loss = ((theta + negativeScores - positive).relu() * mask).mean()
        updateThresholds(positive: positive.scalars, negative: negativeScores.scalars, valid: negatives.valid, n: n, k: k)
        return loss
    }

    mutating func updateThresholds(positive: [Float], negative: [Float], valid: [Bool], n: Int, k: Int) {
        switch mode {
        case .fixed: return
        case .adaptive:
            let meanPositive = positive.reduce(0, +) / Float(n)
            for t in 0..<k {
                var sum: Float = 0, count = 0
                for i in 0..<n where valid[i * k + t] {
                    sum += negative[i * k + t]
                    count += 1
                }
                // A type with no valid negative in the batch keeps its threshold.
                if count > 0 { thresholds[t] = clamp(meanPositive - sum / Float(count)) }
            }
        case .max:
            for t in 0..<k {
                var best = -Float.infinity
                for i in 0..<n {
                    let m: Float = valid[i * k + t] ? 1 : 0
                    best = Swift.max(best, positive[i] * m - negative[i * k + t])
                }
                thresholds[t] = clamp(best / 5)
            }
        }
    }

    func clamp(_ x: Float) -> Float { Swift.min(Swift.max(x, 0), upperBound) }
}
