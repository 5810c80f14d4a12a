import Foundation
import TensorCore
import TestSupport
import Testing

@Suite("Matrix products and neural-network ops")
struct MatmulAndNNOpTests {
    @Test("matmul with every transpose combination", arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matmul2D(_ t: (Bool, Bool)) {
        let (m, k, n) = (3, 4, 5)
        let sa = t.0 ? [k, m] : [m, k], sb = t.1 ? [n, k] : [k, n]
        checkOp(OpCheck("matmul \(t)", shapes: [sa, sb],
                        engine: { matmul($0[0], $0[1], transposeA: t.0, transposeB: t.1) },
                        oracle: { naiveMatmul($0[0], $0[1], m: m, k: k, n: n, transposeA: t.0, transposeB: t.1) }),
                seed: 500)
    }

    @Test("batched matmul and batch-shared weights", arguments: [false, true])
    func batched(_ transposeB: Bool) {
        let (b, m, k, n) = (2, 3, 4, 5)
        let sb = transposeB ? [b, n, k] : [b, k, n]
        checkOp(OpCheck("bmm", shapes: [[b, m, k], sb],
                        engine: { matmul($0[0], $0[1], transposeB: transposeB) },
                        oracle: { x in
                            (0..<b).flatMap { i in
                                naiveMatmul(Array(x[0][(i * m * k)..<((i + 1) * m * k)]),
                                            Array(x[1][(i * k * n)..<((i + 1) * k * n)]),
                                            m: m, k: k, n: n, transposeB: transposeB)
                            }
                        }), seed: 501)
        let s2 = transposeB ? [n, k] : [k, n]
        checkOp(OpCheck("batch × shared", shapes: [[b, m, k], s2],
                        engine: { matmul($0[0], $0[1], transposeB: transposeB) },
                        oracle: { naiveMatmul($0[0], $0[1], m: b * m, k: k, n: n, transposeB: transposeB) }),
                seed: 502)
    }

    @Test("linear with and without bias", arguments: [true, false])
    func linearLayer(_ withBias: Bool) {
        let shapes = withBias ? [[2, 3, 4], [5, 4], [5]] : [[2, 3, 4], [5, 4]]
        checkOp(OpCheck("linear bias \(withBias)", shapes: shapes,
                        engine: { linear($0[0], weight: $0[1], bias: withBias ? $0[2] : nil) },
                        oracle: { x in
                            let y: [Double] = naiveMatmul(x[0], x[1], m: 6, k: 4, n: 5, transposeB: true)
                            guard withBias else { return y }
                            let bias: [Double] = x[2]
                            return y.indices.map { (i: Int) -> Double in y[i] + bias[i % 5] }
                        }), seed: 503)
    }

    @Test("softmax, log-softmax, cross-entropy")
    func softmaxFamily() {
        checkOp(OpCheck("softmax", shapes: [[3, 5]], engine: { $0[0].softmax() },
                        oracle: { naiveSoftmaxRows($0[0], n: 5) }), seed: 510)
        checkOp(OpCheck("log_softmax", shapes: [[2, 2, 4]], engine: { $0[0].logSoftmax() },
                        oracle: { naiveSoftmaxRows($0[0], n: 4).map { Foundation.log($0) } }), seed: 511)
        let targets = [1, 4, 0]
        checkOp(OpCheck("cross_entropy", shapes: [[3, 5]], range: -3...3, engine: { $0[0].crossEntropy(targets: targets) },
                        oracle: { x in
                            let p: [Double] = naiveSoftmaxRows(x[0], n: 5)
                            var total = 0.0
                            for r in 0..<3 { total -= Foundation.log(p[r * 5 + targets[r]]) }
                            return [total / 3]
                        }), seed: 512)
    }

    @Test("layer norm with and without affine parameters")
    func layerNorm() {
        checkOp(OpCheck("layer_norm", shapes: [[2, 3, 6], [6], [6]],
                        engine: { $0[0].layerNorm(weight: $0[1], bias: $0[2], eps: 1e-5) },
                        oracle: { naiveLayerNorm($0[0], c: 6, w: $0[1], b: $0[2], eps: 1e-5) }), seed: 520)
        checkOp(OpCheck("layer_norm plain", shapes: [[4, 5]],
                        engine: { $0[0].layerNorm(weight: nil, bias: nil, eps: 1e-3) },
                        oracle: { naiveLayerNorm($0[0], c: 5, w: nil, b: nil, eps: 1e-3) }), seed: 521)
    }

    @Test("L2 normalisation and cosine similarity")
    func normalisation() {
        checkOp(OpCheck("l2_normalize", shapes: [[3, 4]], engine: { $0[0].l2Normalized() },
                        oracle: { x in
                            (0..<3).flatMap { r -> [Double] in
                                let row = Array(x[0][(r * 4)..<(r * 4 + 4)])
                                let n = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
                                return row.map { $0 / n }
                            }
                        }), seed: 530)
        checkOp(OpCheck("cosine", shapes: [[3, 4], [3, 4]], engine: { Tensor.cosineSimilarity($0[0], $0[1]) },
                        oracle: { x in
                            (0..<3).map { r in
                                let a = Array(x[0][(r * 4)..<(r * 4 + 4)]), b = Array(x[1][(r * 4)..<(r * 4 + 4)])
                                let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
                                let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
                                let nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
                                return dot / (na * nb)
                            }
                        }), seed: 531)
    }

    @Test("patchify equals a stride = kernel convolution")
    func patchify() {
        let (b, c, h, w, p, out) = (2, 3, 4, 6, 2, 5)
        checkOp(OpCheck("patch conv", shapes: [[b, c, h, w], [out, c, p, p]],
                        engine: { matmul($0[0].patchified(patchSize: p), $0[1].reshaped([out, c * p * p]), transposeB: true) },
                        oracle: { x in
                            var y: [Double] = []
                            for bi in 0..<b {
                                for gy in 0..<(h / p) {
                                    for gx in 0..<(w / p) {
                                        for o in 0..<out {
                                            var s = 0.0
                                            for ci in 0..<c { for ky in 0..<p { for kx in 0..<p {
                                                s += x[0][((bi * c + ci) * h + gy * p + ky) * w + gx * p + kx]
                                                    * x[1][((o * c + ci) * p + ky) * p + kx]
                                            } } }
                                            y.append(s)
                                        }
                                    }
                                }
                            }
                            return y
                        }), seed: 540)
    }

    @Test("attention over packed heads with causal and padding masks", arguments: [0, 1, 2])
    func attention(_ maskKind: Int) {
        let (b, tq, tk, width, heads) = (2, 3, 4, 6, 2)
        var maskTensor: Tensor? = nil
        if maskKind == 1 {
            let values: [Float] = (0..<(tq * tk)).map { (i: Int) -> Float in (i % tk) > (i / tk) + 1 ? -Float.infinity : 0 }
            maskTensor = Tensor(values, shape: [tq, tk])
        } else if maskKind == 2 {
            let inf = -Float.infinity
            maskTensor = Tensor([0, 0, 0, inf, 0, 0, inf, inf], shape: [b, 1, tk])
        }
        let maskFn: ((Int, Int, Int) -> Double)? = maskTensor.map { m in
            { bi, i, j in
                Double(m.rank == 2 ? m.scalars[i * tk + j] : m.scalars[bi * tk + j])
            }
        }
        checkOp(OpCheck("attention mask \(maskKind)", shapes: [[b, tq, width], [b, tk, width], [b, tk, width]],
                        engine: { scaledDotProductAttention(q: $0[0], k: $0[1], v: $0[2], heads: heads, mask: maskTensor) },
                        oracle: { naiveAttention(q: $0[0], k: $0[1], v: $0[2], b: b, tq: tq, tk: tk, width: width,
                                                 heads: heads, mask: maskFn) }), seed: UInt64(550 + maskKind))
    }

    @Test("packed QKV attention equals attention on the three parts, causal mask")
    func packedAttention() {
        let (b, t, width, heads) = (2, 4, 6, 3)
        let causal = Tensor.causalMask(t)
        checkOp(OpCheck("attention qkv", shapes: [[b, t, 3 * width]],
                        engine: { scaledDotProductAttention(packedQKV: $0[0], heads: heads, mask: causal) },
                        oracle: { x in
                            func part(_ p: Int) -> [Double] {
                                var out: [Double] = []
                                for r in 0..<(b * t) {
                                    let start = r * 3 * width + p * width
                                    out += x[0][start..<(start + width)]
                                }
                                return out
                            }
                            let causalFn: (Int, Int, Int) -> Double = { _, i, j in j > i ? -Double.infinity : 0 }
                            return naiveAttention(q: part(0), k: part(1), v: part(2), b: b, tq: t, tk: t,
                                                  width: width, heads: heads, mask: causalFn)
                        }), seed: 560)
    }
}
