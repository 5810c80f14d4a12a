// Port of ftfy 6.3.1 `bad_codecs/utf8_variants.py` (decoding only).

/// ftfy's "utf-8-variants" codec: strict UTF-8 that also accepts CESU-8 surrogate pairs
/// and Java's two-byte NUL (`C0 80`).
enum UTF8Variants {
    /// `bytes.decode("utf-8-variants")`, or `nil` where Python raises.
    ///
    /// Follows the codec's regexes exactly, including their `$`, which also matches before
    /// a final newline: `C0 0A` and a CESU-8 pair whose last byte is a final `0A` decode
    /// (consuming the newline) as the codec does.
    static func decode(_ bytes: [UInt8]) -> CodePoints? {
        var result = CodePoints()
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0xC0:
                // NULL_EXPR `\xc0(\x80|$)`.
                let next = index + 1
                guard next < bytes.count,
                    bytes[next] == 0x80 || (next == bytes.count - 1 && bytes[next] == 0x0A)
                else { return nil }
                result.append(0)
                index += 2
            case 0xED where index + 1 >= bytes.count || !(0x80 ... 0x9F).contains(bytes[index + 1]):
                // Surrogate territory: only a whole CESU-8 pair decodes.
                guard let value = cesu8(bytes, at: index) else { return nil }
                result.append(value)
                index += 6
            default:
                guard case .scalar(let value, let length) = UTF8Encoding.step(bytes, at: index)
                else { return nil }
                result.append(value)
                index += length
            }
        }
        return result
    }

    /// `CESU8_RE.match` on at least six bytes at `index`, decoded.
    private static func cesu8(_ bytes: [UInt8], at index: Int) -> UInt32? {
        guard bytes.count - index >= 6 else { return nil }
        let b = bytes[index ..< index + 6].map(UInt32.init)
        let lastIsFinalNewline = bytes.count - index == 6 && b[5] == 0x0A
        guard (0xA0 ... 0xAF).contains(b[1]), (0x80 ... 0xBF).contains(b[2]), b[3] == 0xED,
            (0xB0 ... 0xBF).contains(b[4]), (0x80 ... 0xBF).contains(b[5]) || lastIsFinalNewline
        else { return nil }
        let high = (b[1] & 0x0F) << 16 + (b[2] & 0x3F) << 10
        return high + (b[4] & 0x0F) << 6 + (b[5] & 0x3F) + 0x10000
    }
}
