/// Small curated word lists for caption English: they decide the part of speech before
/// WordNet is consulted, and give replacements whose quality WordNet's siblings cannot promise.
///
/// A group is a set of mutually exclusive choices ("red" vs "blue", "dog" vs "cat"); a
/// replacement is drawn from the word's own group, never from another one, and WordNet
/// synonyms inside a group ("big" / "large", "gray" / "grey") are still filtered out.
public enum CuratedLexicon {
    /// Adjective groups: colours, sizes, ages, materials, patterns.
    public static let adjectiveGroups: [String: [String]] = [
        "colour": words("""
            white black red blue green yellow brown orange pink purple gray grey silver golden tan \
            beige maroon
            """),
        "size": words("big small large little tall short long huge tiny giant wide narrow thick thin"),
        "age": words("old young new elderly modern ancient antique"),
        "material": words("""
            wooden metal plastic glass leather stone brick concrete paper ceramic metallic wicker steel
            """),
        "pattern": words("striped spotted plain checkered floral"),
    ]

    /// Count words (attributes in CE-CLIP's sense); all plural, so a swap keeps agreement.
    public static let counts: [String] = words("two three four five six seven eight nine ten twelve")

    /// Noun groups for object replacement.
    public static let nounGroups: [String: [String]] = [
        "person": words("""
            man woman boy girl child kid baby player skier surfer skateboarder lady guy
            """),
        "animal": words("dog cat horse cow sheep bird elephant giraffe zebra bear duck goat"),
        "vehicle": words("car truck bus train bicycle motorcycle boat airplane van taxi"),
        "food": words("pizza sandwich cake banana apple donut broccoli carrot salad bread hotdog"),
        "furniture": words("table chair bed couch bench desk shelf lamp sink toilet"),
        "gear": words("ball frisbee kite skateboard surfboard racket bat umbrella"),
        "place": words("street road beach field park room kitchen city"),
        "tableware": words("plate bowl cup bottle knife fork spoon"),
    ]

    /// Action verbs (lemmas) for action replacement.
    public static let actionVerbs: [String] = words("""
        sit stand ride hold eat walk run fly play look lie wait carry watch wear throw catch hit cut \
        drive sleep drink swim climb jump push pull read talk cook kick feed surf ski skate pose \
        smile hang lean rest graze cross touch chase
        """)

    /// Spatial relation words (tagged as function words, kept in place by the negatives).
    public static let spatialRelations: Set<String> = Set(words("""
        on in under above below behind beside near next inside outside over across along between \
        beneath underneath atop against around through toward towards front top bottom
        """))

    /// Irregular verbs: base → (past, past participle).
    public static let irregularVerbs: [String: (past: String, participle: String)] = {
        var table: [String: (String, String)] = [:]
        let rows = """
            sit sat sat|stand stood stood|ride rode ridden|hold held held|eat ate eaten|run ran run|\
            fly flew flown|lie lay lain|lay laid laid|wear wore worn|throw threw thrown|\
            catch caught caught|hit hit hit|cut cut cut|drive drove driven|sleep slept slept|\
            drink drank drunk|swim swam swum|take took taken|make made made|hang hung hung|\
            feed fed fed|read read read|sell sold sold|show showed shown|see saw seen|go went gone|\
            get got gotten|give gave given|put put put|win won won|lead led led|build built built|\
            leave left left|blow blew blown|draw drew drawn|grow grew grown|fall fell fallen|\
            bite bit bitten|shake shook shaken|swing swung swung|sing sang sung|spin spun spun|\
            stick stuck stuck|sweep swept swept|keep kept kept|bring brought brought|\
            buy bought bought|fight fought fought|teach taught taught|write wrote written|\
            break broke broken|speak spoke spoken|wake woke woken|hide hid hidden|dig dug dug|\
            light lit lit|lose lost lost|meet met met|pay paid paid|send sent sent|tell told told|\
            feel felt felt|find found found|set set set|come came come|become became become
            """
        for row in rows.split(separator: "|") {
            let parts = row.split(separator: " ").map(String.init)
            if parts.count == 3 { table[parts[0]] = (parts[1], parts[2]) }
        }
        return table
    }()

    /// Irregular plurals: singular → plural.
    public static let irregularPlurals: [String: String] = [
        "man": "men", "woman": "women", "child": "children", "person": "people", "sheep": "sheep",
        "fish": "fish", "mouse": "mice", "goose": "geese", "foot": "feet", "tooth": "teeth",
        "knife": "knives", "leaf": "leaves", "shelf": "shelves", "loaf": "loaves", "wolf": "wolves",
        "deer": "deer", "ox": "oxen", "bus": "buses", "life": "lives", "wife": "wives",
        "calf": "calves", "half": "halves", "scarf": "scarves", "glass": "glasses",
    ]

    /// Every curated adjective (group members plus common descriptive adjectives).
    public static let adjectives: Set<String> = Set(adjectiveGroups.values.joined())
        .union(LexiconTagger.adjectives)
        .subtracting(["many", "several", "few", "other", "different", "various", "same", "front", "main"])

    /// Every curated noun.
    public static let nouns: Set<String> = Set(nounGroups.values.joined())

    /// Every curated verb lemma: the action verbs plus common caption verbs.
    public static let verbs: Set<String> = Set(actionVerbs).union(words("""
        look appear seem contain fill cover prepare reach use show sell get give take make go try \
        work see display stare face park
        """))

    /// The group of `word` among `groups`, if any.
    static func group(of word: String, in groups: [String: [String]]) -> [String]? {
        for (_, members) in groups.sorted(by: { $0.key < $1.key }) where members.contains(word) {
            return members
        }
        return nil
    }

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
