/// How a texture is worded in a noun phrase.
enum TextureWording: Sendable, Hashable {
    /// "a small striped red circle"
    case prefix
    /// "a small red circle with stripes"
    case suffix
}

/// A structured dense description of a scene that renders to one caption.
///
/// Captions and every structural hard negative are renderings of a `Description`, so a negative
/// differs from the positive only in the perturbed slot and stays inside the caption grammar:
/// `NP [REL NP] [and NP REL the COLOUR SHAPE] [and NP] on a BACKGROUND background`, where
/// `NP = a|an SIZE [TEXTURE] COLOUR SHAPE [with stripes|with dots]`.
struct Description: Sendable, Hashable {
    /// The objects in caption order.
    var objects: [ObjectAttributes]
    /// `objects[0] R objects[1]`.
    var mainRelation: Relation?
    /// `objects[2] R the objects[reference]`.
    var secondary: RelationClause?
    /// Render the main clause as `objects[1] R objects[0]` (the relation-swap negative, or with
    /// the converse relation, the paraphrase).
    var swapMain = false
    /// An object the scene does not contain (the add-object negative).
    var extra: ObjectAttributes?
    /// The words before "background".
    var background: String
    var textureWording: TextureWording = .prefix

    /// The description of `scene` as the dense caption states it.
    init(_ scene: Scene) {
        objects = scene.objects.map(\.attributes)
        mainRelation = scene.mainRelation
        secondary = scene.secondaryClause
        background = scene.background.phrase
    }

    /// The caption text.
    var text: String {
        var parts: [String] = []
        if objects.count == 1 || mainRelation == nil {
            parts.append(Self.nounPhrase(objects[0], textureWording))
        } else if let mainRelation {
            let (s, o) = swapMain ? (1, 0) : (0, 1)
            parts.append(Self.nounPhrase(objects[s], textureWording))
            parts.append(mainRelation.phrase)
            parts.append(Self.nounPhrase(objects[o], textureWording))
        }
        if let secondary {
            parts.append("and")
            parts.append(Self.nounPhrase(objects[secondary.subject], textureWording))
            parts.append(secondary.relation.phrase)
            parts.append(Self.reference(objects[secondary.object]))
        }
        if let extra {
            parts.append("and")
            parts.append(Self.nounPhrase(extra, textureWording))
        }
        parts.append("on \(Self.article(background)) \(background) background")
        return parts.joined(separator: " ")
    }

    /// The relation facts the text states, in the order it states them.
    var statedFacts: [RelationFact] {
        var facts: [RelationFact] = []
        if objects.count >= 2, let mainRelation {
            let (s, o) = swapMain ? (1, 0) : (0, 1)
            facts.append(RelationFact(objects[s].shape, mainRelation, objects[o].shape))
        }
        if let secondary {
            facts.append(
                RelationFact(
                    objects[secondary.subject].shape, secondary.relation,
                    objects[secondary.object].shape))
        }
        return facts
    }

    /// Every object the text mentions with a full noun phrase.
    var mentionedObjects: [ObjectAttributes] { objects + (extra.map { [$0] } ?? []) }

    /// Whether the text names a held-out colour–shape pair or states a held-out fact.
    func mentions(_ heldOut: HeldOutCombos) -> Bool {
        mentionedObjects.contains { heldOut.contains($0.colour, $0.shape) }
            || statedFacts.contains(where: heldOut.contains)
    }

    /// "a small striped red circle" / "a small red circle with stripes".
    static func nounPhrase(_ object: ObjectAttributes, _ wording: TextureWording) -> String {
        var words = [object.size.word]
        if wording == .prefix, let adjective = object.texture.adjective { words.append(adjective) }
        words.append(object.colour.word)
        words.append(object.shape.word)
        if wording == .suffix, let phrase = object.texture.withPhrase { words.append(phrase) }
        let body = words.joined(separator: " ")
        return "\(article(body)) \(body)"
    }

    /// "the red circle": unambiguous because the colours of a scene are distinct.
    static func reference(_ object: ObjectAttributes) -> String {
        "the \(object.colour.word) \(object.shape.word)"
    }

    /// "an" before a vowel, else "a".
    static func article(_ following: String) -> String {
        guard let first = following.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    /// "x", "x and y", "x, y and z".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }
    }
}
