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
        map { x in 0.5 * x * (1 + erff(x * Float(0.7071067811865476))) }
            .recording("gelu", inputs: [self]) { g in
                [
                    Tensor.broadcastMap(g, self.detached()) { gi, x in
                        let cdf = 0.5 * (1 + erff(x * Float(0.7071067811865476)))
                        let pdf = Foundation.exp(-0.5 * x * x) * Float(0.3989422804014327)
                        return gi * (cdf + x * pdf)
                    }
                ]
            }
    }

    /// QuickGELU, `x · σ(1.702 x)`, as in OpenAI CLIP.
    public func quickGELU() -> Tensor {
        map { x in x * Tensor.sigmoid(1.702 * x) }
            .recording("quick_gelu", inputs: [self]) { g in
                [
                    Tensor.broadcastMap(g, self.detached()) { gi, x in
                        let s = Tensor.sigmoid(1.702 * x)
                        return gi * (s + 1.702 * x * s * (1 - s))
                    }
                ]
            }
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
