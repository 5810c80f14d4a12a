import Foundation

/// A held-out combination a test scene is built around.
public enum ForcedCombo: Sendable, Hashable {
    /// Object 0 has this colour and shape.
    case colourShape(ColourShape)
    /// Objects 0 and 1 have these shapes and the main clause states the fact.
    case fact(RelationFact)
}

/// Rules a sampled scene must obey.
struct SamplingConstraints: Sendable {
    /// The held-out list in force.
    var heldOut: HeldOutCombos
    /// Training scenes: no held-out combination may appear in the image.
    var excludeHeldOut: Bool
    /// A held-out combination the scene must contain.
    var forced: ForcedCombo?
    /// Allowed object counts.
    var counts: [Int] = [1, 2, 3]
    /// Shapes no object may have.
    var avoidShapes: Set<Shape> = []
    /// Colours no object may have.
    var avoidColours: Set<Colour> = []
}

/// Draws scenes: object attributes, a background, a non-overlapping layout and the relation
/// clauses of the dense caption, all from one seeded generator.
enum SceneSampler {
    /// Relative frequency of 1, 2 and 3 objects.
    static let countWeights: [Int: Double] = [1: 0.2, 2: 0.45, 3: 0.35]
    /// Relative frequency of solid, striped and dotted objects.
    static let textureWeights: [Double] = [0.5, 0.25, 0.25]
    /// Relative frequency of plain, gradient and speckled backgrounds.
    static let styleWeights: [Double] = [0.4, 0.3, 0.3]

    /// Samples one scene of side `size` pixels obeying `constraints`.
    static func sample(size: Int, constraints: SamplingConstraints, rng: inout SplitMix64)
        -> Scene
    {
        for _ in 0 ..< 1000 {
            let count = sampleCount(constraints, rng: &rng)
            guard
                let (attributes, orientation) = sampleAttributes(
                    count: count, constraints, rng: &rng)
            else { continue }
            let background = sampleBackground(rng: &rng)
            guard
                let objects = layout(
                    attributes, size: size, constraints, mainRelation: orientation, rng: &rng)
            else { continue }
            var scene = Scene(
                size: size, background: background, objects: objects, mainRelation: nil,
                secondaryClause: nil)
            chooseClauses(&scene, forcedMain: orientation, rng: &rng)
            return scene
        }
        preconditionFailure("could not sample a scene satisfying \(constraints)")
    }

    private static func sampleCount(_ constraints: SamplingConstraints, rng: inout SplitMix64)
        -> Int
    {
        var counts = constraints.counts
        if case .fact = constraints.forced { counts = counts.filter { $0 >= 2 } }
        precondition(!counts.isEmpty, "no object count allowed")
        return counts[rng.weighted(counts.map { countWeights[$0] ?? 1 })]
    }

    /// Attributes of `count` objects, plus the main relation a forced fact imposes.
    private static func sampleAttributes(
        count: Int, _ constraints: SamplingConstraints, rng: inout SplitMix64
    ) -> ([ObjectAttributes], Relation?)? {
        var colours = Colour.allCases.filter { !constraints.avoidColours.contains($0) }
        let shapes = Shape.allCases.filter { !constraints.avoidShapes.contains($0) }
        var fixedShapes: [Int: Shape] = [:]
        var fixedSizes: [Int: ObjectSize] = [:]
        var fixedColour: Colour?
        var orientation: Relation?
        switch constraints.forced {
        case .colourShape(let pair):
            fixedColour = pair.colour
            fixedShapes[0] = pair.shape
        case .fact(let fact):
            let flip = rng.unit() < 0.5
            fixedShapes[0] = flip ? fact.object : fact.subject
            fixedShapes[1] = flip ? fact.subject : fact.object
            orientation = flip ? fact.relation.converse : fact.relation
            if fact.relation == .biggerThan {
                fixedSizes[0] = flip ? .small : .large
                fixedSizes[1] = flip ? .large : .small
            }
        case nil:
            break
        }
        colours.seededShuffle(using: &rng)
        if let fixedColour {
            colours.removeAll { $0 == fixedColour }
            colours.insert(fixedColour, at: 0)
        }
        guard colours.count >= count, !shapes.isEmpty else { return nil }
        var result: [ObjectAttributes] = []
        for i in 0 ..< count {
            let attributes = ObjectAttributes(
                shape: fixedShapes[i] ?? rng.pick(shapes),
                colour: colours[i],
                size: fixedSizes[i] ?? (rng.unit() < 0.5 ? .small : .large),
                texture: Texture(rawValue: rng.weighted(textureWeights)) ?? .solid)
            result.append(attributes)
        }
        if constraints.excludeHeldOut, containsHeldOut(result, constraints.heldOut) {
            return nil
        }
        return (result, orientation)
    }

