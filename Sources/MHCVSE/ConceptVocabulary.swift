import Foundation

/// The consensus-level concepts (METHODS.md §3.1, §8): the most frequent content words of the
/// training captions (a word tokenizer plus a stop-word list stands in for a POS tagger), and
/// CVSE's concept co-occurrence graph over them.
public struct ConceptVocabulary: Codable, Sendable, Equatable {
    public let words: [String]
    private let index: [String: Int]

    public init(words: [String]) {
        self.words = words
        index = Dictionary(words.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    enum CodingKeys: String, CodingKey { case words }
    public init(from decoder: any Decoder) throws {
        self.init(words: try decoder.container(keyedBy: CodingKeys.self).decode([String].self, forKey: .words))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(words, forKey: .words)
    }

    public var count: Int { words.count }

    /// Function words, counts and spatial particles that are not concepts.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "on", "in", "at", "to", "with", "by", "for", "from", "into", "onto",
        "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there",
        "their", "his", "her", "he", "she", "they", "them", "some", "while", "as", "up", "down", "out", "over",
        "under", "near", "next", "behind", "front", "left", "right", "above", "below", "beside", "between",
        "one", "two", "three", "four", "five", "six", "each", "other", "another", "has", "have", "who", "which",
        "s", "t", "very", "also", "than", "then", "through", "off", "not", "no", "all", "both", "around", "along",
    ]

    /// Lower-cased alphabetic words of `text`.
    public static func words(of text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
    }

    /// The `limit` content words found in the most captions (at least `minimumCount`), ties by spelling.
    public static func mine(captions: [String], limit: Int, minimumCount: Int) -> ConceptVocabulary {
        var counts: [String: Int] = [:]
        for caption in captions {
            for w in Set(words(of: caption)) where w.count > 1 && !stopWords.contains(w) { counts[w, default: 0] += 1 }
        }
        let ranked = counts.filter { $0.value >= minimumCount }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ConceptVocabulary(words: ranked.prefix(limit).map(\.key))
    }

    /// Indices of the concepts `text` mentions, sorted.
    public func concepts(in text: String) -> [Int] {
        Set(Self.words(of: text).compactMap { index[$0] }).sorted()
    }

    /// Multi-hot `[K]` labels of `text`.
    public func labels(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: count)
        for i in concepts(in: text) { v[i] = 1 }
        return v
    }

    /// CVSE's normalised concept adjacency `[K × K]` (util_C_GCN.py, `gen_mode='Complex'`, `adj_all`):
    /// conditional probabilities `P_ij = n(i ∧ j) / n(i)`, rescaled `5^(P − 0.02) − 5^(−0.02)`,
    /// binarised at `threshold`, re-weighted `A · 0.25 / (column sum + 1e-6)`, plus the identity,
    /// then `D^(−½) Aᵀ D^(−½)` with `D` the row sums of `A` (`gen_adj`).
    public func adjacency(captions: [String], threshold: Float) -> [Float] {
        let k = count
        var co = [Double](repeating: 0, count: k * k)
        var nums = [Double](repeating: 0, count: k)
        for caption in captions {
            let present = concepts(in: caption)
            for i in present {
                nums[i] += 1
                for j in present where j != i { co[i * k + j] += 1 }
            }
        }
        var a = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0..<k {
                let p = nums[i] > 0 ? co[i * k + j] / nums[i] : 0
                let rescaled = Foundation.pow(5, p - 0.02) - Foundation.pow(5, -0.02)
                a[i * k + j] = rescaled >= Double(threshold) ? 1 : 0
            }
        }
        for j in 0..<k {
            var column = 0.0
            for i in 0..<k { column += a[i * k + j] }
            for i in 0..<k { a[i * k + j] = a[i * k + j] * 0.25 / (column + 1e-6) }
        }
        for i in 0..<k { a[i * k + i] += 1 }
        let d = (0..<k).map { i in 1 / (0..<k).reduce(0.0) { $0 + a[i * k + $1] }.squareRoot() }
        var out = [Float](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { out[i * k + j] = Float(d[i] * a[j * k + i] * d[j]) } }
        return out
    }
}
