import Foundation

/// ARO's four word-order perturbations (`dataset_zoo/perturbations.py`), seeded.
///
/// Each keeps the caption's bag of tokens and only moves tokens:
/// - ``shuffleNounsAndAdjectives``: nouns permuted among noun positions, adjectives among
///   adjective positions;
/// - ``shuffleAllButNounsAndAdjectives``: every other token permuted among its positions;
/// - ``shuffleWithinTrigrams``: tokens permuted inside each consecutive 3-token chunk;
/// - ``shuffleTrigrams``: the 3-token chunks (last one may be shorter) permuted.
///
/// Deliberate difference from the reference: when a perturbation *can* change the order
/// (its movable tokens are not all equal), a draw that leaves the order unchanged is redrawn
/// (up to 64 times, then the movable items are rotated by one), so every negative really is
/// reordered; the reference may return the caption unchanged, which then ties with it.
public enum OrderPerturbation: String, CaseIterable, Sendable {
    case shuffleNounsAndAdjectives = "shuffle_nouns_and_adj"
    case shuffleAllButNounsAndAdjectives = "shuffle_allbut_nouns_and_adj"
    case shuffleWithinTrigrams = "shuffle_within_trigrams"
    case shuffleTrigrams = "shuffle_trigrams"

    /// Applies the perturbation to `tokens` (tags from `tagger` where needed).
    public func apply(
        to tokens: [String], tagger: any PartOfSpeechTagger = LexiconTagger(),
        using generator: inout some SeededIndexGenerator
    ) -> [String] {
        let tags = tagger.tags(for: tokens)
        let fallback = rotation(tokens, tags: tags)
        guard fallback != tokens else { return tokens }  // nothing can move
        for _ in 0 ..< 64 {
            let out = draw(tokens, tags: tags, using: &generator)
            if out != tokens { return out }
        }
        return fallback
    }

    /// One reference-style draw: the movable items of `tokens` (classes from `tags`) shuffled
    /// with `generator`, one Fisher–Yates pass per group, nouns before adjectives.
    public func draw(_ tokens: [String], tags: [CoarseTag], using generator: inout some SeededIndexGenerator)
        -> [String]
    {
        switch self {
        case .shuffleNounsAndAdjectives:
            var out = Self.permute(tokens, positions: Self.positions(tags) { $0 == .noun }) {
                generator.shuffle(&$0)
            }
            out = Self.permute(out, positions: Self.positions(tags) { $0 == .adjective }) {
                generator.shuffle(&$0)
            }
            return out
        case .shuffleAllButNounsAndAdjectives:
            return Self.permute(tokens, positions: Self.positions(tags) { $0 == .other }) {
                generator.shuffle(&$0)
            }
        case .shuffleWithinTrigrams:
            var chunks = Self.trigrams(tokens)
            for k in chunks.indices { generator.shuffle(&chunks[k]) }
            return chunks.flatMap { $0 }
        case .shuffleTrigrams:
            var chunks = Self.trigrams(tokens)
            generator.shuffle(&chunks)
            return chunks.flatMap { $0 }
        }
    }

    /// The deterministic fallback: the movable items rotated by one, which changes the order
    /// whenever a change is possible.
    public func rotation(_ tokens: [String], tags: [CoarseTag]) -> [String] {
        switch self {
        case .shuffleNounsAndAdjectives:
            let out = Self.permute(tokens, positions: Self.positions(tags) { $0 == .noun }) {
                $0 = Self.rotated($0)
            }
            return Self.permute(out, positions: Self.positions(tags) { $0 == .adjective }) {
                $0 = Self.rotated($0)
            }
        case .shuffleAllButNounsAndAdjectives:
            return Self.permute(tokens, positions: Self.positions(tags) { $0 == .other }) {
                $0 = Self.rotated($0)
            }
        case .shuffleWithinTrigrams:
            var chunks = Self.trigrams(tokens)
            if let k = chunks.firstIndex(where: { Self.rotated($0) != $0 }) {
                chunks[k] = Self.rotated(chunks[k])
            }
            return chunks.flatMap { $0 }
        case .shuffleTrigrams:
            return Self.rotated(Self.trigrams(tokens)).flatMap { $0 }
        }
    }

    static func positions(_ tags: [CoarseTag], _ keep: (CoarseTag) -> Bool) -> [Int] {
        tags.indices.filter { keep(tags[$0]) }
    }

    /// Builds the four perturbed captions of `caption`, each passed through ``preCaption(_:)``,
    /// from a generator seeded by `(seed, index)` so a caption's negatives do not depend on
    /// which other captions are processed.
    public static func negatives(
        of caption: String, index: Int, seed: UInt64,
        tagger: any PartOfSpeechTagger = LexiconTagger()
    ) -> [String] {
        let tokens = WordTokenizer.tokenize(caption)
        return allCases.enumerated().map { k, perturbation in
            var generator = SeededGenerator(seed: seed, stream: UInt64(index) * 4 + UInt64(k))
            let out = perturbation.apply(to: tokens, tagger: tagger, using: &generator)
            return preCaption(out.joined(separator: " "))
        }
    }

    /// ARO's `pre_caption`: lower-case; `. ! " ( ) * # : ; ~` become spaces; runs of
    /// whitespace collapse; trimmed; at most `maxWords` words (COCO-/Flickr-Order use 30).
    public static func preCaption(_ caption: String, maxWords: Int = 30) -> String {
        let removed: Set<Character> = [".", "!", "\"", "(", ")", "*", "#", ":", ";", "~"]
        let lowered = String(caption.lowercased().map { removed.contains($0) ? " " : $0 })
        // Python's `\s{2,}` → ' ' then strip(' '): a lone tab or newline survives.
        var collapsed = ""
        var pending = ""
        for character in lowered {
            if character.isWhitespace {
                pending.append(character)
            } else {
                if !pending.isEmpty { collapsed += pending.count >= 2 ? " " : pending }
                pending = ""
                collapsed.append(character)
            }
        }
        if !pending.isEmpty { collapsed += pending.count >= 2 ? " " : pending }
        let trimmed = collapsed.trimmingCharacters(in: CharacterSet(charactersIn: " "))
        let words = trimmed.split(separator: " ", omittingEmptySubsequences: false)
        return words.count > maxWords ? words.prefix(maxWords).joined(separator: " ") : trimmed
    }

    /// Consecutive chunks of three tokens (the last may be shorter).
    public static func trigrams(_ tokens: [String]) -> [[String]] {
        stride(from: 0, to: tokens.count, by: 3).map {
            Array(tokens[$0 ..< min($0 + 3, tokens.count)])
        }
    }

    /// Rearranges the values at `positions` with `rearrange`, leaving the other tokens in place.
    static func permute(_ tokens: [String], positions: [Int], _ rearrange: (inout [String]) -> Void)
        -> [String]
    {
        var values = positions.map { tokens[$0] }
        rearrange(&values)
        var out = tokens
        for (position, value) in zip(positions, values) { out[position] = value }
        return out
    }

    static func rotated<T>(_ items: [T]) -> [T] {
        items.count > 1 ? Array(items.dropFirst()) + [items[0]] : items
    }
}
