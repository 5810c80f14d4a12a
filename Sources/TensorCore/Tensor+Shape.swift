import Foundation

// Shape manipulation: reshape, permute, slice, concatenate, stack, gather, masked fill.

extension Tensor {
    /// Same storage, new shape (no recording).
    func reshapedStorage(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, storage: storage)
    }

    /// The same values with a new shape; one extent may be `-1` and is inferred. Shares storage.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let i = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != i }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[i] = count / known
        }
        precondition(
            resolved.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        let inputShape = shape
        return reshapedStorage(resolved).recording("reshape", inputs: [self]) { g in
            [g.reshapedStorage(inputShape)]
        }
    }

    /// Reorders axes: result axis `i` is input axis `axes[i]`.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.count == rank && Set(axes) == Set(0..<rank), "bad permutation \(axes)")
        if axes == Array(0..<rank) { return self }
        let outShape = axes.map { shape[$0] }
        let inStrides = Broadcast.contiguousStrides(shape)
        let strides = axes.map { inStrides[$0] }
        let out = gathered(into: outShape, strides: strides)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in axes.enumerated() { inverse[a] = i }
        return Tensor(shape: outShape, storage: out).recording("permute", inputs: [self]) { g in
            [g.permuted(inverse)]
        }
    }

    /// Swaps two axes.
    public func transposed(_ a: Int, _ b: Int) -> Tensor {
        var axes = Array(0..<rank)
        axes.swapAt(normalizedAxis(a), normalizedAxis(b))
        return permuted(axes)
    }

    /// Swaps the last two axes.
    public var T: Tensor { transposed(-2, -1) }

    /// Elements `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let a = normalizedAxis(axis)
        precondition(
            range.lowerBound >= 0 && range.upperBound <= shape[a],
            "slice \(range) out of bounds for axis \(a) of \(shape)")
        let (outer, n, inner) = split(around: a)
        var outShape = shape
        outShape[a] = range.count
        let out = TensorStorage(count: outer * range.count * inner, zeroed: false)
        let block = range.count * inner
        for o in 0..<outer {
            (out.pointer + o * block).update(
                from: storage.pointer + (o * n + range.lowerBound) * inner, count: block)
        }
        let inputShape = shape
        return Tensor(shape: outShape, storage: out).recording("slice", inputs: [self]) { g in
            let gi = TensorStorage(count: inputShape.reduce(1, *))
            for o in 0..<outer {
                (gi.pointer + (o * n + range.lowerBound) * inner).update(
                    from: g.storage.pointer + o * block, count: block)
            }
            return [Tensor(shape: inputShape, storage: gi)]
        }
    }

    /// Joins tensors along `axis`; all other extents must match.
    public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate of no tensors")
        let first = tensors[0]
        let a = first.normalizedAxis(axis)
        for t in tensors {
            precondition(
                t.rank == first.rank
                    && t.shape.enumerated().allSatisfy { $0.offset == a || $0.element == first.shape[$0.offset] },
                "concatenate: shape \(t.shape) does not match \(first.shape) off axis \(a)")
        }
        let outer = first.shape[..<a].reduce(1, *)
        let inner = first.shape[(a + 1)...].reduce(1, *)
        let extents = tensors.map { $0.shape[a] }
        let total = extents.reduce(0, +)
        var outShape = first.shape
        outShape[a] = total
        let out = TensorStorage(count: outer * total * inner, zeroed: false)
        var offset = 0
        for (t, e) in zip(tensors, extents) {
            let block = e * inner
            for o in 0..<outer {
                (out.pointer + (o * total + offset) * inner).update(
                    from: t.storage.pointer + o * block, count: block)
            }
            offset += e
        }
        return Tensor(shape: outShape, storage: out).recording("concatenate", inputs: tensors) { g in
            var start = 0
            return extents.map { e in
                defer { start += e }
                return g.slice(axis: a, start..<(start + e))
            }
        }
    }

    /// Stacks equally shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "stack of no tensors")
        let shape = tensors[0].shape
        let a = axis < 0 ? axis + shape.count + 1 : axis
        var expanded = shape
        expanded.insert(1, at: a)
        return concatenate(tensors.map { $0.reshaped(expanded) }, axis: a)
    }

    /// Selects entries `indices` along `axis` (PyTorch `index_select`). Repeated indices
    /// accumulate their gradients.
    public func indexSelect(axis: Int, _ indices: [Int]) -> Tensor {
        let a = normalizedAxis(axis)
        let (outer, n, inner) = split(around: a)
        for i in indices { precondition(i >= 0 && i < n, "index \(i) out of range 0..<\(n)") }
        var outShape = shape
        outShape[a] = indices.count
        let m = indices.count
        let out = TensorStorage(count: outer * m * inner, zeroed: false)
        let p = storage.pointer
        Parallel.forEachChunk(outer * m, workPerItem: inner) { range in
            for r in range {
                let o = r / m, j = r % m
                (out.pointer + r * inner).update(
                    from: p + (o * n + indices[j]) * inner, count: inner)
            }
        }
        let inputShape = shape
        return Tensor(shape: outShape, storage: out).recording("index_select", inputs: [self]) { g in
            let gi = TensorStorage(count: inputShape.reduce(1, *))
            let pg = g.storage.pointer
            for o in 0..<outer {
                for (j, idx) in indices.enumerated() {
                    let dst = gi.pointer + (o * n + idx) * inner
                    let src = pg + (o * m + j) * inner
                    for k in 0..<inner { dst[k] += src[k] }
                }
            }
            return [Tensor(shape: inputShape, storage: gi)]
        }
    }

    /// Rows of an embedding table `[vocab, width]` for `ids` laid out in `idShape`.
    public func embeddingLookup(_ ids: [Int], idShape: [Int]) -> Tensor {
        precondition(rank == 2, "embedding table must be [vocab, width], got \(shape)")
        precondition(ids.count == idShape.reduce(1, *), "ids do not fit shape \(idShape)")
        return indexSelect(axis: 0, ids).reshaped(idShape + [shape[1]])
    }

    /// Picks one element per row of a `[..., n]` tensor: `result[r] = self[r, indices[r]]`.
    public func gather(lastAxis indices: [Int]) -> Tensor {
        let n = shape.last ?? 1
        let rows = count / Swift.max(n, 1)
        precondition(indices.count == rows, "gather: \(indices.count) indices for \(rows) rows")
        let out = TensorStorage(count: rows, zeroed: false)
        for r in 0..<rows {
            precondition(indices[r] >= 0 && indices[r] < n, "gather index \(indices[r]) ≥ \(n)")
            out.pointer[r] = storage.pointer[r * n + indices[r]]
        }
        let inputShape = shape
        return Tensor(shape: Array(shape.dropLast()), storage: out)
            .recording("gather", inputs: [self]) { g in
                let gi = TensorStorage(count: inputShape.reduce(1, *))
                for r in 0..<rows { gi.pointer[r * n + indices[r]] = g.storage.pointer[r] }
                return [Tensor(shape: inputShape, storage: gi)]
            }
    }

    /// Replaces entries where `mask` (broadcast to this shape, nonzero = true) with `value`.
    public func maskedFill(_ mask: Tensor, value: Float) -> Tensor {
        let m = mask.broadcasted(to: shape).detached()
        let out = Tensor.broadcastMap(self, m) { x, keep in keep != 0 ? value : x }
        return out.recording("masked_fill", inputs: [self]) { g in
            [Tensor.broadcastMap(g, m) { gi, keep in keep != 0 ? 0 : gi }]
        }
    }
}
