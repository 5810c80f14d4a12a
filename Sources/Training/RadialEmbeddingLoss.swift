import TensorCore

// Radial Embedding fine-tuning losses (METHODS.md §0.2; TAU-VAILab/hierarcaps code/train.py).

/// The exterior angle `Ξ_r(e, e') = arccos(⟨e − r, e' − e⟩ / (‖e − r‖·‖e' − e‖))`, row-wise.
///
/// - Parameters:
///   - root: `[E]` the normalised embedding of the empty string.
///   - from: `[B, E]` normalised embeddings e.
///   - to: `[B, E]` normalised embeddings e'.
/// - Returns: `[B]` angles in radians.
public func exteriorAngle(root: Tensor, from e: Tensor, to e2: Tensor) -> Tensor {
    let a = e - root
    let b = e2 - e
    let cosine = (a * b).sum(axis: -1) / ((a.square().sum(axis: -1).sqrt()) * (b.square().sum(axis: -1).sqrt()))
    return cosine.arccos()
}

/// `λ_p·L_p + λ_e·L_e + λ_m·L_m` over a batch of positive and contradicting 4-level chains.
public struct RadialEmbeddingLoss: Sendable {
    public var lambdaPullback: Float = 10
    public var lambdaExterior: Float = 1
    public var lambdaHardest: Float = 1

    public init(lambdaPullback: Float = 10, lambdaExterior: Float = 1, lambdaHardest: Float = 1) {
        self.lambdaPullback = lambdaPullback
        self.lambdaExterior = lambdaExterior
        self.lambdaHardest = lambdaHardest
    }

    public struct Terms {
        public let total: Tensor, pullback: Tensor, exterior: Tensor, hardest: Tensor
    }

    /// - Parameters:
    ///   - root: `[E]` normalised embedding of `""` from the current text tower.
    ///   - positives: `[4, B, E]` normalised, level-major (generic → specific).
    ///   - negatives: `[4, B, E]` normalised contradicting chains.
    ///   - original: `[8, B, E]` normalised embeddings of the same 8·B texts (positives then
    ///     negatives) from the frozen original text tower.
    public func callAsFunction(root: Tensor, positives: Tensor, negatives: Tensor, original: Tensor) -> Terms {
        let b = positives.shape[1], e = positives.shape[2]
        func level(_ t: Tensor, _ k: Int) -> Tensor { t.slice(axis: 0, k..<(k + 1)).reshaped([b, e]) }
        let p = Tensor.concatenate((0..<3).map { k in
            exteriorAngle(root: root, from: level(positives, k), to: level(positives, k + 1))
        }, axis: 0)  // [3B], level-major as the reference's P.ravel()
        let n = Tensor.concatenate((0..<3).map { k in
            -exteriorAngle(root: root, from: level(positives, k), to: level(negatives, k))
        }, axis: 0)
        let exterior = p.mean() + n.mean()
        let pv = p.scalars, nv = n.scalars
        let i = pv.indices.max { pv[$0] < pv[$1] || (pv[$0] == pv[$1] && $0 > $1) }!
        let j = nv.indices.max { nv[$0] < nv[$1] || (nv[$0] == nv[$1] && $0 > $1) }!
        let sum = p + n
        let hardest = sum.slice(axis: 0, i..<(i + 1)).sum() + sum.slice(axis: 0, j..<(j + 1)).sum()
        let current = Tensor.concatenate([positives, negatives], axis: 0)  // [8, B, E]
        let similarity = (current * original.detached()).sum(axis: -1).mean()
        let pullback = (1 - similarity) * 0.5
        let total = pullback * lambdaPullback + exterior * lambdaExterior + hardest * lambdaHardest
        return Terms(total: total, pullback: pullback, exterior: exterior, hardest: hardest)
    }
}
