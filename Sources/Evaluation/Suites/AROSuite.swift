import CaptionNegatives
import Foundation

/// ARO (Yuksekgonul et al., ICLR 2023) and the NegCLIP validation file.
///
/// - VG-Relation / VG-Attribution: the image is cropped to the annotated box; a case is right
///   when the true caption scores strictly above the false one (`argmax([false, true]) == 1`).
///   `vg_relation` is the macro accuracy over relations minus the authors' exclusion list
///   (``AROData/excludedRelations``); `vg_attribution` the macro accuracy over attribute pairs
///   with ≥ 25 evaluated cases. `*_micro` are plain accuracies over all evaluated cases.
/// - COCO-/Flickr-Order (any caption set): every caption against its four
///   ``OrderPerturbation``s, all passed through `pre_caption`; Precision@1 with the true
///   caption winning ties (it is option 0 of the reference's argmax).
/// - `negclip`: `valid_neg_clip.tsv` titles against their `neg_caption` lists, Precision@1
///   with the same tie rule; texts are used as written (NegCLIP does not `pre_caption`).
public struct AROSuite: EvalSuite {
    public let name = "aro"

    /// One ARO data source.
    public enum Source {
        /// `visual_genome_relation.json` or `visual_genome_attribution.json`.
        case visualGenome(URL)
        /// An order set built from captions, reported under `name` (`coco_order`, …).
        case order(name: String, captions: CaptionSet)
        /// NegCLIP's `valid_neg_clip.tsv`.
        case negCLIP(URL)
    }

    /// The sources evaluated.
    public var sources: [Source]
    /// Image folders.
    public var imageRoots: [URL]
    /// Seed of the order perturbations.
    public var seed: UInt64
    /// Tagger for the noun/adjective perturbations.
    public var tagger: any PartOfSpeechTagger

    /// A suite over explicit sources.
    public init(
        sources: [Source], images: [URL], seed: UInt64 = 0,
        tagger: any PartOfSpeechTagger = LexiconTagger()
    ) {
        self.sources = sources
        self.imageRoots = images
        self.seed = seed
        self.tagger = tagger
    }

    /// A suite over whatever ARO data `path` holds (see ``locate(_:split:)``); without
    /// `images`, the data folder, its `images/` and its parent are searched.
    public init(data path: URL, images: [URL] = [], split: String? = "test", seed: UInt64 = 0)
        throws
    {
        let folder = containingFolder(path)
        self.init(
            sources: try Self.locate(path, split: split),
            images: images.isEmpty
                ? [
                    folder, folder.appendingPathComponent("images"),
                    folder.deletingLastPathComponent(),
                ]
                : images,
            seed: seed)
    }

