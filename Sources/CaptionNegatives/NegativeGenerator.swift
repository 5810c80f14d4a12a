import Foundation

/// CE-CLIP's four hard-negative types (METHODS.md §4.1), in the official order.
public enum NegativeType: String, CaseIterable, Sendable, Hashable, Codable {
    /// The first two nouns exchanged, only when the caption has more than two nouns.
    case relation
    /// One adjective (or count word) replaced.
    case attribute
    /// One noun replaced.
    case object
    /// One verb replaced.
    case action
}

/// Generates CE-CLIP hard negatives from a lexicon instead of spaCy and a masked language model
/// (METHODS.md §8), seeded and deterministic: the same seed and caption always give the same
/// negative, whatever else is generated. A type with no negative is `nil`: the validity mask.
///
/// - **relation**: as the official code, valid only when the caption has **more than two
///   nouns** (tokens tagged noun, unknown words and names included). Loupe swaps the first two
///   noun-phrase *heads* that WordNet knows (a noun not followed by another noun, so `tennis
///   player` moves as a unit instead of splitting the compound; names and unknown words, often
///   typos, stay in place), re-inflected to the other slot's number (`two dogs … a ball` → `two balls … a
///   dog`). Invalid when fewer than two heads or both heads share a lemma.
/// - **attribute / object / action**: one adjective or count word / noun / verb, chosen at
///   random among those with a replacement, replaced by a word of the same kind that is not a
///   synonym. Replacements, by priority (a draw from the first non-empty source): the word's
///   curated group (`red` → another colour, `dog` → another animal); WordNet antonyms of its
///   senses (through the head synset for adjective satellites); WordNet siblings (other
///   hyponyms of its first sense's hypernyms) whose most frequent sense is that sibling, the
///   eight with the highest SemCor frequency (tagged sense count, which must be positive). Never a word sharing a synset with the original, and
///   never one of its hypernyms or hyponyms (a "person" is no negative for "man"); single
///   lower-case words only, and only words WordNet or the curated lists know are replaced.
///   The form is kept (plural nouns, `-s`/`-ing`/`-ed` verbs,
///   capitalisation) and `a`/`an` is fixed before the new word. Graded adjectives
///   (`taller`) are not replaced.
///
/// The official code keeps the masked LM's 4th-ranked fill; the lexicon has no ranking, so
/// Loupe draws uniformly inside the first non-empty source instead.
public struct NegativeGenerator: Sendable {
    public let wordNet: WordNet
    public let tagger: CaptionTagger
    public let inflection: Inflection
    public let seed: UInt64
    /// How many siblings (the most frequent in SemCor) a replacement is drawn from.
    static let siblingLimit = 8

    /// A generator over `wordNet` drawing from `seed`.
    public init(wordNet: WordNet, seed: UInt64 = 0) {
        self.wordNet = wordNet
        self.tagger = CaptionTagger(wordNet: wordNet)
        self.inflection = Inflection(wordNet: wordNet)
        self.seed = seed
    }

    /// The negatives of `caption` for `types`; an absent key means no valid negative.
    public func negatives(of caption: String, types: [NegativeType] = NegativeType.allCases)
        -> [NegativeType: String]
    {
        let words = tagger.tag(caption)
        var out: [NegativeType: String] = [:]
        for type in types {
            if let text = negative(type, of: caption, words: words) { out[type] = text }
        }
        return out
    }

    /// One negative of `caption`, or `nil` when none exists.
    public func negative(_ type: NegativeType, of caption: String) -> String? {
        negative(type, of: caption, words: tagger.tag(caption))
    }

    func negative(_ type: NegativeType, of caption: String, words: [TaggedWord]) -> String? {
        let text: String?
        switch type {
        case .relation: text = relationSwap(caption, words)
        case .attribute: text = replacement(caption, words, type: type) { $0.role == .adjective || $0.role == .number }
        case .object: text = replacement(caption, words, type: type) { $0.role == .noun }
        case .action: text = replacement(caption, words, type: type) { $0.role == .verb }
        }
        return text == caption ? nil : text
    }

    /// The generator for `(seed, caption, type)`: independent of any other caption.
    func generator(_ caption: String, _ type: NegativeType) -> SeededGenerator {
        let hash = Self.fnv1a(caption)
        let typeIndex = UInt64(NegativeType.allCases.firstIndex(of: type)!)
        return SeededGenerator(seed: seed ^ (typeIndex &* 0x9E37_79B9_7F4A_7C15), stream: hash)
    }

    // MARK: - Relation

