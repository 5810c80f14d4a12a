/// An n-dimensional array of Float32 in contiguous row-major order, with optional gradient tracking.
///
/// `Tensor` is a value: every op returns a new tensor and never mutates its inputs. A tensor that
/// requires a gradient carries a ``GradNode``; ops record their backward rule on new nodes only
/// while ``GradMode`` is enabled and some input requires a gradient, so inference pays nothing.
public struct Tensor: Sendable {
    /// Extent of each axis, outermost first. A scalar has shape `[]`.
    public let shape: [Int]
    public let storage: TensorStorage
    /// The autodiff node, present when this tensor takes part in a gradient computation.
    public internal(set) var gradNode: GradNode?

    /// Wraps existing storage. `storage.count` must equal the product of `shape`.
    public init(shape: [Int], storage: TensorStorage) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(
            storage.count == shape.reduce(1, *),
            "storage of \(storage.count) floats does not fit shape \(shape)")
        self.shape = shape
        self.storage = storage
        self.gradNode = nil
    }

    /// A tensor holding `values` in row-major order.
    public init(_ values: [Float], shape: [Int]) {
        precondition(
            values.count == shape.reduce(1, *),
            "\(values.count) values do not fit shape \(shape)")
        self.init(shape: shape, storage: TensorStorage(copying: values))
    }

    /// A scalar tensor.
    public init(scalar: Float) { self.init([scalar], shape: []) }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(count: shape.reduce(1, *)))
    }

    /// A tensor filled with `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        let storage = TensorStorage(count: shape.reduce(1, *), zeroed: false)
        storage.pointer.initialize(repeating: value, count: storage.count)
        return Tensor(shape: shape, storage: storage)
    }

    public var rank: Int { shape.count }
    public var count: Int { storage.count }
    /// The values in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }
    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item of a tensor with shape \(shape)")
        return storage.pointer[0]
    }

    /// The size of axis `axis`; negative axes count from the end.
    public func dim(_ axis: Int) -> Int { shape[normalizedAxis(axis)] }

    func normalizedAxis(_ axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) out of range for shape \(shape)")
        return a
    }

    /// Calls `body` with a read-only view of the values.
    public func withUnsafeBufferPointer<R>(
        _ body: (UnsafeBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try body(UnsafeBufferPointer(storage.buffer))
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}
