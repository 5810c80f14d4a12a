import Foundation

/// VALSE (Heidelberg-NLP/VALSE `data/*.json`): objects keyed by sample id with `image_file`,
/// `caption` (a string, or a list whose first element is used), `foil` and
/// `mturk {caption, foil, other}` votes.
public enum VALSEData {
    /// The 11 instruments: file stem and metric name.
    public static let instruments: [(file: String, metric: String)] = [
        ("existence", "existence"), ("plurals", "plurals"), ("counting-hard", "counting_hard"),
        ("counting-small-quant", "counting_small_quant"),
        ("counting-adversarial", "counting_adversarial"), ("relations", "relations"),
        ("action-replacement", "action_replacement"), ("actant-swap", "actant_swap"),
        ("coreference-standard", "coreference_standard"),
        ("coreference-hard", "coreference_hard"), ("foil-it", "foil_it"),
    ]

    /// Minimum `mturk.caption` votes for a sample to count (validated foils only).
    public static let minimumCaptionVotes = 2

    /// The expected folder layout.
    public static let expectedLayout = """
        a folder with the 11 VALSE files (existence.json, plurals.json, counting-hard.json, \
        counting-small-quant.json, counting-adversarial.json, relations.json, \
        action-replacement.json, actant-swap.json, coreference-standard.json, \
        coreference-hard.json, foil-it.json); images looked up by "image_file" under the image \
        folders (COCO names also by COCO id)
        """

    /// Parsed instruments: valid cases, ids of unvalidated foils, and missing instrument files.
    public struct Contents {
        /// Cases whose foil was validated (`mturk.caption >= 2`).
        public var cases: [ChoiceCase]
        /// `(id, instrument)` of samples excluded by validation.
        public var unvalidated: [(id: String, group: String)]
        /// Instrument metric names whose file is absent.
        public var missing: [String]
    }

    /// Loads every instrument file present in `directory`.
    public static func load(_ directory: URL) throws -> Contents {
        var contents = Contents(cases: [], unvalidated: [], missing: [])
        for (file, metric) in instruments {
            let url = directory.appendingPathComponent(file + ".json")
            guard FileManager.default.fileExists(atPath: url.path) else {
                contents.missing.append(metric)
                continue
            }
            let parsed = try parse(url, instrument: metric)
            contents.cases += parsed.cases
            contents.unvalidated += parsed.unvalidated
        }
        if contents.missing.count == instruments.count {
            throw EvaluationError.missingData(
                suite: "valse", path: directory.path, expected: expectedLayout)
        }
        return contents
    }

    /// Parses one instrument file.
    public static func parse(_ url: URL, instrument: String) throws
        -> (cases: [ChoiceCase], unvalidated: [(id: String, group: String)])
    {
        let root = try JSONRecord(readJSON(url), file: url.path, location: "top level")
        var cases: [ChoiceCase] = []
        var unvalidated: [(id: String, group: String)] = []
        for key in root.object.keys.sorted() {
            let record = try root.record(key)
            let votes = try record.record("mturk").int("caption")
            let id = "\(instrument)/\(key)"
            guard votes >= minimumCaptionVotes else {
                unvalidated.append((id, instrument))
                continue
            }
            cases.append(
                ChoiceCase(
                    id: id, group: instrument, image: try record.string("image_file"),
                    positive: try record.stringOrFirst("caption"),
                    negatives: [try record.stringOrFirst("foil")]))
        }
        return (cases, unvalidated)
    }
}
