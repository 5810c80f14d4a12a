/// An n-dimensional array read from a `.npy` file (or an `.npz` member), C order.
public struct NumpyArray: Sendable {
    /// Dimensions, outermost first (empty for a 0-d scalar).
    public let shape: [Int]
    /// The NumPy dtype descriptor as stored, for example `"<f4"`, `"|u1"` or `"<i8"`.
    public let dtype: String
    /// The raw little- or big-endian element bytes, `count * itemSize` of them.
    let data: [UInt8]
    let type: NumpyDtype

    /// Number of elements (the product of ``shape``; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }

    /// Creates an array from raw element bytes (the reader validates sizes).
    init(shape: [Int], dtype: String, type: NumpyDtype, data: [UInt8]) {
        self.shape = shape
        self.dtype = dtype
        self.type = type
        self.data = data
    }

    /// The elements converted to `Float` in C order: floats are rounded to nearest (float64)
    /// or widened exactly (float16), integers converted, booleans become 0 or 1.
    ///
    /// - Throws: Never for arrays produced by ``Numpy``; kept throwing so future dtypes can
    ///   reject conversion.
    public func floats() throws -> [Float] {
        data.withUnsafeBytes { type.floats($0, count: count) }
    }
}