    func relationSwap(_ caption: String, _ words: [TaggedWord]) -> String? {
        let nouns = words.indices.filter { words[$0].role == .noun }
        guard nouns.count > 2 else { return nil }
        let heads = nouns.filter { ($0 + 1 >= words.count || words[$0 + 1].role != .noun) && words[$0].inWordNet }
        guard heads.count >= 2 else { return nil }
        let (a, b) = (heads[0], heads[1])
        guard words[a].lemma != words[b].lemma else { return nil }
        let form = { (lemma: String, slot: TaggedWord) -> String in
            let inflected = slot.form == .plural ? inflection.plural(lemma) : lemma
            return Inflection.matchCase(inflected, to: slot.text)
        }
        var texts = words.map(\.text)
        texts[a] = form(words[b].lemma, words[a])
        texts[b] = form(words[a].lemma, words[b])
        return render(caption, words, texts, changed: [a, b])
    }

    // MARK: - Replacement

    func replacement(
        _ caption: String, _ words: [TaggedWord], type: NegativeType, eligible: (TaggedWord) -> Bool
    ) -> String? {
        var rng = generator(caption, type)
        var slots = words.indices.filter {
            eligible(words[$0]) && words[$0].form != .graded && (words[$0].inWordNet || words[$0].role == .number
                || CuratedLexicon.adjectives.contains(words[$0].lemma))
        }
        rng.shuffle(&slots)
        for slot in slots {
            let word = words[slot]
            var choices = alternatives(for: word)
            while !choices.isEmpty {
                let k = rng.nextIndex(below: choices.count)
                let role: WordRole = word.role == .number ? .noun : word.role
                if let inflected = inflection.inflect(choices[k], role: role, form: word.form) {
                    var texts = words.map(\.text)
                    texts[slot] = Inflection.matchCase(inflected, to: word.text)
                    return render(caption, words, texts, changed: [slot])
                }
                choices.remove(at: k)
            }
        }
        return nil
    }

    /// Replacement lemmas for `word`, from the first non-empty source (curated group, WordNet
    /// antonyms, WordNet siblings), in a fixed order; never synonyms, hypernyms or hyponyms.
    public func alternatives(for word: TaggedWord) -> [String] {
        let lemma = word.lemma
        if word.role == .number {
            return CuratedLexicon.counts.contains(lemma) ? CuratedLexicon.counts.filter { $0 != lemma } : []
        }
        let wordClass: WordClass
        switch word.role {
        case .noun: wordClass = .noun
        case .verb: wordClass = .verb
        case .adjective: wordClass = .adjective
        default: return []
        }
        let excluded = relatives(of: lemma, wordClass)
        let own = Set(wordNet.entry(lemma, wordClass)?.synsets ?? [])
        func acceptable(_ candidate: String) -> Bool {
            candidate != lemma && !candidate.isEmpty && candidate.allSatisfy({ $0 >= "a" && $0 <= "z" })
                && candidate.count >= 2 && !CaptionTagger.isFunctionWord(candidate)
                && !excluded.words.contains(candidate)
                && Set(wordNet.entry(candidate, wordClass)?.synsets ?? []).isDisjoint(with: excluded.synsets)
        }
        var curated: [String]?
        switch wordClass {
        case .noun: curated = CuratedLexicon.group(of: lemma, in: CuratedLexicon.nounGroups)
        case .adjective: curated = CuratedLexicon.group(of: lemma, in: CuratedLexicon.adjectiveGroups)
        case .verb: curated = CuratedLexicon.actionVerbs.contains(lemma) ? CuratedLexicon.actionVerbs : nil
        }
        var seen: Set<String> = []
        // Sources in priority order, computed only until one yields a replacement. Curated and
        // antonym candidates are also checked not to be kinds of the word (`child` → `baby`);
        // siblings cannot be, by construction.
        let sources: [(candidates: () -> [String], checkKind: Bool)] = [
            ({ curated ?? [] }, true), ({ antonyms(of: lemma, wordClass) }, true),
            ({ siblings(of: lemma, wordClass) }, false),
        ]
        for source in sources {
            let accepted = source.candidates().filter {
                acceptable($0) && seen.insert($0).inserted
                    && !(source.checkKind && isKind($0, of: own, wordClass))
            }
            if !accepted.isEmpty { return accepted }
        }
        return []
    }

    /// Whether a sense of `candidate` lies under one of `synsets` (its hypernym chain meets them).
    func isKind(_ candidate: String, of synsets: Set<Int>, _ wordClass: WordClass) -> Bool {
        var frontier = wordNet.synsets(of: candidate, wordClass)
        var seen: Set<Int> = []
        for _ in 0 ..< 12 where !frontier.isEmpty {
            let up = frontier.flatMap { $0.targets("@") + $0.targets("@i") }.filter { seen.insert($0).inserted }
            if !synsets.isDisjoint(with: up) { return true }
            frontier = up.compactMap { wordNet.synset($0, wordClass) }
        }
        return false
    }

