// Port of open_clip `src/open_clip/tokenizer.py` (`SimpleTokenizer`, `tokenize`), itself
// copied from openai/CLIP `clip/simple_tokenizer.py`.
import Dispatch

/// The CLIP tokenizer: reference text cleaning, the CLIP pre-tokenizer regex and byte-level
/// BPE, giving the same ids as open_clip's `SimpleTokenizer`.
///
/// Instances are immutable apart from an internal, lock-protected BPE cache, so one
/// tokenizer can be shared by any number of threads.
public final class CLIPTokenizer: Sendable {
    /// The context length of every CLIP text tower.
    public static let defaultContextLength = 77

    /// The vocabulary in use.
    public let vocabulary: BPEVocabulary
    private let preTokenizer: PreTokenizer
    private let cache = BPECache()

    /// Creates a tokenizer over `vocabulary`.
    public init(vocabulary: BPEVocabulary) {
        self.vocabulary = vocabulary
        let specials = [
            (vocabulary.specialTokens.startOfText, vocabulary.startOfTextID),
            (vocabulary.specialTokens.endOfText, vocabulary.endOfTextID),
        ]
        self.preTokenizer = PreTokenizer(
            specials: specials.map { (literal: $0.0.codePoints, id: $0.1) })
    }

    /// The start-of-text id (49406).
    public var startOfTextID: Int32 { vocabulary.startOfTextID }
    /// The end-of-text id (49407).
    public var endOfTextID: Int32 { vocabulary.endOfTextID }

    /// Token ids of `text` without start/end tokens: `SimpleTokenizer.encode`.
    ///
    /// The text is cleaned (`TextCleaner.clean`), split by the CLIP regex, and each piece is
    /// byte-pair encoded. Special-token literals in the text (spelled as in `vocabulary`)
    /// become the special ids.
    public func encode(_ text: String) -> [Int] {
        encodeIDs(text).map(Int.init)
    }

    /// `encode(_:)` as 32-bit ids.
    public func encodeIDs(_ text: String) -> [Int32] {
        encode(cleaned: TextCleaner.clean(text.codePoints))
    }

    /// Encodes text that is already cleaned (lowercase, collapsed whitespace).
    /// - Parameters:
    ///   - text: The cleaned code points.
    ///   - limit: Stop once at least this many ids are produced; the ids before the limit do
    ///     not depend on the text after it.
    /// - Returns: The ids, possibly more than `limit`.
    func encode(cleaned text: CodePoints, limit: Int = .max) -> [Int32] {
        var ids = [Int32]()
        for token in preTokenizer.split(text) {
            if ids.count >= limit { break }
            switch token {
            case .special(let id):
                ids.append(id)
            case .word(let range):
                let key = Array(text[range])
                ids += cache.ids(for: key) { vocabulary.bytePairEncode(UTF8Encoding.bytes(key)) }
            }
        }
        return ids
    }

    /// Start token, ids of `text`, end token; truncated or zero-padded to `contextLength`.
    ///
    /// Over-long input keeps the first `contextLength` ids and overwrites the last with the
    /// end-of-text id, as open_clip does. Padding uses id 0 (the `!` token), as the
    /// reference does; the text tower pools at the first end-of-text id.
    /// - Returns: `contextLength` ids.
    public func tokenize(_ text: String, contextLength: Int = defaultContextLength) -> [Int32] {
        precondition(contextLength > 0, "context length must be positive")
        var ids = [startOfTextID]
        // Ids beyond contextLength - 1 are cut anyway; stop encoding there.
        ids += encode(cleaned: TextCleaner.clean(text.codePoints), limit: contextLength - 1)
        ids.append(endOfTextID)
        if ids.count > contextLength {
            ids.removeLast(ids.count - contextLength)
            ids[contextLength - 1] = endOfTextID
        }
        ids += repeatElement(0, count: contextLength - ids.count)
        return ids
    }

    /// `tokenize(_:contextLength:)` for a batch, spread over the available cores.
    /// - Returns: One row of `contextLength` ids per text, in input order.
    public func tokenize(_ texts: [String], contextLength: Int = defaultContextLength)
        -> [[Int32]]
    {
        let chunkSize = 32
        let chunks = (texts.count + chunkSize - 1) / chunkSize
        guard chunks > 1 else {
            return texts.map { tokenize($0, contextLength: contextLength) }
        }
        var rows = [[Int32]](repeating: [], count: texts.count)
        rows.withUnsafeMutableBufferPointer { output in
            // Each chunk writes a disjoint range of rows.
            nonisolated(unsafe) let base = output.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * chunkSize
                for index in start ..< min(start + chunkSize, texts.count) {
                    base[index] = tokenize(texts[index], contextLength: contextLength)
                }
            }
        }
        return rows
    }

    /// Text of token ids: `SimpleTokenizer.decode`.
    ///
    /// Token spellings are concatenated, mapped back to bytes, decoded as UTF-8 (invalid
    /// sequences become U+FFFD) and every `</w>` becomes a space. Padding ids (0) decode to
    /// `!`; strip them first.
    /// - Precondition: every id is in `0..<vocabulary.count`.
    public func decode<S: Sequence>(_ ids: S) -> String where S.Element: BinaryInteger {
        var bytes = [UInt8]()
        for id in ids {
            precondition(id >= 0 && id < vocabulary.count, "token id \(id) out of range")
            for scalar in vocabulary.tokens[Int(id)].unicodeScalars {
                guard let byte = ByteEncoder.byteForScalar[scalar] else {
                    preconditionFailure("token \(id) has a character outside the byte map")
                }
                bytes.append(byte)
            }
        }
        // Decode first, then replace `</w>` in the text, as the reference does.
        let text = UTF8Encoding.decodeReplacingToCodePoints(bytes)
        let endOfWord: [UInt32] = [0x3C, 0x2F, 0x77, 0x3E]
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text.hasSubsequence(endOfWord, at: index) {
                result.append(0x20)
                index += endOfWord.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return String(codePoints: result)
    }
}
