import CKernels

/// The contiguous Float32 buffer behind one or more tensors.
///
/// Storage is written once by the op that creates it; afterwards it is shared read-only between
/// tensor values (a reshape shares its input's storage). The only writers after creation are
/// optimizers updating parameters they own, which is why the type is `@unchecked Sendable`.
public final class TensorStorage: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    /// Keeps large freed buffers in glibc's heap for reuse: by default allocations above 32 MiB
    /// are fresh `mmap`s whose pages fault in on every forward pass (seconds for big batches).
    private static let configureAllocator: Void = {
        loupe_configure_allocator()
    }()

    /// Allocates `count` floats, uninitialised unless `zeroed`.
    public init(count: Int, zeroed: Bool = true) {
        precondition(count >= 0, "negative storage size \(count)")
        _ = Self.configureAllocator
        self.count = count
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        if zeroed { pointer.initialize(repeating: 0, count: count) }
    }

    /// Copies `values` into fresh storage.
    public convenience init<C: Collection>(copying values: C) where C.Element == Float {
        self.init(count: values.count, zeroed: false)
        _ = UnsafeMutableBufferPointer(start: pointer, count: count).initialize(from: values)
    }

    deinit { pointer.deallocate() }

    public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }
}
