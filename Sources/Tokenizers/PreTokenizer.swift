// Port of the CLIP pre-tokenizer regex (openai/CLIP `clip/simple_tokenizer.py`, open_clip
// `src/open_clip/tokenizer.py`), compiled with the `regex` module and IGNORECASE:
//
//     <special>|<special>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
//
// as a hand-written scanner with `re.findall` semantics: at each position the first
// alternative that matches is taken and scanning resumes after it; positions matched by
// no alternative (whitespace, U+0345) are skipped.

/// One match of the pre-tokenizer regex.
enum PreToken: Equatable, Sendable {
    /// A special-token literal, spelled exactly as in the vocabulary.
    case special(Int32)
    /// Any other match, as a range of code point offsets into the cleaned text.
    case word(Range<Int>)
}

/// Splits cleaned text into the pieces the BPE encodes one by one.
struct PreTokenizer: Sendable {
    /// The special-token literals, tried first and in this order, with their ids.
    let specials: [(literal: [UInt32], id: Int32)]

    private static let apostrophe: UInt32 = 0x27
    private static let contractions: [[UInt32]] = ["s", "t", "re", "ve", "m", "ll", "d"].map {
        $0.unicodeScalars.map(\.value)
    }

    /// `regex.findall(pattern, text)`.
    /// - Complexity: O(n) for n code points.
    func split(_ text: CodePoints) -> [PreToken] {
        var tokens = [PreToken]()
        var index = 0
        while index < text.count {
            if let token = matchSpecial(text, at: index) {
                tokens.append(token.token)
                index += token.length
                continue
            }
            if text[index] == Self.apostrophe, let length = matchContraction(text, at: index) {
                tokens.append(.word(index ..< index + length))
                index += length
                continue
            }
            let kind = RegexCharacterClass(text[index])
            switch kind {
            case .letter, .other:
                var end = index + 1
                while end < text.count && RegexCharacterClass(text[end]) == kind {
                    end += 1
                }
                tokens.append(.word(index ..< end))
                index = end
            case .number:
                tokens.append(.word(index ..< index + 1))
                index += 1
            case .space, .unmatched:
                index += 1
            }
        }
        return tokens
    }

    private func matchSpecial(_ text: CodePoints, at index: Int) -> (token: PreToken, length: Int)?
    {
        for special in specials where matches(special.literal, text, at: index) {
            let length = special.literal.count
            // The reference maps a match to the special id only through its cache, which is
            // keyed by the exact spelling; case variants are encoded as ordinary text.
            let exact = text.hasSubsequence(special.literal, at: index)
            return (exact ? .special(special.id) : .word(index ..< index + length), length)
        }
        return nil
    }

    private func matchContraction(_ text: CodePoints, at index: Int) -> Int? {
        for suffix in Self.contractions where matches(suffix, text, at: index + 1) {
            return suffix.count + 1
        }
        return nil
    }

    private func matches(_ literal: [UInt32], _ text: CodePoints, at index: Int) -> Bool {
        guard index + literal.count <= text.count else { return false }
        for (offset, expected) in literal.enumerated()
        where !RegexCharacterClass.matchesIgnoringCase(text[index + offset], literal: expected) {
            return false
        }
        return true
    }
}
