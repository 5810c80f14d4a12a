// Port of ftfy 6.3.1 `fix_text` / `fix_and_explain` with the default `TextFixerConfig`
// (https://github.com/rspeer/python-ftfy, `ftfy/__init__.py`).

/// ftfy's `fix_text` with its default configuration.
enum Ftfy {
    /// ftfy's `max_decode_length`.
    static let maxSegmentLength = 1_000_000

    /// `ftfy.fix_text(text)`.
    ///
    /// The text is fixed line by line (segments end after `\n`). HTML entities are decoded
    /// ("auto") until a segment containing `<` is seen; from then on they are left alone.
    static func fixText(_ text: CodePoints) -> CodePoints {
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var unescape = true
        var position = 0
        while position < text.count {
            var end = text[position...].firstIndex(of: 0x0A).map { $0 + 1 } ?? text.count
            end = min(end, position + maxSegmentLength)
            let segment = Array(text[position ..< end])
            if unescape && segment.contains(0x3C) {
                unescape = false
            }
            result += fixSegment(segment, unescapeHTML: unescape)
            position = end
        }
        return result
    }

    /// `fix_and_explain(segment)`: apply every fixer in order until nothing changes.
    static func fixSegment(_ segment: CodePoints, unescapeHTML: Bool) -> CodePoints {
        var text = segment
        while true {
            let original = text
            if unescapeHTML {
                text = Ftfy.unescapeHTML(text)
            }
            text = fixEncoding(text)
            text = fixC1Controls(text)
            text = fixLatinLigatures(text)
            text = fixCharacterWidth(text)
            text = uncurlQuotes(text)
            text = fixLineBreaks(text)
            // fix_surrogates: Swift strings cannot hold surrogates, and no step creates them.
            text = removeTerminalEscapes(text)
            text = removeControlCharacters(text)
            text = UnicodeNormalization.nfc(text)
            if text == original {
                return text
            }
        }
    }
}
