/// ARO-style files under `aro/` (layouts of mertyg/vision-language-models-are-bows).
///
/// - `visual_genome_relation.json` / `visual_genome_attribution.json`: lists of test cases with
///   `image_path` (a base name under `images/`, as ARO joins `<root>/images/<image_path>` —
///   use the world directory as the root), a full-image box and `true_caption` /
///   `false_caption`; VG-Relation adds `relation_name`, VG-Attribution `attributes`.
/// - `coco_karpathy_test.json`: `[{"image", "caption": [..]}]`, the file ARO's COCO-Order reads.
/// - `coco_order.json`: the same captions with ARO's four order perturbations precomputed:
///   `[{"image", "caption_options": [true, 4 perturbations]}]` (the true caption first).
/// - `valid_neg_clip.tsv` (test) / `train_neg_clip.tsv` (train): NegCLIP's TSV layout.
enum AROFormat {
    /// VG-Relation cases: one per caption clause whose two shapes differ.
    static func relationFile(records: [SceneRecord]) -> String {
        var cases: [JSONValue] = []
        for record in records {
            let objects = record.scene.objects
            for clause in record.scene.clauses {
                let a = objects[clause.subject].shape.word
                let b = objects[clause.object].shape.word
                guard a != b else { continue }
                let phrase = clause.relation.phrase
                cases.append(
                    testCase(
                        record, extra: [("relation_name", .string(phrase))],
                        true: "the \(a) is \(phrase) the \(b)",
                        false: "the \(b) is \(phrase) the \(a)"))
            }
        }
        return JSONValue.array(cases).pretty + "\n"
    }

    /// VG-Attribution cases: one per object pair with different shapes, colours in palette
    /// order, the false caption exchanging the colours.
    static func attributionFile(records: [SceneRecord]) -> String {
        var cases: [JSONValue] = []
        for record in records {
            let objects = record.scene.objects
            for i in objects.indices {
                for j in objects.indices where i < j && objects[i].shape != objects[j].shape {
                    let (p, q) =
                        objects[i].colour < objects[j].colour
                        ? (objects[i], objects[j]) : (objects[j], objects[i])
                    let (a1, a2) = (p.colour.word, q.colour.word)
                    let (x, y) = (p.shape.word, q.shape.word)
                    cases.append(
                        testCase(
                            record, extra: [("attributes", .array([.string(a1), .string(a2)]))],
                            true: "the \(a1) \(x) and the \(a2) \(y)",
                            false: "the \(a2) \(x) and the \(a1) \(y)"))
                }
            }
        }
        return JSONValue.array(cases).pretty + "\n"
    }

    private static func testCase(
        _ record: SceneRecord, extra: [(String, JSONValue)], true trueCaption: String,
        false falseCaption: String
    ) -> JSONValue {
        let side = record.scene.size
        return .object(
            [("image_id", .string(record.id))] + extra + [
                ("bbox_x", .int(0)), ("bbox_y", .int(0)),
                ("bbox_w", .int(side)), ("bbox_h", .int(side)),
                ("image_path", .string(record.imageFileName)),
                ("true_caption", .string(trueCaption)),
                ("false_caption", .string(falseCaption)),
            ])
    }

    /// Karpathy-split style caption file: both true dense captions per image.
    static func karpathyFile(records: [SceneRecord]) -> String {
        let items: [JSONValue] = records.map { record in
            .object([
                ("image", .string(record.imagePath)),
                ("caption", .array([.string(record.dense), .string(record.paraphrase)])),
            ])
        }
        return JSONValue.array(items).pretty + "\n"
    }

    /// COCO-Order cases with the perturbations precomputed; scenes lacking any of the four
    /// (a perturbation that cannot change the words) are left out.
    static func orderFile(records: [SceneRecord]) -> String {
        var items: [JSONValue] = []
        for record in records {
            let perturbed = NegativeKind.order.compactMap { record.negatives[$0] }
            guard perturbed.count == NegativeKind.order.count else { continue }
            items.append(
                .object([
                    ("image", .string(record.imagePath)),
                    ("caption_options", .array(([record.dense] + perturbed).map(JSONValue.string))),
                ]))
        }
        return JSONValue.array(items).pretty + "\n"
    }

    /// NegCLIP TSV: pandas index, `title`, `filepath`, `neg_caption` (a Python list literal of
    /// swap negatives) and `neg_image` (three row indices, preferring the same category).
    static func negClipFile(records: [SceneRecord], seed: UInt64) -> String {
        var out = TextFormats.tsvRow(["", "title", "filepath", "neg_caption", "neg_image"])
        var byCategory: [Shape: [Int]] = [:]
        for (row, record) in records.enumerated() {
            byCategory[record.category, default: []].append(row)
        }
        for (row, record) in records.enumerated() {
            var rng = SplitMix64(seed: SplitMix64.derive(seed, 0x6E65_6763_6C69_70, UInt64(row)))
            let captions = negClipCaptions(record)
            out += TextFormats.tsvRow([
                String(row), record.dense, record.imagePath, TextFormats.pythonList(captions),
                TextFormats.pythonList(
                    negativeImages(row, byCategory[record.category] ?? [], records.count, &rng)),
            ])
        }
        return out
    }

    /// The swap negatives NegCLIP trains with, falling back to a shuffle or an attribute swap.
    static func negClipCaptions(_ record: SceneRecord) -> [String] {
        let swaps = [NegativeKind.relationSwap, .swapObj, .swapAtt].compactMap {
            record.negatives[$0]
        }
        if !swaps.isEmpty { return swaps }
        for fallback in [NegativeKind.shuffleNounsAndAdj, .replaceAtt, .replaceObj] {
            if let text = record.negatives[fallback] { return [text] }
        }
        return []
    }

    /// Three distinct other rows, drawn from the same category first.
    private static func negativeImages(
        _ row: Int, _ sameCategory: [Int], _ total: Int, _ rng: inout SplitMix64
    ) -> [Int] {
        var pool = sameCategory.filter { $0 != row }
        pool.seededShuffle(using: &rng)
        var chosen = Array(pool.prefix(3))
        var guardCount = 0
        while chosen.count < min(3, total - 1), guardCount < 10_000 {
            let candidate = rng.index(total)
            if candidate != row, !chosen.contains(candidate) { chosen.append(candidate) }
            guardCount += 1
        }
        return chosen
    }
}
