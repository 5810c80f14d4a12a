import Foundation

/// VL-CheckList (om-ai-lab/VL-CheckList `data/`): JSON arrays of
/// `[image_path, {"POS": [...], "NEG": [...]}]` under `Attribute/`, `Object/` and `Relation/`.
///
/// Sub-category of a file: `Attribute/<source>/<name>.json` → `attribute_<name>`;
/// `Object/<Location|Size>/…` → `object_location` / `object_size`;
/// `Relation/<source>/<name>.json` → `relation_<name>` (the stem up to its first dot, so
/// `action.first1000.json` is `action`). Image roots follow the official corpus YAMLs:
/// VG and VAW files read `vg/`, SWiG files `swig/`, HAKE files `hake/`.
public enum VLCheckListData {
    /// The expected folder layout.
    public static let expectedLayout = """
        the VL-CheckList data folder: Attribute/<vg|vaw>/<action|color|material|size|state>.json, \
        Object/<Location|Size>/.../*.json, Relation/<vg|swig|hake>/<action|spatial>.json, each \
        [[image_path, {"POS": [...], "NEG": [...]}], ...]; images under <images>/vg/, \
        <images>/swig/, <images>/hake/
        """

    /// One annotation file's cases.
    public struct FileCases {
        /// Path relative to the data root.
        public var relativePath: String
        /// `attribute`, `object` or `relation`.
        public var category: String
        /// e.g. `attribute_state`, `object_size`.
        public var subcategory: String
        /// The image root folder name (`vg`, `swig`, `hake`).
        public var imageRoot: String
        /// Cases: `POS[0]` against `NEG[0]`, as the official ITC evaluation scores them.
        public var cases: [ChoiceCase]
    }

    /// Finds and parses every `*.json` under `root`'s `Attribute`, `Object` and `Relation`.
    public static func load(_ root: URL) throws -> [FileCases] {
        var files: [String] = []
        for category in ["Attribute", "Object", "Relation"] {
            let folder = root.appendingPathComponent(category)
            guard let walker = FileManager.default.enumerator(atPath: folder.path) else { continue }
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".json") { files.append(category + "/" + relative) }
            }
        }
        guard !files.isEmpty else {
            throw EvaluationError.missingData(
                suite: "vlchecklist", path: root.path, expected: expectedLayout)
        }
        return try files.sorted().map { try parse(root.appendingPathComponent($0), relative: $0) }
    }

    /// Parses one annotation file; `relative` is its path under the data root.
    public static func parse(_ url: URL, relative: String) throws -> FileCases {
        let parts = relative.split(separator: "/").map(String.init)
        let category = parts[0].lowercased()
        let stem = String(parts.last!.split(separator: ".").first ?? "")
        let sub: String
        if category == "object", parts.count > 2 {
            sub = parts[1].lowercased()
        } else {
            sub = stem.lowercased()
        }
        let lowered = relative.lowercased()
        let imageRoot = lowered.contains("swig") ? "swig" : lowered.contains("hake") ? "hake" : "vg"
        guard let list = try readJSON(url) as? [Any] else {
            throw EvaluationError.malformed(
                file: url.path, location: "top level", key: "-", problem: "expected a JSON array")
        }
        let subcategory = "\(category)_\(sub)"
        var cases: [ChoiceCase] = []
        for (index, item) in list.enumerated() {
            guard let pair = item as? [Any], pair.count == 2, let path = pair[0] as? String else {
                throw EvaluationError.malformed(
                    file: url.path, location: "record \(index)", key: "[0]",
                    problem: "expected [image_path, {\"POS\": [...], \"NEG\": [...]}]")
            }
            let texts = try JSONRecord(pair[1], file: url.path, location: "record \(index)")
            let positives = try texts.strings("POS")
            let negatives = try texts.strings("NEG")
            guard let positive = positives.first, let negative = negatives.first else {
                throw texts.fail(positives.isEmpty ? "POS" : "NEG", "empty list")
            }
            cases.append(
                ChoiceCase(
                    id: "\(relative)#\(index)", group: subcategory, image: imageRoot + "/" + path,
                    positive: positive, negatives: [negative]))
        }
        return FileCases(
            relativePath: relative, category: category, subcategory: subcategory,
            imageRoot: imageRoot, cases: cases)
    }
}
