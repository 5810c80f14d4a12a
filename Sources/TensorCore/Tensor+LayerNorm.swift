import Foundation

extension Tensor {
    /// Layer normalisation over the last axis with a fused backward (llm.c style).
    ///
    /// The forward caches each row's mean and reciprocal standard deviation for the backward.
    /// - Parameters:
    ///   - weight: `[C]` scale, or `nil` for none.
    ///   - bias: `[C]` shift, or `nil` for none.
    ///   - eps: added to the variance (PyTorch default 1e-5).
    public func layerNorm(weight: Tensor?, bias: Tensor?, eps: Float = 1e-5) -> Tensor {
        let c = shape.last ?? 0
        if let weight { precondition(weight.shape == [c], "layerNorm weight \(weight.shape) ≠ [\(c)]") }
        if let bias { precondition(bias.shape == [c], "layerNorm bias \(bias.shape) ≠ [\(c)]") }
        let rows = c == 0 ? 0 : count / c
        let out = TensorStorage(count: count, zeroed: false)
        let stats = TensorStorage(count: rows * 2, zeroed: false)  // mean, rstd per row
        let p = storage.pointer, po = out.pointer
        let w = weight?.storage.pointer, b = bias?.storage.pointer
        Parallel.forEachChunk(rows, workPerItem: c * 4) { range in
            for r in range {
                let x = p + r * c, y = po + r * c
                var sum: Float = 0
                for j in 0..<c { sum += x[j] }
                let mean = sum / Float(c)
                var v: Float = 0
                for j in 0..<c {
                    let d = x[j] - mean
                    v += d * d
                }
                let rstd = 1 / (v / Float(c) + eps).squareRoot()
                stats.pointer[2 * r] = mean
                stats.pointer[2 * r + 1] = rstd
                for j in 0..<c {
                    var yj = (x[j] - mean) * rstd
                    if let w { yj *= w[j] }
                    if let b { yj += b[j] }
                    y[j] = yj
                }
            }
        }
        let input = self
        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        return Tensor(shape: shape, storage: out).recording("layer_norm", inputs: inputs) { g in
            let dx = TensorStorage(count: input.count, zeroed: false)
            let dw = TensorStorage(count: c), db = TensorStorage(count: c)
            let pg = g.storage.pointer, px = input.storage.pointer
            for r in 0..<rows {
                let x = px + r * c, gr = pg + r * c, d = dx.pointer + r * c
                let mean = stats.pointer[2 * r], rstd = stats.pointer[2 * r + 1]
                var meanDy: Float = 0, meanDyXhat: Float = 0
                for j in 0..<c {
                    let xhat = (x[j] - mean) * rstd
                    let dy = gr[j] * (w?[j] ?? 1)
                    meanDy += dy
                    meanDyXhat += dy * xhat
                    dw.pointer[j] += gr[j] * xhat
                    db.pointer[j] += gr[j]
                }
                meanDy /= Float(c)
                meanDyXhat /= Float(c)
                for j in 0..<c {
                    let xhat = (x[j] - mean) * rstd
                    let dy = gr[j] * (w?[j] ?? 1)
                    d[j] = (dy - meanDy - xhat * meanDyXhat) * rstd
                }
            }
            var grads: [Tensor?] = [Tensor(shape: input.shape, storage: dx)]
            if weight != nil { grads.append(Tensor(shape: [c], storage: dw)) }
            if bias != nil { grads.append(Tensor(shape: [c], storage: db)) }
            return grads
        }
    }

    /// Divides each last-axis row by its L2 norm, floored at `eps` (PyTorch `F.normalize`).
    public func l2Normalized(eps: Float = 1e-12) -> Tensor {
        let norm = square().sum(axis: -1, keepDims: true).sqrt().clamped(min: eps)
        return self / norm
    }

    /// Cosine similarity between matching last-axis rows of `a` and `b`.
    public static func cosineSimilarity(_ a: Tensor, _ b: Tensor, eps: Float = 1e-8) -> Tensor {
        (a.l2Normalized(eps: eps) * b.l2Normalized(eps: eps)).sum(axis: -1)
    }

    /// Image patches as rows: `[B, C, H, W]` → `[B, (H/p)·(W/p), C·p·p]`, feature order
    /// `(c, ky, kx)` to match a PyTorch conv weight `[out, C, p, p]` flattened to `[out, C·p·p]`.
    /// A stride = kernel convolution is then one matmul.
    public func patchified(patchSize p: Int) -> Tensor {
        precondition(rank == 4, "patchify expects [B, C, H, W], got \(shape)")
        let (b, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        precondition(h % p == 0 && w % p == 0, "image \(h)×\(w) is not a multiple of patch \(p)")
        let (gh, gw) = (h / p, w / p)
        return reshaped([b, c, gh, p, gw, p]).permuted([0, 2, 4, 1, 3, 5])
            .reshaped([b, gh * gw, c * p * p])
    }

    /// Multiplies by a random keep-mask scaled by `1/(1-p)` (inverted dropout).
    public func dropout(_ probability: Float, using rng: inout RandomGenerator) -> Tensor {
        guard probability > 0 else { return self }
        precondition(probability < 1, "dropout probability must be < 1")
        let scale = 1 / (1 - probability)
        let mask = Tensor((0..<count).map { _ in rng.nextUniform() < probability ? 0 : scale },
                          shape: shape)
        return self * mask
    }
}
