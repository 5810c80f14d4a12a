import CaptionNegatives
import Foundation
import Testing

/// Built-in caption-style sentences covering plurals, verb forms, articles and compounds.
let builtInCaptions = [
    "A man riding a horse on a beach.",
    "Two dogs playing with a ball in the park",
    "A black cat sits on a wooden table next to a window.",
    "Three young boys are eating pizza at a small table in the kitchen.",
    "An old woman holding an umbrella walks down a busy street.",
    "A tennis player swinging a racket on a court",
    "A red double decker bus driving down a city street.",
    "A giraffe standing next to a tree in a field",
    "Several people standing on skis at the top of a snowy hill.",
    "A car parked in front of a large brick building.",
    "A little girl is flying a kite on the beach with her father.",
    "Two men sitting on a bench and reading newspapers near a fountain",
]

/// The words of `text` (lower-cased) as the tagger splits them.
func wordList(_ text: String) -> [String] {
    CaptionTagger.words(in: text).map { text[$0].lowercased() }
}

/// Checks that `negative` is a grammatical one-word edit of `caption` for a replacement type:
/// same word count; exactly one content word changed (plus possibly its `a`/`an`); the new word
/// has a WordNet or curated base form of the same kind, different from the old one and sharing
/// no synset with it; the inflection is kept; every article before the new word agrees.
/// Returns a description of the first problem, or `nil`.
func replacementProblem(
    _ caption: String, _ negative: String, type: NegativeType, generator: NegativeGenerator
) -> String? {
    let before = generator.tagger.tag(caption)
    let after = CaptionTagger.words(in: negative).map { String(negative[$0]) }
    guard before.count == after.count else { return "word count \(before.count) → \(after.count)" }
    let changed = before.indices.filter { before[$0].text != after[$0] }
    let content = changed.filter { !["a", "an"].contains(before[$0].text.lowercased()) }
    guard content.count == 1, let slot = content.first else { return "changed words \(changed)" }
    for i in changed where i != slot {
        guard i == slot - 1 else { return "article changed away from the edit" }
    }
    let old = before[slot]
    let new = after[slot].lowercased()
    switch type {
    case .attribute: guard old.role == .adjective || old.role == .number else { return "replaced a \(old.role)" }
    case .object: guard old.role == .noun else { return "replaced a \(old.role)" }
    case .action: guard old.role == .verb else { return "replaced a \(old.role)" }
    case .relation: return "not a replacement type"
    }
    if slot > 0, ["a", "an"].contains(after[slot - 1].lowercased()),
        after[slot - 1].lowercased() != Inflection.article(before: new)
    {
        return "article '\(after[slot - 1])' before '\(new)'"
    }
    if old.role == .number { return CuratedLexicon.counts.contains(new) ? nil : "'\(new)' is not a count word" }
    let wordNet = generator.wordNet
    let wordClass: WordClass = old.role == .noun ? .noun : old.role == .verb ? .verb : .adjective
    let bases = Set(wordNet.baseForms(of: new, wordClass))
        .union(CuratedLexicon.adjectives.contains(new) && old.role == .adjective ? [new] : [])
        .union(CuratedLexicon.irregularPlurals.filter { $0.value == new }.map(\.key))
        .union(CuratedLexicon.irregularVerbs.filter { $0.value.past == new || $0.value.participle == new }.map(\.key))
    guard let lemma = bases.first(where: { generator.inflection.inflect($0, role: old.role, form: old.form) == new })
    else { return "'\(new)' is not \(old.form) of a \(wordClass) (was '\(old.text)')" }
    guard lemma != old.lemma else { return "same lemma \(lemma)" }
    let oldSynsets = Set(wordNet.entry(old.lemma, wordClass)?.synsets ?? [])
    let newSynsets = Set(wordNet.entry(lemma, wordClass)?.synsets ?? [])
    guard oldSynsets.isDisjoint(with: newSynsets) else { return "'\(lemma)' is a WordNet synonym of '\(old.lemma)'" }
    return nil
}

/// Checks a relation negative: the noun lemmas are the same multiset, two nouns moved, the
/// caption has more than two nouns, and articles before the moved nouns agree.
func relationProblem(_ caption: String, _ negative: String, generator: NegativeGenerator) -> String? {
    let before = generator.tagger.tag(caption)
    let after = CaptionTagger.words(in: negative).map { String(negative[$0]) }
    guard before.count == after.count else { return "word count \(before.count) → \(after.count)" }
    guard before.filter({ $0.role == .noun }).count > 2 else { return "swap with ≤ 2 nouns" }
    let changed = before.indices.filter { before[$0].text.lowercased() != after[$0].lowercased() }
    let moved = changed.filter { before[$0].role == .noun }
    guard moved.count == 2 else { return "moved nouns \(moved)" }
    for i in changed where before[i].role != .noun {
        guard ["a", "an"].contains(before[i].text.lowercased()), moved.contains(i + 1) else {
            return "changed non-noun '\(before[i].text)'"
        }
    }
    for i in moved where i > 0 && ["a", "an"].contains(after[i - 1].lowercased()) {
        if after[i - 1].lowercased() != Inflection.article(before: after[i]) { return "article before '\(after[i])'" }
    }
    let (a, b) = (moved[0], moved[1])
    let swapped = generator.wordNet.baseForms(of: after[a], .noun).contains(before[b].lemma)
        || CuratedLexicon.irregularPlurals[before[b].lemma] == after[a].lowercased()
    return swapped ? nil : "'\(after[a])' is not '\(before[b].lemma)' in the other slot"
}

