/// A scalar NumPy dtype Loupe reads: kind (`f`, `i`, `u`, `b`), size and byte order.
struct NumpyDtype: Equatable {
    enum Kind: Character {
        case float = "f"
        case signed = "i"
        case unsigned = "u"
        case bool = "b"
    }

    let kind: Kind
    let size: Int
    let bigEndian: Bool

    /// Parses a descriptor such as `<f4`, `|u1`, `>i8` or `|b1`.
    init?(descriptor: String) {
        let characters = Array(descriptor)
        guard characters.count >= 3, let kind = Kind(rawValue: characters[1]),
            let size = Int(String(characters[2...]))
        else { return nil }
        switch characters[0] {
        case "<", "|", "=": bigEndian = false
        case ">": bigEndian = size > 1
        default: return nil
        }
        let valid: Set<Int> =
            switch kind {
            case .float: [2, 4, 8]
            case .signed, .unsigned: [1, 2, 4, 8]
            case .bool: [1]
            }
        guard valid.contains(size) else { return nil }
        self.kind = kind
        self.size = size
    }

    /// Converts `count` elements starting at `bytes` to `Float`.
    func floats(_ bytes: UnsafeRawBufferPointer, count: Int) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        if kind == .float && size == 4 && !bigEndian {
            out.withUnsafeMutableBytes {
                $0.copyMemory(
                    from: UnsafeRawBufferPointer(
                        rebasing: bytes.prefix(count * 4)))
            }
            return out
        }
        for i in 0 ..< count {
            let bits = loadBits(bytes, at: i * size)
            out[i] =
                switch (kind, size) {
                case (.float, 2): Self.halfToFloat(UInt16(truncatingIfNeeded: bits))
                case (.float, 4): Float(bitPattern: UInt32(truncatingIfNeeded: bits))
                case (.float, 8): Float(Double(bitPattern: bits))
                case (.signed, _):
                    Float(Int64(bitPattern: bits << (64 - 8 * size)) >> (64 - 8 * size))
                case (.unsigned, _): Float(bits)
                case (.bool, _): bits != 0 ? 1 : 0
                default: 0
                }
        }
        return out
    }

    /// Reads one element's bytes as an unsigned integer (host order).
    @inline(__always)
    private func loadBits(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        var bits: UInt64 = 0
        for b in 0 ..< size {
            let byte = UInt64(bytes[offset + (bigEndian ? size - 1 - b : b)])
            bits |= byte << (8 * UInt64(b))
        }
        return bits
    }

    /// IEEE 754 binary16 → binary32 (exact; handles subnormals, infinities and NaN).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 31 {
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
    }
}
