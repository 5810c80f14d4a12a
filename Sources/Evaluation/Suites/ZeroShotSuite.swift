import Foundation

/// Zero-shot classification: class weights from prompt templates (default: the 80 OpenAI
/// ImageNet templates), then `acc1`, `acc5` and `mean_per_class_recall`.
public struct ZeroShotSuite: EvalSuite {
    public let name = "zeroshot"
    /// Labelled images.
    public var dataset: ZeroShotDataset
    /// Image folders for relative paths.
    public var imageRoots: [URL]
    /// Prompt templates with `{}` for the class name.
    public var templates: [String]
    /// Tie rule for the true class's rank.
    public var tieRule: TieRule

    /// A suite over a loaded dataset.
    public init(
        dataset: ZeroShotDataset, images: [URL] = [],
        templates: [String] = PromptTemplates.openAIImageNet, tieRule: TieRule = .pessimistic
    ) {
        precondition(!templates.isEmpty, "at least one template")
        self.dataset = dataset
        self.imageRoots = images
        self.templates = templates
        self.tieRule = tieRule
    }

    /// A suite over a class-folder tree or CSV at `data`, with optional class-names and
    /// template files.
    public init(
        data: URL, images: [URL] = [], classNames: URL? = nil, templates: URL? = nil,
        tieRule: TieRule = .pessimistic
    ) throws {
        let dataset = try ZeroShotData.load(data, classNames: classNames)
        let folder = containingFolder(data)
        self.init(
            dataset: dataset, images: images.isEmpty ? [folder] : images,
            templates: try templates.map(ZeroShotData.templates) ?? PromptTemplates.openAIImageNet,
            tieRule: tieRule)
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let store = context.store(for: embedder)
        let resolver = ImageResolver(roots: imageRoots, matchesCOCOIdentifiers: false)
        var skips = SkipLedger()
        var inputs: [ImageInput?] = []
        for item in dataset.items {
            let url = resolver.resolve(item.image)
            if url == nil { skips.skip(item.image, reason: "image file not found") }
            inputs.append(url.map { ImageInput(url: $0) })
        }
        let embedded = try store.embedImages(inputs.compactMap { $0 })
        var kept: [(index: Int, item: ZeroShotDataset.LabeledImage, row: Int)] = []
        for (index, (item, input)) in zip(dataset.items, inputs).enumerated() {
            guard let input else { continue }
            if let row = embedded.rowOf[input] {
                kept.append((index, item, row))
            } else {
                skips.skip(item.image, reason: embedded.failures[input] ?? "image failed to embed")
            }
        }
        guard !kept.isEmpty else {
            throw EvaluationError.nothingToEvaluate(suite: name, reasons: skips.counts)
        }
        let prompts = dataset.classNames.flatMap { className in
            templates.map { ZeroShotData.prompt($0, className) }
        }
        let weights = ZeroShotClassifier.weights(
            templateEmbeddings: try store.embedTexts(prompts),
            classCount: dataset.classNames.count)
        let images = embedded.matrix.l2Normalized().selecting(rows: kept.map(\.row))
        let ranks = RetrievalRanking.ranks(
            queries: images, gallery: weights, positives: kept.map { [$0.item.classIndex] },
            tieRule: tieRule)
        let records = zip(kept, ranks).map { entry, rank in
            CaseRecord(
                id: "\(entry.index)/\(entry.item.image)", group: "image",
                label: dataset.classNames[entry.item.classIndex],
                values: ["rank": Double(rank), "hit1": rank == 1 ? 1 : 0])
        }
        return EvalResult(
            suite: name, model: embedder.fingerprint, evaluated: records.count, skips: skips,
            specs: ZeroShotClassifier.specs, cases: records,
            counts: ["classes": dataset.classNames.count, "templates": templates.count],
            notes: ["tie rule: \(tieRule.rawValue)"],
            extras: EvalExtras(dataDescription: dataset.source))
    }
}
