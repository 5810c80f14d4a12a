import CBLAS
import Foundation
import TensorCore

/// Matmul GFLOP/s against raw `cblas_sgemm`, and kernel times on ViT-B/32 shapes.
func benchEngine() {
    var rng = RandomGenerator(seed: 1)
    let shapes: [(String, Int, Int, Int)] = [
        ("bs1 QKV", 50, 768, 2304), ("bs1 fc1", 50, 768, 3072), ("bs1 fc2", 50, 3072, 768),
        ("bs32 fc1", 1600, 768, 3072), ("text fc1", 77, 512, 2048),
    ]
    var rows: [[String]] = []
    for (name, m, k, n) in shapes {
        let a = Tensor.randomNormal([m, k], using: &rng)
        let b = Tensor.randomNormal([k, n], using: &rng)
        let w = Tensor.randomNormal([n, k], using: &rng)
        let bias = Tensor.randomNormal([n], using: &rng)
        let c = TensorStorage(count: m * n)
        let flops = 2.0 * Double(m * n * k)
        let rawNN = measure {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        a.storage.pointer, Int32(k), b.storage.pointer, Int32(n), 0, c.pointer, Int32(n))
        }
        let engineNN = measure { _ = matmul(a, b) }
        let rawNT = measure {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1,
                        a.storage.pointer, Int32(k), w.storage.pointer, Int32(k), 0, c.pointer, Int32(n))
        }
        let engineLinear = measure { _ = linear(a, weight: w, bias: bias) }
        rows.append([
            "\(name) \(m)×\(k)×\(n)", fmt(flops / rawNN / 1e9), fmt(flops / engineNN / 1e9),
            fmt(100 * rawNN / engineNN, 0) + "%", fmt(flops / rawNT / 1e9), fmt(flops / engineLinear / 1e9),
            fmt(100 * rawNT / engineLinear, 0) + "%",
        ])
    }
    printTable(
        "Matmul GFLOP/s: engine vs raw cblas_sgemm (median)",
        ["shape M×K×N", "sgemm NN", "matmul", "ratio", "sgemm NT", "linear(+bias)", "ratio"], rows)

    var kernels: [[String]] = []
    for (label, tokens) in [("bs1", 50), ("bs32", 1600)] {
        let x = Tensor.randomNormal([tokens, 768], using: &rng)
        let g = Tensor.ones768
        let hidden = Tensor.randomNormal([tokens, 3072], using: &rng)
        let batch = tokens / 50
        let scores = Tensor.randomNormal([batch * 12 * 50, 50], using: &rng)
        let qkv = Tensor.randomNormal([batch, 50, 3 * 768], using: &rng)
        kernels.append(["layer norm [\(tokens), 768]", label, fmt(measure { _ = x.layerNorm(weight: g, bias: g) } * 1e3, 3)])
        kernels.append(["softmax [\(batch * 600), 50]", label, fmt(measure { _ = scores.softmax() } * 1e3, 3)])
        kernels.append(["GELU [\(tokens), 3072]", label, fmt(measure { _ = hidden.gelu() } * 1e3, 3)])
        kernels.append(["QuickGELU [\(tokens), 3072]", label, fmt(measure { _ = hidden.quickGELU() } * 1e3, 3)])
        kernels.append(["attention qkv [\(batch), 50, 2304], 12 heads", label,
                        fmt(measure { _ = scaledDotProductAttention(packedQKV: qkv, heads: 12) } * 1e3, 3)])
    }
    printTable("Kernels on ViT-B/32 shapes (median ms per call)", ["kernel", "batch", "ms"], kernels)
}

extension Tensor {
    static let ones768 = Tensor.full([768], 1)
}
