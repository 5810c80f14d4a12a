import TensorCore

/// A trainable tensor owned by a module, addressed by its dotted checkpoint key.
public final class Parameter {
    /// The current values; a gradient leaf while ``requiresGrad`` is set.
    public private(set) var value: Tensor
    /// Whether backward passes accumulate a gradient for this parameter (false = frozen).
    public var requiresGrad: Bool {
        didSet { value = requiresGrad ? value.detached().requiringGrad() : value.detached() }
    }

    public init(_ value: Tensor, requiresGrad: Bool = true) {
        self.requiresGrad = requiresGrad
        self.value = requiresGrad ? value.detached().requiringGrad() : value.detached()
    }

    public var shape: [Int] { value.shape }
    /// The gradient accumulated since the last ``zeroGrad()``.
    public var grad: Tensor? { value.grad }

    public func zeroGrad() { value.gradNode?.zeroGrad() }

    /// Replaces the values (same shape), dropping any gradient.
    public func assign(_ newValue: Tensor) {
        precondition(newValue.shape == value.shape, "assign: shape \(newValue.shape) ≠ \(value.shape)")
        value = requiresGrad ? newValue.detached().requiringGrad() : newValue.detached()
    }
}
