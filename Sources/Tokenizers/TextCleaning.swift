// Port of open_clip `src/open_clip/tokenizer.py` `basic_clean`, `whitespace_clean` and
// `_clean_lower` (the default `clean="lower"`).

/// The text cleaning CLIP's vocabulary was built with.
public enum TextCleaner {
    /// The text after each cleaning stage, for debugging parity problems.
    public struct Stages: Sendable, Equatable {
        /// `ftfy.fix_text(text)`.
        public var fixed: String
        /// `html.unescape(html.unescape(fixed))`.
        public var unescaped: String
        /// `unescaped.strip()` (the end of `basic_clean`).
        public var stripped: String
        /// `" ".join(stripped.split()).strip()` (`whitespace_clean`).
        public var whitespaceCollapsed: String
        /// `whitespaceCollapsed.lower()`: the text the regex splits.
        public var lowercased: String
    }

    /// `whitespace_clean(basic_clean(text)).lower()`.
    ///
    /// `ftfy.fix_text` (mojibake repair, HTML entities, ligatures, character width,
    /// quotes, line breaks, control characters, NFC), then `html.unescape` twice, strip,
    /// collapse Python whitespace runs to one space, and Python `str.lower`.
    public static func clean(_ text: String) -> String {
        String(codePoints: clean(text.codePoints))
    }

    /// Every stage of `clean(_:)`.
    public static func stages(_ text: String) -> Stages {
        let fixed = Ftfy.fixText(text.codePoints)
        let unescaped = HTMLUnescaper.unescape(HTMLUnescaper.unescape(fixed))
        let stripped = PythonUnicode.strip(unescaped)
        let collapsed = PythonUnicode.collapseWhitespace(stripped)
        let lowered = PythonUnicode.lowercased(collapsed)
        return Stages(
            fixed: String(codePoints: fixed), unescaped: String(codePoints: unescaped),
            stripped: String(codePoints: stripped),
            whitespaceCollapsed: String(codePoints: collapsed),
            lowercased: String(codePoints: lowered))
    }

    static func clean(_ text: CodePoints) -> CodePoints {
        let fixed = Ftfy.fixText(text)
        let unescaped = HTMLUnescaper.unescape(HTMLUnescaper.unescape(fixed))
        // strip() then split()/join/strip(): the collapse already trims both ends.
        return PythonUnicode.lowercased(PythonUnicode.collapseWhitespace(unescaped))
    }
}
