import Foundation

// Naive Float64 reference implementations used as oracles: plain loops, no cleverness.

func product(_ s: [Int]) -> Int { s.reduce(1, *) }

/// Multi-index of flat position `i` in `shape`.
func unravel(_ i: Int, _ shape: [Int]) -> [Int] {
    var rem = i
    var idx = [Int](repeating: 0, count: shape.count)
    for a in stride(from: shape.count - 1, through: 0, by: -1) {
        idx[a] = rem % shape[a]
        rem /= shape[a]
    }
    return idx
}

func ravel(_ idx: [Int], _ shape: [Int]) -> Int {
    var i = 0
    for a in 0..<shape.count { i = i * shape[a] + idx[a] }
    return i
}

func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let r = max(a.count, b.count)
    let pa = [Int](repeating: 1, count: r - a.count) + a
    let pb = [Int](repeating: 1, count: r - b.count) + b
    return zip(pa, pb).map { max($0, $1) }
}

/// Element of `values` (shape `shape`) seen at output multi-index `idx` under broadcasting.
func broadcastValue(_ values: [Double], _ shape: [Int], at idx: [Int]) -> Double {
    let off = idx.count - shape.count
    let local = shape.indices.map { shape[$0] == 1 ? 0 : idx[$0 + off] }
    return values[ravel(local, shape)]
}

func naiveBinary(_ a: [Double], _ sa: [Int], _ b: [Double], _ sb: [Int],
                 _ f: (Double, Double) -> Double) -> [Double] {
    let out = broadcastShape(sa, sb)
    return (0..<product(out)).map { i in
        let idx = unravel(i, out)
        return f(broadcastValue(a, sa, at: idx), broadcastValue(b, sb, at: idx))
    }
}

func naiveMatmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int,
                 transposeA: Bool = false, transposeB: Bool = false) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let av = transposeA ? a[p * m + i] : a[i * k + p]
                let bv = transposeB ? b[j * k + p] : b[p * n + j]
                s += av * bv
            }
            c[i * n + j] = s
        }
    }
    return c
}

/// Reduce over `axes` with `f` starting from `initial`; output keeps reduced axes as 1.
func naiveReduce(_ x: [Double], _ shape: [Int], axes: [Int], initial: Double,
                 _ f: (Double, Double) -> Double) -> [Double] {
    var outShape = shape
    for a in axes { outShape[a] = 1 }
    var out = [Double](repeating: initial, count: product(outShape))
    for i in x.indices {
        var idx = unravel(i, shape)
        for a in axes { idx[a] = 0 }
        let o = ravel(idx, outShape)
        out[o] = f(out[o], x[i])
    }
    return out
}

func naiveSoftmaxRows(_ x: [Double], n: Int) -> [Double] {
    var y = x
    for r in 0..<(x.count / n) {
        let row = x[(r * n)..<(r * n + n)]
        let m = row.max()!
        let s = row.reduce(0) { $0 + exp($1 - m) }
        for j in 0..<n { y[r * n + j] = exp(x[r * n + j] - m) / s }
    }
    return y
}

func naiveLayerNorm(_ x: [Double], c: Int, w: [Double]?, b: [Double]?, eps: Double) -> [Double] {
    var y = x
    for r in 0..<(x.count / c) {
        let row = Array(x[(r * c)..<(r * c + c)])
        let mean = row.reduce(0, +) / Double(c)
        let v = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(c)
        for j in 0..<c {
            y[r * c + j] = (row[j] - mean) / (v + eps).squareRoot() * (w?[j] ?? 1) + (b?[j] ?? 0)
        }
    }
    return y
}

/// Reference attention with heads packed in the feature axis: q `[B,Tq,W]`, k/v `[B,Tk,W]`.
func naiveAttention(q: [Double], k: [Double], v: [Double], b: Int, tq: Int, tk: Int, width: Int,
                    heads: Int, mask: ((Int, Int, Int) -> Double)?) -> [Double] {
    let d = width / heads
    var out = [Double](repeating: 0, count: b * tq * width)
    for bi in 0..<b {
        for h in 0..<heads {
            for i in 0..<tq {
                var s = [Double](repeating: 0, count: tk)
                for j in 0..<tk {
                    var dot = 0.0
                    for p in 0..<d { dot += q[(bi * tq + i) * width + h * d + p] * k[(bi * tk + j) * width + h * d + p] }
                    s[j] = dot / Double(d).squareRoot() + (mask?(bi, i, j) ?? 0)
                }
                let m = s.max()!
                let e = s.map { exp($0 - m) }
                let z = e.reduce(0, +)
                for p in 0..<d {
                    var acc = 0.0
                    for j in 0..<tk { acc += e[j] / z * v[(bi * tk + j) * width + h * d + p] }
                    out[(bi * tq + i) * width + h * d + p] = acc
                }
            }
        }
    }
    return out
}

func naivePermute(_ x: [Double], _ shape: [Int], _ axes: [Int]) -> [Double] {
    let outShape = axes.map { shape[$0] }
    return (0..<x.count).map { i in
        let idx = unravel(i, outShape)
        var src = [Int](repeating: 0, count: shape.count)
        for (o, a) in axes.enumerated() { src[a] = idx[o] }
        return x[ravel(src, shape)]
    }
}
