import Foundation

// Reductions over axes: sum, mean, max, logsumexp; and broadcasting a tensor to a larger shape.

extension Tensor {
    /// Views the tensor as `[outer, n, inner]` around `axis`.
    func split(around axis: Int) -> (outer: Int, n: Int, inner: Int) {
        let a = normalizedAxis(axis)
        let outer = shape[..<a].reduce(1, *)
        let inner = shape[(a + 1)...].reduce(1, *)
        return (outer, shape[a], inner)
    }

    /// Sum over one axis, keeping it with extent 1.
    func sumKeepingAxis(_ axis: Int) -> Tensor {
        let (outer, n, inner) = split(around: axis)
        var outShape = shape
        outShape[normalizedAxis(axis)] = 1
        let out = TensorStorage(count: outer * inner)
        let p = storage.pointer, po = out.pointer
        Parallel.forEachChunk(outer, workPerItem: n * inner) { range in
            for o in range {
                let base = o * n * inner
                let ob = o * inner
                for k in 0..<n {
                    let row = base + k * inner
                    for i in 0..<inner { po[ob + i] += p[row + i] }
                }
            }
        }
        return Tensor(shape: outShape, storage: out)
    }

    /// Sum over `axes` (all axes when empty), optionally keeping reduced axes with extent 1.
    public func sum(axes: [Int] = [], keepDims: Bool = false) -> Tensor {
        let reduced = axes.isEmpty ? Array(0..<rank) : axes.map(normalizedAxis).sorted()
        var result = detached()
        for a in reduced.reversed() {
            result = result.sumKeepingAxis(a)
        }
        let keptShape = result.shape
        let finalShape = keepDims ? keptShape : keptShape.enumerated()
            .filter { !reduced.contains($0.offset) }.map(\.element)
        let inputShape = shape
        return result.reshapedStorage(finalShape).recording("sum", inputs: [self]) { g in
            [g.reshaped(keptShape).broadcasted(to: inputShape)]
        }
    }

    /// Sum over a single axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        sum(axes: [axis], keepDims: keepDims)
    }

    /// Mean over `axes` (all when empty).
    public func mean(axes: [Int] = [], keepDims: Bool = false) -> Tensor {
        let reduced = axes.isEmpty ? Array(0..<rank) : axes.map(normalizedAxis)
        let n = reduced.reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepDims: keepDims) * (1 / Float(n))
    }

    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        mean(axes: [axis], keepDims: keepDims)
    }

    /// Maximum over one axis; the gradient flows to the first maximal element.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let a = normalizedAxis(axis)
        let (outer, n, inner) = split(around: a)
        precondition(n > 0, "max over an empty axis of \(shape)")
        let out = TensorStorage(count: outer * inner, zeroed: false)
        var argmax = [Int32](repeating: 0, count: outer * inner)
        let p = storage.pointer, po = out.pointer
        argmax.withUnsafeMutableBufferPointer { am in
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = p[o * n * inner + i], bestK = 0
                    for k in 1..<Swift.max(n, 1) {
                        let v = p[(o * n + k) * inner + i]
                        if v > best || (best.isNaN && !v.isNaN) {
                            best = v
                            bestK = k
                        }
                    }
                    po[o * inner + i] = best
                    am[o * inner + i] = Int32(bestK)
                }
            }
        }
        var keptShape = shape
        keptShape[a] = 1
        let inputShape = shape
        let result = Tensor(shape: keptShape, storage: out)
        let final = keepDims ? result : result.reshapedStorage(shape.enumerated()
            .filter { $0.offset != a }.map(\.element))
        return final.recording("max", inputs: [self]) { g in
            let gi = TensorStorage(count: inputShape.reduce(1, *))
            let pg = g.storage.pointer
            for o in 0..<outer {
                for i in 0..<inner {
                    gi.pointer[(o * n + Int(argmax[o * inner + i])) * inner + i] =
                        pg[o * inner + i]
                }
            }
            return [Tensor(shape: inputShape, storage: gi)]
        }
    }

    /// `log(sum(exp(x)))` over one axis, computed stably.
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
        let a = normalizedAxis(axis)
        let m = noGrad { max(axis: a, keepDims: true) }
        let shifted = self - m
        let lse = shifted.exp().sum(axis: a, keepDims: true).log() + m
        if keepDims { return lse }
        return lse.reshaped(shape.enumerated().filter { $0.offset != a }.map(\.element))
    }

    /// Copies this tensor into a broadcast-compatible larger `target` shape.
    public func broadcasted(to target: [Int]) -> Tensor {
        if shape == target { return self }
        let sa = Broadcast.strides(of: shape, broadcastTo: target)
        precondition(
            Broadcast.shape(shape, target) == target, "cannot broadcast \(shape) to \(target)")
        let out = gathered(into: target, strides: sa)
        let inputShape = shape
        return Tensor(shape: target, storage: out).recording("broadcast", inputs: [self]) { g in
            [g.summed(toShape: inputShape)]
        }
    }
}
