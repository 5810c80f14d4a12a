import CKernels
import Foundation

// Element-wise functions and activations, each with its backward rule.

extension Tensor {
    public func exp() -> Tensor {
        let y = map { Foundation.exp($0) }
        return y.recording("exp", inputs: [self]) { g in [g * y] }
    }

    public func log() -> Tensor {
        map { Foundation.log($0) }.recording("log", inputs: [self]) { g in [g / self.detached()] }
    }

    public func sqrt() -> Tensor {
        let y = map { $0.squareRoot() }
        return y.recording("sqrt", inputs: [self]) { g in [g / (y * 2)] }
    }

    public func rsqrt() -> Tensor {
        let y = map { 1 / $0.squareRoot() }
        return y.recording("rsqrt", inputs: [self]) { g in
            [Tensor.broadcastMap(g, y) { gi, yi in -0.5 * gi * yi * yi * yi }]
        }
    }

    public func tanh() -> Tensor {
        let y = map { Foundation.tanh($0) }
        return y.recording("tanh", inputs: [self]) { g in
            [Tensor.broadcastMap(g, y) { gi, yi in gi * (1 - yi * yi) }]
        }
    }

    public func sigmoid() -> Tensor {
        let y = map { Tensor.sigmoid($0) }
        return y.recording("sigmoid", inputs: [self]) { g in
            [Tensor.broadcastMap(g, y) { gi, yi in gi * yi * (1 - yi) }]
        }
    }

    public func relu() -> Tensor {
        map { Swift.max($0, 0) }.recording("relu", inputs: [self]) { g in
            [Tensor.broadcastMap(g, self.detached()) { gi, x in x > 0 ? gi : 0 }]
        }
    }

    /// Exact GELU, `x · Φ(x)` with the error function (PyTorch `gelu(approximate="none")`).
    public func gelu() -> Tensor {
        mapKernel(loupe_gelu_forward).recording("gelu", inputs: [self]) { g in
            [self.detached().gradKernel(g, loupe_gelu_backward)]
        }
    }

    /// QuickGELU, `x · σ(1.702 x)`, as in OpenAI CLIP.
    public func quickGELU() -> Tensor {
        mapKernel(loupe_quick_gelu_forward).recording("quick_gelu", inputs: [self]) { g in
            [self.detached().gradKernel(g, loupe_quick_gelu_backward)]
        }
    }

    /// Applies a vectorised C kernel `f(x, y, n)` in parallel chunks.
    func mapKernel(_ f: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        let out = TensorStorage(count: count, zeroed: false)
        let p = storage.pointer, po = out.pointer
        Parallel.forEachChunk(count, workPerItem: 8) { r in f(p + r.lowerBound, po + r.lowerBound, r.count) }
        return Tensor(shape: shape, storage: out)
    }

    /// Applies a vectorised backward kernel `f(x, dy, dx, n)` in parallel chunks.
    func gradKernel(
        _ g: Tensor, _ f: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    ) -> Tensor {
        precondition(g.shape == shape, "gradient \(g.shape) does not match \(shape)")
        let out = TensorStorage(count: count, zeroed: false)
        let p = storage.pointer, pg = g.storage.pointer, po = out.pointer
        Parallel.forEachChunk(count, workPerItem: 8) { r in
            f(p + r.lowerBound, pg + r.lowerBound, po + r.lowerBound, r.count)
        }
        return Tensor(shape: shape, storage: out)
    }

    public func abs() -> Tensor {
        map { Swift.abs($0) }.recording("abs", inputs: [self]) { g in
            [Tensor.broadcastMap(g, self.detached()) { gi, x in x > 0 ? gi : (x < 0 ? -gi : 0) }]
        }
    }

    /// Limits values to `[lower, upper]`; the gradient passes only where the input was inside.
    public func clamped(min lower: Float = -.infinity, max upper: Float = .infinity) -> Tensor {
        map { Swift.min(Swift.max($0, lower), upper) }
            .recording("clamp", inputs: [self]) { g in
                [
                    Tensor.broadcastMap(g, self.detached()) { gi, x in
                        x >= lower && x <= upper ? gi : 0
                    }
                ]
            }
    }

    /// Raises every element to the constant power `p`.
    public func pow(_ p: Float) -> Tensor {
        map { Foundation.pow($0, p) }.recording("pow", inputs: [self]) { g in
            [
                Tensor.broadcastMap(g, self.detached()) { gi, x in
                    gi * p * Foundation.pow(x, p - 1)
                }
            ]
        }
    }

    public func square() -> Tensor {
        map { $0 * $0 }.recording("square", inputs: [self]) { g in
            [Tensor.broadcastMap(g, self.detached()) { gi, x in 2 * gi * x }]
        }
    }

    /// `arccos` with the input clamped to `[-1 + eps, 1 - eps]`, so the gradient stays finite.
    public func arccos(eps: Float = 1e-6) -> Tensor {
        let lo = -1 + eps, hi = 1 - eps
        return map { Foundation.acos(Swift.min(Swift.max($0, lo), hi)) }
            .recording("arccos", inputs: [self]) { g in
                [
                    Tensor.broadcastMap(g, self.detached()) { gi, x in
                        guard x >= lo && x <= hi else { return 0 }
                        return -gi / (1 - x * x).squareRoot()
                    }
                ]
            }
    }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    }
}
