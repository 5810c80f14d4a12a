/// The retrieval manifests (`train.jsonl`, `test.jsonl`) and `chains_train.jsonl`.
enum ManifestFormat {
    /// One manifest line (no trailing newline).
    static func line(_ record: SceneRecord) -> String {
        let scene = record.scene
        let negatives: [(String, JSONValue)] = NegativeKind.allCases.map { kind in
            (kind.rawValue, record.negatives[kind].map(JSONValue.string) ?? .null)
        }
        let objects: [JSONValue] = scene.objects.map { object in
            .object([
                ("shape", .string(object.shape.word)),
                ("colour", .string(object.colour.word)),
                ("size", .string(object.size.word)),
                ("texture", .string(object.texture.adjective ?? "solid")),
                ("bbox", .array(bbox(object, side: scene.size).map(JSONValue.int))),
            ])
        }
        let relations: [JSONValue] = scene.clauses.map { clause in
            .object([
                ("subject", .int(clause.subject)),
                ("relation", .string(clause.relation.phrase)),
                ("object", .int(clause.object)),
            ])
        }
        let value = JSONValue.object([
            ("id", .string(record.id)),
            ("split", .string(record.split.rawValue)),
            ("image", .string(record.imagePath)),
            ("caption", .string(record.dense)),
            ("captions", .array([.string(record.dense), .string(record.paraphrase)])),
            ("sparse_caption", .string(record.sparse)),
            ("chain", .array(record.chain.map(JSONValue.string))),
            ("negative_chain", .array(record.negativeChain.map(JSONValue.string))),
            ("negatives", .object(negatives)),
            ("category", .string(record.category.word)),
            ("category_id", .int(record.category.rawValue)),
            ("heldout", .array(record.heldOut.map(JSONValue.string))),
            ("background", .string(scene.background.phrase)),
            ("objects", .array(objects)),
            ("relations", .array(relations)),
        ])
        return value.compact
    }

    /// One `chains_train.jsonl` line: HierarCaps-train style `positive` / `negative` chains
    /// joined by `" => "`.
    static func chainLine(_ record: SceneRecord) -> String {
        JSONValue.object([
            ("image", .string(record.imagePath)),
            ("positive", .string(record.chain.joined(separator: " => "))),
            ("negative", .string(record.negativeChain.joined(separator: " => "))),
        ]).compact
    }

    /// The object's box `[x, y, w, h]` in whole pixels, clipped to the image.
    static func bbox(_ object: SceneObject, side: Int) -> [Int] {
        let x0 = max(0, Int(object.minX.rounded(.down)))
        let y0 = max(0, Int(object.minY.rounded(.down)))
        let x1 = min(side, Int(object.maxX.rounded(.up)))
        let y1 = min(side, Int(object.maxY.rounded(.up)))
        return [x0, y0, x1 - x0, y1 - y0]
    }
}
