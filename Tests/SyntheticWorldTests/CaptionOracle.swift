import SyntheticWorld

/// An independent reader of dense captions (it does not use the generator's grammar code):
/// parses `NP [REL NP] {and NP [REL REF]} on a|an BACKGROUND background` and judges the result
/// against a scene's objects and geometry.
struct ParsedCaption: Equatable {
    struct Mention: Equatable {
        var size: String
        var texture: String
        var colour: String
        var shape: String
    }

    struct Clause: Equatable {
        /// Colour and shape of the subject and object (colours are unique within a scene).
        var subject: [String]
        var relation: String
        var object: [String]
    }

    var mentions: [Mention] = []
    var clauses: [Clause] = []
    var background: String = ""

    static let relations = [
        "to the left of", "to the right of", "above", "below", "bigger than", "smaller than",
    ]
    static let sizes: Set<String> = ["small", "large"]
    static let colours: Set<String> = [
        "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown",
    ]
    static let shapes: Set<String> = [
        "circle", "square", "triangle", "star", "hexagon", "diamond", "cross", "heart", "ring",
        "crescent",
    ]

    /// Parses `text`, or returns `nil` when it is not a sentence of the caption grammar.
    static func parse(_ text: String) -> ParsedCaption? {
        var reader = Reader(words: text.split(separator: " ").map(String.init))
        var result = ParsedCaption()
        guard let first = reader.nounPhrase() else { return nil }
        result.mentions.append(first)
        if let relation = reader.relation() {
            guard let second = reader.nounPhrase() else { return nil }
            result.mentions.append(second)
            result.clauses.append(
                Clause(
                    subject: [first.colour, first.shape], relation: relation,
                    object: [second.colour, second.shape]))
        }
        while reader.accept("and") {
            guard let mention = reader.nounPhrase() else { return nil }
            result.mentions.append(mention)
            if let relation = reader.relation() {
                guard let object = reader.reference() else { return nil }
                result.clauses.append(
                    Clause(
                        subject: [mention.colour, mention.shape], relation: relation,
                        object: object))
            }
        }
        guard reader.accept("on"), reader.accept("a") || reader.accept("an") else { return nil }
        let rest = reader.remaining
        guard rest.count >= 2, rest.last == "background" else { return nil }
        result.background = rest.dropLast().joined(separator: " ")
        return result
    }

    /// Whether every mention matches an object exactly and every clause holds in `scene`.
    func isTrue(of scene: Scene) -> Bool {
        for mention in mentions {
            guard let match = object(mention.colour, mention.shape, in: scene),
                match.size.word == mention.size,
                (match.texture.adjective ?? "solid") == mention.texture
            else { return false }
        }
        for clause in clauses {
            guard let a = object(clause.subject[0], clause.subject[1], in: scene),
                let b = object(clause.object[0], clause.object[1], in: scene),
                Self.holds(clause.relation, a, b, gap: scene.gap)
            else { return false }
        }
        return true
    }

    private func object(_ colour: String, _ shape: String, in scene: Scene) -> SceneObject? {
        scene.objects.first { $0.colour.word == colour && $0.shape.word == shape }
    }

    /// The relation definitions written out again, from the README's wording.
    static func holds(_ relation: String, _ a: SceneObject, _ b: SceneObject, gap: Double) -> Bool {
        switch relation {
        case "to the left of": return a.x + a.radius + gap <= b.x - b.radius
        case "to the right of": return b.x + b.radius + gap <= a.x - a.radius
        case "above": return a.y + a.radius + gap <= b.y - b.radius
        case "below": return b.y + b.radius + gap <= a.y - a.radius
        case "bigger than": return a.size.word == "large" && b.size.word == "small"
        case "smaller than": return a.size.word == "small" && b.size.word == "large"
        default: return false
        }
    }

    private struct Reader {
        var words: [String]
        var position = 0

        var remaining: [String] { Array(words[position...]) }

        mutating func accept(_ word: String) -> Bool {
            guard position < words.count, words[position] == word else { return false }
            position += 1
            return true
        }

        mutating func take(_ set: Set<String>) -> String? {
            guard position < words.count, set.contains(words[position]) else { return nil }
            position += 1
            return words[position - 1]
        }

        mutating func nounPhrase() -> Mention? {
            let start = position
            guard accept("a") || accept("an"), let size = take(ParsedCaption.sizes) else {
                position = start
                return nil
            }
            var texture = take(["striped", "dotted"]) ?? "solid"
            guard let colour = take(ParsedCaption.colours), let shape = take(ParsedCaption.shapes)
            else {
                position = start
                return nil
            }
            let beforeWith = position
            if texture == "solid", accept("with") {
                if accept("stripes") {
                    texture = "striped"
                } else if accept("dots") {
                    texture = "dotted"
                } else {
                    position = beforeWith
                }
            }
            let article = words[start]
            let expected = "aeiou".contains(size.first ?? "x") ? "an" : "a"
            guard article == expected else { return nil }
            return Mention(size: size, texture: texture, colour: colour, shape: shape)
        }

        mutating func relation() -> String? {
            for phrase in ParsedCaption.relations {
                let parts = phrase.split(separator: " ").map(String.init)
                if position + parts.count <= words.count,
                    Array(words[position ..< position + parts.count]) == parts
                {
                    position += parts.count
                    return phrase
                }
            }
            return nil
        }

        mutating func reference() -> [String]? {
            guard accept("the"), let colour = take(ParsedCaption.colours),
                let shape = take(ParsedCaption.shapes)
            else { return nil }
            return [colour, shape]
        }
    }
}
