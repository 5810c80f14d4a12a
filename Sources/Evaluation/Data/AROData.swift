import Foundation

/// ARO (mertyg/vision-language-models-are-bows): VG-Relation and VG-Attribution JSON lists, and
/// the NegCLIP validation TSV. COCO-/Flickr-Order are built from caption sets by
/// ``OrderPerturbation``.
public enum AROData {
    /// The expected layouts.
    public static let expectedLayout = """
        visual_genome_relation.json / visual_genome_attribution.json (lists of {"image_path", \
        "bbox_x", "bbox_y", "bbox_w", "bbox_h", "true_caption", "false_caption", \
        "relation_name" | "attributes": [a1, a2]}) with images under <images>/ (ARO's \
        images/ folder); or valid_neg_clip.tsv (tab-separated: index, title, filepath, \
        neg_caption as a Python list, neg_image); or a caption set for COCO-/Flickr-Order \
        (\(CaptionSet.expectedLayout))
        """

    /// Relations the ARO authors exclude from VG-Relation's macro accuracy (symmetric or
    /// otherwise order-insensitive), copied from the repository notebook
    /// `notebooks/Replicate ARO! VG-Relation, VG-Attribution.ipynb`.
    public static let excludedRelations: [String] = [
        "adjusting", "attached to", "between", "bigger than", "biting", "boarding", "brushing",
        "chewing", "cleaning", "climbing", "close to", "coming from", "coming out of", "contain",
        "crossing", "dragging", "draped over", "drinking", "drinking from", "driving",
        "driving down", "driving on", "eating from", "eating in", "enclosing", "exiting", "facing",
        "filled with", "floating in", "floating on", "flying", "flying above", "flying in",
        "flying over", "flying through", "full of", "going down", "going into", "going through",
        "grazing in", "growing in", "growing on", "guiding", "hanging from", "hanging in",
        "hanging off", "hanging over", "higher than", "holding onto", "hugging", "in between",
        "jumping off", "jumping on", "jumping over", "kept in", "larger than", "leading",
        "leaning over", "leaving", "licking", "longer than", "looking in", "looking into",
        "looking out", "looking over", "looking through", "lying next to", "lying on top of",
        "making", "mixed with", "mounted on", "moving", "on the back of", "on the edge of",
        "on the front of", "on the other side of", "opening", "painted on", "parked at",
        "parked beside", "parked by", "parked in", "parked in front of", "parked near",
        "parked next to", "perched on", "petting", "piled on", "playing", "playing in",
        "playing on", "playing with", "pouring", "reaching for", "reading", "reflected on",
        "riding on", "running in", "running on", "running through", "seen through",
        "sitting behind", "sitting beside", "sitting by", "sitting in front of", "sitting near",
        "sitting next to", "sitting under", "skiing down", "skiing on", "sleeping in",
        "sleeping on", "smiling at", "sniffing", "splashing", "sprinkled on", "stacked on",
        "standing against", "standing around", "standing behind", "standing beside",
        "standing in front of", "standing near", "standing next to", "staring at", "stuck in",
        "surrounding", "swimming in", "swinging", "talking to", "topped with", "touching",
        "traveling down", "traveling on", "tying", "typing on", "underneath", "wading in",
        "waiting for", "walking across", "walking by", "walking down", "walking next to",
        "walking through", "working in", "working on", "worn on", "wrapped around",
        "wrapped in", "by", "of", "near", "next to", "with", "beside", "on the side of", "around",
    ]

    /// VG-Attribution keeps attribute pairs with at least this many cases (`evaluate_scores`).
    public static let minimumAttributionCount = 25

    /// Which VG set a JSON holds.
    public enum VisualGenomeSet: String, Sendable {
        /// `visual_genome_relation.json`: label = `relation_name`.
        case relation = "vg_relation"
        /// `visual_genome_attribution.json`: label = `attributes[0]_attributes[1]`.
        case attribution = "vg_attribution"
    }

    /// Parses a VG-Relation or VG-Attribution JSON; the set is detected from the first record
    /// (`relation_name` vs `attributes`).
    public static func visualGenome(_ url: URL) throws -> (
        set: VisualGenomeSet, cases: [ChoiceCase]
    ) {
        guard let list = try readJSON(url) as? [Any] else {
            throw EvaluationError.malformed(
                file: url.path, location: "top level", key: "-", problem: "expected a JSON list")
        }
        var set: VisualGenomeSet?
        var cases: [ChoiceCase] = []
        for (index, item) in list.enumerated() {
            let record = try JSONRecord(item, file: url.path, location: "record \(index)")
            if set == nil { set = record.has("relation_name") ? .relation : .attribution }
            let label: String
            switch set! {
            case .relation: label = try record.string("relation_name")
            case .attribution:
                let attributes = try record.strings("attributes")
                guard attributes.count >= 2 else { throw record.fail("attributes", "needs 2") }
                label = "\(attributes[0])_\(attributes[1])"
            }
            let crop = CropBox(
                x: try record.double("bbox_x"), y: try record.double("bbox_y"),
                width: try record.double("bbox_w"), height: try record.double("bbox_h"))
            cases.append(
                ChoiceCase(
                    id: "\(set!.rawValue)/\(index)", group: set!.rawValue, label: label,
                    image: try record.string("image_path"), crop: crop,
                    positive: try record.string("true_caption"),
                    negatives: [try record.string("false_caption")]))
        }
        return (set ?? .relation, cases)
    }

    /// Parses NegCLIP's `valid_neg_clip.tsv`: the `title` against its `neg_caption` list.
    public static func negCLIP(_ url: URL) throws -> [ChoiceCase] {
        let table = try CSVTable(contentsOf: url, delimiter: "\t")
        let title = try table.column("title")
        let path = try table.column("filepath")
        let negatives = try table.column("neg_caption")
        return try table.records.map { record in
            let parsed: [PythonLiteral.Item]
            do { parsed = try PythonLiteral.parseList(record.fields[negatives]) } catch {
                throw EvaluationError.malformed(
                    file: url.path, location: "line \(record.line)", key: "neg_caption",
                    problem: "not a Python list of strings: \(error)")
            }
            let texts = parsed.compactMap { item -> String? in
                if case .string(let text) = item { return text }
                return nil
            }
            guard !texts.isEmpty, texts.count == parsed.count else {
                throw EvaluationError.malformed(
                    file: url.path, location: "line \(record.line)", key: "neg_caption",
                    problem: "expected a non-empty list of strings")
            }
            return ChoiceCase(
                id: "negclip/\(record.fields[0].isEmpty ? String(record.line) : record.fields[0])",
                group: "negclip", image: record.fields[path], positive: record.fields[title],
                negatives: texts)
        }
    }
}
