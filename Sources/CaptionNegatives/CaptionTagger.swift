import Foundation

/// The part a word plays in a caption, as far as the negatives need it.
public enum WordRole: String, Sendable, Hashable, Codable {
    case noun, verb, adjective
    /// A number word or digits.
    case number
    /// Determiners, pronouns, prepositions, conjunctions, auxiliaries, adverbs, clitics.
    case function
}

/// The inflection of a tagged word, kept when the word is replaced.
public enum WordForm: String, Sendable, Hashable, Codable {
    /// Singular noun, base verb, positive adjective.
    case base
    /// Plural noun (`dogs`, `men`).
    case plural
    /// Verb `-s` form (`sits`).
    case thirdPerson
    /// Verb `-ing` form (`riding`).
    case presentParticiple
    /// Past tense (`sat`, `parked`).
    case past
    /// Past participle when it differs from the past tense (`eaten`).
    case pastParticiple
    /// Comparative or superlative adjective (`taller`, `tallest`).
    case graded
}

/// One word of a caption with its tag, lemma and form, and where it sits in the caption.
public struct TaggedWord: Sendable, Hashable {
    /// The word as written.
    public var text: String
    /// Its range in the caption.
    public var range: Range<String.Index>
    public var role: WordRole
    /// Lower-cased base form (the lower-cased word when WordNet does not know it).
    public var lemma: String
    public var form: WordForm
    /// Whether the lemma is in WordNet under the role's class.
    public var inWordNet: Bool
}

/// A deterministic part-of-speech tagger for caption English built from WordNet and the
/// curated lists, standing in for spaCy `en_core_web_sm` (METHODS.md §8).
///
/// Words are runs of letters and digits (inner hyphens kept; an apostrophe clitic such as `'s`
/// or `n't` belongs to the gap after the word). Rules, first match wins (word lower-cased;
/// "noun-like context" = the previous word is a determiner, possessive, number, adjective or
/// preposition):
/// 1. digits and number words → number; closed-class words and spatial relations → function;
/// 2. curated adjectives (colours, sizes, ages, materials, patterns, ~150 descriptive words) →
///    adjective;
/// 3. curated verbs (in any inflection) → verb, except in noun-like context when WordNet has
///    the word as a noun (`a ride`, `the park`) → noun;
/// 4. curated nouns (any inflection) → noun;
/// 5. `-ing` words WordNet knows as verbs → noun in noun-like context when no noun follows
///    (`a building .`), else verb (`a sleeping cat`, `man riding`);
/// 6. the classes WordNet lists the word under (through its exception lists and `morphy`):
///    none → function for adverbs (`index.adv`, or unknown `-ly` words), else noun, as spaCy
///    tags most unknown words (captions are noun-heavy); one → that class; several → by context:
///    after `to` a verb; in noun-like context an adjective when a possible noun follows, else
///    a noun; after a form of `be` a verb for `-ing`/`-ed` forms, else an adjective; after a
///    noun or pronoun a verb when the word is an inflected verb form whose SemCor frequency
///    (tagged sense count) is at least the noun's; otherwise the most frequent class by SemCor
///    tagged sense count, ties noun > adjective > verb.
/// Finally, a capitalised word that does not start a sentence is a name: a noun, never edited.
/// Within a class the lemma is the first base form (the word itself, then WordNet's exception
/// list, then `morphy`'s suffix rules), except that a noun ending in `s` with a shorter base
/// form is read as that base's plural. Senses are WordNet's order (most frequent first).
public struct CaptionTagger: PartOfSpeechTagger, Sendable {
    public let wordNet: WordNet

    /// A tagger over `wordNet`.
    public init(wordNet: WordNet) { self.wordNet = wordNet }

    /// The words of `caption` with their tags.
    public func tag(_ caption: String) -> [TaggedWord] {
        let spans = Self.words(in: caption)
        let lowered = spans.map { caption[$0].lowercased() }
        var out: [TaggedWord] = []
        for (i, range) in spans.enumerated() {
            let previous = out.last
            let gap = i > 0 ? caption[spans[i - 1].upperBound ..< range.lowerBound] : ""
            let possessive = gap.contains("'")
            let next = i + 1 < lowered.count ? lowered[i + 1] : nil
            var (role, lemma, form, known) = classify(
                lowered[i], previous: previous, possessive: possessive, next: next)
            // A capitalised word inside a sentence is a name: a noun that is never edited.
            let sentenceStart = i == 0 || gap.contains(where: { ".!?".contains($0) })
            if !sentenceStart, caption[range].first?.isUppercase == true, role != .function, role != .number,
                !CuratedLexicon.adjectives.contains(lowered[i])
            {
                (role, lemma, form, known) = (.noun, lowered[i], .base, false)
            }
            out.append(TaggedWord(
                text: String(caption[range]), range: range, role: role, lemma: lemma, form: form, inWordNet: known))
        }
        return out
    }

