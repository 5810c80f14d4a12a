import Foundation

// Fused scaled-dot-product attention over heads packed in the feature axis.

/// Where one operand's rows live: a base pointer, the feature offset of head 0, and row stride.
struct AttentionOperand {
    var base: UnsafeMutablePointer<Float>
    var offset: Int
    var rowStride: Int
    func head(_ b: Int, _ h: Int, rows: Int, headDim: Int) -> UnsafeMutablePointer<Float> {
        base + b * rows * rowStride + offset + h * headDim
    }
}

/// Additive attention mask broadcast to `[B, Tq, Tk]` from `[Tq, Tk]`, `[B|1, Tq|1, Tk]`.
struct AttentionMask {
    let tensor: Tensor
    init(_ tensor: Tensor, batch: Int, queries: Int, keys: Int) {
        precondition(
            (tensor.rank == 2 && tensor.shape == [queries, keys])
                || (tensor.rank == 3 && (tensor.shape[0] == batch || tensor.shape[0] == 1)
                    && (tensor.shape[1] == queries || tensor.shape[1] == 1)
                    && tensor.shape[2] == keys),
            "attention mask \(tensor.shape) does not broadcast to [\(batch), \(queries), \(keys)]")
        self.tensor = tensor
    }
    func row(_ b: Int, _ i: Int) -> UnsafeMutablePointer<Float> {
        let s = tensor.shape, keys = s.last ?? 0
        if s.count == 2 { return tensor.storage.pointer + i * keys }
        let bb = s[0] == 1 ? 0 : b, ii = s[1] == 1 ? 0 : i
        return tensor.storage.pointer + (bb * s[1] + ii) * keys
    }
}

struct AttentionGeometry {
    let batch: Int, queries: Int, keys: Int, heads: Int, headDim: Int
    var scale: Float { 1 / Float(headDim).squareRoot() }
}

/// Forward pass; returns the attention probabilities `[B, H, Tq, Tk]` for the backward.
private func attentionForward(
    _ geo: AttentionGeometry, q: AttentionOperand, k: AttentionOperand, v: AttentionOperand,
    mask: AttentionMask?, out: AttentionOperand
) -> TensorStorage {
    let (tq, tk, d) = (geo.queries, geo.keys, geo.headDim)
    let probs = TensorStorage(count: geo.batch * geo.heads * tq * tk, zeroed: false)
    // (batch, head) pairs are independent; small GEMMs run single-threaded inside OpenBLAS.
    Parallel.forEachChunk(geo.batch * geo.heads, workPerItem: 4 * tq * tk * d) { pairs in
        for pair in pairs {
            let b = pair / geo.heads, h = pair % geo.heads
            let p = probs.pointer + pair * tq * tk
            BLAS.sgemm(
                transposeA: false, transposeB: true, m: tq, n: tk, k: d, alpha: geo.scale,
                a: q.head(b, h, rows: tq, headDim: d), lda: q.rowStride,
                b: k.head(b, h, rows: tk, headDim: d), ldb: k.rowStride, c: p, ldc: tk)
            for i in 0..<tq {
                let row = p + i * tk
                if let mask {
                    let m = mask.row(b, i)
                    for j in 0..<tk { row[j] += m[j] }
                }
                Tensor.softmaxRow(row, row, tk)
            }
            BLAS.sgemm(
                transposeA: false, transposeB: false, m: tq, n: d, k: tk,
                a: p, lda: tk, b: v.head(b, h, rows: tk, headDim: d), ldb: v.rowStride,
                c: out.head(b, h, rows: tq, headDim: d), ldc: out.rowStride)
        }
    }
    return probs
}

/// Backward pass: accumulates into `dq`, `dk`, `dv` (each may alias parts of one buffer).
private func attentionBackward(
    _ geo: AttentionGeometry, probs: TensorStorage, dOut: AttentionOperand,
    q: AttentionOperand, k: AttentionOperand, v: AttentionOperand,
    dq: AttentionOperand, dk: AttentionOperand, dv: AttentionOperand
) {
    let (tq, tk, d) = (geo.queries, geo.keys, geo.headDim)
    // Each (batch, head) pair writes its own rows and columns of dq, dk, dv.
    Parallel.forEachChunk(geo.batch * geo.heads, workPerItem: 8 * tq * tk * d) { pairs in
        let dp = UnsafeMutablePointer<Float>.allocate(capacity: max(tq * tk, 1))
        defer { dp.deallocate() }
        for pair in pairs {
            let b = pair / geo.heads, h = pair % geo.heads
            let p = probs.pointer + pair * tq * tk
            let gO = dOut.head(b, h, rows: tq, headDim: d)
            // dV = Pᵀ · dO
            BLAS.sgemm(
                transposeA: true, transposeB: false, m: tk, n: d, k: tq,
                a: p, lda: tk, b: gO, ldb: dOut.rowStride, beta: 1,
                c: dv.head(b, h, rows: tk, headDim: d), ldc: dv.rowStride)
            // dP = dO · Vᵀ, then dS = P ⊙ (dP − rowsum(dP ⊙ P)), scaled.
            BLAS.sgemm(
                transposeA: false, transposeB: true, m: tq, n: tk, k: d,
                a: gO, lda: dOut.rowStride, b: v.head(b, h, rows: tk, headDim: d),
                ldb: v.rowStride, c: dp, ldc: tk)
            for i in 0..<tq {
                let pr = p + i * tk, dr = dp + i * tk
                var dot: Float = 0
                for j in 0..<tk { dot += pr[j] * dr[j] }
                for j in 0..<tk { dr[j] = pr[j] * (dr[j] - dot) * geo.scale }
            }
            // dQ = dS · K ; dK = dSᵀ · Q
            BLAS.sgemm(
                transposeA: false, transposeB: false, m: tq, n: d, k: tk,
                a: dp, lda: tk, b: k.head(b, h, rows: tk, headDim: d), ldb: k.rowStride,
                beta: 1, c: dq.head(b, h, rows: tq, headDim: d), ldc: dq.rowStride)
            BLAS.sgemm(
                transposeA: true, transposeB: false, m: tk, n: d, k: tq,
                a: dp, lda: tk, b: q.head(b, h, rows: tq, headDim: d), ldb: q.rowStride,
                beta: 1, c: dk.head(b, h, rows: tk, headDim: d), ldc: dk.rowStride)
        }
    }
}

