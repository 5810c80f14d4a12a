/// The pixel layout of an ``Image``, named after the Pillow mode it mirrors.
///
/// Loupe keeps the Pillow mode a decoder would produce because the reference pipelines behave
/// differently per mode: Pillow resizes `P` and `1` images with NEAREST whatever filter is asked
/// for, resizes `LA`/`RGBA` premultiplied, and `convert("RGB")` clamps 16-bit grey to 255.
///
/// | mode | Pillow | bytes per pixel | produced by |
/// |---|---|---|---|
/// | ``bilevel`` | `1` | 1 (0 or 255) | 1-bit grey PNG |
/// | ``luminance`` | `L` | 1 | greyscale JPEG, 2/4/8-bit grey PNG |
/// | ``luminanceAlpha`` | `LA` | 2 | 8-bit grey+alpha PNG |
/// | ``rgb`` | `RGB` | 3 | colour JPEG, 8/16-bit RGB PNG (16-bit keeps the high byte) |
/// | ``rgba`` | `RGBA` | 4 | RGBA PNG, 16-bit grey+alpha PNG (grey replicated) |
/// | ``palette`` | `P` | 1 (index) | palette PNG |
/// | ``luminance16`` | `I;16` | 2 (little-endian) | 16-bit grey PNG |
/// | ``cmyk`` | `CMYK` | 4 | CMYK/YCCK JPEG (Adobe polarity, as Pillow assumes) |
public enum PixelMode: String, Sendable, Hashable, CaseIterable {
    /// Pillow `1`: one byte per pixel holding 0 or 255.
    case bilevel = "1"
    /// Pillow `L`: 8-bit grey.
    case luminance = "L"
    /// Pillow `LA`: 8-bit grey and alpha.
    case luminanceAlpha = "LA"
    /// Pillow `RGB`: 8-bit red, green, blue.
    case rgb = "RGB"
    /// Pillow `RGBA`: 8-bit red, green, blue, alpha (not premultiplied).
    case rgba = "RGBA"
    /// Pillow `P`: 8-bit indices into the image's palette.
    case palette = "P"
    /// Pillow `I;16`: 16-bit grey, little-endian byte pairs.
    case luminance16 = "I;16"
    /// Pillow `CMYK`: 8-bit cyan, magenta, yellow, black.
    case cmyk = "CMYK"

    /// The Pillow name of the mode (`"RGB"`, `"I;16"`, …).
    public var pillowName: String { rawValue }

    /// Number of bytes one pixel occupies in ``Image/pixels``.
    public var bytesPerPixel: Int {
        switch self {
        case .bilevel, .luminance, .palette: 1
        case .luminanceAlpha, .luminance16: 2
        case .rgb: 3
        case .rgba, .cmyk: 4
        }
    }

    /// Number of 8-bit bands the resampler treats independently (`I;16` has no 8-bit bands).
    var bands8: Int {
        switch self {
        case .bilevel, .luminance, .palette: 1
        case .luminanceAlpha: 2
        case .rgb: 3
        case .rgba, .cmyk: 4
        case .luminance16: 0
        }
    }

    /// Whether the mode carries an alpha band.
    public var hasAlpha: Bool { self == .luminanceAlpha || self == .rgba }
}
