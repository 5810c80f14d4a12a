import Foundation
import TensorCore
import TestSupport
import Testing

@Suite("Reductions and shape ops")
struct ReductionAndShapeTests {
    static let axisSets: [[Int]] = [[], [0], [1], [2], [0, 2], [1, 2]]

    @Test("sum and mean over axes", arguments: axisSets)
    func sumMean(_ axes: [Int]) {
        let shape = [2, 3, 4]
        let reduced = axes.isEmpty ? [0, 1, 2] : axes
        let n = Double(reduced.reduce(1) { $0 * shape[$1] })
        for keep in [false, true] {
            checkOp(OpCheck("sum \(axes) keep \(keep)", shapes: [shape],
                            engine: { $0[0].sum(axes: axes, keepDims: keep) },
                            oracle: { naiveReduce($0[0], shape, axes: reduced, initial: 0, +) }),
                    seed: UInt64(300 + axes.count))
            checkOp(OpCheck("mean \(axes) keep \(keep)", shapes: [shape],
                            engine: { $0[0].mean(axes: axes, keepDims: keep) },
                            oracle: { naiveReduce($0[0], shape, axes: reduced, initial: 0, +).map { $0 / n } }),
                    seed: UInt64(310 + axes.count))
        }
    }

    @Test("max and logsumexp over each axis", arguments: [0, 1, 2])
    func maxLSE(_ axis: Int) {
        let shape = [2, 3, 4]
        checkOp(OpCheck("max \(axis)", shapes: [shape], engine: { $0[0].max(axis: axis) },
                        oracle: { naiveReduce($0[0], shape, axes: [axis], initial: -.infinity, max) }),
                seed: UInt64(320 + axis))
        checkOp(OpCheck("logsumexp \(axis)", shapes: [shape], engine: { $0[0].logSumExp(axis: axis) },
                        oracle: { x in
                            naiveReduce(x[0].map { Foundation.exp($0) }, shape, axes: [axis], initial: 0, +)
                                .map { Foundation.log($0) }
                        }), seed: UInt64(330 + axis))
    }

    @Test("reshape, permute, transpose, broadcast")
    func layout() {
        let s = [2, 3, 4]
        checkOp(OpCheck("reshape", shapes: [s], engine: { $0[0].reshaped([4, -1]) * 1 }, oracle: { $0[0] }), seed: 1)
        for axes in [[2, 0, 1], [1, 0, 2], [0, 2, 1], [2, 1, 0]] {
            checkOp(OpCheck("permute \(axes)", shapes: [s], engine: { $0[0].permuted(axes) },
                            oracle: { naivePermute($0[0], s, axes) }), seed: 2)
        }
        checkOp(OpCheck("T", shapes: [s], engine: { $0[0].T }, oracle: { naivePermute($0[0], s, [0, 2, 1]) }), seed: 3)
        checkOp(OpCheck("broadcast", shapes: [[3, 1]], engine: { $0[0].broadcasted(to: [2, 3, 4]) },
                        oracle: { x in (0..<24).map { i in broadcastValue(x[0], [3, 1], at: unravel(i, [2, 3, 4])) } }),
                seed: 4)
    }

    @Test("slice, concatenate, stack", arguments: [0, 1, 2])
    func sliceConcat(_ axis: Int) {
        let s = [3, 4, 5]
        checkOp(OpCheck("slice \(axis)", shapes: [s], engine: { $0[0].slice(axis: axis, 1..<3) },
                        oracle: { x in
                            var out: [Double] = []
                            for i in 0..<60 where (1..<3).contains(unravel(i, s)[axis]) { out.append(x[0][i]) }
                            return out
                        }), seed: UInt64(400 + axis))
        var s2 = s
        s2[axis] = 2
        checkOp(OpCheck("concatenate \(axis)", shapes: [s, s2],
                        engine: { Tensor.concatenate([$0[0], $0[1]], axis: axis) },
                        oracle: { x in
                            var outShape = s
                            outShape[axis] += 2
                            return (0..<product(outShape)).map { i in
                                var idx = unravel(i, outShape)
                                if idx[axis] < s[axis] { return x[0][ravel(idx, s)] }
                                idx[axis] -= s[axis]
                                return x[1][ravel(idx, s2)]
                            }
                        }), seed: UInt64(410 + axis))
        checkOp(OpCheck("stack \(axis)", shapes: [s, s], engine: { Tensor.stack([$0[0], $0[1]], axis: axis) },
                        oracle: { x in
                            var outShape = s
                            outShape.insert(2, at: axis)
                            return (0..<product(outShape)).map { i in
                                var idx = unravel(i, outShape)
                                let which = idx.remove(at: axis)
                                return x[which][ravel(idx, s)]
                            }
                        }), seed: UInt64(420 + axis))
    }

    @Test("index select with repeats accumulates, embedding, gather, masked fill")
    func gathering() {
        let idx = [2, 0, 2, 1, 2]
        checkOp(OpCheck("index_select axis 1", shapes: [[2, 3, 2]], engine: { $0[0].indexSelect(axis: 1, idx) },
                        oracle: { x in
                            (0..<20).map { i in
                                let o = unravel(i, [2, 5, 2])
                                return x[0][ravel([o[0], idx[o[1]], o[2]], [2, 3, 2])]
                            }
                        }), seed: 5)
        checkOp(OpCheck("embedding", shapes: [[4, 3]], engine: { $0[0].embeddingLookup([3, 3, 0, 1], idShape: [2, 2]) },
                        oracle: { x in [3, 3, 0, 1].flatMap { r in (0..<3).map { x[0][r * 3 + $0] } } }), seed: 6)
        checkOp(OpCheck("gather", shapes: [[3, 4]], engine: { $0[0].gather(lastAxis: [3, 0, 2]) },
                        oracle: { x in [x[0][3], x[0][4], x[0][10]] }), seed: 7)
        let mask = Tensor([1, 0, 0, 1], shape: [1, 4])
        checkOp(OpCheck("masked_fill", shapes: [[3, 4]], engine: { $0[0].maskedFill(mask, value: -7) },
                        oracle: { x in x[0].enumerated().map { [0, 3].contains($0.offset % 4) ? -7 : $0.element } }),
                seed: 8)
    }
}
