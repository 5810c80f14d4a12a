/// Writes the positive texts of a scene: the four-level chain, the dense caption and its
/// paraphrase, and a sparse "web" caption.
enum Captioner {
    /// The dense caption: every object's size, texture, colour and shape, the relation clauses
    /// and the background.
    static func dense(_ scene: Scene) -> String {
        Description(scene).text
    }

    /// A second true dense caption: the main clause is stated from the other side with the
    /// converse relation, textures are worded "with stripes" / "with dots".
    static func paraphrase(_ scene: Scene) -> String {
        var description = Description(scene)
        description.textureWording = .suffix
        if let relation = description.mainRelation {
            description.swapMain = true
            description.mainRelation = relation.converse
        }
        return description.text
    }

    /// The generic-to-specific chain: shapes => nouns with counts => colours and nouns => dense.
    static func chain(_ scene: Scene) -> [String] {
        [levelOne(scene), levelTwo(scene), levelThree(scene), dense(scene)]
    }

    /// "a shape" or "shapes".
    static func levelOne(_ scene: Scene) -> String {
        scene.objects.count == 1 ? "a shape" : "shapes"
    }

    /// The shape nouns with counts, in order of first mention: "two circles and a star".
    static func levelTwo(_ scene: Scene) -> String {
        var order: [Shape] = []
        var counts: [Shape: Int] = [:]
        for object in scene.objects {
            if counts[object.shape] == nil { order.append(object.shape) }
            counts[object.shape, default: 0] += 1
        }
        let numbers = [2: "two", 3: "three"]
        let items = order.map { shape -> String in
            let count = counts[shape] ?? 1
            if count == 1 { return "\(Description.article(shape.word)) \(shape.word)" }
            return "\(numbers[count] ?? "\(count)") \(shape.plural)"
        }
        return Description.list(items)
    }

    /// Colour and shape of each object: "a red circle and a blue square".
    static func levelThree(_ scene: Scene) -> String {
        Description.list(
            scene.objects.map { object in
                let body = "\(object.colour.word) \(object.shape.word)"
                return "\(Description.article(body)) \(body)"
            })
    }

    /// A careless web-style caption: true, but naming at most one detail.
    static func sparse(_ scene: Scene, rng: inout SplitMix64) -> String {
        let object = rng.pick(scene.objects)
        let shape = object.shape.word
        let colour = object.colour.word
        let colours = scene.objects.map(\.colour.word)
        let templates: [String] = [
            "shapes",
            "geometric shapes",
            "\(Description.article(shape)) \(shape)",
            "\(colour) \(shape)",
            colours.count >= 2 ? "\(colours[0]) and \(colours[1])" : colour,
            "some \(colour) stuff",
            "abstract art",
            "simple clip art",
            "a picture of \(Description.article(shape)) \(shape)",
            "\(shape) icon",
        ]
        return rng.pick(templates)
    }
}