    /// Whether a held-out colour–shape pair or size fact is among `attributes`.
    private static func containsHeldOut(_ attributes: [ObjectAttributes], _ heldOut: HeldOutCombos)
        -> Bool
    {
        for a in attributes where heldOut.contains(a.colour, a.shape) { return true }
        for a in attributes where a.size == .large {
            for b in attributes where b.size == .small {
                if heldOut.contains(RelationFact(a.shape, .biggerThan, b.shape)) { return true }
            }
        }
        return false
    }

    private static func sampleBackground(rng: inout SplitMix64) -> Background {
        let tint = rng.pick(BackgroundTint.allCases)
        let style = BackgroundStyle(rawValue: rng.weighted(styleWeights)) ?? .plain
        let angle = rng.uniform(0, 2 * Double.pi)
        return Background(tint: tint, style: style, angle: angle, noiseSeed: rng.next())
    }

    /// Places the objects so that every pair is apart along at least one axis by the scene
    /// gap; `nil` when the layout keeps violating the constraints.
    private static func layout(
        _ attributes: [ObjectAttributes], size: Int, _ constraints: SamplingConstraints,
        mainRelation: Relation?, rng: inout SplitMix64
    ) -> [SceneObject]? {
        let side = Double(size)
        let gap = Scene.gap(forSide: size)
        let pad = 0.03 * side
        attempts: for _ in 0 ..< 200 {
            var placed: [SceneObject] = []
            for attribute in attributes {
                let radius = attribute.size.radiusFraction * side
                var found: SceneObject?
                for _ in 0 ..< 60 {
                    let candidate = SceneObject(
                        attributes: attribute,
                        x: rng.uniform(radius + pad, side - radius - pad),
                        y: rng.uniform(radius + pad, side - radius - pad),
                        radius: radius)
                    if placed.allSatisfy({ separated($0, candidate, gap: gap) }) {
                        found = candidate
                        break
                    }
                }
                guard let found else { continue attempts }
                placed.append(found)
            }
            if let mainRelation, !mainRelation.holds(placed[0], placed[1], gap: gap) {
                continue attempts
            }
            if constraints.excludeHeldOut {
                let probe = Scene(
                    size: size,
                    background: Background(
                        tint: .white, style: .plain, angle: 0, noiseSeed: 0),
                    objects: placed, mainRelation: nil, secondaryClause: nil)
                if probe.trueFacts.contains(where: constraints.heldOut.contains) {
                    continue attempts
                }
            }
            return placed
        }
        return nil
    }

    /// Whether two objects' boxes are apart by `gap` along x or along y.
    static func separated(_ a: SceneObject, _ b: SceneObject, gap: Double) -> Bool {
        a.maxX + gap <= b.minX || b.maxX + gap <= a.minX || a.maxY + gap <= b.minY
            || b.maxY + gap <= a.minY
    }

    /// Picks the relation of each caption clause among those that hold.
    private static func chooseClauses(
        _ scene: inout Scene, forcedMain: Relation?, rng: inout SplitMix64
    ) {
        guard scene.objects.count >= 2 else { return }
        scene.mainRelation = forcedMain ?? rng.pick(scene.trueRelations(0, 1))
        guard scene.objects.count == 3 else { return }
        let reference = rng.index(2)
        scene.secondaryClause = RelationClause(
            subject: 2, relation: rng.pick(scene.trueRelations(2, reference)), object: reference)
    }
}