/// Multi-head scaled-dot-product attention, `softmax(Q·Kᵀ/√d + mask) · V` per head.
///
/// Heads are packed along the feature axis as PyTorch's `MultiheadAttention` lays them out, so no
/// transposes are materialised.
/// - Parameters:
///   - q: `[B, Tq, H·d]`
///   - k: `[B, Tk, H·d]`
///   - v: `[B, Tk, H·d]`
///   - heads: H
///   - mask: additive mask `[Tq, Tk]` or `[B|1, Tq|1, Tk]` (use `-Float.infinity` to block).
/// - Returns: `[B, Tq, H·d]`
public func scaledDotProductAttention(
    q: Tensor, k: Tensor, v: Tensor, heads: Int, mask: Tensor? = nil
) -> Tensor {
    precondition(q.rank == 3 && k.rank == 3 && v.rank == 3, "attention expects rank-3 q, k, v")
    let (b, tq, width) = (q.shape[0], q.shape[1], q.shape[2])
    let tk = k.shape[1]
    precondition(
        k.shape == [b, tk, width] && v.shape == k.shape && width % heads == 0,
        "attention shapes q \(q.shape), k \(k.shape), v \(v.shape), heads \(heads)")
    let geo = AttentionGeometry(batch: b, queries: tq, keys: tk, heads: heads, headDim: width / heads)
    let m = mask.map { AttentionMask($0, batch: b, queries: tq, keys: tk) }
    let out = TensorStorage(count: b * tq * width, zeroed: false)
    func op(_ t: Tensor) -> AttentionOperand { AttentionOperand(base: t.storage.pointer, offset: 0, rowStride: width) }
    let probs = attentionForward(
        geo, q: op(q), k: op(k), v: op(v), mask: m,
        out: AttentionOperand(base: out.pointer, offset: 0, rowStride: width))
    return Tensor(shape: q.shape, storage: out).recording("attention", inputs: [q, k, v]) { g in
        let dq = Tensor.zeros(q.shape), dk = Tensor.zeros(k.shape), dv = Tensor.zeros(v.shape)
        attentionBackward(
            geo, probs: probs, dOut: op(g), q: op(q), k: op(k), v: op(v),
            dq: op(dq), dk: op(dk), dv: op(dv))
        return [dq, dk, dv]
    }
}

/// Self-attention over a packed projection `[B, T, 3·W]` (q, k, v side by side, as produced by a
/// fused `in_proj`), returning `[B, T, W]`. Reads the three parts in place.
public func scaledDotProductAttention(packedQKV qkv: Tensor, heads: Int, mask: Tensor? = nil) -> Tensor {
    precondition(qkv.rank == 3 && qkv.shape[2] % 3 == 0, "packed qkv must be [B, T, 3W], got \(qkv.shape)")
    let (b, t, width) = (qkv.shape[0], qkv.shape[1], qkv.shape[2] / 3)
    precondition(width % heads == 0, "width \(width) is not divisible by \(heads) heads")
    let geo = AttentionGeometry(batch: b, queries: t, keys: t, heads: heads, headDim: width / heads)
    let m = mask.map { AttentionMask($0, batch: b, queries: t, keys: t) }
    let out = TensorStorage(count: b * t * width, zeroed: false)
    func part(_ base: UnsafeMutablePointer<Float>, _ i: Int) -> AttentionOperand {
        AttentionOperand(base: base, offset: i * width, rowStride: 3 * width)
    }
    let base = qkv.storage.pointer
    let probs = attentionForward(
        geo, q: part(base, 0), k: part(base, 1), v: part(base, 2), mask: m,
        out: AttentionOperand(base: out.pointer, offset: 0, rowStride: width))
    return Tensor(shape: [b, t, width], storage: out).recording("attention_qkv", inputs: [qkv]) { g in
        let dqkv = Tensor.zeros(qkv.shape)
        let gb = dqkv.storage.pointer
        attentionBackward(
            geo, probs: probs,
            dOut: AttentionOperand(base: g.storage.pointer, offset: 0, rowStride: width),
            q: part(base, 0), k: part(base, 1), v: part(base, 2),
            dq: part(gb, 0), dk: part(gb, 1), dv: part(gb, 2))
        return [dqkv]
    }
}

extension Tensor {
    /// The additive causal mask `[T, T]`: 0 on and below the diagonal, −∞ above.
    public static func causalMask(_ t: Int) -> Tensor {
        var values = [Float](repeating: 0, count: t * t)
        for i in 0..<t { for j in (i + 1)..<Swift.max(t, i + 1) { values[i * t + j] = -.infinity } }
        return Tensor(values, shape: [t, t])
    }
}