    /// ARO's coarse tags for already-tokenised text (punctuation tokens are `other`).
    public func tags(for tokens: [String]) -> [CoarseTag] {
        let joined = tokens.joined(separator: " ")
        let tagged = tag(joined)
        // Map word ranges back to tokens: each token starts at a known offset in `joined`.
        var tags: [CoarseTag] = []
        var offset = joined.startIndex
        var k = 0
        for token in tokens {
            let end = joined.index(offset, offsetBy: token.count)
            var tag = CoarseTag.other
            while k < tagged.count, tagged[k].range.lowerBound < offset { k += 1 }
            if k < tagged.count, tagged[k].range.lowerBound == offset, tagged[k].range.upperBound == end {
                switch tagged[k].role {
                case .noun: tag = .noun
                case .adjective: tag = .adjective
                default: tag = .other
                }
            }
            tags.append(tag)
            offset = end < joined.endIndex ? joined.index(after: end) : end
        }
        return tags
    }

    // MARK: - Rules

    static let determiners: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "no",
        "another", "his", "her", "its", "their", "our", "my", "your", "several", "many", "few",
        "other", "both", "all", "various", "different", "same",
    ]
    static let beForms: Set<String> = ["is", "are", "was", "were", "be", "been", "being", "am"]
    static let pronouns: Set<String> = [
        "he", "she", "it", "they", "i", "you", "we", "who", "which", "that", "someone", "people",
    ]
    static let numberWords: Set<String> = Set(CuratedLexicon.counts).union([
        "one", "eleven", "twenty", "thirty", "hundred", "dozen", "dozens", "hundreds", "thousands",
    ])
    static let extraFunctionWords: Set<String> = [
        "isn", "aren", "wasn", "weren", "doesn", "don", "didn", "can", "won", "couldn", "there",
        "here", "while", "very", "s", "t", "re", "ve", "ll", "d", "m", "something", "nothing",
        "everything", "anything", "each", "other", "out", "up", "down", "off", "away", "onto",
        "lots", "lot", "kind", "sort", "type", "piece", "couple", "pair", "group", "bunch",
        "how", "what", "why", "whose", "whom", "where", "when", "whether", "also", "etc",
        "kinds", "sorts", "types", "pieces", "couples", "pairs", "groups", "bunches",
    ]
    /// Prepositions: a noun phrase follows them.
    static let prepositions: Set<String> = CuratedLexicon.spatialRelations.subtracting([
        "front", "top", "bottom", "next",
    ]).union([
        "with", "of", "for", "from", "by", "at", "into", "onto", "about", "like", "without", "among",
        "during", "near", "past", "via", "inside", "outside", "throughout", "upon", "within",
    ])

    static func isFunctionWord(_ word: String) -> Bool {
        LexiconTagger.closedClass.contains(word) || extraFunctionWords.contains(word)
            || CuratedLexicon.spatialRelations.contains(word) || pronouns.contains(word)
    }

    func classify(_ word: String, previous: TaggedWord?, possessive: Bool, next: String?)
        -> (WordRole, String, WordForm, Bool)
    {
        if word.allSatisfy(\.isNumber) || Self.numberWords.contains(word) {
            return (.number, word, .base, false)
        }
        if Self.isFunctionWord(word) { return (.function, word, .base, false) }
        if CuratedLexicon.adjectives.contains(word) {
            return (.adjective, word, .base, wordNet.entry(word, .adjective) != nil)
        }
        let previousWord = previous.map { $0.text.lowercased() }
        let nounContext = possessive || previous.map {
            $0.role == .adjective || $0.role == .number || Self.determiners.contains($0.text.lowercased())
                || Self.prepositions.contains($0.text.lowercased())
        } ?? false
        let noun = nounReading(word)
        let verb = verbReading(word)
        let adjective = adjectiveReading(word)
        if let verb, CuratedLexicon.verbs.contains(verb.lemma) {
            if nounContext, let noun { return (.noun, noun.lemma, noun.form, true) }
            return (.verb, verb.lemma, verb.form, true)
        }
        if let noun, CuratedLexicon.nouns.contains(noun.lemma) { return (.noun, noun.lemma, noun.form, true) }
        if word.hasSuffix("ing"), word.count > 4, let verb {
            if nounContext, let noun, !canBeNoun(next) { return (.noun, noun.lemma, noun.form, true) }
            return (.verb, verb.lemma, verb.form, true)
        }
        var readings: [(WordRole, Reading)] = []
        if let noun { readings.append((.noun, noun)) }
        if let adjective { readings.append((.adjective, adjective)) }
        if let verb { readings.append((.verb, verb)) }
        func result(_ role: WordRole) -> (WordRole, String, WordForm, Bool)? {
            readings.first { $0.0 == role }.map { (role, $0.1.lemma, $0.1.form, true) }
        }
        if readings.isEmpty {
            // Adverbs (WordNet's index.adv, or unknown -ly words) are function words; any other
            // unknown word is a noun, as spaCy tags most out-of-vocabulary words.
            if wordNet.isAdverb(word) || (word.hasSuffix("ly") && word.count > 4) { return (.function, word, .base, false) }
            return (.noun, word, .base, false)
        }
        if readings.count == 1 { return result(readings[0].0)! }
        if previousWord == "to", let verb = result(.verb) { return verb }
        if nounContext {
            if canBeNoun(next), let adjective = result(.adjective) { return adjective }
            return result(.noun) ?? result(.adjective)!
        }
        if let previousWord, Self.beForms.contains(previousWord) {
            if let verb, verb.form != .base, let reading = result(.verb) { return reading }
            return result(.adjective) ?? result(.verb)!
        }
        if let previous, previous.role == .noun || Self.pronouns.contains(previous.text.lowercased()) {
            if let verb, verb.form != .base, verb.frequency >= (noun?.frequency ?? 0) { return result(.verb)! }
            // A base form after a noun continues a compound (`business suit`).
            if previous.role == .noun, let noun, noun.form == .base { return result(.noun)! }
        }
        let best = readings.max { a, b in
            a.1.frequency != b.1.frequency ? a.1.frequency < b.1.frequency : rank(a.0) < rank(b.0)
        }!
        return result(best.0)!
    }

    private func rank(_ role: WordRole) -> Int { role == .noun ? 3 : role == .adjective ? 2 : 1 }

    struct Reading {
        var lemma: String
        var form: WordForm
        var frequency: Int
    }

    /// Whether `word` (the next word) could be a noun.
    func canBeNoun(_ word: String?) -> Bool {
        guard let word, !Self.isFunctionWord(word), !Self.numberWords.contains(word) else { return false }
        return CuratedLexicon.nouns.contains(word) || !wordNet.baseForms(of: word, .noun).isEmpty
            || CuratedLexicon.adjectives.contains(word)
            || (wordNet.baseForms(of: word, .verb).isEmpty && wordNet.baseForms(of: word, .adjective).isEmpty)
    }

    func nounReading(_ word: String) -> Reading? {
        let forms = wordNet.baseForms(of: word, .noun)
        guard var lemma = forms.first else {
            return nil
        }
        if word.hasSuffix("s"), let shorter = forms.first(where: { $0 != word }) { lemma = shorter }
        if lemma == word, let irregular = forms.first(where: { $0 != word && wordNet.isException(word, of: $0, .noun) }) {
            lemma = irregular
        }
        let frequency = wordNet.entry(lemma, .noun)?.taggedSenseCount ?? 0
        return Reading(lemma: lemma, form: lemma == word ? .base : .plural, frequency: frequency)
    }

    func verbReading(_ word: String) -> Reading? {
        let forms = wordNet.baseForms(of: word, .verb)
        guard let first = forms.first else { return nil }
        // Prefer an exception-list base (sat → sit) and -ing → -e bases (riding → ride) as listed.
        let lemma = forms.first { wordNet.isException(word, of: $0, .verb) } ?? first
        let form: WordForm
        if lemma == word {
            form = .base
        } else if word.hasSuffix("ing") {
            form = .presentParticiple
        } else if word.hasSuffix("s") && !wordNet.isException(word, of: lemma, .verb) {
            form = .thirdPerson
        } else if let irregular = CuratedLexicon.irregularVerbs[lemma], irregular.participle == word,
            irregular.past != word
        {
            form = .pastParticiple
        } else {
            form = .past
        }
        let frequency = wordNet.entry(lemma, .verb)?.taggedSenseCount ?? 0
        return Reading(lemma: lemma, form: form, frequency: frequency)
    }

    func adjectiveReading(_ word: String) -> Reading? {
        let forms = wordNet.baseForms(of: word, .adjective)
        guard let lemma = forms.first else { return nil }
        let frequency = wordNet.entry(lemma, .adjective)?.taggedSenseCount ?? 0
        return Reading(lemma: lemma, form: lemma == word ? .base : .graded, frequency: frequency)
    }

    /// Ranges of the words of `text`: runs of letters and digits with inner hyphens; an
    /// apostrophe and the letters after it (`'s`, `n't` → `'t`) are left out.
    public static func words(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var i = text.startIndex
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }
        while i < text.endIndex {
            let c = text[i]
            if c == "'" || c == "’", i > text.startIndex, isWordCharacter(text[text.index(before: i)]) {
                // Skip a clitic: the apostrophe and the letters after it.
                i = text.index(after: i)
                while i < text.endIndex, text[i].isLetter { i = text.index(after: i) }
                continue
            }
            guard isWordCharacter(c) else {
                i = text.index(after: i)
                continue
            }
            let start = i
            while i < text.endIndex {
                if isWordCharacter(text[i]) {
                    i = text.index(after: i)
                } else if text[i] == "-", text.index(after: i) < text.endIndex,
                    isWordCharacter(text[text.index(after: i)])
                {
                    i = text.index(after: i)
                } else {
                    break
                }
            }
            ranges.append(start ..< i)
        }
        return ranges
    }
}
