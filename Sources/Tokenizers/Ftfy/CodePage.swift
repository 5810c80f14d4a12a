// The single-byte encodings of ftfy 6.3.1 `chardata.CHARMAP_ENCODINGS`, including ftfy's
// "sloppy" codecs (`bad_codecs/sloppy.py`) that decode unassigned bytes as Latin-1 and
// byte 1A as U+FFFD.

/// One single-byte encoding ftfy tries when undoing mojibake.
struct CodePage: Sendable {
    /// The Python codec name.
    let name: String
    /// The character each byte decodes to.
    let decode: [UInt32]
    /// The byte each encodable character comes from.
    let encode: [UInt32: UInt8]
    /// Whether it is one of ftfy's sloppy codecs.
    var isSloppy: Bool { name.hasPrefix("sloppy") }

    /// The encodings in the order ftfy tries them.
    static let all: [CodePage] = FtfyTables.encodingNames.enumerated().map { index, name in
        let decode = Array(FtfyTables.decodeTables[index * 256 ..< (index + 1) * 256])
        var encode: [UInt32: UInt8] = [:]
        for (byte, value) in decode.enumerated() {
            encode[value] = UInt8(byte)
        }
        return CodePage(name: name, decode: decode, encode: encode)
    }

    static let latin1 = all[0]
    static let sloppyWindows1252 = all[1]

    /// `chardata.possible_encoding(text, name)`: every character is in the code page.
    func canEncode(_ text: CodePoints) -> Bool {
        text.allSatisfy { $0 < 0x80 ? ($0 != 0x1A || decode[0x1A] == 0x1A) : encode[$0] != nil }
    }

    /// `text.encode(name)`.
    /// - Precondition: `canEncode(text)`.
    func bytes(_ text: CodePoints) -> [UInt8] {
        text.map { $0 < 0x80 && $0 != 0x1A ? UInt8($0) : encode[$0]! }
    }

    /// `bytes.decode("windows-1252")` (strict), or `nil` for its five unassigned bytes.
    static func decodeStrictWindows1252(_ bytes: [UInt8]) -> CodePoints? {
        var result = CodePoints()
        result.reserveCapacity(bytes.count)
        for byte in bytes {
            if FtfyTables.windows1252Holes.contains(byte) { return nil }
            result.append(sloppyWindows1252.decode[Int(byte)])
        }
        return result
    }
}
