import Foundation

/// HierarCaps (Alper & Averbuch-Elor, ECCV 2024): `tau_d`, hierarchical-retrieval `precision`
/// and `recall` over `steps` radius thresholds, and `recall_order` (R_o); see
/// ``HierarCapsMetrics``.
///
/// Every chain's four texts form the candidate pool and count for `tau_d`; only images whose
/// file is found and embeds are retrieval queries (the others are skipped with the reason).
/// Images are matched to chains by the COCO id in `image_url`, several chains per image
/// allowed. The root is the embedding of `""`.
public struct HierarCapsSuite: EvalSuite {
    public let name = "hierarcaps"
    /// The chains.
    public var chains: [HierarCapsChain]
    /// Image folders.
    public var imageRoots: [URL]
    /// Number of radius thresholds (`eval.py --steps`, default 50).
    public var steps: Int
    /// Example chains kept for reports.
    public var exampleCount: Int

    /// A suite over loaded chains.
    public init(chains: [HierarCapsChain], images: [URL], steps: Int = 50, exampleCount: Int = 6) {
        precondition(steps >= 1, "steps must be at least 1")
        self.chains = chains
        self.imageRoots = images
        self.steps = steps
        self.exampleCount = exampleCount
    }

    /// A suite over a HierarCaps CSV; without `images`, `<folder>/test_imgs`, the folder and
    /// its parent are searched.
    public init(data: URL, images: [URL] = [], steps: Int = 50) throws {
        let folder = containingFolder(data)
        let csv = isDirectory(data) ? data.appendingPathComponent("hierarcaps_test.csv") : data
        self.init(
            chains: try HierarCapsData.load(csv),
            images: images.isEmpty
                ? [
                    folder.appendingPathComponent("test_imgs"), folder,
                    folder.deletingLastPathComponent(),
                ]
                : images,
            steps: steps)
    }

    public func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult {
        let store = context.store(for: embedder)
        let levels = HierarCapsData.levelCount
        let texts = chains.flatMap(\.levels)
        let textVectors = try store.embedTexts(texts).l2Normalized()
        let rootVector = try store.embedTexts([""]).l2Normalized()
        let radii = (0 ..< textVectors.rows).map { c -> Double in
            var total = 0.0
            for d in 0 ..< textVectors.columns {
                let delta =
                    Double(textVectors.values[c * textVectors.columns + d])
                    - Double(rootVector.values[d])
                total += delta * delta
            }
            return total.squareRoot()
        }
        var records: [CaseRecord] = []
        for (k, chain) in chains.enumerated() {
            let mine = Array(radii[(k * levels) ..< ((k + 1) * levels)])
            var values = ["tau": HierarCapsMetrics.kendallTauAgainstDepth(mine)]
            for (level, radius) in mine.enumerated() { values["radius_\(level + 1)"] = radius }
            records.append(CaseRecord(id: "chain/\(chain.id)", group: "chain", values: values))
        }
        // Images, in order of first appearance, with their chains.
        var imageOrder: [String] = []
        var chainsOfImage: [String: [Int]] = [:]
        for (k, chain) in chains.enumerated() {
            let key =
                ImageResolver.cocoIdentifier(of: chain.imageName).map(String.init)
                ?? chain.imageName
            if chainsOfImage[key] == nil { imageOrder.append(key) }
            chainsOfImage[key, default: []].append(k)
        }
        let resolver = ImageResolver(roots: imageRoots)
        var skips = SkipLedger()
        var inputs: [String: ImageInput] = [:]
        for key in imageOrder {
            let name = chains[chainsOfImage[key]![0]].imageName
            if let url = resolver.resolve(name) {
                inputs[key] = ImageInput(url: url)
            } else {
                skips.skip("image/\(name)", reason: "image file not found")
            }
        }
        let embedded = try store.embedImages(imageOrder.compactMap { inputs[$0] })
        let imageVectors = embedded.matrix.l2Normalized()
        let thresholds = HierarCapsMetrics.thresholds(radii: radii, steps: steps)
        let order = radii.indices.sorted { (radii[$0], $0) < (radii[$1], $1) }
        var examples: [ChainExample] = []
        var evaluatedImages = 0
        for key in imageOrder {
            guard let input = inputs[key] else { continue }
            let name = chains[chainsOfImage[key]![0]].imageName
            guard let row = embedded.rowOf[input] else {
                skips.skip("image/\(name)", reason: embedded.failures[input] ?? "image failed")
                continue
            }
            let scores = imageVectors.dotProducts(rows: row ..< (row + 1), with: textVectors)
            let truth = chainsOfImage[key]!.map { chains[$0].levels }
            let outcome = HierarCapsMetrics.retrieve(
                scores: scores, radii: radii, orderByRadius: order, thresholds: thresholds,
                texts: texts, truth: truth)
            evaluatedImages += 1
            records.append(
                CaseRecord(
                    id: "image/\(name)", group: "image",
                    values: [
                        "precision": outcome.precision, "recall": outcome.recall,
                        "recall_order": outcome.recallOrder,
                    ]))
            if examples.count < exampleCount {
                let known = Set(truth.joined())
                let predicted = outcome.predicted.map { texts[$0] }
                examples.append(
                    ChainExample(
                        image: input.url.path, truth: truth, predicted: predicted,
                        predictedCorrect: predicted.map(known.contains)))
            }
        }
        return EvalResult(
            suite: name, model: embedder.fingerprint, evaluated: evaluatedImages, skips: skips,
            specs: HierarCapsMetrics.specs, cases: records,
            counts: [
                "chains": chains.count, "images": evaluatedImages,
                "candidates": texts.count, "steps": steps,
            ],
            notes: evaluatedImages == 0 ? ["no image evaluated: only tau_d is reported"] : [],
            extras: EvalExtras(chains: examples, dataDescription: "\(chains.count) chains"))
    }
}
