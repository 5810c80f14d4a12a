/// A colour–shape pairing ("red circle").
public struct ColourShape: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The colour.
    public var colour: Colour
    /// The shape.
    public var shape: Shape

    /// Creates the pairing.
    public init(_ colour: Colour, _ shape: Shape) {
        self.colour = colour
        self.shape = shape
    }

    /// "red circle".
    public var description: String { "\(colour.word) \(shape.word)" }
}

/// The attribute–object and relation combinations kept out of the training split.
///
/// Training scenes never contain them — not in the pixels, not in captions, chains or hard
/// negatives — so the test split can measure systematic generalisation. The list is fixed: it
/// comes from a constant seed, not from the world seed, so every world holds out the same ones.
public struct HeldOutCombos: Sendable, Hashable {
    /// Held-out colour–shape pairs; each colour is held out with exactly one shape.
    public var colourShapes: [ColourShape]
    /// Held-out relation facts (canonical), two per relation family.
    public var facts: [RelationFact]

    /// Creates a held-out list (tests and experiments; the world uses ``standard``).
    public init(colourShapes: [ColourShape], facts: [RelationFact]) {
        self.colourShapes = colourShapes
        self.facts = facts
    }

    /// The seed of the standard list.
    public static let standardSeed: UInt64 = 0x4C4F_5550_4548_4F4C

    /// The standard held-out list: 8 colour–shape pairs (a random matching of colours to
    /// distinct shapes, 10 % of all pairs) and 6 relation facts (2 each for left of, above,
    /// bigger than, over distinct shape pairs).
    public static let standard: HeldOutCombos = {
        var rng = SplitMix64(seed: standardSeed)
        var shapes = Shape.allCases
        shapes.seededShuffle(using: &rng)
        let pairs = Colour.allCases.enumerated().map { ColourShape($0.element, shapes[$0.offset]) }
        var facts: [RelationFact] = []
        var usedPairs: Set<[Shape]> = []
        for relation in [Relation.leftOf, .above, .biggerThan] {
            var added = 0
            while added < 2 {
                let a = rng.pick(Shape.allCases)
                let b = rng.pick(Shape.allCases)
                let key = [min(a, b), max(a, b)]
                guard a != b, !usedPairs.contains(key) else { continue }
                usedPairs.insert(key)
                facts.append(RelationFact(a, relation, b))
                added += 1
            }
        }
        return HeldOutCombos(colourShapes: pairs, facts: facts)
    }()

    /// Whether `colour shape` is held out.
    public func contains(_ colour: Colour, _ shape: Shape) -> Bool {
        colourShapes.contains(ColourShape(colour, shape))
    }

    /// Whether the fact (in either direction) is held out.
    public func contains(_ fact: RelationFact) -> Bool {
        facts.contains(fact)
    }

    /// Whether the words of `text` name a held-out combination: a colour word directly followed
    /// by a shape word, or a relation phrase whose nearest shape word before and first shape
    /// word after form a held-out fact. Used on word-order perturbations, which no grammar
    /// covers.
    public func isNamed(in text: String) -> Bool {
        let words = text.split(separator: " ").map(String.init)
        let shapes = words.map { Shape(word: $0) }
        for i in words.indices.dropLast() {
            if let colour = Colour(word: words[i]), let shape = shapes[i + 1],
                contains(colour, shape)
            {
                return true
            }
        }
        for relation in Relation.allCases {
            let phrase = relation.phrase.split(separator: " ").map(String.init)
            guard words.count >= phrase.count else { continue }
            for start in 0 ... (words.count - phrase.count)
            where Array(words[start ..< start + phrase.count]) == phrase {
                let before = shapes[..<start].last { $0 != nil }
                let after = shapes[(start + phrase.count)...].first { $0 != nil }
                if let subject = before ?? nil, let object = after ?? nil,
                    contains(RelationFact(subject, relation, object))
                {
                    return true
                }
            }
        }
        return false
    }

    /// The held-out combinations present in `scene`'s image (objects and true relations).
    public func present(in scene: Scene) -> [String] {
        var found: [String] = []
        for object in scene.objects where contains(object.colour, object.shape) {
            found.append(ColourShape(object.colour, object.shape).description)
        }
        let trueFacts = scene.trueFacts
        for fact in facts where trueFacts.contains(fact) {
            found.append(fact.description)
        }
        return found
    }
}
