/// `hierarcaps_test.csv` in the layout of TAU-VAILab/hierarcaps `data/hierarcaps_test.csv`:
/// header `id,captions,image_url`, the four levels joined by `" => "`, and an `image_url` whose
/// base name is the image file in `images/`.
enum HierarCapsFormat {
    /// The contents of the CSV for `records` (ids count from 0).
    static func file(records: [SceneRecord]) -> String {
        var out = TextFormats.csvRow(["id", "captions", "image_url"])
        for (i, record) in records.enumerated() {
            out += TextFormats.csvRow([
                String(i), record.chain.joined(separator: " => "), record.imagePath,
            ])
        }
        return out
    }
}
