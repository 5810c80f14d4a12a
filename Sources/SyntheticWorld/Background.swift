/// The pale background tints, named in dense captions.
public enum BackgroundTint: Int, CaseIterable, Sendable, Hashable, Codable {
    case white, gray, cream, paleBlue, paleGreen, palePink, lavender

    /// The caption words for the tint.
    public var words: String {
        switch self {
        case .white: "white"
        case .gray: "gray"
        case .cream: "cream"
        case .paleBlue: "pale blue"
        case .paleGreen: "pale green"
        case .palePink: "pale pink"
        case .lavender: "lavender"
        }
    }

    /// The tint colour.
    public var rgb: RGB {
        switch self {
        case .white: RGB(248, 248, 246)
        case .gray: RGB(210, 210, 210)
        case .cream: RGB(243, 236, 214)
        case .paleBlue: RGB(214, 228, 243)
        case .paleGreen: RGB(219, 238, 219)
        case .palePink: RGB(243, 222, 228)
        case .lavender: RGB(229, 224, 243)
        }
    }
}

/// How the background is painted.
public enum BackgroundStyle: Int, CaseIterable, Sendable, Hashable, Codable {
    /// One flat tint.
    case plain
    /// A linear ramp from the tint to a darker shade of it, in a random direction.
    case gradient
    /// The tint with light per-pixel grey noise.
    case speckled
}

/// A scene background: tint, style and the seeded parameters of the style.
public struct Background: Sendable, Hashable, Codable {
    /// The base tint.
    public var tint: BackgroundTint
    /// How the tint is painted.
    public var style: BackgroundStyle
    /// Gradient direction in radians (used by `.gradient`).
    public var angle: Double
    /// Seed of the speckle noise (used by `.speckled`).
    public var noiseSeed: UInt64

    /// Creates a background description.
    public init(tint: BackgroundTint, style: BackgroundStyle, angle: Double, noiseSeed: UInt64) {
        self.tint = tint
        self.style = style
        self.angle = angle
        self.noiseSeed = noiseSeed
    }

    /// The words before "background" in dense captions ("speckled pale blue").
    public var phrase: String {
        switch style {
        case .plain: tint.words
        case .gradient: tint.words + " gradient"
        case .speckled: "speckled " + tint.words
        }
    }
}
