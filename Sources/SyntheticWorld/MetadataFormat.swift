/// `categories.json` and `heldout.json`.
enum MetadataFormat {
    /// The category scheme and per-split counts; a category's `id` is its index.
    static func categoriesFile(train: [SceneRecord], test: [SceneRecord]) -> String {
        func counts(_ records: [SceneRecord]) -> [Shape: Int] {
            records.reduce(into: [:]) { $0[$1.category, default: 0] += 1 }
        }
        let trainCounts = counts(train)
        let testCounts = counts(test)
        let categories: [JSONValue] = Shape.allCases.map { shape in
            .object([
                ("id", .int(shape.rawValue)),
                ("name", .string(shape.word)),
                ("train", .int(trainCounts[shape] ?? 0)),
                ("test", .int(testCounts[shape] ?? 0)),
            ])
        }
        return JSONValue.object([
            ("scheme", .string("dominant_shape")),
            (
                "description",
                .string(
                    "The category of a scene is the shape of its dominant object: the largest "
                        + "object, ties broken by the leftmost centre.")
            ),
            ("categories", .array(categories)),
        ]).pretty + "\n"
    }

    /// The held-out combinations and how the test split uses them.
    static func heldOutFile(_ heldOut: HeldOutCombos) -> String {
        JSONValue.object([
            ("seed", .string("0x" + String(HeldOutCombos.standardSeed, radix: 16))),
            ("colour_shape", .array(heldOut.colourShapes.map { .string($0.description) })),
            ("relations", .array(heldOut.facts.map { .string($0.description) })),
            (
                "note",
                .string(
                    "Training scenes never contain these combinations: not in the pixels, not in "
                        + "any caption, chain or negative (relations count in either direction). "
                        + "Test scenes list the ones they contain under `heldout`.")
            ),
        ]).pretty + "\n"
    }
}
