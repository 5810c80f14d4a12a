import Foundation

/// CCL-style category MAP over labelled image–text pairs: image and text embeddings are each
/// z-normalised over the evaluated set, ranked by cosine similarity, and scored with average
/// precision over the full ranking (``CategoryMAP``). Reports `map_i2t`, `map_t2i`, `map_avg`.
public struct CategoryMAPSuite: EvalSuite {
    public let name = "category-map"
    /// The pairs.
    public var pairs: [CategoryPair]
    /// Image folders.
    public var imageRoots: [URL]
    /// Whether to z-normalise features first (CCL does).
    public var zNormalize: Bool

    /// A suite over loaded pairs.
    public init(pairs: [CategoryPair], images: [URL], zNormalize: Bool = true) {
        self.pairs = pairs
        self.imageRoots = images
        self.zNormalize = zNormalize
    }

    /// A suite over a pairs file or COCO annotations folder; without `images`, the data
    /// folder, its parent, and the parent's `val2017/` are searched.
    public init(data: URL, images: [URL] = []) throws {
        let folder = containingFolder(data)
        let parent = folder.deletingLastPathComponent()
        self.init(
            pairs: try CategoryPairsData.load(data),
            images: images.isEmpty
                ? [folder, parent, parent.appendingPathComponent("val2017")] : images)
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let store = context.store(for: embedder)
        let resolver = ImageResolver(roots: imageRoots)
        var skips = SkipLedger()
        var inputs: [ImageInput?] = []
        for (index, pair) in pairs.enumerated() {
            let url = resolver.resolve(pair.image)
            if url == nil { skips.skip("pair/\(index)", reason: "image file not found") }
            inputs.append(url.map { ImageInput(url: $0) })
        }
        let embedded = try store.embedImages(inputs.compactMap { $0 })
        var kept: [(index: Int, row: Int)] = []
        for (index, input) in inputs.enumerated() {
            guard let input else { continue }
            if let row = embedded.rowOf[input] {
                kept.append((index, row))
            } else {
                skips.skip("pair/\(index)", reason: embedded.failures[input] ?? "image failed")
            }
        }
        guard kept.count >= 2 else {
            throw EvaluationError.nothingToEvaluate(suite: name, reasons: skips.counts)
        }
        var images = embedded.matrix.selecting(rows: kept.map(\.row))
        var texts = try store.embedTexts(kept.map { pairs[$0.index].text })
        if zNormalize {
            images = CategoryMAP.zNormalized(images)
            texts = CategoryMAP.zNormalized(texts)
        }
        var labelIndex: [String: Int] = [:]
        let labels = kept.map { entry -> Int in
            let label = pairs[entry.index].label
            if let known = labelIndex[label] { return known }
            labelIndex[label] = labelIndex.count
            return labelIndex.count - 1
        }
        let i2t = CategoryMAP.averagePrecisions(
            queries: images, queryLabels: labels, gallery: texts, galleryLabels: labels)
        let t2i = CategoryMAP.averagePrecisions(
            queries: texts, queryLabels: labels, gallery: images, galleryLabels: labels)
        var records: [CaseRecord] = []
        for (k, entry) in kept.enumerated() {
            let label = pairs[entry.index].label
            records.append(
                CaseRecord(
                    id: "image/\(entry.index)", group: "i2t", label: label,
                    values: ["ap": i2t[k]]))
            records.append(
                CaseRecord(
                    id: "text/\(entry.index)", group: "t2i", label: label,
                    values: ["ap": t2i[k]]))
        }
        return EvalResult(
            suite: name, model: embedder.fingerprint, evaluated: kept.count, skips: skips,
            specs: CategoryMAP.specs, cases: records,
            counts: ["pairs": pairs.count, "categories": labelIndex.count],
            notes: zNormalize ? [] : ["features not z-normalised"],
            extras: EvalExtras(dataDescription: "\(pairs.count) pairs"))
    }
}
