// Port of ftfy 6.3.1 `__init__.py` `fix_encoding` / `_fix_encoding_one_step_and_explain`
// with the default `TextFixerConfig`, and `fixes.decode_inconsistent_utf8`.

extension Ftfy {
    private static func clueSet(_ id: Int) -> ScalarSet {
        ScalarSet(ranges: FtfyTables.classes[id].ranges)
    }

    private static let firstOf2 = clueSet(FtfyTables.utf8FirstOf2)
    private static let firstOf3 = clueSet(FtfyTables.utf8FirstOf3)
    private static let firstOf4 = clueSet(FtfyTables.utf8FirstOf4)
    private static let continuation = clueSet(FtfyTables.utf8Continuation)
    private static let continuationStrict = clueSet(FtfyTables.utf8ContinuationStrict)

    /// `fix_encoding(text)`: undo mojibake until the text stops changing.
    static func fixEncoding(_ text: CodePoints) -> CodePoints {
        var text = text
        while true {
            let fixed = fixEncodingOneStep(text)
            if fixed == text { return text }
            text = fixed
        }
    }

    private static func fixEncodingOneStep(_ text: CodePoints) -> CodePoints {
        if text.isEmpty || text.isASCII || !Badness.isBad(text) {
            return text
        }
        var possible = [String]()
        for codePage in CodePage.all where codePage.canEncode(text) {
            possible.append(codePage.name)
            var bytes = codePage.bytes(text)
            if codePage.name != "macroman" && ByteFixes.hasAlteredUTF8(bytes) {
                bytes = ByteFixes.restoreByteA0(bytes)
            }
            if codePage.isSloppy {
                bytes = ByteFixes.replaceLossySequences(bytes)
            }
            let decoded =
                bytes.contains(0xED) || bytes.contains(0xC0)
                ? UTF8Variants.decode(bytes) : UTF8Encoding.decodeStrict(bytes)
            if let decoded {
                return decoded
            }
        }
        if hasUTF8Detector(text) {
            let fixed = decodeInconsistentUTF8(text)
            if fixed != text { return fixed }
        }
        if possible.contains(CodePage.latin1.name) {
            if possible.contains(CodePage.sloppyWindows1252.name) {
                return text
            }
            if let fixed = CodePage.decodeStrictWindows1252(CodePage.latin1.bytes(text)),
                fixed != text
            {
                return fixed
            }
        }
        if text.contains(where: isC1Control) {
            return fixC1Controls(text)
        }
        return text
    }

    /// `UTF8_DETECTOR_RE` at `index`: the match length, if any.
    ///
    /// `(?<![strict])([first2][cont]|[first3][cont]{2}|[first4][cont]{3})+`: each repetition
    /// takes the first alternative that matches; the loop ends when none does.
    private static func utf8DetectorMatch(_ text: CodePoints, at index: Int) -> Int? {
        if index > 0 && continuationStrict.contains(text[index - 1]) { return nil }
        func continues(_ start: Int, _ count: Int) -> Bool {
            guard start + count <= text.count else { return false }
            return text[start ..< start + count].allSatisfy { continuation.contains($0) }
        }
        var end = index
        while end < text.count {
            let lead = text[end]
            if firstOf2.contains(lead) && continues(end + 1, 1) {
                end += 2
            } else if firstOf3.contains(lead) && continues(end + 1, 2) {
                end += 3
            } else if firstOf4.contains(lead) && continues(end + 1, 3) {
                end += 4
            } else {
                break
            }
        }
        return end > index ? end - index : nil
    }

    private static func hasUTF8Detector(_ text: CodePoints) -> Bool {
        text.indices.contains { utf8DetectorMatch(text, at: $0) != nil }
    }

    /// `decode_inconsistent_utf8`: fix each detected UTF-8 mojibake run on its own, when it
    /// is shorter than the whole text and looks bad.
    static func decodeInconsistentUTF8(_ text: CodePoints) -> CodePoints {
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            guard let length = utf8DetectorMatch(text, at: index) else {
                result.append(text[index])
                index += 1
                continue
            }
            let piece = Array(text[index ..< index + length])
            if piece.count < text.count && Badness.isBad(piece) {
                result += fixEncoding(piece)
            } else {
                result += piece
            }
            index += length
        }
        return result
    }
}
