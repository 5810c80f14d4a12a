import Foundation

/// SugarCrepe: per-subset accuracy of `s(image, caption) > s(image, negative_caption)`.
///
/// Metrics: the seven subsets (`replace_obj`, …, `add_att`), their category means `replace`,
/// `swap`, `add` (as in the paper's summary tables), and `avg` over the seven.
public struct SugarCrepeSuite: EvalSuite {
    public let name = "sugarcrepe"
    /// The folder with the seven JSON files.
    public var data: URL
    /// Image folders (COCO val2017 names, also matched by COCO id).
    public var imageRoots: [URL]

    /// A suite over `data`; without `images`, the data folder and its parent are searched.
    public init(data: URL, images: [URL] = []) {
        self.data = data
        self.imageRoots = images.isEmpty ? [data, data.deletingLastPathComponent()] : images
    }

    /// The metric specifications.
    public static var specs: [MetricSpec] {
        var specs = SugarCrepeData.subsets.map {
            MetricSpec($0, .mean(field: "correct", group: $0), section: "Subsets")
        }
        for category in ["replace", "swap", "add"] {
            let parts = SugarCrepeData.subsets.filter { $0.hasPrefix(category + "_") }
            specs.append(MetricSpec(category, .average(metrics: parts), section: "Averages"))
        }
        specs.append(
            MetricSpec(
                "avg", .average(metrics: SugarCrepeData.subsets),
                section: "Averages"))
        return specs
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let (cases, missing) = try SugarCrepeData.load(data)
        var skips = SkipLedger()
        let records = try ChoiceScoring.score(
            cases, rule: .strict, resolver: ImageResolver(roots: imageRoots),
            store: context.store(for: embedder), skips: &skips)
        guard !records.isEmpty else {
            throw EvaluationError.nothingToEvaluate(suite: name, reasons: skips.counts)
        }
        var notes: [String] = []
        if !missing.isEmpty {
            notes.append("subset files missing: \(missing.joined(separator: ", "))")
        }
        return EvalResult(
            suite: name, model: embedder.fingerprint, evaluated: records.count, skips: skips,
            specs: Self.specs, cases: records, counts: ["cases": cases.count], notes: notes,
            extras: EvalExtras(dataDescription: data.path))
    }
}
