import Testing
import VectorIndex

@Suite("Half-precision conversion")
struct HalfConversionTests {
    /// Every binary16 bit pattern widens exactly as Swift's `Float(Float16(bitPattern:))`.
    @Test func widenMatchesSwiftForAllBitPatterns() {
        let bits = (0 ... UInt16.max).map { $0 }
        var out = [Float](repeating: 0, count: bits.count)
        bits.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                HalfConversion.widen(
                    source.baseAddress!, into: target.baseAddress!, count: bits.count)
            }
        }
        var mismatches = 0
        for (i, pattern) in bits.enumerated() {
            let expected = Float(Float16(bitPattern: pattern))
            if expected.isNaN ? !out[i].isNaN : expected.bitPattern != out[i].bitPattern {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    /// Narrowing rounds like `Float16(_:)` (nearest even) on random, tie, subnormal and
    /// overflowing inputs.
    @Test func narrowMatchesSwiftRounding() {
        var rng = SeededRandom(seed: 3)
        var values: [Float] = (0 ..< 20_000).map { _ in rng.signed() * 8 }
        values += (0 ..< 2_000).map { _ in rng.signed() * 1e-5 }  // subnormal halves
        values += [65504, 65520, 70000, -70000, 0, -0.0, .infinity, -.infinity]
        // Exact midpoints between adjacent halves (ties to even).
        for pattern in stride(from: UInt16(0x3C00), to: 0x3C40, by: 1) {
            let a = Float(Float16(bitPattern: pattern))
            let b = Float(Float16(bitPattern: pattern + 1))
            values.append((a + b) / 2)
        }
        var out = [UInt16](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                HalfConversion.narrow(
                    source.baseAddress!, into: target.baseAddress!, count: values.count)
            }
        }
        let expected = values.map { Float16($0).bitPattern }
        #expect(out == expected)
    }
}