@Suite("CE-CLIP hard-negative generator")
struct GeneratorTests {
    @Test("same seed and caption give the same negatives; other seeds give others")
    func determinism() {
        guard let wordNet = wordNetOrSkip() else { return }
        let first = NegativeGenerator(wordNet: wordNet, seed: 5)
        let second = NegativeGenerator(wordNet: wordNet, seed: 5)
        // Different visiting orders: a caption's negatives do not depend on the others.
        let forward = builtInCaptions.map { first.negatives(of: $0) }
        let backward = builtInCaptions.reversed().map { second.negatives(of: $0) }.reversed()
        #expect(forward == Array(backward))
        var differs = false
        for seed in 6 ..< 12 where !differs {
            let other = NegativeGenerator(wordNet: wordNet, seed: UInt64(seed))
            differs = builtInCaptions.map { other.negatives(of: $0) } != forward
        }
        #expect(differs, "six other seeds all gave the same negatives")
    }

    @Test("every negative of the built-in sentences differs and keeps the template grammatical")
    func builtIn() {
        guard let wordNet = wordNetOrSkip() else { return }
        let generator = NegativeGenerator(wordNet: wordNet, seed: 0)
        var valid = [NegativeType: Int]()
        for caption in builtInCaptions {
            for (type, negative) in generator.negatives(of: caption) {
                valid[type, default: 0] += 1
                #expect(negative != caption)
                let problem = type == .relation
                    ? relationProblem(caption, negative, generator: generator)
                    : replacementProblem(caption, negative, type: type, generator: generator)
                #expect(problem == nil, "\(type): \"\(caption)\" → \"\(negative)\": \(problem ?? "")")
            }
        }
        print("built-in sentences, valid negatives of \(builtInCaptions.count):", valid.sorted { $0.key.rawValue < $1.key.rawValue })
        // Every sentence has a noun with a replacement; all but one have a verb.
        #expect(valid[.object] == builtInCaptions.count)
        #expect((valid[.action] ?? 0) >= builtInCaptions.count - 1)
        #expect((valid[.attribute] ?? 0) >= 6)
    }

