// Vocabulary construction as in openai/CLIP `clip/simple_tokenizer.py` and open_clip
// `src/open_clip/tokenizer.py` (`SimpleTokenizer.__init__`).

/// A CLIP byte-level BPE vocabulary: token spellings, merge ranks and the special tokens.
public struct BPEVocabulary: Sendable {
    /// A merge rule: its rank (lower merges first) and the id of the merged symbol.
    struct Merge: Sendable {
        let rank: Int32
        let result: Int32
    }

    /// Token spellings by id, in GPT-2 byte-level characters (`</w>` marks a word end).
    public let tokens: [String]
    /// The id of the start-of-text token (49406 for CLIP).
    public let startOfTextID: Int32
    /// The id of the end-of-text token (49407 for CLIP).
    public let endOfTextID: Int32
    /// How the special tokens are spelled.
    public let specialTokens: SpecialTokenSpelling
    /// The number of merge rules.
    public let mergeCount: Int

    let ids: [String: Int32]
    let merges: [UInt64: Merge]
    /// Id of each byte's symbol inside a word, and at the end of a word (with `</w>`).
    let byteIDs: [Int32]
    let byteEndIDs: [Int32]

    /// The number of tokens.
    public var count: Int { tokens.count }

    /// Builds a vocabulary from an id table and merges in rank order.
    /// - Parameters:
    ///   - ids: Token spelling to id.
    ///   - merges: Symbol pairs in rank order.
    ///   - specialTokens: Spelling of the special tokens; both must be in `ids`.
    ///   - source: File name used in error messages.
    /// - Throws: `TokenizerError.malformedVocabulary` when a byte symbol, a merge operand,
    ///   a merge result or a special token is missing, or ids are not 0..<count.
    init(
        ids: [String: Int32], merges: [(String, String)], specialTokens: SpecialTokenSpelling,
        source: String
    ) throws {
        func malformed(_ reason: String) -> TokenizerError {
            .malformedVocabulary(path: source, reason: reason)
        }
        var tokens = [String?](repeating: nil, count: ids.count)
        for (token, id) in ids {
            guard id >= 0 && Int(id) < ids.count else {
                throw malformed("id \(id) of \"\(token)\" is outside 0..<\(ids.count)")
            }
            tokens[Int(id)] = token
        }
        guard let start = ids[specialTokens.startOfText],
            let end = ids[specialTokens.endOfText]
        else {
            throw malformed(
                "missing special tokens \(specialTokens.startOfText) / \(specialTokens.endOfText)")
        }
        var byteIDs = [Int32](repeating: 0, count: 256)
        var byteEndIDs = [Int32](repeating: 0, count: 256)
        for byte in 0 ..< 256 {
            let symbol = String(ByteEncoder.scalarForByte[byte])
            guard let id = ids[symbol], let endID = ids[symbol + "</w>"] else {
                throw malformed("missing byte symbol \"\(symbol)\" or \"\(symbol)</w>\"")
            }
            byteIDs[byte] = id
            byteEndIDs[byte] = endID
        }
        var table = [UInt64: Merge](minimumCapacity: merges.count)
        for (rank, pair) in merges.enumerated() {
            guard let left = ids[pair.0], let right = ids[pair.1],
                let result = ids[pair.0 + pair.1]
            else {
                throw malformed("merge \(rank + 1) \"\(pair.0) \(pair.1)\" uses unknown tokens")
            }
            // A repeated pair keeps its last rank, like the reference's dict(zip(...)).
            table[Self.key(left, right)] = Merge(rank: Int32(rank), result: result)
        }
        if let gap = tokens.firstIndex(of: nil) {
            throw malformed("no token has id \(gap)")
        }
        self.tokens = tokens.map { $0! }
        self.ids = ids
        self.startOfTextID = start
        self.endOfTextID = end
        self.specialTokens = specialTokens
        self.mergeCount = merges.count
        self.merges = table
        self.byteIDs = byteIDs
        self.byteEndIDs = byteEndIDs
    }

    static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// The id of a token spelling, if any.
    public func id(of token: String) -> Int32? {
        ids[token]
    }
}
