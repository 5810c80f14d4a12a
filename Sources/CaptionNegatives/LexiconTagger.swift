import Foundation

/// Coarse part of speech, as far as ARO's order perturbations need it.
public enum CoarseTag: Sendable, Equatable {
    /// spaCy `NN`, `NNS`, `NNP`, `NNPS`.
    case noun
    /// spaCy `JJ`, `JJR`, `JJS`.
    case adjective
    /// Everything else (determiners, prepositions, verbs, numbers, punctuation, …).
    case other
}

/// Tags a tokenised caption; ARO uses spaCy `en_core_web_sm`, which Loupe does not have.
public protocol PartOfSpeechTagger: Sendable {
    /// One tag per token.
    func tags(for tokens: [String]) -> [CoarseTag]
}

/// A tiny lexicon tagger standing in for spaCy on caption-style English.
///
/// Rules, first match wins (lower-cased token):
/// 1. non-alphabetic tokens (punctuation, numbers, `'s`) → other;
/// 2. a closed-class list (determiners, pronouns, prepositions, conjunctions, auxiliaries,
///    number words, common adverbs) and ~80 common caption verbs → other;
/// 3. ~150 listed adjectives (colours, sizes, ages, materials, textures, weather, moods) and
///    words ending in `-ful`, `-ous`, `-less` → adjective;
/// 4. words ending in `-ing` or `-ed` (verb forms) → other;
/// 5. anything else alphabetic → noun (captions are noun-heavy).
/// It disagrees with spaCy on some words ("park" the verb, "top" the adjective), so
/// COCO-/Flickr-Order numbers are Loupe's own, not the ARO paper's.
public struct LexiconTagger: PartOfSpeechTagger {
    /// Creates the tagger.
    public init() {}

    public func tags(for tokens: [String]) -> [CoarseTag] { tokens.map(tag) }

    /// The tag of one token.
    public func tag(_ token: String) -> CoarseTag {
        let word = token.lowercased()
        guard !word.isEmpty,
            word.unicodeScalars.allSatisfy({
                CharacterSet.letters.contains($0) || $0 == "-"
            }), word.unicodeScalars.contains(where: { CharacterSet.letters.contains($0) })
        else {
            return .other
        }
        if Self.closedClass.contains(word) || Self.verbs.contains(word) { return .other }
        if Self.adjectives.contains(word) { return .adjective }
        for suffix in ["ful", "ous", "less"] where word.count > suffix.count + 2 {
            if word.hasSuffix(suffix) { return .adjective }
        }
        for suffix in ["ing", "ed"] where word.count > suffix.count + 2 {
            if word.hasSuffix(suffix) { return .other }
        }
        return .noun
    }

    static let closedClass: Set<String> = Set(
        """
        a an the this that these those some any each every no another either neither all both \
        i me my mine you your yours he him his she her hers it its we us our they them their \
        theirs who whom whose which what there here myself himself herself itself themselves \
        about above across after against along alongside amid among around at atop before \
        behind below beneath beside besides between beyond by down during for from in inside \
        into near nearby of off on onto out outside over past through throughout to toward \
        towards under underneath until up upon via with within without like \
        and or but nor so yet while as if than because although though when where whilst \
        is are was were be been being am has have had do does did can could will would shall \
        should may might must not n't no yes \
        one two three four five six seven eight nine ten eleven twelve twenty hundred dozen \
        very too also just only still even really quite almost together away back again \
        then now very well rather much more most less least
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    static let verbs: Set<String> = Set(
        """
        sit sits stand stands hold holds ride rides look looks eat eats play plays lay lays \
        lie lies fly flies walk walks wait waits graze grazes carry carries watch watches wear \
        wears take takes make makes go goes run runs jump jumps swing swings throw throws \
        catch catches hit hits cut cuts pose poses smile smiles talk talks drive drives \
        rest rests sleep sleeps get gets use uses show shows sell sells cook cooks pull pulls \
        push pushes read reads fill fills cover covers hang hangs lean leans stare stares \
        prepare prepares reach reaches surf surfs ski skis skate skates kick kicks feed feeds \
        drink drinks float floats swim swims climb climbs appear appears seem seems contain \
        contains sat stood held rode ate flew ran took made went hung lay wore caught threw \
        drove slept got put puts give gives gave see sees saw try tries work works
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    static let adjectives: Set<String> = Set(
        """
        white black red blue green yellow brown orange pink purple gray grey silver golden \
        gold dark light bright colorful tan beige maroon teal navy \
        big small large little tall short long huge tiny giant massive enormous wide narrow \
        thick thin fat skinny heavy high low deep shallow \
        old young new elderly ancient modern vintage antique fresh stale ripe rotten \
        wooden metallic plastic leather wool woolen furry fluffy hairy shiny smooth rough soft \
        hard wet dry hot cold warm cool icy snowy sunny cloudy rainy foggy windy clear \
        empty full open closed crowded busy quiet lonely calm \
        happy sad angry cute pretty beautiful ugly nice good bad great fine funny silly \
        clean dirty messy neat tidy broken damaged rusty \
        many several few other different various same single double multiple whole entire \
        main middle front rear upper lower outdoor indoor outdoors inner outer \
        professional young adult male female asian african american italian chinese \
        delicious tasty healthy sweet sour spicy raw cooked baked grilled fried \
        electric digital wireless commercial residential urban rural public private \
        striped spotted plain fancy formal casual odd strange unusual rare real fake \
        square round circular rectangular flat steep tiled paved grassy sandy rocky muddy \
        dusty leafy shady green-and-white black-and-white
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}
