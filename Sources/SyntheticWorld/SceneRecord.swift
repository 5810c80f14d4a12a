/// One scene with every text the world writes about it.
public struct SceneRecord: Sendable, Hashable {
    /// `"<split>_<6-digit index>"`, also the image's base name.
    public var id: String
    /// Train or test.
    public var split: Split
    /// Index within the split.
    public var index: Int
    /// The sampled scene (objects, geometry, stated relations).
    public var scene: Scene
    /// The dense caption (chain level 4).
    public var dense: String
    /// A second true dense caption (converse main relation, "with stripes" wording).
    public var paraphrase: String
    /// A careless web-style caption.
    public var sparse: String
    /// Four levels, generic to specific.
    public var chain: [String]
    /// Four levels describing a contradicting scene (for Radial Embedding training).
    public var negativeChain: [String]
    /// The valid hard negatives of the dense caption; absent kinds are invalid for this scene.
    public var negatives: [NegativeKind: String]
    /// The CCL category (dominant shape).
    public var category: Shape
    /// Held-out combinations present in the image (always empty in the training split).
    public var heldOut: [String]

    /// The image path relative to the world directory.
    public var imagePath: String { "images/\(imageFileName)" }

    /// The image file name.
    public var imageFileName: String { "\(id).png" }
}

/// Builds scene records from the world seed; each record depends only on
/// `(seed, split, index, size)`, so scenes can be made in any order or in parallel.
public enum SceneFactory {
    /// Probability that a test scene is built around a held-out combination.
    static let forcedTestFraction = 0.5

    /// The record of scene `index` of `split`.
    public static func make(
        split: Split, index: Int, seed: UInt64, size: Int,
        heldOut: HeldOutCombos = .standard
    ) -> SceneRecord {
        let base = SplitMix64.derive(seed, split.seedTag, UInt64(index))
        var sceneRNG = SplitMix64(seed: SplitMix64.derive(base, 1))
        var textRNG = SplitMix64(seed: SplitMix64.derive(base, 2))
        var negativeRNG = SplitMix64(seed: SplitMix64.derive(base, 3))
        var contradictionRNG = SplitMix64(seed: SplitMix64.derive(base, 4))

        let isTrain = split == .train
        var constraints = SamplingConstraints(heldOut: heldOut, excludeHeldOut: isTrain)
        if !isTrain, sceneRNG.unit() < forcedTestFraction {
            let total = heldOut.colourShapes.count + heldOut.facts.count
            let pick = sceneRNG.index(total)
            constraints.forced =
                pick < heldOut.colourShapes.count
                ? .colourShape(heldOut.colourShapes[pick])
                : .fact(heldOut.facts[pick - heldOut.colourShapes.count])
        }
        let scene = SceneSampler.sample(size: size, constraints: constraints, rng: &sceneRNG)

        var contradiction = SamplingConstraints(heldOut: heldOut, excludeHeldOut: isTrain)
        contradiction.counts = scene.objects.count == 1 ? [2, 3] : [1]
        contradiction.avoidShapes = Set(scene.objects.map(\.shape))
        contradiction.avoidColours = Set(scene.objects.map(\.colour))
        let contradicting = SceneSampler.sample(
            size: size, constraints: contradiction, rng: &contradictionRNG)

        return SceneRecord(
            id: "\(split.rawValue)_\(zeroPadded(index, 6))",
            split: split,
            index: index,
            scene: scene,
            dense: Captioner.dense(scene),
            paraphrase: Captioner.paraphrase(scene),
            sparse: Captioner.sparse(scene, rng: &textRNG),
            chain: Captioner.chain(scene),
            negativeChain: Captioner.chain(contradicting),
            negatives: HardNegatives.generate(
                scene, heldOut: heldOut, excludeHeldOut: isTrain, rng: &negativeRNG),
            category: scene.category,
            heldOut: heldOut.present(in: scene))
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func zeroPadded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
