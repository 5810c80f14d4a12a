import Foundation

/// COCO caption JSON (`images[].id/file_name`, `annotations[].image_id/caption`), one example per
/// (image, caption) pair.
///
/// Images are `file_name` under `images` (default: the JSON's folder). When a `local_images.csv`
/// (`image_id,…,hierarcaps_256_path,coco_mini_full_path`, paths relative to the JSON folder's
/// parent, as in the Loupe data kit) sits beside the JSON and `images` is not given, its paths
/// are used instead (the full-resolution copy first).
public enum COCOCaptions {
    public static func read(_ json: URL, images: URL?) throws -> [TrainingExample] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) } catch {
            throw TrainingDataError.unreadable(path: json.path, reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any], let imageList = root["images"] as? [[String: Any]],
              let annotations = root["annotations"] as? [[String: Any]] else {
            throw TrainingDataError.unreadable(path: json.path, reason: "expected COCO keys 'images' and 'annotations'")
        }
        var files: [Int: URL] = [:]
        let folder = images ?? json.deletingLastPathComponent()
        let local = images == nil ? try localImages(beside: json) : [:]
        for (i, record) in imageList.enumerated() {
            guard let id = record["id"] as? Int, let name = record["file_name"] as? String else {
                throw TrainingDataError.malformed(path: json.path, line: 0, reason: "images[\(i)] needs 'id' and 'file_name'")
            }
            files[id] = local[id] ?? folder.appendingPathComponent(name)
        }
        var examples: [TrainingExample] = []
        for (i, a) in annotations.enumerated() {
            guard let id = a["image_id"] as? Int, let caption = a["caption"] as? String else {
                throw TrainingDataError.malformed(path: json.path, line: 0, reason: "annotations[\(i)] needs 'image_id' and 'caption'")
            }
            guard let url = files[id] else {
                throw TrainingDataError.malformed(path: json.path, line: 0, reason: "annotations[\(i)] names image_id \(id), which 'images' lacks")
            }
            let text = caption.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { examples.append(TrainingExample(image: url, captions: [text])) }
        }
        if examples.isEmpty { throw TrainingDataError.empty(path: json.path) }
        return examples
    }

    static func localImages(beside json: URL) throws -> [Int: URL] {
        let csv = json.deletingLastPathComponent().appendingPathComponent("local_images.csv")
        guard let text = try? String(contentsOf: csv, encoding: .utf8) else { return [:] }
        var records = try CSVRecords.parse(text, path: csv.path)
        guard let header = records.first?.fields, let idColumn = header.firstIndex(of: "image_id") else { return [:] }
        records.removeFirst()
        let kit = json.deletingLastPathComponent().deletingLastPathComponent()
        let pathColumns = ["coco_mini_full_path", "hierarcaps_256_path"].compactMap { header.firstIndex(of: $0) }
        var result: [Int: URL] = [:]
        for r in records where r.fields.count == header.count {
            guard let id = Int(r.fields[idColumn]) else {
                throw TrainingDataError.malformed(path: csv.path, line: r.line, reason: "image_id '\(r.fields[idColumn])' is not a number")
            }
            if let path = pathColumns.map({ r.fields[$0] }).first(where: { !$0.isEmpty }) { result[id] = kit.appendingPathComponent(path) }
        }
        return result
    }
}
