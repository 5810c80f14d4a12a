/// English inflection for replacement words: plural nouns, `-s` / `-ing` / `-ed` verbs, and
/// the `a` / `an` choice. Irregular forms come from the curated tables, then WordNet's
/// exception lists; regular forms from the spelling rules.
public struct Inflection: Sendable {
    public let wordNet: WordNet

    public init(wordNet: WordNet) { self.wordNet = wordNet }

    /// `lemma` in `form` for `role`, or `nil` when the form cannot be built with confidence
    /// (an irregular verb whose past tense is not in the curated table).
    public func inflect(_ lemma: String, role: WordRole, form: WordForm) -> String? {
        switch (role, form) {
        case (_, .base): return lemma
        case (.noun, .plural): return plural(lemma)
        case (.verb, .thirdPerson): return Self.sibilantPlural(lemma)
        case (.verb, .presentParticiple): return presentParticiple(lemma)
        case (.verb, .past), (.verb, .pastParticiple):
            if let irregular = CuratedLexicon.irregularVerbs[lemma] {
                return form == .past ? irregular.past : irregular.participle
            }
            // WordNet's listed past (`stopped`); other irregular verbs outside the table are
            // refused rather than guessed ("swimmed").
            let listed = wordNet.exceptionForms(of: lemma, .verb).filter { !$0.hasSuffix("ing") && !$0.hasSuffix("s") }
            if let past = listed.first(where: { $0.hasSuffix("ed") }), listed.count == 1 { return past }
            if !listed.isEmpty { return nil }
            return Self.regularPast(lemma)
        default: return nil
        }
    }

    /// The plural of a noun.
    public func plural(_ noun: String) -> String {
        if let irregular = CuratedLexicon.irregularPlurals[noun] { return irregular }
        let listed = wordNet.exceptionForms(of: noun, .noun).filter { $0.first == noun.first }
        if listed.count == 1 { return listed[0] }
        return Self.sibilantPlural(noun)
    }

    /// `-s`, `-es` after sibilants and `o`, `-ies` after consonant + `y`.
    static func sibilantPlural(_ word: String) -> String {
        if word == "be" { return "is" }
        if word == "have" { return "has" }
        for suffix in ["s", "x", "z", "ch", "sh"] where word.hasSuffix(suffix) { return word + "es" }
        if word.hasSuffix("o"), word.count > 2, !isVowel(word.dropLast().last) { return word + "es" }
        if word.hasSuffix("y"), !isVowel(word.dropLast().last) { return word.dropLast() + "ies" }
        return word + "s"
    }

    /// The `-ing` form: WordNet's listed form if any (`lying`, `sitting`), else the rules.
    public func presentParticiple(_ verb: String) -> String {
        if let listed = wordNet.exceptionForms(of: verb, .verb).first(where: { $0.hasSuffix("ing") }) {
            return listed
        }
        if verb.hasSuffix("ie") { return verb.dropLast(2) + "ying" }
        if verb.hasSuffix("ee") || verb.hasSuffix("ye") || verb.hasSuffix("oe") { return verb + "ing" }
        if verb.hasSuffix("e"), verb.count > 2 { return verb.dropLast() + "ing" }
        if Self.doublesFinalConsonant(verb) { return verb + String(verb.last!) + "ing" }
        return verb + "ing"
    }

    static func regularPast(_ verb: String) -> String {
        if verb.hasSuffix("e") { return verb + "d" }
        if verb.hasSuffix("y"), !isVowel(verb.dropLast().last) { return verb.dropLast() + "ied" }
        if doublesFinalConsonant(verb) { return verb + String(verb.last!) + "ed" }
        return verb + "ed"
    }

    /// One-syllable consonant–vowel–consonant words double the final consonant (`sit`, `run`).
    static func doublesFinalConsonant(_ word: String) -> Bool {
        let letters = Array(word)
        guard letters.count >= 3, let last = letters.last, !isVowel(last), !"wxy".contains(last),
            isVowel(letters[letters.count - 2]), !isVowel(letters[letters.count - 3])
        else { return false }
        var groups = 0
        var inVowel = false
        for letter in letters {
            let vowel = isVowel(letter)
            if vowel && !inVowel { groups += 1 }
            inVowel = vowel
        }
        return groups == 1
    }

    static func isVowel(_ c: Character?) -> Bool { c.map { "aeiou".contains($0) } ?? false }

    /// `an` before a vowel sound, else `a` (`an apple`, `a unicorn`, `an hour`).
    public static func article(before word: String) -> String {
        let lowered = word.lowercased()
        for prefix in ["hour", "honest", "honor", "honour", "heir"] where lowered.hasPrefix(prefix) { return "an" }
        for prefix in ["uni", "use", "usu", "uti", "eu", "one", "once", "ewe", "ufo", "uk"]
        where lowered.hasPrefix(prefix) {
            return "a"
        }
        return isVowel(lowered.first) ? "an" : "a"
    }

    /// `word` with the case pattern of `model` (capitalised or all upper-case).
    public static func matchCase(_ word: String, to model: String) -> String {
        guard let first = model.first else { return word }
        if model.count > 1, model.allSatisfy({ !$0.isLetter || $0.isUppercase }) { return word.uppercased() }
        return first.isUppercase ? word.prefix(1).uppercased() + word.dropFirst() : word
    }
}
