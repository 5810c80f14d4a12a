// Ports of ftfy 6.3.1 `fixes.restore_byte_a0` and `fixes.replace_lossy_sequences`, which
// run on the bytes of a candidate re-encoding.

/// Byte-level repairs ftfy applies before decoding a candidate as UTF-8.
enum ByteFixes {
    static let alteredUTF8 = AlternationPattern(
        alternatives: FtfyTables.alteredUTF8, classes: FtfyTables.classes)
    static let lossyUTF8 = AlternationPattern(
        alternatives: FtfyTables.lossyUTF8, classes: FtfyTables.classes)

    /// `ALTERED_UTF8_RE.search(bytes)`.
    static func hasAlteredUTF8(_ bytes: [UInt8]) -> Bool {
        alteredUTF8.hasMatch(in: bytes.map(UInt32.init))
    }

    /// `restore_byte_a0`: put back byte A0 where a space broke a UTF-8 sequence.
    static func restoreByteA0(_ bytes: [UInt8]) -> [UInt8] {
        let words = replaceAGraveWords(bytes).map(UInt32.init)
        let restored = alteredUTF8.replacingMatches(in: words) { match in
            match.map { $0 == 0x20 ? 0xA0 : $0 }
        }
        return restored.map { UInt8($0) }
    }

    /// `A_GRAVE_WORD_RE.sub(b"\xc3\xa0 ", bytes)` with
    /// `A_GRAVE_WORD_RE = b"\xc3 (?! |quele|quela|quilo|s )"`.
    private static func replaceAGraveWords(_ bytes: [UInt8]) -> [UInt8] {
        let exceptions: [[UInt8]] = [" ", "quele", "quela", "quilo", "s "].map { Array($0.utf8) }
        var result = [UInt8]()
        result.reserveCapacity(bytes.count + 4)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0xC3 && index + 1 < bytes.count && bytes[index + 1] == 0x20
                && !exceptions.contains(where: { startsWith(bytes, $0, at: index + 2) })
            {
                result += [0xC3, 0xA0, 0x20]
                index += 2
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    /// `replace_lossy_sequences`: UTF-8 sequences with lost bytes (1A, sometimes `?`)
    /// become the encoding of U+FFFD.
    static func replaceLossySequences(_ bytes: [UInt8]) -> [UInt8] {
        let replaced = lossyUTF8.replacingMatches(in: bytes.map(UInt32.init)) { _ in
            [0xEF, 0xBF, 0xBD]
        }
        return replaced.map { UInt8($0) }
    }

    private static func startsWith(_ bytes: [UInt8], _ prefix: [UInt8], at index: Int) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        return bytes[index ..< index + prefix.count].elementsEqual(prefix)
    }
}
