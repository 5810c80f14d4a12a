import Foundation

/// SugarCrepe (RAIVNLab/sugar-crepe `data/*.json`): seven JSON objects keyed `"0"`, `"1"`, …
/// with `filename` (a COCO val2017 file name), `caption` and `negative_caption`.
public enum SugarCrepeData {
    /// The seven subsets, in the paper's table order.
    public static let subsets = [
        "replace_obj", "replace_att", "replace_rel", "swap_obj", "swap_att", "add_obj", "add_att",
    ]

    /// The expected folder layout.
    public static let expectedLayout = """
        a folder with replace_obj.json, replace_att.json, replace_rel.json, swap_obj.json, \
        swap_att.json, add_obj.json, add_att.json, each {"0": {"filename": "000000085329.jpg", \
        "caption": "...", "negative_caption": "..."}, ...}; images: COCO val2017 files
        """

    /// Loads every subset file present in `directory`; returns the cases and the subsets
    /// whose file is missing.
    public static func load(_ directory: URL) throws -> (cases: [ChoiceCase], missing: [String]) {
        var cases: [ChoiceCase] = []
        var missing: [String] = []
        for subset in subsets {
            let url = directory.appendingPathComponent(subset + ".json")
            guard FileManager.default.fileExists(atPath: url.path) else {
                missing.append(subset)
                continue
            }
            cases += try parse(url, subset: subset)
        }
        if missing.count == subsets.count {
            throw EvaluationError.missingData(
                suite: "sugarcrepe", path: directory.path, expected: expectedLayout)
        }
        return (cases, missing)
    }

    /// Parses one subset file.
    public static func parse(_ url: URL, subset: String) throws -> [ChoiceCase] {
        let root = try JSONRecord(readJSON(url), file: url.path, location: "top level")
        let keys = root.object.keys.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
        return try keys.map { key in
            let record = try root.record(key)
            return ChoiceCase(
                id: "\(subset)/\(key)", group: subset, image: try record.string("filename"),
                positive: try record.string("caption"),
                negatives: [try record.string("negative_caption")])
        }
    }
}
