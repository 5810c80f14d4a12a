// Port of `bytes_to_unicode` (GPT-2; openai/CLIP `clip/simple_tokenizer.py`).

/// GPT-2's reversible map from the 256 byte values to printable Unicode characters, which
/// byte-level BPE vocabularies are spelled in.
public enum ByteEncoder {
    /// The bytes in vocabulary order: `!`…`~`, `¡`…`¬`, `®`…`ÿ`, then the 68 others.
    public static let bytesInVocabularyOrder: [UInt8] = {
        var printable = Array(UInt8(ascii: "!") ... UInt8(ascii: "~"))
        printable += Array(UInt8(0xA1) ... UInt8(0xAC))
        printable += Array(UInt8(0xAE) ... UInt8(0xFF))
        let rest = (0 ... 255).map(UInt8.init).filter { !printable.contains($0) }
        return printable + rest
    }()

    /// The character each byte maps to: printable bytes map to themselves, the others to
    /// U+0100 + n in byte order.
    public static let scalarForByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 0x100
        for byte in 0 ... 255 {
            let printable =
                (0x21 ... 0x7E).contains(byte) || (0xA1 ... 0xAC).contains(byte)
                || (0xAE ... 0xFF).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The inverse of `scalarForByte`.
    public static let byteForScalar: [Unicode.Scalar: UInt8] = {
        var table: [Unicode.Scalar: UInt8] = [:]
        for (byte, scalar) in scalarForByte.enumerated() {
            table[scalar] = UInt8(byte)
        }
        return table
    }()

    /// The byte-level spelling of `bytes`.
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var view = String.UnicodeScalarView()
        for byte in bytes {
            view.append(scalarForByte[Int(byte)])
        }
        return String(view)
    }

    /// The bytes a byte-level spelling stands for, or `nil` if a character is not in the map.
    public static func decode(_ text: String) -> [UInt8]? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let byte = byteForScalar[scalar] else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
