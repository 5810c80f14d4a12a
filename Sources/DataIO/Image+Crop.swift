extension Image {
    /// Returns the rectangle at `(x, y)` of the given size; parts outside the image are filled
    /// with `fill` in every byte (0, as Pillow's `crop` and torchvision's `pad(fill=0)` do; for
    /// palette images this is the palette index).
    ///
    /// - Parameters:
    ///   - x: Left edge (may be negative).
    ///   - y: Top edge (may be negative).
    ///   - width: Output width (≥ 1).
    ///   - height: Output height (≥ 1).
    ///   - fill: Byte written outside the source.
    /// - Returns: A `width` × `height` image in the same mode.
    public func cropped(x: Int, y: Int, width: Int, height: Int, fill: UInt8 = 0) -> Image {
        cropped(
            x: x, y: y, width: width, height: height,
            fillPixel: [UInt8](repeating: fill, count: mode.bytesPerPixel))
    }

    /// ``cropped(x:y:width:height:fill:)`` with a whole pixel (`bytesPerPixel` bytes) as fill.
    func cropped(x: Int, y: Int, width: Int, height: Int, fillPixel: [UInt8]) -> Image {
        precondition(width >= 1 && height >= 1, "Crop size must be positive")
        precondition(fillPixel.count == mode.bytesPerPixel, "fill must be one pixel")
        if x == 0 && y == 0 && width == self.width && height == self.height { return self }
        let bpp = mode.bytesPerPixel
        var out = [UInt8](repeating: 0, count: width * height * bpp)
        if fillPixel.contains(where: { $0 != 0 }) {
            for p in 0 ..< width * height {
                for b in 0 ..< bpp { out[p * bpp + b] = fillPixel[b] }
            }
        }
        let left = max(0, x)
        let right = min(self.width, x + width)
        if right > left {
            let bytes = (right - left) * bpp
            for row in max(0, y) ..< min(self.height, y + height) {
                let from = row * rowBytes + left * bpp
                let to = ((row - y) * width + (left - x)) * bpp
                out.replaceSubrange(to ..< to + bytes, with: pixels[from ..< from + bytes])
            }
        }
        return replacing(width: width, height: height, pixels: out)
    }
}
