/// A decoded raster image: row-major, interleaved pixels in a Pillow-equivalent ``PixelMode``.
///
/// `Image` is a plain value type with no tensor dependency. Pixels are stored top row first,
/// each pixel's bytes contiguous (`RGBRGB…`, `LALA…`, palette indices, or little-endian 16-bit
/// pairs for ``PixelMode/luminance16``).
public struct Image: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Pixel layout.
    public let mode: PixelMode
    /// `height * width * mode.bytesPerPixel` bytes, row-major and interleaved.
    public let pixels: [UInt8]
    /// For ``PixelMode/palette`` images: 256 RGB entries (768 bytes); entries the file did not
    /// define are black. Empty for every other mode.
    public let palette: [UInt8]
    /// Transparency that is not an alpha band (PNG `tRNS`), as Pillow's `info["transparency"]`.
    public let transparency: Transparency?

    /// Creates an image, checking that the buffers match the geometry.
    ///
    /// - Parameters:
    ///   - width: Width in pixels (≥ 1).
    ///   - height: Height in pixels (≥ 1).
    ///   - mode: Pixel layout.
    ///   - pixels: `height * width * mode.bytesPerPixel` bytes.
    ///   - palette: Up to 256 RGB triples for palette images (padded with black to 768 bytes).
    ///   - transparency: Optional colour key or palette alpha.
    public init(
        width: Int, height: Int, mode: PixelMode, pixels: [UInt8], palette: [UInt8] = [],
        transparency: Transparency? = nil
    ) {
        precondition(width >= 1 && height >= 1, "Image size must be positive: \(width)×\(height)")
        precondition(
            pixels.count == width * height * mode.bytesPerPixel,
            "Image \(width)×\(height) \(mode.pillowName) needs "
                + "\(width * height * mode.bytesPerPixel) bytes, got \(pixels.count)")
        if mode == .palette {
            precondition(palette.count <= 768 && palette.count % 3 == 0, "Palette must be RGB")
            self.palette = palette + [UInt8](repeating: 0, count: 768 - palette.count)
        } else {
            precondition(palette.isEmpty, "Only palette images carry a palette")
            self.palette = []
        }
        self.width = width
        self.height = height
        self.mode = mode
        self.pixels = pixels
        self.transparency = transparency
    }

    /// Number of bytes in one row of ``pixels``.
    public var rowBytes: Int { width * mode.bytesPerPixel }

    /// Returns a copy with other pixels and size but the same palette and transparency.
    func replacing(width: Int, height: Int, pixels: [UInt8]) -> Image {
        Image(
            width: width, height: height, mode: mode, pixels: pixels, palette: palette,
            transparency: transparency)
    }
}

/// Transparency stored outside an alpha band, as PNG `tRNS` describes it.
public enum Transparency: Sendable, Equatable {
    /// Palette images: the alpha of each palette index (indices past the end are opaque).
    case paletteAlpha([UInt8])
    /// Grey or RGB images: pixels equal to this sample value (one per band) are transparent.
    /// Values are in the file's sample units, as Pillow keeps them (16-bit files keep 16-bit keys).
    case colourKey([Int])
}
