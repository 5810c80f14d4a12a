import TensorCore

// CVSE's objectives (BruceW91/CVSE model_CVSE.py `ContrastiveLoss`, `KL_loss_softmax`) and
// MH-CVSE's dynamic weighting of them.

/// VSE++ hinge triplet loss with the hardest in-batch negative (max violation), summed over the
/// batch: `Σ_i max_j [m + s(i, t_j) − s(i, t_i)]₊ + Σ_i max_j [m + s(v_j, t_i) − s(v_i, t_i)]₊`,
/// `s` the dot product of the given (unit-length) embeddings.
///
/// With `maxViolation` false every violating negative counts (VSE0, the sum over `j`), which
/// follow-ups of VSE++ use for a warm-up: from uninformative features the hardest-negative form
/// alone tends to collapse every embedding onto one point (loss `2·N·margin`).
///
/// - Parameters:
///   - image: `[N, D]`; row i matches text row i.
///   - text: `[N, D]`.
public func vseMaxViolationLoss(image: Tensor, text: Tensor, margin: Float = 0.2, maxViolation: Bool = true) -> Tensor {
    let n = image.shape[0]
    let scores = matmul(image, text, transposeB: true)
    var off = [Float](repeating: 1, count: n * n)
    for i in 0..<n { off[i * n + i] = 0 }
    let offDiagonal = Tensor(off, shape: [n, n])
    let diagonal = (scores * (1 - offDiagonal)).sum(axis: 1, keepDims: true)  // [N, 1]
    let costCaption = ((scores - diagonal) + margin).relu() * offDiagonal
    let costImage = ((scores - diagonal.reshaped([1, n])) + margin).relu() * offDiagonal
    guard maxViolation else { return costCaption.sum() + costImage.sum() }
    return costCaption.max(axis: 1).sum() + costImage.max(axis: 0).sum()
}

/// CVSE's KL term between the two modalities' concept distributions, summed over the batch:
/// `Σ_b Σ_k p_t log(p_t / p_v)` (PyTorch `KLDivLoss(log p_v, p_t).sum()`). Probabilities are
/// clamped at 1e-30 inside the logarithms: `softmax(10·a)` underflows to exact zeros, whose
/// logarithm would make the gradient NaN.
///
/// - Parameters:
///   - image: `[N, K]` rows summing to 1 (the visual prediction, `p_v`).
///   - text: `[N, K]` rows summing to 1 (the textual distribution, `p_t`, the target).
public func conceptKLLoss(image: Tensor, text: Tensor) -> Tensor {
    (text * (text.clamped(min: 1e-30).log() - image.clamped(min: 1e-30).log())).sum()
}

/// MH-CVSE's dynamic loss weights (the paper's formula is unknown, METHODS.md §3.1): each term's
/// weight is proportional to its current, detached value, scaled so the weights sum to
/// `total` (the fixed weights' sum, 11 for [3, 5, 1, 2]): `w_k = total · L_k / Σ_j L_j`.
/// When every term is zero the weights fall back to `fallback`. The weights are plain numbers,
/// so they carry no gradient.
public func dynamicLossWeights(_ losses: [Float], total: Float, fallback: [Float]) -> [Float] {
    let sum = losses.reduce(0, +)
    guard sum > 0, sum.isFinite else { return fallback }
    return losses.map { total * $0 / sum }
}
