extension Image {
    /// Returns the image turned upright according to an EXIF orientation, exactly as Pillow's
    /// `ImageOps.exif_transpose` rearranges pixels (palette and transparency are kept).
    public func applyingOrientation(_ orientation: EXIFOrientation) -> Image {
        if orientation == .up { return self }
        let outWidth = orientation.swapsDimensions ? height : width
        let outHeight = orientation.swapsDimensions ? width : height
        let bpp = mode.bytesPerPixel
        var out = [UInt8](repeating: 0, count: pixels.count)
        let (w, h) = (width, height)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0 ..< outHeight {
                    for x in 0 ..< outWidth {
                        let (sx, sy): (Int, Int)
                        switch orientation {
                        case .up: (sx, sy) = (x, y)
                        case .upMirrored: (sx, sy) = (w - 1 - x, y)
                        case .down: (sx, sy) = (w - 1 - x, h - 1 - y)
                        case .downMirrored: (sx, sy) = (x, h - 1 - y)
                        case .leftMirrored: (sx, sy) = (y, x)
                        case .right: (sx, sy) = (y, h - 1 - x)
                        case .rightMirrored: (sx, sy) = (w - 1 - y, h - 1 - x)
                        case .left: (sx, sy) = (w - 1 - y, x)
                        }
                        let from = (sy * w + sx) * bpp
                        let to = (y * outWidth + x) * bpp
                        for b in 0 ..< bpp { dst[to + b] = src[from + b] }
                    }
                }
            }
        }
        return replacing(width: outWidth, height: outHeight, pixels: out)
    }
}