    /// Finds ARO sources: a folder with `visual_genome_relation.json`,
    /// `visual_genome_attribution.json` and/or `*.tsv`, else a caption set; or a single file
    /// (`.tsv` → NegCLIP, a JSON list of `true_caption` records → VG, else a caption set).
    public static func locate(_ path: URL, split: String?) throws -> [Source] {
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw EvaluationError.missingData(
                suite: "aro", path: path.path, expected: AROData.expectedLayout)
        }
        if isDirectory(path) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? [])
                .sorted()
            var sources: [Source] = []
            for name in ["visual_genome_relation.json", "visual_genome_attribution.json"]
            where names.contains(name) {
                sources.append(.visualGenome(path.appendingPathComponent(name)))
            }
            for name in names where name.hasSuffix(".tsv") {
                sources.append(.negCLIP(path.appendingPathComponent(name)))
            }
            if !sources.isEmpty { return sources }
            return [
                .order(name: orderName(path), captions: try CaptionSet.load(path, split: split))
            ]
        }
        switch path.pathExtension.lowercased() {
        case "tsv": return [.negCLIP(path)]
        case "json":
            if let list = try readJSON(path) as? [Any],
                let first = list.first as? [String: Any], first["true_caption"] != nil
            {
                return [.visualGenome(path)]
            }
        default: break
        }
        return [.order(name: orderName(path), captions: try CaptionSet.load(path, split: split))]
    }

    static func orderName(_ path: URL) -> String {
        let lowered = path.path.lowercased()
        return lowered.contains("flickr")
            ? "flickr_order"
            : lowered.contains("coco") ? "coco_order" : "order"
    }

    /// The metric specifications for the given order-set names.
    public static func specs(orderNames: [String]) -> [MetricSpec] {
        var specs = [
            MetricSpec(
                "vg_relation",
                .macroMean(
                    field: "correct", group: "vg_relation",
                    excludedLabels: AROData.excludedRelations),
                section: "ARO"),
            MetricSpec(
                "vg_attribution",
                .macroMean(
                    field: "correct", group: "vg_attribution",
                    minCount: AROData.minimumAttributionCount),
                section: "ARO"),
        ]
        for order in orderNames {
            specs.append(MetricSpec(order, .mean(field: "correct", group: order), section: "ARO"))
        }
        specs.append(
            MetricSpec(
                "negclip", .mean(field: "correct", group: "negclip"),
                section: "ARO"))
        specs.append(
            MetricSpec(
                "vg_relation_micro", .mean(field: "correct", group: "vg_relation"),
                section: "Micro accuracy"))
        specs.append(
            MetricSpec(
                "vg_attribution_micro", .mean(field: "correct", group: "vg_attribution"),
                section: "Micro accuracy"))
        return specs
    }

    /// The cases of an order set: each caption (after `pre_caption`) against its four
    /// perturbations, ids `<name>/<caption index>`.
    public func orderCases(name: String, captions: CaptionSet) -> [ChoiceCase] {
        captions.captions.enumerated().map { index, caption in
            ChoiceCase(
                id: "\(name)/\(index)", group: name,
                image: captions.images[captions.imageOfCaption[index]],
                positive: OrderPerturbation.preCaption(caption),
                negatives: OrderPerturbation.negatives(
                    of: caption, index: index, seed: seed, tagger: tagger))
        }
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let store = context.store(for: embedder)
        let resolver = ImageResolver(roots: imageRoots)
        var skips = SkipLedger()
        var records: [CaseRecord] = []
        var orderNames: [String] = []
        var counts: [String: Int] = [:]
        var descriptions: [String] = []
        for source in sources {
            let cases: [ChoiceCase]
            let rule: ChoiceRule
            switch source {
            case .visualGenome(let url):
                let parsed = try AROData.visualGenome(url)
                (cases, rule) = (parsed.cases, .strict)
                descriptions.append(url.path)
            case let .order(name, captions):
                orderNames.append(name)
                (cases, rule) = (orderCases(name: name, captions: captions), .tiesFavourTrue)
                descriptions.append("\(name): \(captions.source), seed \(seed)")
            case .negCLIP(let url):
                (cases, rule) = (try AROData.negCLIP(url), .tiesFavourTrue)
                descriptions.append(url.path)
            }
            for item in cases { counts[item.group, default: 0] += 1 }
            records += try ChoiceScoring.score(
                cases, rule: rule, resolver: resolver, store: store, skips: &skips)
        }
        guard !records.isEmpty else {
            throw EvaluationError.nothingToEvaluate(suite: name, reasons: skips.counts)
        }
        var notes: [String] = []
        if !orderNames.isEmpty {
            notes.append(
                "order perturbations use Loupe's lexicon tagger and seed \(seed), "
                    + "so they differ from ARO's spaCy-tagged random draws")
        }
        return EvalResult(
            suite: name, model: embedder.fingerprint, evaluated: records.count, skips: skips,
            specs: Self.specs(orderNames: orderNames), cases: records, counts: counts,
            notes: notes, extras: EvalExtras(dataDescription: descriptions.joined(separator: "; ")))
    }
}
