/// Shape arithmetic for NumPy-style broadcasting.
enum Broadcast {
    /// The broadcast result of two shapes, aligned at their trailing axes.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(
                da == db || da == 1 || db == 1, "shapes \(a) and \(b) do not broadcast")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Element strides of `shape` viewed as `target` (0 on broadcast axes).
    static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
        let offset = target.count - shape.count
        var strides = [Int](repeating: 0, count: target.count)
        var s = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i + offset] = shape[i] == 1 ? 0 : s
            s *= shape[i]
        }
        return strides
    }

    /// Row-major strides of a contiguous tensor.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = s
            s *= shape[i]
        }
        return strides
    }
}

extension Tensor {
    /// Sums this gradient over the axes that broadcasting expanded, giving `target`'s shape.
    public func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let offset = rank - target.count
        precondition(offset >= 0, "cannot reduce \(shape) to \(target)")
        var axes: [Int] = Array(0..<offset)
        for (i, d) in target.enumerated() where d == 1 && shape[i + offset] != 1 {
            axes.append(i + offset)
        }
        return sum(axes: axes, keepDims: true).reshaped(target)
    }
}

extension Tensor {
    /// Copies this tensor's values read through `strides` (one per output axis, in elements; 0
    /// repeats) into a contiguous tensor of `outShape`. Permutes and broadcasts are both this.
    func gathered(into outShape: [Int], strides: [Int]) -> TensorStorage {
        let n = outShape.reduce(1, *)
        let out = TensorStorage(count: n, zeroed: false)
        let p = storage.pointer, po = out.pointer
        let rank = outShape.count
        let inner = outShape.last ?? 1
        let innerStride = strides.last ?? 0
        let rows = inner == 0 ? 0 : n / inner
        Parallel.forEachChunk(rows, workPerItem: inner) { range in
            for row in range {
                var rem = row, offset = 0
                for axis in stride(from: rank - 2, through: 0, by: -1) {
                    offset += (rem % outShape[axis]) * strides[axis]
                    rem /= outShape[axis]
                }
                let o = row * inner
                for j in 0..<inner { po[o + j] = p[offset + j * innerStride] }
            }
        }
        return out
    }
}
