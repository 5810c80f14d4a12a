/// ARO's four word-order perturbations (`dataset_zoo/perturbations.py`), on space-separated
/// words, with part-of-speech tags from the caption grammar's lexicon instead of spaCy.
enum OrderPerturbation {
    /// Words tagged as nouns: the shape nouns plus the grammar's other nouns.
    static let nouns: Set<String> = Set(Shape.allCases.map(\.word)).union([
        "background", "gradient", "left", "right", "stripes", "dots",
    ])

    /// Words tagged as adjectives: sizes, textures, colours, tints and comparatives.
    static let adjectives: Set<String> = Set(Colour.allCases.map(\.word))
        .union(ObjectSize.allCases.map(\.word))
        .union(Texture.allCases.compactMap(\.adjective))
        .union(["white", "gray", "cream", "pale", "lavender", "speckled", "bigger", "smaller"])

    /// The perturbed caption, or `nil` when ten tries give no text that changes the word order
    /// and passes `accept`.
    static func apply(
        _ kind: NegativeKind, to words: [String], rng: inout SplitMix64,
        accept: (String) -> Bool = { _ in true }
    ) -> String? {
        let original = words.joined(separator: " ")
        for _ in 0 ..< 10 {
            let text = perturb(kind, words, rng: &rng).joined(separator: " ")
            if text != original, accept(text) { return text }
        }
        return nil
    }

    private static func perturb(_ kind: NegativeKind, _ words: [String], rng: inout SplitMix64)
        -> [String]
    {
        switch kind {
        case .shuffleNounsAndAdj:
            var out = shuffled(words, where: { nouns.contains($0) }, rng: &rng)
            out = shuffled(out, where: { adjectives.contains($0) }, rng: &rng)
            return out
        case .shuffleAllButNounsAndAdj:
            return shuffled(
                words, where: { !nouns.contains($0) && !adjectives.contains($0) }, rng: &rng)
        case .shuffleWithinTrigrams:
            return trigrams(words).flatMap { trigram in
                var copy = trigram
                copy.seededShuffle(using: &rng)
                return copy
            }
        case .shuffleTrigrams:
            var groups = trigrams(words)
            groups.seededShuffle(using: &rng)
            return groups.flatMap { $0 }
        default:
            preconditionFailure("\(kind) is not an order perturbation")
        }
    }

    /// Permutes the words selected by `predicate` among their own positions.
    private static func shuffled(
        _ words: [String], where predicate: (String) -> Bool, rng: inout SplitMix64
    ) -> [String] {
        let positions = words.indices.filter { predicate(words[$0]) }
        var values = positions.map { words[$0] }
        values.seededShuffle(using: &rng)
        var out = words
        for (position, value) in zip(positions, values) { out[position] = value }
        return out
    }

    /// Consecutive groups of three words (the last may be shorter).
    private static func trigrams(_ words: [String]) -> [[String]] {
        stride(from: 0, to: words.count, by: 3).map {
            Array(words[$0 ..< min($0 + 3, words.count)])
        }
    }
}
