import CVectorKernels

/// Float32 ⇄ IEEE binary16 conversion of whole buffers (vectorised C kernels).
public enum HalfConversion {
    /// Widens `count` binary16 bit patterns to Float.
    public static func widen(
        _ source: UnsafePointer<UInt16>, into destination: UnsafeMutablePointer<Float>, count: Int
    ) {
        loupe_vec_f16_to_f32(source, destination, count)
    }

    /// Narrows `count` floats to binary16 bit patterns, rounding to nearest even.
    public static func narrow(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<UInt16>, count: Int
    ) {
        loupe_vec_f32_to_f16(source, destination, count)
    }
}
