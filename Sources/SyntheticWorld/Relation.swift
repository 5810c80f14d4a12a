/// The six pairwise relations, each derived from geometry.
public enum Relation: Int, CaseIterable, Sendable, Hashable, Codable {
    case leftOf, rightOf, above, below, biggerThan, smallerThan

    /// The phrase between the two noun phrases ("to the left of").
    public var phrase: String {
        switch self {
        case .leftOf: "to the left of"
        case .rightOf: "to the right of"
        case .above: "above"
        case .below: "below"
        case .biggerThan: "bigger than"
        case .smallerThan: "smaller than"
        }
    }

    /// The relation with the arguments exchanged: `a R b` ⇔ `b R.converse a`.
    public var converse: Relation {
        switch self {
        case .leftOf: .rightOf
        case .rightOf: .leftOf
        case .above: .below
        case .below: .above
        case .biggerThan: .smallerThan
        case .smallerThan: .biggerThan
        }
    }

    /// Whether the relation compares sizes rather than positions.
    public var isSize: Bool { self == .biggerThan || self == .smallerThan }

    /// The canonical member of `{self, converse}` (left of, above, bigger than).
    public var isCanonical: Bool { self == .leftOf || self == .above || self == .biggerThan }

    /// Whether `a R b` holds: spatial relations need the two boxes to be apart by `gap` pixels
    /// along the axis; size relations need different sizes.
    public func holds(_ a: SceneObject, _ b: SceneObject, gap: Double) -> Bool {
        switch self {
        case .leftOf: a.maxX + gap <= b.minX
        case .rightOf: b.maxX + gap <= a.minX
        case .above: a.maxY + gap <= b.minY
        case .below: b.maxY + gap <= a.minY
        case .biggerThan: a.size == .large && b.size == .small
        case .smallerThan: a.size == .small && b.size == .large
        }
    }

    /// The relation whose phrase is `phrase`, if any.
    public init?(phrase: String) {
        guard let match = Self.allCases.first(where: { $0.phrase == phrase }) else { return nil }
        self = match
    }
}

/// A relation between two shapes, stated canonically (left of / above / bigger than), e.g.
/// "circle above square". Its converse ("square below circle") is the same fact.
public struct RelationFact: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The canonical relation (left of, above or bigger than).
    public var relation: Relation
    /// The shape before the relation.
    public var subject: Shape
    /// The shape after the relation.
    public var object: Shape

    /// Creates the fact `subject relation object`, canonicalised.
    public init(_ subject: Shape, _ relation: Relation, _ object: Shape) {
        if relation.isCanonical {
            self.relation = relation
            self.subject = subject
            self.object = object
        } else {
            self.relation = relation.converse
            self.subject = object
            self.object = subject
        }
    }

    /// "circle to the left of square".
    public var description: String { "\(subject.word) \(relation.phrase) \(object.word)" }
}
