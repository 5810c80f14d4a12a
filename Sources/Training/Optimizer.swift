import Foundation
import NN
import TensorCore

/// Updates a module's trainable parameters from their accumulated gradients.
///
/// State (moments, momentum buffers) is keyed by the parameters' dotted names, so it can be saved
/// in a checkpoint beside the weights and restored exactly.
public protocol Optimizer: AnyObject {
    /// The learning rate for the next step (schedules set it before each step).
    var learningRate: Float { get set }
    /// Per-parameter multipliers of `learningRate` by dotted name (PyTorch parameter groups with
    /// their own `lr` under one schedule); a name without one learns at `learningRate`.
    var learningRateScales: [String: Float] { get set }
    /// Number of steps taken.
    var step: Int { get }
    /// Applies one update to every parameter that requires a gradient and has one.
    func update(_ parameters: [(String, Parameter)])
    /// Named state tensors for checkpoints.
    func stateDict() -> [String: Tensor]
    func loadState(_ state: [String: Tensor]) throws
}

/// Which parameters get weight decay: matrices, except norms, biases, embeddings and the logit
/// scale (as open_clip excludes `ndim < 2`, `bn`, `ln`, `bias`, `logit_scale`; Loupe also
/// excludes embeddings).
public func decays(_ name: String, shape: [Int]) -> Bool {
    if shape.count < 2 { return false }
    let last = name.split(separator: ".").map(String.init)
    return !last.contains { $0.hasPrefix("ln") || $0.contains("norm") || $0 == "bias" || $0 == "logit_scale"
        || $0.contains("embedding") }
}

/// Errors restoring optimizer state.
public enum OptimizerError: Error, CustomStringConvertible {
    case badState(String)
    public var description: String { "optimizer state: \(self.message)" }
    var message: String { if case let .badState(m) = self { return m }; return "" }
}

/// Decoupled weight-decay Adam (Loshchilov & Hutter; PyTorch `torch.optim.AdamW`).
public final class AdamW: Optimizer {
    public var learningRate: Float
    public var learningRateScales: [String: Float] = [:]
    public let beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    public private(set) var step = 0
    /// First and second moments, updated in place.
    var m: [String: TensorStorage] = [:]
    var v: [String: TensorStorage] = [:]

    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0.01) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
    }

    public func update(_ parameters: [(String, Parameter)]) {
        step += 1
        let bc1 = 1 - Float(Foundation.pow(Double(beta1), Double(step)))
        let bc2 = 1 - Float(Foundation.pow(Double(beta2), Double(step)))
        for (name, p) in parameters where p.requiresGrad {
            guard let g = p.grad else { continue }
            let lr = learningRate * (learningRateScales[name] ?? 1)
            let n = p.value.count
            let mi = m[name] ?? TensorStorage(count: n)
            let vi = v[name] ?? TensorStorage(count: n)
            m[name] = mi
            v[name] = vi
            let decay: Float = decays(name, shape: p.shape) ? 1 - lr * weightDecay : 1
            let w = p.value.storage.pointer, gp = g.storage.pointer, mp = mi.pointer, vp = vi.pointer
            let (b1, b2, e) = (beta1, beta2, eps)
            let stepSize = lr / bc1
            let bc2Root = bc2.squareRoot()
            Parallel.forEachChunk(n) { r in
                for i in r {
                    let gi = gp[i]
                    mp[i] = b1 * mp[i] + (1 - b1) * gi
                    vp[i] = b2 * vp[i] + (1 - b2) * gi * gi
                    w[i] = w[i] * decay - stepSize * mp[i] / (vp[i].squareRoot() / bc2Root + e)
                }
            }
        }
    }

    public func stateDict() -> [String: Tensor] {
        var out: [String: Tensor] = ["step": Tensor(scalar: Float(step))]
        for (k, x) in m { out["exp_avg." + k] = Tensor(shape: [x.count], storage: x) }
        for (k, x) in v { out["exp_avg_sq." + k] = Tensor(shape: [x.count], storage: x) }
        return out
    }

    public func loadState(_ state: [String: Tensor]) throws {
        guard let s = state["step"] else { throw OptimizerError.badState("missing 'step'") }
        step = Int(s.item)
        m = [:]
        v = [:]
        for (k, t) in state {
            if k.hasPrefix("exp_avg_sq.") { v[String(k.dropFirst(11))] = TensorStorage(copying: t.storage.buffer) }
            else if k.hasPrefix("exp_avg.") { m[String(k.dropFirst(8))] = TensorStorage(copying: t.storage.buffer) }
        }
    }
}

/// Stochastic gradient descent with momentum and (coupled) weight decay, as `torch.optim.SGD`.
public final class SGD: Optimizer {
    public var learningRate: Float
    public var learningRateScales: [String: Float] = [:]
    public let momentum: Float, weightDecay: Float
    public private(set) var step = 0
    var buffers: [String: TensorStorage] = [:]

    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public func update(_ parameters: [(String, Parameter)]) {
        step += 1
        let mu = momentum
        for (name, p) in parameters where p.requiresGrad {
            guard let g = p.grad else { continue }
            let lr = learningRate * (learningRateScales[name] ?? 1)
            let n = p.value.count
            let w = p.value.storage.pointer, gp = g.storage.pointer
            let wd: Float = decays(name, shape: p.shape) ? weightDecay : 0
            if mu == 0 {
                Parallel.forEachChunk(n) { r in for i in r { w[i] -= lr * (gp[i] + wd * w[i]) } }
                continue
            }
            // PyTorch starts the momentum buffer at the first step's gradient.
            let fresh = buffers[name] == nil
            let buffer = buffers[name] ?? TensorStorage(count: n)
            buffers[name] = buffer
            let bp = buffer.pointer
            Parallel.forEachChunk(n) { r in
                for i in r {
                    let d = gp[i] + wd * w[i]
                    bp[i] = fresh ? d : mu * bp[i] + d
                    w[i] -= lr * bp[i]
                }
            }
        }
    }

    public func stateDict() -> [String: Tensor] {
        var out: [String: Tensor] = ["step": Tensor(scalar: Float(step))]
        for (k, x) in buffers { out["momentum_buffer." + k] = Tensor(shape: [x.count], storage: x) }
        return out
    }

    public func loadState(_ state: [String: Tensor]) throws {
        guard let s = state["step"] else { throw OptimizerError.badState("missing 'step'") }
        step = Int(s.item)
        buffers = [:]
        for (k, t) in state where k.hasPrefix("momentum_buffer.") {
            buffers[String(k.dropFirst(16))] = TensorStorage(copying: t.storage.buffer)
        }
    }
}

/// Scales all gradients so their global L2 norm is at most `maxNorm` (`clip_grad_norm_`).
/// - Returns: the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [(String, Parameter)], maxNorm: Float) -> Float {
    var total: Double = 0
    for (_, p) in parameters { if let g = p.grad { for x in g.storage.buffer { total += Double(x) * Double(x) } } }
    let norm = Float(total.squareRoot())
    let coef = maxNorm / (norm + 1e-6)
    if coef < 1 {
        for (_, p) in parameters {
            if let g = p.grad { for i in 0..<g.count { g.storage.pointer[i] *= coef } }
        }
    }
    return norm
}
