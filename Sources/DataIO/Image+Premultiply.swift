extension Image {
    /// Pillow `LA → La` / `RGBA → RGBa`: colour scaled by alpha with `MULDIV255`.
    func premultiplied() -> Image {
        precondition(mode.hasAlpha, "premultiplied() needs an alpha band")
        let bands = mode.bytesPerPixel
        var out = pixels
        out.withUnsafeMutableBufferPointer { px in
            for p in stride(from: 0, to: px.count, by: bands) {
                let alpha = Int(px[p + bands - 1])
                for c in 0 ..< bands - 1 {
                    px[p + c] = UInt8(truncatingIfNeeded: Self.mulDiv255(Int(px[p + c]), alpha))
                }
            }
        }
        return replacing(width: width, height: height, pixels: out)
    }

    /// Pillow `La → LA` / `RGBa → RGBA`: alpha 0 and 255 keep the colour, others divide
    /// `255 * c / alpha` (truncating) and clamp.
    func unpremultiplied() -> Image {
        precondition(mode.hasAlpha, "unpremultiplied() needs an alpha band")
        let bands = mode.bytesPerPixel
        var out = pixels
        out.withUnsafeMutableBufferPointer { px in
            for p in stride(from: 0, to: px.count, by: bands) {
                let alpha = Int(px[p + bands - 1])
                guard alpha != 0 && alpha != 255 else { continue }
                for c in 0 ..< bands - 1 {
                    px[p + c] = UInt8(min(255, 255 * Int(px[p + c]) / alpha))
                }
            }
        }
        return replacing(width: width, height: height, pixels: out)
    }
}
