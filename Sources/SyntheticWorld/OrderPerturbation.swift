import CaptionNegatives

/// ARO's four word-order perturbations (`dataset_zoo/perturbations.py`) on the world's captions:
/// the shared ``CaptionNegatives/OrderPerturbation`` draws, with part-of-speech tags from the
/// caption grammar's lexicon instead of spaCy.
enum WorldOrderPerturbation {
    /// Words tagged as nouns: the shape nouns plus the grammar's other nouns.
    static let nouns: Set<String> = Set(Shape.allCases.map(\.word)).union([
        "background", "gradient", "left", "right", "stripes", "dots",
    ])

    /// Words tagged as adjectives: sizes, textures, colours, tints and comparatives.
    static let adjectives: Set<String> = Set(Colour.allCases.map(\.word))
        .union(ObjectSize.allCases.map(\.word))
        .union(Texture.allCases.compactMap(\.adjective))
        .union(["white", "gray", "cream", "pale", "lavender", "speckled", "bigger", "smaller"])

    /// The grammar's tag of each word (nouns first, then adjectives, everything else other).
    static func tags(_ words: [String]) -> [CoarseTag] {
        words.map { nouns.contains($0) ? .noun : adjectives.contains($0) ? .adjective : .other }
    }

    /// The shared perturbation behind an order kind.
    static func perturbation(_ kind: NegativeKind) -> OrderPerturbation {
        switch kind {
        case .shuffleNounsAndAdj: return .shuffleNounsAndAdjectives
        case .shuffleAllButNounsAndAdj: return .shuffleAllButNounsAndAdjectives
        case .shuffleWithinTrigrams: return .shuffleWithinTrigrams
        case .shuffleTrigrams: return .shuffleTrigrams
        default: preconditionFailure("\(kind) is not an order perturbation")
        }
    }

    /// The perturbed caption, or `nil` when ten tries give no text that changes the word order
    /// and passes `accept`.
    static func apply(
        _ kind: NegativeKind, to words: [String], rng: inout SplitMix64,
        accept: (String) -> Bool = { _ in true }
    ) -> String? {
        let original = words.joined(separator: " ")
        let tags = tags(words)
        let perturbation = perturbation(kind)
        for _ in 0 ..< 10 {
            let text = perturbation.draw(words, tags: tags, using: &rng).joined(separator: " ")
            if text != original, accept(text) { return text }
        }
        return nil
    }
}

extension SplitMix64: SeededIndexGenerator {
    /// ``index(_:)``: the same multiply-shift draw as the shared generator, so shuffles through
    /// the shared code consume this stream exactly as ``Swift/Array/seededShuffle(using:)`` does.
    public mutating func nextIndex(below bound: Int) -> Int { index(bound) }
}
