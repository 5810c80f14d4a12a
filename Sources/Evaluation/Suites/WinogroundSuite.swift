import Foundation

/// Winoground text / image / group scores, from a model and the images, or from precomputed
/// embeddings (``evaluate(images:captions:model:)``).
public struct WinogroundSuite: EvalSuite {
    public let name = "winoground"
    /// The examples.
    public var examples: [WinogroundExample]
    /// Image folders.
    public var imageRoots: [URL]

    /// A suite over loaded examples.
    public init(examples: [WinogroundExample], images: [URL]) {
        self.examples = examples
        self.imageRoots = images
    }

    /// A suite over `examples.jsonl` or a metadata CSV; without `images`, `<folder>/images`
    /// and the folder are searched.
    public init(data: URL, images: [URL] = []) throws {
        let folder = containingFolder(data)
        self.init(
            examples: try WinogroundData.load(data),
            images: images.isEmpty ? [folder.appendingPathComponent("images"), folder] : images)
    }

    private var tags: [String] {
        Array(Set(examples.compactMap(\.tag))).sorted()
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let store = context.store(for: embedder)
        let resolver = ImageResolver(roots: imageRoots, matchesCOCOIdentifiers: false)
        var skips = SkipLedger()
        var inputs: [[ImageInput]?] = []
        for example in examples {
            let urls = example.images.compactMap(resolver.resolve)
            if urls.count == 2 {
                inputs.append(urls.map { ImageInput(url: $0) })
            } else {
                inputs.append(nil)
                skips.skip("example/\(example.id)", reason: "image file not found")
            }
        }
        let embedded = try store.embedImages(inputs.compactMap { $0 }.flatMap { $0 })
        let imageVectors = embedded.matrix.l2Normalized()
        var kept: [(WinogroundExample, [Int])] = []
        for (example, pair) in zip(examples, inputs) {
            guard let pair else { continue }
            let rows = pair.compactMap { embedded.rowOf[$0] }
            if rows.count == 2 {
                kept.append((example, rows))
            } else {
                let failure = pair.compactMap { embedded.failures[$0] }.first
                skips.skip("example/\(example.id)", reason: failure ?? "image failed to embed")
            }
        }
        let captionVectors = try store.embedTexts(kept.flatMap(\.0.captions)).l2Normalized()
        let records = kept.enumerated().map { index, entry in
            let (example, rows) = entry
            let s = (0 ..< 2).map { c in
                (0 ..< 2).map { i in imageVectors.dot(rows[i], captionVectors, 2 * index + c) }
            }
            return record(example, s)
        }
        return try result(records, skips: skips, model: embedder.fingerprint, source: "images")
    }

    /// Scores from precomputed embeddings whose row `2 * id + j` is image `j` / caption `j` of
    /// example `id` (the layout of `winoground_real_vitb32.npz`). Rows are L2-normalised here.
    /// - Throws: ``EvaluationError/malformed(file:location:key:problem:)`` when the arrays are
    ///   too short for the examples' ids or their widths differ.
    public func evaluate(images: EmbeddingMatrix, captions: EmbeddingMatrix, model: String)
        throws -> EvalResult
    {
        let needed = 2 * ((examples.map(\.id).max() ?? -1) + 1)
        for (key, matrix) in [("img", images), ("cap", captions)] where matrix.rows < needed {
            throw EvaluationError.malformed(
                file: "embeddings", location: "array \(key)", key: key,
                problem: "\(matrix.rows) rows, examples need \(needed) (row 2*id+j)")
        }
        guard images.columns == captions.columns else {
            throw EvaluationError.malformed(
                file: "embeddings", location: "arrays img/cap", key: "shape",
                problem: "widths \(images.columns) and \(captions.columns) differ")
        }
        let imageVectors = images.l2Normalized()
        let captionVectors = captions.l2Normalized()
        let records = examples.map { example in
            let s = (0 ..< 2).map { c in
                (0 ..< 2).map { i in
                    imageVectors.dot(2 * example.id + i, captionVectors, 2 * example.id + c)
                }
            }
            return record(example, s)
        }
        return try result(records, skips: SkipLedger(), model: model, source: "embeddings")
    }

    private func record(_ example: WinogroundExample, _ s: [[Double]]) -> CaseRecord {
        let outcome = WinogroundMetrics.outcome(s)
        return CaseRecord(
            id: "example/\(example.id)", group: "example", label: example.tag,
            values: [
                "text": outcome.text ? 1 : 0, "image": outcome.image ? 1 : 0,
                "group": outcome.group ? 1 : 0,
            ])
    }

    private func result(_ records: [CaseRecord], skips: SkipLedger, model: String, source: String)
        throws -> EvalResult
    {
        guard !records.isEmpty else {
            throw EvaluationError.nothingToEvaluate(suite: name, reasons: skips.counts)
        }
        return EvalResult(
            suite: name, model: model, evaluated: records.count, skips: skips,
            specs: WinogroundMetrics.specs(tags: tags), cases: records,
            counts: ["examples": examples.count],
            extras: EvalExtras(dataDescription: "scored from \(source)"))
    }
}
