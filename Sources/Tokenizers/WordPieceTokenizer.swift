// Port of transformers src/transformers/models/bert/tokenization_bert_legacy.py (WordpieceTokenizer,
// BertTokenizer) and tokenizers' WordPiece model with the BERT template `[CLS] A [SEP]`.

/// An exact BERT WordPiece tokenizer: BasicTokenizer cleaning, greedy longest-match-first
/// sub-words with a `##` continuation prefix, `[CLS] … [SEP]`, truncation and padding.
public struct WordPieceTokenizer: Sendable {
    public let vocabulary: WordPieceVocabulary
    public let basic: BertBasicTokenizer
    /// Words longer than this (in code points) become `[UNK]` (`max_input_chars_per_word`).
    public let maxInputCharactersPerWord: Int
    /// Prefix of a sub-word that continues a word (`continuing_subword_prefix`).
    public let continuationPrefix: String
    /// Most tokens per text, `[CLS]` and `[SEP]` included (sentence-transformers' `max_seq_length`).
    public let maxLength: Int
    public let clsID: Int, sepID: Int, padID: Int, unknownID: Int
    /// Special-token strings matched literally (case-sensitive) in the input, with their ids.
    public let specialTokens: [(String, Int)]

    /// Special tokens that every BERT vocabulary has.
    public static let defaultSpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// - Throws: `TokenizerError.malformedVocabulary` when a special token is missing from the vocabulary.
    public init(
        vocabulary: WordPieceVocabulary, basic: BertBasicTokenizer = BertBasicTokenizer(),
        maxLength: Int = 512, maxInputCharactersPerWord: Int = 100, continuationPrefix: String = "##",
        unknownToken: String = "[UNK]", clsToken: String = "[CLS]", sepToken: String = "[SEP]",
        padToken: String = "[PAD]", specialTokens: [String] = WordPieceTokenizer.defaultSpecialTokens,
        vocabularyPath: String = "vocabulary"
    ) throws {
        precondition(maxLength >= 2, "maxLength must leave room for [CLS] and [SEP]")
        func id(_ token: String) throws -> Int {
            guard let id = vocabulary[token] else {
                throw TokenizerError.malformedVocabulary(path: vocabularyPath, reason: "no special token '\(token)'")
            }
            return id
        }
        self.vocabulary = vocabulary
        self.basic = basic
        self.maxLength = maxLength
        self.maxInputCharactersPerWord = maxInputCharactersPerWord
        self.continuationPrefix = continuationPrefix
        unknownID = try id(unknownToken)
        clsID = try id(clsToken)
        sepID = try id(sepToken)
        padID = try id(padToken)
        let all = Set(specialTokens + [unknownToken, clsToken, sepToken, padToken])
        // Longest first, so that a special token containing another one wins.
        self.specialTokens = try all.sorted { ($0.count, $0) > ($1.count, $1) }.map { ($0, try id($0)) }
    }

    /// WordPiece ids of `text` without `[CLS]`/`[SEP]` and without truncation.
    /// - Complexity: O(n · w) for n code points and words of at most w code points.
    public func ids(_ text: String) -> [Int] {
        var result: [Int] = []
        for piece in splitOnSpecialTokens(text.codePoints) {
            switch piece {
            case .special(let id): result.append(id)
            case .text(let part):
                for word in basic.words(part) { appendWordPieces(of: word, to: &result) }
            }
        }
        return result
    }

    /// The sub-word strings of `text` (for display), without `[CLS]`/`[SEP]`.
    public func tokens(_ text: String) -> [String] { ids(text).map { vocabulary.tokens[$0] } }

    /// `[CLS] ids [SEP]`, the ids truncated to `maxLength − 2` (or `length`'s).
    public func encode(_ text: String, maxLength length: Int? = nil) -> [Int] {
        let limit = Swift.max((length ?? maxLength) - 2, 0)
        return [clsID] + ids(text).prefix(limit) + [sepID]
    }

    /// Encodes each text and pads the batch to its longest row (or to `padTo`), with the mask.
    public func encodeBatch(_ texts: [String], maxLength length: Int? = nil, padTo: Int? = nil) -> TokenBatch {
        let rows = texts.map { encode($0, maxLength: length) }
        let width = Swift.max(padTo ?? 0, rows.map(\.count).max() ?? 0)
        return TokenBatch(
            ids: rows.map { $0 + Array(repeating: padID, count: width - $0.count) },
            mask: rows.map { Array(repeating: 1, count: $0.count) + Array(repeating: 0, count: width - $0.count) })
    }

    private enum Piece { case text(CodePoints), special(Int) }

    /// Cuts literal special tokens (`[CLS]`, `[MASK]`, …) out of the text, leftmost-longest.
    private func splitOnSpecialTokens(_ text: CodePoints) -> [Piece] {
        guard text.contains(0x5B) else { return [.text(text)] }  // every BERT special starts with "["
        let patterns = specialTokens.map { ($0.0.codePoints, $0.1) }
        var pieces: [Piece] = []
        var start = 0, index = 0
        outer: while index < text.count {
            if text[index] == 0x5B {
                for (pattern, id) in patterns where text.hasSubsequence(pattern, at: index) {
                    if start < index { pieces.append(.text(Array(text[start ..< index]))) }
                    pieces.append(.special(id))
                    index += pattern.count
                    start = index
                    continue outer
                }
            }
            index += 1
        }
        if start < text.count { pieces.append(.text(Array(text[start...]))) }
        return pieces
    }

    /// Greedy longest-match-first split of one word; the whole word is `[UNK]` when any part
    /// has no match or the word is too long.
    private func appendWordPieces(of word: CodePoints, to result: inout [Int]) {
        if word.count > maxInputCharactersPerWord {
            result.append(unknownID)
            return
        }
        if let whole = vocabulary[codePoints: word] {
            result.append(whole)
            return
        }
        let prefix = continuationPrefix.codePoints
        var pieces: [Int] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int?
            while start < end {
                let candidate = start > 0 ? prefix + word[start ..< end] : Array(word[start ..< end])
                if let id = vocabulary[codePoints: candidate] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let id = match else {
                result.append(unknownID)
                return
            }
            pieces.append(id)
            start = end
        }
        result += pieces
    }
}
