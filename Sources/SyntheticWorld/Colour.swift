/// An 8-bit sRGB colour.
public struct RGB: Sendable, Hashable, Codable {
    /// Red, 0–255.
    public var r: UInt8
    /// Green, 0–255.
    public var g: UInt8
    /// Blue, 0–255.
    public var b: UInt8

    /// Creates a colour from its three channels.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Euclidean distance in 8-bit RGB space.
    public func distance(to other: RGB) -> Double {
        let dr = Double(r) - Double(other.r)
        let dg = Double(g) - Double(other.g)
        let db = Double(b) - Double(other.b)
        return (dr * dr + dg * dg + db * db).squareRoot()
    }

    /// Linear interpolation towards `other` by `t` in `[0, 1]`, rounded.
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        func lerp(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return RGB(lerp(r, other.r), lerp(g, other.g), lerp(b, other.b))
    }
}

/// The eight object colours, chosen to stay far apart in RGB (and from the pale backgrounds).
public enum Colour: Int, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case red, orange, yellow, green, blue, purple, pink, brown

    /// The adjective used in captions.
    public var word: String {
        switch self {
        case .red: "red"
        case .orange: "orange"
        case .yellow: "yellow"
        case .green: "green"
        case .blue: "blue"
        case .purple: "purple"
        case .pink: "pink"
        case .brown: "brown"
        }
    }

    /// The fill colour.
    public var rgb: RGB {
        switch self {
        case .red: RGB(215, 38, 38)
        case .orange: RGB(245, 135, 20)
        case .yellow: RGB(238, 208, 25)
        case .green: RGB(40, 160, 60)
        case .blue: RGB(35, 85, 215)
        case .purple: RGB(135, 55, 185)
        case .pink: RGB(240, 110, 180)
        case .brown: RGB(125, 75, 35)
        }
    }

    /// The light tone of stripes and dots (the fill mixed 45 % towards white).
    public var tint: RGB { rgb.mixed(with: RGB(255, 255, 255), 0.45) }

    /// The colour whose adjective is `word`, if any.
    public init?(word: String) {
        guard let match = Self.allCases.first(where: { $0.word == word }) else { return nil }
        self = match
    }

    /// Palette order.
    public static func < (lhs: Colour, rhs: Colour) -> Bool { lhs.rawValue < rhs.rawValue }
}