    /// Words and synsets a replacement must avoid: every synonym of `lemma` (all its synsets),
    /// the synsets above its senses (hypernyms), and an adjective satellite's head.
    func relatives(of lemma: String, _ wordClass: WordClass) -> (words: Set<String>, synsets: Set<Int>) {
        let senses = wordNet.synsets(of: lemma, wordClass)
        var words = Set(senses.flatMap(\.words))
        var synsets = Set(senses.map(\.offset))
        var frontier = senses
        for _ in 0 ..< 12 {  // hypernym chains are at most ~18 deep; 12 covers captions' nouns
            let up = frontier.flatMap { $0.targets("@") + $0.targets("@i") }.filter { !synsets.contains($0) }
            if up.isEmpty { break }
            frontier = up.compactMap { wordNet.synset($0, wordClass) }
            for s in frontier { synsets.insert(s.offset) }
        }
        // Adjective satellites: the head synset is a near-synonym.
        for sense in senses where sense.isSatellite {
            for head in sense.targets("&").compactMap({ wordNet.synset($0, .adjective) }) {
                synsets.insert(head.offset)
                words.formUnion(head.words)
            }
        }
        return (words, synsets)
    }

    /// WordNet antonyms of `lemma` over its first three senses, in sense order.
    func antonyms(of lemma: String, _ wordClass: WordClass) -> [String] {
        var out: [String] = []
        for sense in wordNet.synsets(of: lemma, wordClass).prefix(3) {
            let position = (sense.words.firstIndex(of: lemma) ?? -1) + 1
            var sources = [sense]
            if sense.isSatellite { sources += sense.targets("&").compactMap { wordNet.synset($0, .adjective) } }
            for source in sources {
                for pointer in source.pointers where pointer.symbol == "!" {
                    if source == sense, pointer.sourceWord != 0, pointer.sourceWord != position { continue }
                    guard let target = wordNet.synset(pointer.offset, pointer.wordClass) else { continue }
                    let index = pointer.targetWord > 0 ? pointer.targetWord - 1 : 0
                    if index < target.words.count { out.append(target.words[index]) }
                }
            }
        }
        return out
    }

    /// Co-hyponyms of `lemma`'s first sense whose own most frequent sense is that sibling and
    /// whose SemCor frequency is positive, in WordNet's pointer order.
    func siblings(of lemma: String, _ wordClass: WordClass) -> [String] {
        guard wordClass != .adjective, let first = wordNet.synsets(of: lemma, wordClass).first else { return [] }
        var found: [(word: String, frequency: Int)] = []
        for parent in (first.targets("@") + first.targets("@i")).compactMap({ wordNet.synset($0, wordClass) }) {
            for offset in parent.targets("~") + parent.targets("~i") where offset != first.offset {
                guard let sibling = wordNet.synset(offset, wordClass), let head = sibling.words.first,
                    let entry = wordNet.entry(head, wordClass), entry.synsets.first == offset,
                    entry.taggedSenseCount > 0
                else { continue }
                found.append((head, entry.taggedSenseCount))
            }
        }
        // The most frequent siblings (stable order): `sea` for `water`, not `hydride`.
        let ranked = found.enumerated().sorted {
            $0.element.frequency != $1.element.frequency ? $0.element.frequency > $1.element.frequency : $0.offset < $1.offset
        }
        return ranked.prefix(Self.siblingLimit).map(\.element.word)
    }

    // MARK: - Rendering

    /// `caption` with word `i` replaced by `texts[i]`, gaps kept byte for byte, and `a`/`an`
    /// corrected before every changed word.
    func render(_ caption: String, _ words: [TaggedWord], _ texts: [String], changed: [Int]) -> String {
        var texts = texts
        for i in changed where i > 0 {
            let previous = words[i - 1].text.lowercased()
            let gap = caption[words[i - 1].range.upperBound ..< words[i].range.lowerBound]
            guard previous == "a" || previous == "an", gap.allSatisfy(\.isWhitespace) else { continue }
            texts[i - 1] = Inflection.matchCase(Inflection.article(before: texts[i]), to: words[i - 1].text)
        }
        var out = ""
        var cursor = caption.startIndex
        for (word, text) in zip(words, texts) {
            out += caption[cursor ..< word.range.lowerBound]
            out += text
            cursor = word.range.upperBound
        }
        out += caption[cursor...]
        return out
    }
}
