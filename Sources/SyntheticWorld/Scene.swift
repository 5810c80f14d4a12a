/// Which half of the world a scene belongs to.
public enum Split: String, CaseIterable, Sendable, Hashable, Codable {
    case train, test

    /// A tag mixed into per-scene seeds.
    var seedTag: UInt64 { self == .train ? 0x7472_6169_6E : 0x7465_7374 }
}

/// A relation clause of a scene description: `objects[subject] relation objects[object]`.
public struct RelationClause: Sendable, Hashable, Codable {
    /// Index of the subject in `Scene.objects`.
    public var subject: Int
    /// The stated relation.
    public var relation: Relation
    /// Index of the object in `Scene.objects`.
    public var object: Int

    /// Creates a clause.
    public init(subject: Int, relation: Relation, object: Int) {
        self.subject = subject
        self.relation = relation
        self.object = object
    }
}

/// A complete scene: objects (in caption order), background, image side and the relations the
/// dense caption states.
public struct Scene: Sendable, Hashable, Codable {
    /// Image side in pixels (images are square).
    public var size: Int
    /// The background.
    public var background: Background
    /// One to three objects with distinct colours, in the order the dense caption names them.
    public var objects: [SceneObject]
    /// `objects[0] R objects[1]` (present iff there are at least two objects).
    public var mainRelation: Relation?
    /// `objects[2] R objects[reference]` (present iff there are three objects).
    public var secondaryClause: RelationClause?

    /// Creates a scene (normally produced by ``SceneFactory``).
    public init(
        size: Int, background: Background, objects: [SceneObject], mainRelation: Relation?,
        secondaryClause: RelationClause?
    ) {
        self.size = size
        self.background = background
        self.objects = objects
        self.mainRelation = mainRelation
        self.secondaryClause = secondaryClause
    }

    /// The minimum box separation, in pixels, for a spatial relation to hold.
    public var gap: Double { Scene.gap(forSide: size) }

    /// The separation used for image side `side`.
    public static func gap(forSide side: Int) -> Double { max(1.5, 0.03 * Double(side)) }

    /// The relation clauses the dense caption states, main clause first.
    public var clauses: [RelationClause] {
        var result: [RelationClause] = []
        if let mainRelation {
            result.append(RelationClause(subject: 0, relation: mainRelation, object: 1))
        }
        if let secondaryClause { result.append(secondaryClause) }
        return result
    }

    /// Every relation that holds between an ordered pair of distinct objects.
    public func trueRelations(_ a: Int, _ b: Int) -> [Relation] {
        Relation.allCases.filter { $0.holds(objects[a], objects[b], gap: gap) }
    }

    /// Every canonical relation fact true in the image (over all ordered object pairs).
    public var trueFacts: Set<RelationFact> {
        var facts: Set<RelationFact> = []
        for a in objects.indices {
            for b in objects.indices where a != b {
                for relation in trueRelations(a, b) {
                    facts.insert(RelationFact(objects[a].shape, relation, objects[b].shape))
                }
            }
        }
        return facts
    }

    /// The CCL category: the shape of the dominant object (the largest; ties go to the leftmost).
    public var category: Shape {
        let dominant = objects.indices.min { i, j in
            let a = objects[i]
            let b = objects[j]
            if a.size != b.size { return a.size == .large }
            return a.x < b.x
        }
        return objects[dominant ?? 0].shape
    }
}
