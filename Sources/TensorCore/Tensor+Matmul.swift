// Matrix products through cblas_sgemm: plain, batched, and the fused linear layer.

/// `op(a) · op(b)` where `op` optionally transposes the last two axes, without copying.
///
/// Shapes: `a` is `[..., M, K]` (`[..., K, M]` when `transposeA`), `b` is `[K, N]` (`[N, K]`)
/// shared by every batch entry, or `[..., K, N]` with the same leading axes as `a`.
/// A 2-D `b` with batched `a` is computed as one GEMM over the flattened rows.
public func matmul(
    _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
) -> Tensor {
    precondition(a.rank >= 2 && b.rank >= 2, "matmul needs rank ≥ 2: \(a.shape) · \(b.shape)")
    let am = transposeA ? a.shape[a.rank - 1] : a.shape[a.rank - 2]
    let ak = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1]
    let bk = transposeB ? b.shape[b.rank - 1] : b.shape[b.rank - 2]
    let bn = transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1]
    precondition(ak == bk, "matmul inner extents differ: \(a.shape) · \(b.shape)")
    let batchShape = Array(a.shape.dropLast(2))
    let batch = batchShape.reduce(1, *)
    let out: Tensor
    if b.rank == 2 {
        if transposeA && batch > 1 {
            // Rare layout: fall back to an explicit loop over the batch.
            out = batchedGEMM(a, b, batch: batch, bBatched: false, m: am, n: bn, k: ak,
                              transposeA: transposeA, transposeB: transposeB)
        } else {
            let result = TensorStorage(count: batch * am * bn, zeroed: false)
            BLAS.sgemm(
                transposeA: transposeA, transposeB: transposeB, m: batch * am, n: bn, k: ak,
                a: a.storage.pointer, lda: a.shape[a.rank - 1],
                b: b.storage.pointer, ldb: b.shape[1], c: result.pointer, ldc: bn)
            out = Tensor(shape: batchShape + [am, bn], storage: result)
        }
    } else {
        precondition(
            Array(b.shape.dropLast(2)) == batchShape,
            "batched matmul needs equal batch axes: \(a.shape) · \(b.shape)")
        out = batchedGEMM(a, b, batch: batch, bBatched: true, m: am, n: bn, k: ak,
                          transposeA: transposeA, transposeB: transposeB)
    }
    return out.recording("matmul", inputs: [a, b]) { g in
        let ga: Tensor? = a.requiresGrad
            ? (transposeA
                ? matmul(b, g, transposeA: transposeB, transposeB: true)
                : matmul(g, b, transposeB: !transposeB))
            : nil
        var gb: Tensor? = nil
        if b.requiresGrad {
            if b.rank == 2 && a.rank > 2 {
                // Shared weight: flatten the batch so the GEMM sums over it.
                let a2 = transposeA ? a : a.reshaped([batch * am, ak])
                let g2 = g.reshaped([batch * am, bn])
                gb = transposeB
                    ? matmul(g2, a2, transposeA: true, transposeB: transposeA)
                    : matmul(a2, g2, transposeA: !transposeA)
            } else {
                gb = transposeB
                    ? matmul(g, a, transposeA: true, transposeB: transposeA)
                    : matmul(a, g, transposeA: !transposeA)
            }
        }
        return [ga?.reshaped(a.shape), gb?.reshaped(b.shape)]
    }
}

private func batchedGEMM(
    _ a: Tensor, _ b: Tensor, batch: Int, bBatched: Bool, m: Int, n: Int, k: Int,
    transposeA: Bool, transposeB: Bool
) -> Tensor {
    let result = TensorStorage(count: batch * m * n, zeroed: false)
    let aStride = m * k, bStride = bBatched ? k * n : 0
    for i in 0..<batch {
        BLAS.sgemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a: a.storage.pointer + i * aStride, lda: a.shape[a.rank - 1],
            b: b.storage.pointer + i * bStride, ldb: b.shape[b.rank - 1],
            c: result.pointer + i * m * n, ldc: n)
    }
    return Tensor(shape: Array(a.shape.dropLast(2)) + [m, n], storage: result)
}

/// The affine map of a PyTorch `Linear`: `x · weightᵀ + bias`, with the bias fused into the GEMM.
///
/// - Parameters:
///   - x: `[..., in]`
///   - weight: `[out, in]`
///   - bias: `[out]` or `nil`
/// - Returns: `[..., out]`
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
    let inFeatures = x.shape.last ?? 0
    precondition(
        weight.rank == 2 && weight.shape[1] == inFeatures,
        "linear: input \(x.shape) does not match weight \(weight.shape)")
    let outFeatures = weight.shape[0]
    let rows = x.count / max(inFeatures, 1)
    let result = TensorStorage(count: rows * outFeatures, zeroed: bias == nil)
    if let bias {
        precondition(bias.shape == [outFeatures], "linear: bias \(bias.shape) ≠ [\(outFeatures)]")
        for r in 0..<rows {
            (result.pointer + r * outFeatures).update(from: bias.storage.pointer, count: outFeatures)
        }
    }
    BLAS.sgemm(
        transposeA: false, transposeB: true, m: rows, n: outFeatures, k: inFeatures,
        a: x.storage.pointer, lda: inFeatures, b: weight.storage.pointer, ldb: inFeatures,
        beta: bias == nil ? 0 : 1, c: result.pointer, ldc: outFeatures)
    let out = Tensor(shape: Array(x.shape.dropLast()) + [outFeatures], storage: result)
    var inputs = [x, weight]
    if let bias { inputs.append(bias) }
    return out.recording("linear", inputs: inputs) { g in
        let g2 = g.reshaped([rows, outFeatures])
        let x2 = x.reshaped([rows, inFeatures])
        var grads: [Tensor?] = [
            x.requiresGrad ? matmul(g2, weight).reshaped(x.shape) : nil,
            weight.requiresGrad ? matmul(g2, x2, transposeA: true) : nil,
        ]
        if let bias { grads.append(bias.requiresGrad ? g2.sum(axis: 0) : nil) }
        return grads
    }
}
