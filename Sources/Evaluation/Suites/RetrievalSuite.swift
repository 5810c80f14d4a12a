import Foundation

/// Image↔text retrieval: R@1/5/10 both ways, rsum, median and mean rank (see
/// ``RetrievalMetrics``), over any ``CaptionSet``; optionally averaged over consecutive folds
/// (COCO 5×1K). An image whose file is missing or fails to embed is dropped together with its
/// captions, each listed as skipped.
public struct RetrievalSuite: EvalSuite {
    public let name = "retrieval"
    /// Images and captions.
    public var captions: CaptionSet
    /// Image folders.
    public var imageRoots: [URL]
    /// Tie rule for ranks.
    public var tieRule: TieRule
    /// Number of consecutive image folds (1 = the whole set).
    public var folds: Int
    /// Similarity values held at once by the chunked ranking.
    public var maxChunkValues: Int

    /// A suite over an already loaded caption set.
    public init(
        captions: CaptionSet, images: [URL], tieRule: TieRule = .pessimistic, folds: Int = 1,
        maxChunkValues: Int = 1 << 24
    ) {
        precondition(folds >= 1, "folds must be at least 1")
        self.captions = captions
        self.imageRoots = images
        self.tieRule = tieRule
        self.folds = folds
        self.maxChunkValues = maxChunkValues
    }

    /// A suite over any caption layout at `data` (see ``CaptionSet/load(_:split:)``); without
    /// `images`, `<data folder>/images`, the data folder and its parent are searched.
    public init(
        data: URL, images: [URL] = [], split: String? = "test", tieRule: TieRule = .pessimistic,
        folds: Int = 1
    ) throws {
        let set = try CaptionSet.load(data, split: split)
        let folder = containingFolder(data)
        self.init(
            captions: set,
            images: images.isEmpty
                ? [
                    folder.appendingPathComponent("images"), folder,
                    folder.deletingLastPathComponent(),
                ]
                : images,
            tieRule: tieRule, folds: folds)
    }

    /// The metric specifications for `folds` folds.
    public static func specs(folds: Int) -> [MetricSpec] {
        guard folds > 1 else { return RetrievalMetrics.specs() }
        return (1 ... folds).flatMap {
            RetrievalMetrics.specs(prefix: "fold\($0)_", groupPrefix: "fold\($0)/")
        } + RetrievalMetrics.foldAverageSpecs(folds: folds)
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let resolver = ImageResolver(roots: imageRoots)
        var skips = SkipLedger()
        var captionsOf = [[Int]](repeating: [], count: captions.images.count)
        for (caption, image) in captions.imageOfCaption.enumerated() {
            captionsOf[image].append(caption)
        }
        var inputs: [Int: ImageInput] = [:]
        for (i, reference) in captions.images.enumerated() {
            if captionsOf[i].isEmpty {
                skips.skip("image/\(reference)", reason: "image has no caption")
            } else if let url = resolver.resolve(reference) {
                inputs[i] = ImageInput(url: url)
            } else {
                skipImage(i, reason: "image file not found", &skips)
            }
        }
        let store = context.store(for: embedder)
        let embedded = try store.embedImages(captions.images.indices.compactMap { inputs[$0] })
        var keptImages: [Int] = []
        for i in captions.images.indices {
            guard let input = inputs[i] else { continue }
            if embedded.rowOf[input] != nil {
                keptImages.append(i)
            } else {
                skipImage(i, reason: embedded.failures[input] ?? "image failed to embed", &skips)
            }
        }
        guard !keptImages.isEmpty else {
            throw EvaluationError.nothingToEvaluate(suite: name, reasons: skips.counts)
        }
        let allImages = embedded.matrix.l2Normalized()
        let keptCaptions = keptImages.flatMap { captionsOf[$0] }
        let allCaptions = try store.embedTexts(keptCaptions.map { captions.captions[$0] })
            .l2Normalized()
        var records: [CaseRecord] = []
        let foldSize = max(1, keptImages.count / folds)
        var captionCursor = 0
        for fold in 0 ..< folds {
            let start = fold * foldSize
            let end = fold == folds - 1 ? keptImages.count : min(keptImages.count, start + foldSize)
            guard start < end else { continue }
            let images = Array(keptImages[start ..< end])
            var owner: [Int] = []
            var captionRows: [Int] = []
            for (local, image) in images.enumerated() {
                for _ in captionsOf[image] {
                    owner.append(local)
                    captionRows.append(captionCursor)
                    captionCursor += 1
                }
            }
            let imageRows = images.map { embedded.rowOf[inputs[$0]!]! }
            let (i2t, t2i) = RetrievalMetrics.ranks(
                images: allImages.selecting(rows: imageRows),
                captions: allCaptions.selecting(rows: captionRows), imageOfCaption: owner,
                tieRule: tieRule, maxChunkValues: maxChunkValues)
            let prefix = folds > 1 ? "fold\(fold + 1)/" : ""
            for (local, image) in images.enumerated() {
                records.append(
                    CaseRecord(
                        id: "image/\(captions.images[image])", group: prefix + "i2t",
                        values: ["rank": Double(i2t[local])]))
            }
            let globalCaptions = images.flatMap { captionsOf[$0] }
            for (local, caption) in globalCaptions.enumerated() {
                records.append(
                    CaseRecord(
                        id: "caption/\(caption)", group: prefix + "t2i",
                        values: ["rank": Double(t2i[local])]))
            }
        }
        var notes: [String] = []
        if folds > 1 {
            notes.append("metrics are means over \(folds) consecutive folds of \(foldSize) images")
        }
        notes.append("tie rule: \(tieRule.rawValue)")
        return EvalResult(
            suite: name, model: embedder.fingerprint, evaluated: keptImages.count, skips: skips,
            specs: Self.specs(folds: folds), cases: records,
            counts: [
                "images": keptImages.count, "captions": keptCaptions.count,
                "images_available": captions.images.count,
                "captions_skipped": captions.captions.count - keptCaptions.count,
            ],
            notes: notes, extras: EvalExtras(dataDescription: captions.source))
    }

    /// Skips image `i`; its captions leave with it (counted in `captions_skipped`, since the
    /// evaluated/skipped totals count images).
    private func skipImage(_ i: Int, reason: String, _ skips: inout SkipLedger) {
        skips.skip("image/\(captions.images[i])", reason: reason)
    }
}
