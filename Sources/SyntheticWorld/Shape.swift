/// The ten object shapes of the synthetic world.
public enum Shape: Int, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case circle, square, triangle, star, hexagon, diamond, cross, heart, ring, crescent

    /// The singular noun used in captions.
    public var word: String {
        switch self {
        case .circle: "circle"
        case .square: "square"
        case .triangle: "triangle"
        case .star: "star"
        case .hexagon: "hexagon"
        case .diamond: "diamond"
        case .cross: "cross"
        case .heart: "heart"
        case .ring: "ring"
        case .crescent: "crescent"
        }
    }

    /// The plural noun used in counted phrases ("two crosses").
    public var plural: String {
        self == .cross ? "crosses" : word + "s"
    }

    /// The shape whose noun is `word`, if any.
    public init?(word: String) {
        guard let match = Self.allCases.first(where: { $0.word == word }) else { return nil }
        self = match
    }

    /// Declaration order.
    public static func < (lhs: Shape, rhs: Shape) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The two object sizes; the radius is a fraction of the image side.
public enum ObjectSize: Int, CaseIterable, Sendable, Hashable, Codable {
    case small, large

    /// The adjective used in captions.
    public var word: String { self == .small ? "small" : "large" }

    /// Half the object's extent as a fraction of the image side.
    public var radiusFraction: Double { self == .small ? 0.095 : 0.16 }

    /// The other size.
    public var flipped: ObjectSize { self == .small ? .large : .small }
}

/// Surface patterns drawn inside an object.
public enum Texture: Int, CaseIterable, Sendable, Hashable, Codable {
    case solid, striped, dotted

    /// The prefix adjective ("striped"); `nil` for solid, which captions leave unsaid.
    public var adjective: String? {
        switch self {
        case .solid: nil
        case .striped: "striped"
        case .dotted: "dotted"
        }
    }

    /// The postfix phrase used by paraphrases ("with stripes"); `nil` for solid.
    public var withPhrase: String? {
        switch self {
        case .solid: nil
        case .striped: "with stripes"
        case .dotted: "with dots"
        }
    }
}
