/// Builds the hard negatives of a scene's dense caption.
///
/// Structural negatives are renderings of perturbed descriptions. Each kind enumerates all its
/// candidates, shuffles them with the scene's generator and keeps the first valid one. A
/// candidate is valid when its text differs from both true dense captions and, in the training
/// split, names no held-out combination. A kind with no valid candidate (e.g. a relation
/// negative for a one-object scene) is absent: the validity mask.
enum HardNegatives {
    /// Every valid negative of `scene`, keyed by kind.
    static func generate(
        _ scene: Scene, heldOut: HeldOutCombos, excludeHeldOut: Bool, rng: inout SplitMix64
    ) -> [NegativeKind: String] {
        let positive = Description(scene)
        let forbidden: Set<String> = [positive.text, Captioner.paraphrase(scene)]
        var result: [NegativeKind: String] = [:]
        for kind in NegativeKind.allCases where kind.isStructural {
            var candidates = structuralCandidates(kind, scene, positive, rng: &rng)
            candidates.seededShuffle(using: &rng)
            let valid = candidates.first { candidate in
                !forbidden.contains(candidate.text)
                    && !(excludeHeldOut && candidate.mentions(heldOut))
            }
            if let valid { result[kind] = valid.text }
        }
        let words = positive.text.split(separator: " ").map(String.init)
        for kind in NegativeKind.order {
            let text = WorldOrderPerturbation.apply(kind, to: words, rng: &rng) { text in
                !forbidden.contains(text) && !(excludeHeldOut && heldOut.isNamed(in: text))
            }
            if let text { result[kind] = text }
        }
        return result
    }

    /// All perturbed descriptions of one structural kind.
    static func structuralCandidates(
        _ kind: NegativeKind, _ scene: Scene, _ positive: Description, rng: inout SplitMix64
    ) -> [Description] {
        let objects = positive.objects
        let presentShapes = Set(objects.map(\.shape))
        let presentColours = Set(objects.map(\.colour))
        let absentShapes = Shape.allCases.filter { !presentShapes.contains($0) }
        let absentColours = Colour.allCases.filter { !presentColours.contains($0) }
        var out: [Description] = []
        func variant(_ edit: (inout Description) -> Void) {
            var copy = positive
            edit(&copy)
            out.append(copy)
        }
        switch kind {
        case .replaceObj:
            for i in objects.indices {
                for shape in absentShapes { variant { $0.objects[i].shape = shape } }
            }
        case .replaceAtt:
            for i in objects.indices {
                for colour in absentColours { variant { $0.objects[i].colour = colour } }
                variant { $0.objects[i].size = objects[i].size.flipped }
                if objects[i].texture != .solid {
                    let other: Texture = objects[i].texture == .striped ? .dotted : .striped
                    variant { $0.objects[i].texture = other }
                }
            }
        case .replaceRel:
            for (slot, clause) in scene.clauses.enumerated() {
                let truths = scene.trueRelations(clause.subject, clause.object)
                for relation in Relation.allCases where relation != clause.relation {
                    // Clearly false: the converse of the replacement holds in the image.
                    guard truths.contains(relation.converse) else { continue }
                    variant {
                        if slot == 0 {
                            $0.mainRelation = relation
                        } else {
                            $0.secondary?.relation = relation
                        }
                    }
                }
            }
        case .swapObj:
            for (i, j) in pairs(objects.count) where objects[i].shape != objects[j].shape {
                variant {
                    $0.objects[i].shape = objects[j].shape
                    $0.objects[j].shape = objects[i].shape
                }
            }
        case .swapAtt:
            for (i, j) in pairs(objects.count) {
                variant {
                    $0.objects[i].colour = objects[j].colour
                    $0.objects[j].colour = objects[i].colour
                }
                if objects[i].size != objects[j].size {
                    variant {
                        $0.objects[i].size = objects[j].size
                        $0.objects[j].size = objects[i].size
                    }
                }
                if objects[i].texture != objects[j].texture {
                    variant {
                        $0.objects[i].texture = objects[j].texture
                        $0.objects[j].texture = objects[i].texture
                    }
                }
            }
        case .addObj:
            for shape in absentShapes {
                for colour in absentColours {
                    let size: ObjectSize = rng.unit() < 0.5 ? .small : .large
                    let texture = Texture(rawValue: rng.weighted(SceneSampler.textureWeights))
                    let extra = ObjectAttributes(
                        shape: shape, colour: colour, size: size, texture: texture ?? .solid)
                    variant { $0.extra = extra }
                }
            }
        case .addAtt:
            for i in objects.indices where objects[i].texture == .solid {
                variant { $0.objects[i].texture = .striped }
                variant { $0.objects[i].texture = .dotted }
            }
        case .relationSwap:
            if positive.mainRelation != nil { variant { $0.swapMain = true } }
        default:
            break
        }
        return out
    }

    /// Unordered index pairs `(i, j)` with `i < j < count`.
    private static func pairs(_ count: Int) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        for i in 0 ..< count {
            for j in (i + 1) ..< max(count, i + 1) { result.append((i, j)) }
        }
        return result
    }
}
