import Foundation

/// Category-labelled image–text pairs (Wikipedia, Pascal Sentence, NUS-WIDE-10k style) for
/// CCL's MAP evaluation.
public struct CategoryPair: Sendable, Equatable {
    /// Image reference.
    public var image: String
    /// The paired text.
    public var text: String
    /// The category; items are relevant to each other iff their labels are equal.
    public var label: String

    /// Creates a pair.
    public init(image: String, text: String, label: String) {
        self.image = image
        self.text = text
        self.label = label
    }
}

/// Parsers for category pairs: CSV/JSONL manifests, or COCO captions + instances.
public enum CategoryPairsData {
    /// The expected layouts.
    public static let expectedLayout = """
        a CSV with columns image,text,label or a JSONL with "image", "text" (or "caption") and \
        "label" (or "category", as `loupe synth` manifests have) per line; or a folder with COCO captions_*.json and instances_*.json (label = \
        the category covering the largest area of the image, text = its first caption)
        """

    /// Loads pairs from a CSV, a JSONL, or a COCO annotations folder.
    public static func load(_ path: URL) throws -> [CategoryPair] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw EvaluationError.missingData(
                suite: "category-map", path: path.path, expected: expectedLayout)
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []
            guard let captions = names.sorted().first(where: { $0.hasPrefix("captions_") }),
                let instances = names.sorted().first(where: { $0.hasPrefix("instances_") })
            else {
                throw EvaluationError.missingData(
                    suite: "category-map", path: path.path, expected: expectedLayout)
            }
            return try coco(
                captions: path.appendingPathComponent(captions),
                instances: path.appendingPathComponent(instances))
        }
        if path.pathExtension.lowercased() == "jsonl" {
            return try readJSONLines(path).map { record in
                let text = try record.string(record.has("text") ? "text" : "caption")
                guard let label = record.object["label"] ?? record.object["category"], !(label is NSNull) else {
                    throw record.fail("label", "missing")
                }
                return CategoryPair(
                    image: try record.string("image"), text: text, label: "\(label)")
            }
        }
        let table = try CSVTable(contentsOf: path)
        let image = try table.column("image")
        let text =
            table.header.contains("text")
            ? try table.column("text")
            : try table.column("caption")
        let label = try table.column("label")
        return table.records.map {
            CategoryPair(image: $0.fields[image], text: $0.fields[text], label: $0.fields[label])
        }
    }

    /// COCO images that have both a caption and an instance annotation: text = first caption
    /// in file order, label = category name with the largest summed `area` (ties: lower id).
    public static func coco(captions: URL, instances: URL) throws -> [CategoryPair] {
        let captionSet = try CaptionSet.load(captions, split: nil)
        let root = try JSONRecord(readJSON(instances), file: instances.path, location: "top level")
        var categoryName: [Int: String] = [:]
        for (index, item) in try root.list("categories").enumerated() {
            let record = try JSONRecord(
                item, file: instances.path, location: "categories[\(index)]")
            categoryName[try record.int("id")] = try record.string("name")
        }
        var fileOfImage: [Int: String] = [:]
        for (index, item) in try root.list("images").enumerated() {
            let record = try JSONRecord(item, file: instances.path, location: "images[\(index)]")
            fileOfImage[try record.int("id")] = try record.string("file_name")
        }
        var areas: [String: [Int: Double]] = [:]
        for (index, item) in try root.list("annotations").enumerated() {
            let record = try JSONRecord(
                item, file: instances.path, location: "annotations[\(index)]")
            guard let file = fileOfImage[try record.int("image_id")] else {
                throw record.fail("image_id", "not in images")
            }
            areas[file, default: [:]][try record.int("category_id"), default: 0] +=
                try record.double("area")
        }
        var pairs: [CategoryPair] = []
        for (i, image) in captionSet.images.enumerated() {
            guard let byCategory = areas[image],
                let first = captionSet.imageOfCaption.firstIndex(of: i)
            else { continue }
            let best = byCategory.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
            guard let name = categoryName[best] else {
                throw EvaluationError.malformed(
                    file: instances.path, location: "annotations", key: "category_id",
                    problem: "\(best) is not in categories")
            }
            pairs.append(CategoryPair(image: image, text: captionSet.captions[first], label: name))
        }
        return pairs
    }
}
