import Foundation

/// Winoground (facebook/winoground): 400 examples of two images and two captions.
public struct WinogroundExample: Sendable, Equatable {
    /// Example id (0…399); precomputed embedding rows are `2 * id + j`.
    public var id: Int
    /// `caption_0`, `caption_1`.
    public var captions: [String]
    /// Image file names (`ex_<id>_img_0.png`, `ex_<id>_img_1.png` by default).
    public var images: [String]
    /// `collapsed_tag` (Relation, Object, Both), if present.
    public var tag: String?

    /// Creates an example.
    public init(id: Int, captions: [String], images: [String], tag: String?) {
        precondition(captions.count == 2 && images.count == 2, "Winoground pairs are 2×2")
        self.id = id
        self.captions = captions
        self.images = images
        self.tag = tag
    }
}

/// Parses Winoground metadata: `examples.jsonl` of the Hugging Face dataset (`id`, `image_0`,
/// `image_1`, `caption_0`, `caption_1`, `collapsed_tag`) or a CSV with `id,caption_0,caption_1`
/// and optional `collapsed_tag` (e.g. `winoground_meta.csv`).
public enum WinogroundData {
    /// The expected layout.
    public static let expectedLayout = """
        examples.jsonl (HF facebook/winoground: id, image_0, image_1, caption_0, caption_1, \
        collapsed_tag) or a CSV with id,caption_0,caption_1[,collapsed_tag]; images as \
        <images>/<image_j>.png (default ex_<id>_img_<j>.png); or --embeddings FILE.npz with \
        float arrays img and cap of shape [800, D], row 2*id+j = image_j / caption_j
        """

    /// Loads examples from a `.jsonl` or `.csv` file.
    public static func load(_ url: URL) throws -> [WinogroundExample] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EvaluationError.missingData(
                suite: "winoground", path: url.path, expected: expectedLayout)
        }
        if url.pathExtension.lowercased() == "jsonl" {
            return try readJSONLines(url).map { record in
                let id = try record.int("id")
                let images = try (0 ..< 2).map { j -> String in
                    let key = "image_\(j)"
                    let name = record.has(key) ? try record.string(key) : "ex_\(id)_img_\(j)"
                    return name.contains(".") ? name : name + ".png"
                }
                return WinogroundExample(
                    id: id,
                    captions: [try record.string("caption_0"), try record.string("caption_1")],
                    images: images,
                    tag: record.has("collapsed_tag") ? try record.string("collapsed_tag") : nil)
            }
        }
        let table = try CSVTable(contentsOf: url)
        let idColumn = try table.column("id")
        let first = try table.column("caption_0")
        let second = try table.column("caption_1")
        let tagColumn = table.header.firstIndex(of: "collapsed_tag")
        return try table.records.map { record in
            guard let id = Int(record.fields[idColumn]) else {
                throw EvaluationError.malformed(
                    file: url.path, location: "line \(record.line)", key: "id",
                    problem: "not an integer: \(record.fields[idColumn])")
            }
            let tag = tagColumn.map { record.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            return WinogroundExample(
                id: id, captions: [record.fields[first], record.fields[second]],
                images: ["ex_\(id)_img_0.png", "ex_\(id)_img_1.png"], tag: tag)
        }
    }
}
