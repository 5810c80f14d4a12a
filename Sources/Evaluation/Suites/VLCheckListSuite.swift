import Foundation

/// VL-CheckList in ITC mode (`vl_checklist/evaluate.py`): per image, `POS[0]` must score
/// strictly above `NEG[0]`. Like the reference, records whose image is missing are dropped
/// first and then each file is capped at `maxPerFile` items (config `MAX_NUM / 2` = 1,000).
///
/// Metrics: sub-categories (`attribute_action`, `attribute_color`, `attribute_material`,
/// `attribute_size`, `attribute_state`, `object_location`, `object_size`, `relation_action`,
/// `relation_spatial`), pooling their files' items; category means `attribute`, `object`,
/// `relation` over sub-categories; `avg` over the three categories.
public struct VLCheckListSuite: EvalSuite {
    public let name = "vlchecklist"
    /// The VL-CheckList `data/` folder.
    public var data: URL
    /// Folders holding `vg/`, `swig/`, `hake/`.
    public var imageRoots: [URL]
    /// Items kept per file after dropping missing images (`nil`: all).
    public var maxPerFile: Int?

    /// The sub-categories of the paper, in order.
    public static let subcategories = [
        "attribute_action", "attribute_color", "attribute_material", "attribute_size",
        "attribute_state", "object_location", "object_size", "relation_action",
        "relation_spatial",
    ]

    /// A suite over `data`; without `images`, the data folder and its parent are searched.
    public init(data: URL, images: [URL] = [], maxPerFile: Int? = 1000) {
        self.data = data
        self.imageRoots = images.isEmpty ? [data, data.deletingLastPathComponent()] : images
        self.maxPerFile = maxPerFile
    }

    /// Specs for the paper's sub-categories plus any `extra` ones found in the data.
    public static func specs(extra: [String] = []) -> [MetricSpec] {
        let all = subcategories + extra.filter { !subcategories.contains($0) }.sorted()
        var specs = all.map {
            MetricSpec($0, .mean(field: "correct", group: $0), section: "Sub-categories")
        }
        let categories = ["attribute", "object", "relation"]
        for category in categories {
            specs.append(
                MetricSpec(
                    category, .average(metrics: all.filter { $0.hasPrefix(category + "_") }),
                    section: "Categories"))
        }
        specs.append(MetricSpec("avg", .average(metrics: categories), section: "Categories"))
        return specs
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let files = try VLCheckListData.load(data)
        let resolver = ImageResolver(roots: imageRoots, matchesCOCOIdentifiers: false)
        var skips = SkipLedger()
        var selected: [ChoiceCase] = []
        for file in files {
            var kept = 0
            for item in file.cases {
                guard resolver.resolve(item.image) != nil else {
                    skips.skip(item.id, reason: "image file not found")
                    continue
                }
                if let cap = maxPerFile, kept >= cap {
                    skips.skip(item.id, reason: "beyond the per-file cap of \(cap) items")
                    continue
                }
                kept += 1
                selected.append(item)
            }
        }
        let records = try ChoiceScoring.score(
            selected, rule: .strict, resolver: resolver, store: context.store(for: embedder),
            skips: &skips)
        guard !records.isEmpty else {
            throw EvaluationError.nothingToEvaluate(suite: name, reasons: skips.counts)
        }
        let found = Array(Set(files.map(\.subcategory)))
        return EvalResult(
            suite: name, model: embedder.fingerprint, evaluated: records.count, skips: skips,
            specs: Self.specs(extra: found), cases: records,
            counts: ["files": files.count, "items": files.reduce(0) { $0 + $1.cases.count }],
            extras: EvalExtras(dataDescription: data.path))
    }
}
