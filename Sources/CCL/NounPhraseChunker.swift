import CaptionNegatives

/// Splits a caption into noun phrases, CCL's text fragments (METHODS.md §8): Loupe has no
/// parser, so phrases come from a part-of-speech lexicon (``LexiconTagger`` by default; any
/// ``PartOfSpeechTagger`` can be plugged in).
///
/// A phrase is a maximal run `[determiner] (adjective | noun)+` that ends in a noun; trailing
/// adjectives are cut. Three caption-specific corrections on top of the tagger:
/// - a run that starts with a determiner and holds only adjectives ends in its head noun
///   ("a large blue square": the lexicon lists *square* as an adjective);
/// - an `-ed` word between a modifier and an adjective or noun is a participle modifier
///   ("a small striped red circle"); comparatives ("bigger", "smaller") are never part of a phrase;
/// - relational nouns of spatial prepositions are dropped ("to the left of", "on top of").
/// A caption without any phrase gives the whole caption as its only fragment.
public struct NounPhraseChunker: Sendable {
    public let tagger: any PartOfSpeechTagger

    public init(tagger: any PartOfSpeechTagger = LexiconTagger()) { self.tagger = tagger }

    static let determiners: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "some", "several", "many", "two", "three", "four",
        "five", "six", "seven", "eight", "nine", "ten", "his", "her", "its", "their", "my", "your", "our",
    ]
    static let comparatives: Set<String> = [
        "bigger", "smaller", "larger", "taller", "shorter", "wider", "narrower", "higher", "lower", "older",
        "younger", "closer", "farther", "further", "more", "less",
    ]
    static let relationalNouns: Set<String> = [
        "left", "right", "top", "bottom", "front", "back", "middle", "side", "edge", "center", "centre", "rear",
    ]

    /// The noun phrases of `text`, in order (the whole text when there are none).
    public func phrases(_ text: String) -> [String] {
        let found = chunks(text)
        if found.isEmpty {
            let whole = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return whole.isEmpty ? [] : [whole]
        }
        return found
    }

    /// The noun phrases of `text`, possibly none.
    public func chunks(_ text: String) -> [String] {
        let tokens = WordTokenizer.tokenize(text)
        let lowered = tokens.map { $0.lowercased() }
        var tags = tagger.tags(for: tokens)
        for (i, word) in lowered.enumerated() {
            if Self.comparatives.contains(word) || Self.determiners.contains(word) { tags[i] = .other }
        }
        for i in lowered.indices where tags[i] == .other && lowered[i].hasSuffix("ed") && lowered[i].count > 4 {
            let before = i > 0 && (tags[i - 1] == .adjective || Self.determiners.contains(lowered[i - 1]))
            let after = i + 1 < tokens.count && tags[i + 1] != .other
            if before && after { tags[i] = .adjective }
        }
        var phrases: [String] = []
        var i = 0
        while i < tokens.count {
            let start = i
            let hasDeterminer = Self.determiners.contains(lowered[i])
            if hasDeterminer { i += 1 }
            var end = i
            while end < tokens.count && tags[end] != .other { end += 1 }
            if end == i {
                i = max(i, start + 1)
                continue
            }
            let body = i..<end
            var head = body.last(where: { tags[$0] == .noun })
            if head == nil && hasDeterminer { head = end - 1 }
            defer { i = end }
            guard let head else { continue }
            let followedByOf = head + 1 < tokens.count && lowered[head + 1] == "of"
            if Self.relationalNouns.contains(lowered[head]) && (followedByOf || head + 1 == tokens.count) { continue }
            phrases.append(tokens[start...head].joined(separator: " "))
        }
        return phrases
    }
}
