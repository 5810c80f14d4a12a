import Foundation

// Element-wise binary arithmetic with NumPy broadcasting, each with its backward rule.

extension Tensor {
    /// Applies `f` element-wise over the broadcast of `a` and `b`.
    @inline(__always)
    static func broadcastMap(
        _ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float
    ) -> Tensor {
        let outShape = a.shape == b.shape ? a.shape : Broadcast.shape(a.shape, b.shape)
        let out = TensorStorage(count: outShape.reduce(1, *), zeroed: false)
        let pa = a.storage.pointer, pb = b.storage.pointer, po = out.pointer
        let n = out.count
        if a.shape == b.shape {
            Parallel.forEachChunk(n) { r in for i in r { po[i] = f(pa[i], pb[i]) } }
        } else if b.count == 1 {
            let s = pb[0]
            Parallel.forEachChunk(n) { r in for i in r { po[i] = f(pa[i], s) } }
        } else if a.count == 1 {
            let s = pa[0]
            Parallel.forEachChunk(n) { r in for i in r { po[i] = f(s, pb[i]) } }
        } else if a.count == n, Array(a.shape.suffix(b.rank)) == b.shape {
            // b repeats along the leading axes of a: [..., C] op [C].
            let inner = b.count
            Parallel.forEachChunk(n / inner, workPerItem: inner) { rows in
                for row in rows {
                    let o = row * inner
                    for j in 0..<inner { po[o + j] = f(pa[o + j], pb[j]) }
                }
            }
        } else {
            let sa = Broadcast.strides(of: a.shape, broadcastTo: outShape)
            let sb = Broadcast.strides(of: b.shape, broadcastTo: outShape)
            let rank = outShape.count
            let inner = outShape.last ?? 1
            let ia = sa.last ?? 0, ib = sb.last ?? 0
            let outerShape = Array(outShape.dropLast())
            let rows = n / Swift.max(inner, 1)
            Parallel.forEachChunk(rows, workPerItem: inner) { range in
                for row in range {
                    var rem = row, oa = 0, ob = 0
                    for axis in stride(from: rank - 2, through: 0, by: -1) {
                        let d = outerShape[axis]
                        let idx = rem % d
                        rem /= d
                        oa += idx * sa[axis]
                        ob += idx * sb[axis]
                    }
                    let o = row * inner
                    for j in 0..<inner { po[o + j] = f(pa[oa + j * ia], pb[ob + j * ib]) }
                }
            }
        }
        return Tensor(shape: outShape, storage: out)
    }

    /// Applies `f` element-wise.
    @inline(__always)
    func map(_ f: (Float) -> Float) -> Tensor {
        let out = TensorStorage(count: count, zeroed: false)
        let p = storage.pointer, po = out.pointer
        Parallel.forEachChunk(count) { r in for i in r { po[i] = f(p[i]) } }
        return Tensor(shape: shape, storage: out)
    }

    /// Adds `other` into this fresh gradient (both owned by the tape) and returns the sum.
    func addingInPlaceOrCopy(_ other: Tensor) -> Tensor {
        precondition(shape == other.shape, "gradient shapes \(shape) and \(other.shape) differ")
        return Tensor.broadcastMap(self, other, +)
    }
}

// MARK: - Operators

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        broadcastMap(a, b, +).recording("add", inputs: [a, b]) { g in
            [g.summed(toShape: a.shape), g.summed(toShape: b.shape)]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        broadcastMap(a, b, -).recording("sub", inputs: [a, b]) { g in
            [g.summed(toShape: a.shape), (-g).summed(toShape: b.shape)]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        broadcastMap(a, b, *).recording("mul", inputs: [a, b]) { g in
            [
                a.requiresGrad ? (g * b.detached()).summed(toShape: a.shape) : nil,
                b.requiresGrad ? (g * a.detached()).summed(toShape: b.shape) : nil,
            ]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        broadcastMap(a, b, /).recording("div", inputs: [a, b]) { g in
            let bd = b.detached()
            return [
                a.requiresGrad ? (g / bd).summed(toShape: a.shape) : nil,
                b.requiresGrad
                    ? (-(g * a.detached()) / (bd * bd)).summed(toShape: b.shape) : nil,
            ]
        }
    }

    public static prefix func - (a: Tensor) -> Tensor {
        a.map { -$0 }.recording("neg", inputs: [a]) { g in [-g] }
    }

    public static func + (a: Tensor, s: Float) -> Tensor {
        a.map { $0 + s }.recording("add_scalar", inputs: [a]) { g in [g] }
    }
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    public static func - (s: Float, a: Tensor) -> Tensor { -a + s }

    public static func * (a: Tensor, s: Float) -> Tensor {
        a.map { $0 * s }.recording("mul_scalar", inputs: [a]) { g in [g * s] }
    }
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }

    public static func / (s: Float, a: Tensor) -> Tensor {
        a.map { s / $0 }.recording("rdiv_scalar", inputs: [a]) { g in
            let ad = a.detached()
            return [-(g * s) / (ad * ad)]
        }
    }

    /// Element-wise maximum; the gradient goes to `a` where `a >= b`, else to `b`.
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
        broadcastMap(a, b) { Swift.max($0, $1) }.recording("maximum", inputs: [a, b]) { g in
            let takeA = broadcastMap(a.detached(), b.detached()) { $0 >= $1 ? 1 : 0 }
            return [
                (g * takeA).summed(toShape: a.shape),
                (g * (1 - takeA)).summed(toShape: b.shape),
            ]
        }
    }
}
