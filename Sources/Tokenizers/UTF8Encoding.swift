/// UTF-8 encoding and Python-compatible decoding of code point arrays.
enum UTF8Encoding {
    /// `text.encode("utf-8")` for code points that are Unicode scalars.
    static func bytes<C: Collection>(_ text: C) -> [UInt8] where C.Element == UInt32 {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.count)
        for value in text {
            switch value {
            case 0 ..< 0x80:
                bytes.append(UInt8(value))
            case 0x80 ..< 0x800:
                bytes += [UInt8(0xC0 | value >> 6), UInt8(0x80 | value & 0x3F)]
            case 0x800 ..< 0x10000:
                bytes += [
                    UInt8(0xE0 | value >> 12), UInt8(0x80 | value >> 6 & 0x3F),
                    UInt8(0x80 | value & 0x3F),
                ]
            default:
                bytes += [
                    UInt8(0xF0 | value >> 18), UInt8(0x80 | value >> 12 & 0x3F),
                    UInt8(0x80 | value >> 6 & 0x3F), UInt8(0x80 | value & 0x3F),
                ]
            }
        }
        return bytes
    }

    /// The outcome of decoding one sequence at a position.
    enum Step {
        /// A scalar and the number of bytes it used.
        case scalar(UInt32, Int)
        /// An ill-formed maximal subpart of this many bytes.
        case invalid(Int)
    }

    /// Decodes the sequence starting at `index` with CPython's validity rules (no
    /// surrogates, no overlongs, at most U+10FFFF); errors cover the maximal subpart.
    static func step(_ bytes: [UInt8], at index: Int) -> Step {
        let lead = bytes[index]
        if lead < 0x80 { return .scalar(UInt32(lead), 1) }
        let need: Int
        let second: ClosedRange<UInt8>
        switch lead {
        case 0xC2 ... 0xDF: (need, second) = (1, 0x80 ... 0xBF)
        case 0xE0: (need, second) = (2, 0xA0 ... 0xBF)
        case 0xED: (need, second) = (2, 0x80 ... 0x9F)
        case 0xE1 ... 0xEF: (need, second) = (2, 0x80 ... 0xBF)
        case 0xF0: (need, second) = (3, 0x90 ... 0xBF)
        case 0xF4: (need, second) = (3, 0x80 ... 0x8F)
        case 0xF1 ... 0xF3: (need, second) = (3, 0x80 ... 0xBF)
        default: return .invalid(1)
        }
        var value = UInt32(lead) & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07)
        for offset in 1 ... need {
            let position = index + offset
            guard position < bytes.count else { return .invalid(offset) }
            let byte = bytes[position]
            let allowed = offset == 1 ? second : 0x80 ... 0xBF
            guard allowed.contains(byte) else { return .invalid(offset) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return .scalar(value, need + 1)
    }

    /// `bytes.decode("utf-8")`, or `nil` where Python raises `UnicodeDecodeError`.
    static func decodeStrict(_ bytes: [UInt8]) -> CodePoints? {
        var result = CodePoints()
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard case .scalar(let value, let length) = step(bytes, at: index) else { return nil }
            result.append(value)
            index += length
        }
        return result
    }

    /// `bytes.decode("utf-8", errors="replace")` as code points.
    static func decodeReplacingToCodePoints(_ bytes: [UInt8]) -> CodePoints {
        var result = CodePoints()
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            switch step(bytes, at: index) {
            case .scalar(let value, let length):
                result.append(value)
                index += length
            case .invalid(let length):
                result.append(0xFFFD)
                index += length
            }
        }
        return result
    }

    /// `bytes.decode("utf-8", errors="replace")`.
    static func decodeReplacing(_ bytes: [UInt8]) -> String {
        String(codePoints: decodeReplacingToCodePoints(bytes))
    }
}
