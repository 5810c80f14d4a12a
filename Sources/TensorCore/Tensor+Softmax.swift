import Foundation

// Row-wise softmax, log-softmax and cross-entropy over the last axis, with fused backward rules.

extension Tensor {
    /// Runs `body(inputRow, outputRow)` for every last-axis row, in parallel when large.
    @inline(__always)
    func forEachRow(
        into out: TensorStorage, _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    ) {
        let n = shape.last ?? 1
        let rows = n == 0 ? 0 : count / n
        let p = storage.pointer, po = out.pointer
        Parallel.forEachChunk(rows, workPerItem: n * 4) { range in
            for r in range { body(p + r * n, po + r * n, n) }
        }
    }

    /// Softmax over the last axis.
    public func softmax() -> Tensor {
        let out = TensorStorage(count: count, zeroed: false)
        forEachRow(into: out) { x, y, n in Tensor.softmaxRow(x, y, n) }
        let y = Tensor(shape: shape, storage: out)
        return y.recording("softmax", inputs: [self]) { g in
            let gi = TensorStorage(count: g.count, zeroed: false)
            g.forEachRow(into: gi) { gr, dx, n in
                let row = (gr - g.storage.pointer)
                let yr = y.storage.pointer + row
                var dot: Float = 0
                for j in 0..<n { dot += gr[j] * yr[j] }
                for j in 0..<n { dx[j] = yr[j] * (gr[j] - dot) }
            }
            return [Tensor(shape: g.shape, storage: gi)]
        }
    }

    /// Log-softmax over the last axis.
    public func logSoftmax() -> Tensor {
        let out = TensorStorage(count: count, zeroed: false)
        forEachRow(into: out) { x, y, n in
            var m = -Float.infinity
            for j in 0..<n { m = Swift.max(m, x[j]) }
            var s: Float = 0
            for j in 0..<n { s += Foundation.exp(x[j] - m) }
            let lse = m + Foundation.log(s)
            for j in 0..<n { y[j] = x[j] - lse }
        }
        let y = Tensor(shape: shape, storage: out)
        return y.recording("log_softmax", inputs: [self]) { g in
            let gi = TensorStorage(count: g.count, zeroed: false)
            g.forEachRow(into: gi) { gr, dx, n in
                let yr = y.storage.pointer + (gr - g.storage.pointer)
                var s: Float = 0
                for j in 0..<n { s += gr[j] }
                for j in 0..<n { dx[j] = gr[j] - Foundation.exp(yr[j]) * s }
            }
            return [Tensor(shape: g.shape, storage: gi)]
        }
    }

    /// Mean cross-entropy of `[N, C]` logits against integer class `targets` (fused with softmax).
    public func crossEntropy(targets: [Int]) -> Tensor {
        precondition(rank == 2, "crossEntropy expects [N, C] logits, got \(shape)")
        let (rows, classes) = (shape[0], shape[1])
        precondition(targets.count == rows, "\(targets.count) targets for \(rows) rows")
        let probs = TensorStorage(count: count, zeroed: false)
        forEachRow(into: probs) { x, y, n in Tensor.softmaxRow(x, y, n) }
        var total: Double = 0
        let p = storage.pointer
        for r in 0..<rows {
            let x = p + r * classes
            var m = -Float.infinity
            for j in 0..<classes { m = Swift.max(m, x[j]) }
            var s: Double = 0
            for j in 0..<classes { s += Double(Foundation.exp(x[j] - m)) }
            let t = targets[r]
            precondition(t >= 0 && t < classes, "target \(t) outside 0..<\(classes)")
            total += Double(m) + Foundation.log(s) - Double(x[t])
        }
        let loss = Tensor(scalar: Float(total / Double(Swift.max(rows, 1))))
        let inputShape = shape
        return loss.recording("cross_entropy", inputs: [self]) { g in
            let scale = g.item / Float(Swift.max(rows, 1))
            let gi = TensorStorage(count: rows * classes, zeroed: false)
            for i in 0..<(rows * classes) { gi.pointer[i] = probs.pointer[i] * scale }
            for r in 0..<rows { gi.pointer[r * classes + targets[r]] -= scale }
            return [Tensor(shape: inputShape, storage: gi)]
        }
    }

    @inline(__always)
    static func softmaxRow(
        _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        var m = -Float.infinity
        for j in 0..<n { m = Swift.max(m, x[j]) }
        if m == -.infinity {
            // A fully masked row: PyTorch yields NaN; keep zeros so pooling stays finite.
            for j in 0..<n { y[j] = 0 }
            return
        }
        var s: Float = 0
        for j in 0..<n {
            let e = Foundation.exp(x[j] - m)
            y[j] = e
            s += e
        }
        let inv = 1 / s
        for j in 0..<n { y[j] *= inv }
    }
}
