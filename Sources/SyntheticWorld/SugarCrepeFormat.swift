/// The seven SugarCrepe subset files (`sugarcrepe/<subset>.json`), built from the test split.
///
/// Layout as in RAIVNLab/sugar-crepe `data/*.json`: an object keyed `"0"`, `"1"`, … whose values
/// hold `filename`, `caption` and `negative_caption`; `filename` is relative to the world
/// directory. Scenes without a valid negative of the subset's kind are left out.
enum SugarCrepeFormat {
    /// The contents of the subset file for `kind`.
    static func file(_ kind: NegativeKind, records: [SceneRecord]) -> String {
        var members: [(String, JSONValue)] = []
        for record in records {
            guard let negative = record.negatives[kind] else { continue }
            members.append(
                (
                    String(members.count),
                    .object([
                        ("filename", .string(record.imagePath)),
                        ("caption", .string(record.dense)),
                        ("negative_caption", .string(negative)),
                    ])
                ))
        }
        return JSONValue.object(members).pretty + "\n"
    }
}
