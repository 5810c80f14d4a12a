import Foundation

/// VALSE: pairwise accuracy `s(image, caption) > s(image, foil)` on validated foils only
/// (`mturk.caption >= 2`); unvalidated samples are listed as skipped with that reason.
///
/// Metrics: the 11 instruments (`existence`, `plurals`, `counting_hard`, …, `foil_it`), the
/// category means `counting`, `actions`, `coreference`, and `avg` over the 11 instruments.
public struct VALSESuite: EvalSuite {
    public let name = "valse"
    /// The folder with the instrument files.
    public var data: URL
    /// Image folders; each instrument's images may also sit in a sub-folder named like its file.
    public var imageRoots: [URL]

    /// A suite over `data`; without `images`, the data folder and its parent are searched.
    public init(data: URL, images: [URL] = []) {
        self.data = data
        self.imageRoots = images.isEmpty ? [data, data.deletingLastPathComponent()] : images
    }

    /// The metric specifications.
    public static var specs: [MetricSpec] {
        let names = VALSEData.instruments.map(\.metric)
        var specs = names.map {
            MetricSpec($0, .mean(field: "correct", group: $0), section: "Instruments")
        }
        specs.append(
            MetricSpec(
                "counting", .average(metrics: names.filter { $0.hasPrefix("counting_") }),
                section: "Categories"))
        specs.append(
            MetricSpec(
                "actions", .average(metrics: ["action_replacement", "actant_swap"]),
                section: "Categories"))
        specs.append(
            MetricSpec(
                "coreference", .average(metrics: ["coreference_standard", "coreference_hard"]),
                section: "Categories"))
        specs.append(MetricSpec("avg", .average(metrics: names), section: "Categories"))
        return specs
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let contents = try VALSEData.load(data)
        var skips = SkipLedger()
        for item in contents.unvalidated {
            skips.skip(item.id, reason: "foil not validated (mturk.caption < 2)")
        }
        var records: [CaseRecord] = []
        let store = context.store(for: embedder)
        for (file, metric) in VALSEData.instruments {
            let cases = contents.cases.filter { $0.group == metric }
            guard !cases.isEmpty else { continue }
            let roots = imageRoots.flatMap { [$0.appendingPathComponent(file), $0] }
            records += try ChoiceScoring.score(
                cases, rule: .strict, resolver: ImageResolver(roots: roots), store: store,
                skips: &skips)
        }
        guard !records.isEmpty else {
            throw EvaluationError.nothingToEvaluate(suite: name, reasons: skips.counts)
        }
        var notes: [String] = []
        if !contents.missing.isEmpty {
            notes.append("instrument files missing: \(contents.missing.joined(separator: ", "))")
        }
        return EvalResult(
            suite: name, model: embedder.fingerprint, evaluated: records.count, skips: skips,
            specs: Self.specs, cases: records,
            counts: [
                "samples": contents.cases.count + contents.unvalidated.count,
                "validated": contents.cases.count,
            ],
            notes: notes, extras: EvalExtras(dataDescription: data.path))
    }
}
