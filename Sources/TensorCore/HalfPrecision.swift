// Widening of 16-bit weights to Float32 on load, and narrowing for F16 storage.

public enum HalfPrecision {
    /// IEEE binary16 bit patterns to Float.
    public static func widenFloat16(_ bits: UnsafeBufferPointer<UInt16>, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<bits.count { out[i] = Float(Float16(bitPattern: bits[i])) }
    }

    /// bfloat16 bit patterns (the top half of a Float32) to Float.
    public static func widenBFloat16(_ bits: UnsafeBufferPointer<UInt16>, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<bits.count { out[i] = Float(bitPattern: UInt32(bits[i]) << 16) }
    }

    /// Float to IEEE binary16 bit patterns, rounding to nearest even.
    public static func narrowToFloat16(_ values: UnsafeBufferPointer<Float>) -> [UInt16] {
        values.map { Float16($0).bitPattern }
    }
}
