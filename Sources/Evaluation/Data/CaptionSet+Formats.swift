import Foundation

extension CaptionSet {
    /// The layouts ``load(_:split:)`` accepts, for "missing data" messages.
    public static let expectedLayout = """
        one of: a manifest JSONL (one object per line with "image" and "caption" or \
        "captions"); a Karpathy JSON (dataset_coco.json / dataset_flickr30k.json with \
        "images[].filename", "split", "sentences[].raw", or the BLIP-style list of \
        {"image", "caption": [...]}); a COCO caption JSON ("images[].id/file_name" + \
        "annotations[].image_id/caption"); a Flickr8k folder or captions.csv ("image,caption") \
        with a split list (<split>.txt, one image file name per line)
        """

    /// Loads any supported caption layout from `path` (file or folder).
    /// - Parameter split: Karpathy split name, or the Flickr8k split list (`test` → `test.txt`);
    ///   `nil` keeps every image.
    public static func load(_ path: URL, split: String? = "test") throws -> CaptionSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw EvaluationError.missingData(
                suite: "captions", path: path.path, expected: expectedLayout)
        }
        if isDirectory.boolValue {
            let csv = path.appendingPathComponent("captions.csv")
            guard FileManager.default.fileExists(atPath: csv.path) else {
                throw EvaluationError.missingData(
                    suite: "captions", path: csv.path, expected: expectedLayout)
            }
            return try flickr8k(captions: csv, split: split)
        }
        switch path.pathExtension.lowercased() {
        case "jsonl": return try manifest(path)
        case "csv": return try flickr8k(captions: path, split: split)
        case "json":
            let value = try readJSON(path)
            if let object = value as? [String: Any], object["annotations"] != nil {
                return try coco(value, file: path.path)
            }
            return try karpathy(value, file: path.path, split: split)
        default:
            throw EvaluationError.missingData(
                suite: "captions", path: path.path, expected: expectedLayout)
        }
    }

    /// A manifest JSONL: `{"image": "...", "caption": "..."}` or `"captions": [...]` per line.
    public static func manifest(_ url: URL) throws -> CaptionSet {
        var pairs: [(image: String, caption: String)] = []
        for record in try readJSONLines(url) {
            let image = try record.string("image")
            if record.has("captions") {
                for caption in try record.strings("captions") { pairs.append((image, caption)) }
            } else {
                pairs.append((image, try record.string("caption")))
            }
        }
        return CaptionSet(pairs: pairs, source: url.path)
    }

    /// A Karpathy split JSON (`{"images": [...]}`) or the BLIP list `[{"image", "caption"}]`.
    static func karpathy(_ value: Any, file: String, split: String?) throws -> CaptionSet {
        var pairs: [(image: String, caption: String)] = []
        if let list = value as? [Any] {
            for (index, item) in list.enumerated() {
                let record = try JSONRecord(item, file: file, location: "record \(index)")
                let image = try record.string("image")
                if record.object["caption"] is String {
                    pairs.append((image, try record.string("caption")))
                } else {
                    for caption in try record.strings("caption") { pairs.append((image, caption)) }
                }
            }
            return CaptionSet(pairs: pairs, source: file)
        }
        let root = try JSONRecord(value, file: file, location: "top level")
        for (index, item) in try root.list("images").enumerated() {
            let record = try JSONRecord(item, file: file, location: "images[\(index)]")
            if let split, try record.string("split") != split { continue }
            let name = try record.string("filename")
            let image = record.has("filepath") ? try record.string("filepath") + "/" + name : name
            for (s, sentence) in try record.list("sentences").enumerated() {
                let entry = try JSONRecord(
                    sentence, file: file, location: "images[\(index)].sentences[\(s)]")
                pairs.append((image, try entry.string("raw")))
            }
        }
        return CaptionSet(pairs: pairs, source: file + (split.map { " (split \($0))" } ?? ""))
    }

    /// A COCO caption JSON (`images` with `id`/`file_name`, `annotations` with
    /// `image_id`/`caption`); images keep their order in `images`, captions their file order.
    static func coco(_ value: Any, file: String) throws -> CaptionSet {
        let root = try JSONRecord(value, file: file, location: "top level")
        var images: [String] = []
        var indexOfId: [Int: Int] = [:]
        for (index, item) in try root.list("images").enumerated() {
            let record = try JSONRecord(item, file: file, location: "images[\(index)]")
            indexOfId[try record.int("id")] = images.count
            images.append(try record.string("file_name"))
        }
        var captions: [String] = []
        var owners: [Int] = []
        for (index, item) in try root.list("annotations").enumerated() {
            let record = try JSONRecord(item, file: file, location: "annotations[\(index)]")
            let id = try record.int("image_id")
            guard let owner = indexOfId[id] else {
                throw record.fail("image_id", "\(id) is not in images")
            }
            captions.append(try record.string("caption"))
            owners.append(owner)
        }
        return CaptionSet(images: images, captions: captions, imageOfCaption: owners, source: file)
    }

    /// Flickr8k `captions.csv` (`image,caption`), restricted to the images of a split list
    /// (`<split>.txt` beside it, or `split` as a path to a list file) when `split` is given.
    public static func flickr8k(captions url: URL, split: String?) throws -> CaptionSet {
        let table = try CSVTable(contentsOf: url)
        let imageColumn = try table.column("image")
        let captionColumn = try table.column("caption")
        var keep: [String]?
        if let split {
            let listURL =
                split.contains("/")
                ? URL(fileURLWithPath: split)
                : url.deletingLastPathComponent().appendingPathComponent(split + ".txt")
            guard FileManager.default.fileExists(atPath: listURL.path) else {
                throw EvaluationError.missingData(
                    suite: "captions", path: listURL.path,
                    expected: "a split list: one image file name per line")
            }
            keep = try readText(listURL).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var byImage: [String: [String]] = [:]
        var order: [String] = []
        for record in table.records {
            let image = record.fields[imageColumn]
            if byImage[image] == nil { order.append(image) }
            byImage[image, default: []].append(record.fields[captionColumn])
        }
        var pairs: [(image: String, caption: String)] = []
        for image in keep ?? order {
            for caption in byImage[image] ?? [] { pairs.append((image, caption)) }
        }
        var set = CaptionSet(pairs: pairs, source: url.path + (split.map { " (\($0))" } ?? ""))
        if let keep {
            // Listed images without captions still count (and are skipped by the suite).
            let missing = keep.filter { byImage[$0] == nil }
            set.images += missing
        }
        return set
    }
}
