// Port of transformers src/transformers/models/bert/tokenization_bert_legacy.py (BasicTokenizer) and
// of tokenizers' normalizers/bert.rs + pre_tokenizers/bert.rs: clean control characters, space out
// CJK ideographs, lower-case and strip accents per configuration, split on whitespace and
// punctuation. The two references differ in a few details, so both are available (see
// `BertTextFlavor`); character classes come from tables generated from each reference.

/// Which reference implementation of BERT's text cleaning to reproduce exactly.
public enum BertTextFlavor: String, Sendable, Equatable, CaseIterable {
    /// tokenizers' `BertNormalizer` + `BertPreTokenizer` — transformers 5's `BertTokenizer`
    /// and sentence-transformers: no NFC, accents stripped before lower-casing, per-character
    /// lower-casing (no final-sigma rule), Rust's Unicode data (assigned-only `C*` controls).
    case tokenizers
    /// transformers' Python `BasicTokenizer` (`BertTokenizerLegacy`, transformers 4's slow
    /// `BertTokenizer`): NFC first, Python's `str.lower` (final sigma), Unicode 14.0 categories.
    case python
}

/// BERT's text cleaning and pre-tokenisation into words and punctuation marks.
public struct BertBasicTokenizer: Sendable, Equatable {
    /// Which reference to match where they differ.
    public var flavor: BertTextFlavor
    /// Lower-case words (`do_lower_case`).
    public var lowercase: Bool
    /// Strip accents (NFD, then drop `Mn`); `nil` follows ``lowercase`` (`strip_accents: null`).
    public var stripAccents: Bool?
    /// Put spaces around CJK ideographs (`tokenize_chinese_chars`).
    public var tokenizeChineseCharacters: Bool

    public init(
        lowercase: Bool = true, stripAccents: Bool? = nil, tokenizeChineseCharacters: Bool = true,
        flavor: BertTextFlavor = .tokenizers
    ) {
        self.flavor = flavor
        self.lowercase = lowercase
        self.stripAccents = stripAccents
        self.tokenizeChineseCharacters = tokenizeChineseCharacters
    }

    private static let other = ScalarSet(ranges: WordPieceTables.other)
    private static let spaceSeparator = ScalarSet(ranges: WordPieceTables.spaceSeparator)
    private static let punctuation = ScalarSet(ranges: WordPieceTables.punctuation)
    private static let nonspacingMark = ScalarSet(ranges: WordPieceTables.nonspacingMark)

    private static let rustDropped = ScalarSet(ranges: WordPieceTables.rustDropped)
    private static let rustSpace = ScalarSet(ranges: WordPieceTables.rustSpace)
    private static let rustPunctuation = ScalarSet(ranges: WordPieceTables.rustPunctuation)
    private static let rustStripAccents = RangeTable.mapping(WordPieceTables.rustStripAccents)
    private static let rustLowercase = RangeTable.mapping(WordPieceTables.rustLowercase)

    /// The words and punctuation marks of `text`, as code point arrays.
    /// - Complexity: O(n) in the length of `text`.
    func words(_ text: CodePoints) -> [CodePoints] {
        switch flavor {
        case .python: return pythonWords(text)
        case .tokenizers: return tokenizersWords(text)
        }
    }