    @Test("relation swaps need more than two nouns, and swap the first two heads with their number")
    func relationRule() {
        guard let wordNet = wordNetOrSkip() else { return }
        let generator = NegativeGenerator(wordNet: wordNet, seed: 0)
        #expect(generator.negative(.relation, of: "A dog on a couch.") == nil)
        #expect(generator.negative(.relation, of: "a cat and a dog") == nil)
        #expect(
            generator.negative(.relation, of: "Two dogs playing with a ball in the park")
                == "Two balls playing with a dog in the park")
        #expect(
            generator.negative(.relation, of: "A man riding a horse on a beach.")
                == "A horse riding a man on a beach.")
        // `tennis player` moves as a unit: the compound's head is swapped.
        #expect(
            generator.negative(.relation, of: "A tennis player holding a racket on a court")
                == "A tennis racket holding a player on a court")
        // a/an follow the swapped nouns.
        #expect(
            generator.negative(.relation, of: "An apple next to a banana on a plate")
                == "A banana next to an apple on a plate")
        // The same noun twice gives nothing to swap.
        #expect(generator.negative(.relation, of: "A man next to a man near a car") == nil)
    }

    @Test("replacements are never WordNet synonyms, hypernyms or hyponyms")
    func notSynonyms() throws {
        guard let wordNet = wordNetOrSkip() else { return }
        let generator = NegativeGenerator(wordNet: wordNet, seed: 0)
        let tagger = generator.tagger
        for sentence in ["A big dog", "A man riding a bike", "A kid holding a cup", "A large grey cat"] {
            for word in tagger.tag(sentence) where [.noun, .verb, .adjective].contains(word.role) {
                let wordClass: WordClass = word.role == .noun ? .noun : word.role == .verb ? .verb : .adjective
                let own = Set(wordNet.synsets(of: word.lemma, wordClass).flatMap(\.words))
                for alternative in generator.alternatives(for: word) {
                    #expect(!own.contains(alternative), "\(alternative) is a synonym of \(word.lemma)")
                }
            }
        }
        let man = try #require(tagger.tag("a man").last)
        #expect(!generator.alternatives(for: man).contains("person"), "person is a hypernym of man")
        #expect(generator.alternatives(for: man).contains("woman"))
        let big = try #require(tagger.tag("a big").last)
        #expect(!generator.alternatives(for: big).contains("large"))
        let ride = try #require(tagger.tag("he is riding").last)
        #expect(ride.lemma == "ride" && !generator.alternatives(for: ride).contains("sit"), "ride and sit share a synset")
        let kid = try #require(tagger.tag("a kid").last)
        #expect(!generator.alternatives(for: kid).contains("child"))
    }

    @Test("morphology: plurals, verb forms and articles are kept")
    func morphology() {
        guard let wordNet = wordNetOrSkip() else { return }
        let inflection = Inflection(wordNet: wordNet)
        #expect(inflection.plural("man") == "men" && inflection.plural("bus") == "buses")
        #expect(inflection.plural("baby") == "babies" && inflection.plural("box") == "boxes")
        #expect(inflection.plural("dog") == "dogs" && inflection.plural("knife") == "knives")
        #expect(inflection.presentParticiple("sit") == "sitting" && inflection.presentParticiple("ride") == "riding")
        #expect(inflection.presentParticiple("lie") == "lying" && inflection.presentParticiple("visit") == "visiting")
        #expect(inflection.inflect("catch", role: .verb, form: .thirdPerson) == "catches")
        #expect(inflection.inflect("fly", role: .verb, form: .thirdPerson) == "flies")
        #expect(inflection.inflect("park", role: .verb, form: .past) == "parked")
        #expect(inflection.inflect("eat", role: .verb, form: .past) == "ate")
        #expect(inflection.inflect("eat", role: .verb, form: .pastParticiple) == "eaten")
        #expect(inflection.inflect("stop", role: .verb, form: .past) == "stopped")
        #expect(Inflection.article(before: "umbrella") == "an" && Inflection.article(before: "unicorn") == "a")
        #expect(Inflection.article(before: "hour") == "an" && Inflection.article(before: "dog") == "a")

        let tagger = CaptionTagger(wordNet: wordNet)
        let tags = tagger.tag("Three men are riding horses and a cat sits on the parked car")
        let byText = Dictionary(tags.map { ($0.text, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byText["men"]?.role == .noun && byText["men"]?.lemma == "man" && byText["men"]?.form == .plural)
        #expect(byText["riding"]?.role == .verb && byText["riding"]?.form == .presentParticiple)
        #expect(byText["horses"]?.form == .plural && byText["sits"]?.role == .verb)
        #expect(byText["sits"]?.form == .thirdPerson)

        let generator = NegativeGenerator(wordNet: wordNet, seed: 0)
        for seed in 0 ..< 8 {
            let g = NegativeGenerator(wordNet: wordNet, seed: UInt64(seed))
            if let object = g.negative(.object, of: "Three men riding horses") {
                #expect(replacementProblem("Three men riding horses", object, type: .object, generator: generator) == nil, "\(object)")
            }
            if let action = g.negative(.action, of: "A cat sits on a mat") {
                #expect(action.contains(" on a mat") && !action.contains(" sits "))
                let verb = wordList(action)[2]
                #expect(verb.hasSuffix("s"), "\(action)")
            }
            if let action = g.negative(.action, of: "A man is riding a horse") {
                #expect(wordList(action)[3].hasSuffix("ing"), "\(action)")
            }
        }
    }

    @Test("the validity mask: no negative where the caption has nothing to edit")
    func invalidCases() {
        guard let wordNet = wordNetOrSkip() else { return }
        let generator = NegativeGenerator(wordNet: wordNet, seed: 0)
        #expect(generator.negatives(of: "").isEmpty)
        #expect(generator.negatives(of: "...").isEmpty)
        let dog = generator.negatives(of: "A dog.")
        #expect(dog[.relation] == nil && dog[.attribute] == nil && dog[.action] == nil)
        #expect(dog[.object] != nil)
        // A count word is an attribute; two nouns are too few for a relation.
        let cats = generator.negatives(of: "Two cats on a sofa")
        #expect(cats[.relation] == nil && cats[.attribute] != nil && cats[.action] == nil)
        #expect(generator.negatives(of: "a xqzzv blorft", types: [.object, .attribute, .action]).isEmpty)
    }

    @Test("ARO order perturbations through the generator keep the bag of words")
    func orderNames() {
        guard let wordNet = wordNetOrSkip() else { return }
        let generator = NegativeGenerator(wordNet: wordNet, seed: 1)
        let caption = builtInCaptions[2]
        let out = generator.negatives(named: NegativeGenerator.typeNames, of: caption)
        #expect(out.count == NegativeGenerator.typeNames.count)
        let bag = OrderPerturbation.preCaption(WordTokenizer.tokenize(caption).joined(separator: " "))
            .split(separator: " ").sorted()
        for perturbation in OrderPerturbation.allCases {
            let text = out[perturbation.rawValue] ?? ""
            #expect(text.split(separator: " ").sorted() == bag, "\(perturbation): \(text)")
        }
        #expect(generator.negative(named: "shuffle_trigrams", of: "dog") == nil)
    }
}