    /// tokenizers: clean, space out CJK, strip accents, lower-case (all per character), then
    /// split on spaces and isolate punctuation.
    private func tokenizersWords(_ text: CodePoints) -> [CodePoints] {
        let strip = stripAccents ?? lowercase
        var normalized = CodePoints()
        normalized.reserveCapacity(text.count + 8)
        for value in text {
            if Self.rustDropped.contains(value) { continue }
            if value == 0x20 || Self.rustSpace.contains(value) {
                normalized.append(0x20)
                continue
            }
            if tokenizeChineseCharacters && Self.isCJK(value) {
                normalized += [0x20, value, 0x20]
                continue
            }
            var characters: CodePoints = [value]
            if strip {
                characters = Self.rustStripAccents[value]
                    ?? UnicodeNormalization.nfd(characters).filter { !Self.nonspacingMark.contains($0) }
            }
            if lowercase {
                characters = characters.flatMap { Self.rustLowercase[$0] ?? PythonUnicode.lowercased([$0]) }
            }
            normalized += characters
        }
        var result: [CodePoints] = []
        var current = CodePoints()
        for value in normalized {
            if value == 0x20 {
                if !current.isEmpty { result.append(current) }
                current = []
            } else if Self.rustPunctuation.contains(value) {
                if !current.isEmpty { result.append(current) }
                current = []
                result.append([value])
            } else {
                current.append(value)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// transformers' Python BasicTokenizer.
    private func pythonWords(_ text: CodePoints) -> [CodePoints] {
        var cleaned = CodePoints()
        cleaned.reserveCapacity(text.count + 8)
        for value in text {
            if value == 0 || value == 0xFFFD || Self.isControl(value) { continue }
            if Self.isWhitespace(value) {
                cleaned.append(0x20)
            } else if tokenizeChineseCharacters && Self.isCJK(value) {
                cleaned += [0x20, value, 0x20]
            } else {
                cleaned.append(value)
            }
        }
        let normalized = UnicodeNormalization.nfc(cleaned)
        let strip = stripAccents ?? lowercase
        var result: [CodePoints] = []
        for var word in Self.whitespaceSplit(normalized) {
            if lowercase { word = PythonUnicode.lowercased(word) }
            if strip { word = UnicodeNormalization.nfd(word).filter { !Self.nonspacingMark.contains($0) } }
            // Punctuation marks become words of their own.
            var current = CodePoints()
            for value in word {
                if Self.isPunctuation(value) {
                    if !current.isEmpty { result.append(current) }
                    current = []
                    result.append([value])
                } else {
                    current.append(value)
                }
            }
            if !current.isEmpty { result.append(current) }
        }
        // transformers re-splits the joined words on whitespace, which lower-casing or accent
        // stripping can introduce (never in practice, but kept for exactness).
        return result.flatMap { word in word.contains(where: PythonUnicode.isSpace) ? Self.whitespaceSplit(word) : [word] }
    }

    /// The words of `text` as strings (for inspection and tests).
    public func words(_ text: String) -> [String] { words(text.codePoints).map { String(codePoints: $0) } }

    /// Python `text.split()`.
    static func whitespaceSplit(_ text: CodePoints) -> [CodePoints] {
        var result: [CodePoints] = []
        var current = CodePoints()
        for value in text {
            if PythonUnicode.isSpace(value) {
                if !current.isEmpty { result.append(current) }
                current = []
            } else {
                current.append(value)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// `_is_control`: category `C*`, except tab, newline and carriage return.
    static func isControl(_ value: UInt32) -> Bool {
        value != 0x9 && value != 0xA && value != 0xD && other.contains(value)
    }

    /// `_is_whitespace`: space, tab, newline, carriage return or category `Zs`.
    static func isWhitespace(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x9 || value == 0xA || value == 0xD || spaceSeparator.contains(value)
    }

    /// `_is_punctuation`: the ASCII symbol ranges or category `P*`.
    static func isPunctuation(_ value: UInt32) -> Bool {
        (value >= 33 && value <= 47) || (value >= 58 && value <= 64) || (value >= 91 && value <= 96)
            || (value >= 123 && value <= 126) || punctuation.contains(value)
    }

    /// `_is_chinese_char`: the CJK Unified Ideographs blocks and their extensions.
    static func isCJK(_ value: UInt32) -> Bool {
        (0x4E00 ... 0x9FFF).contains(value) || (0x3400 ... 0x4DBF).contains(value)
            || (0x20000 ... 0x2A6DF).contains(value) || (0x2A700 ... 0x2B73F).contains(value)
            || (0x2B740 ... 0x2B81F).contains(value) || (0x2B820 ... 0x2CEAF).contains(value)
            || (0xF900 ... 0xFAFF).contains(value) || (0x2F800 ... 0x2FA1F).contains(value)
    }
}
