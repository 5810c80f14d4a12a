extension Image {
    /// Pillow's `convert("RGB")` for every mode: grey is replicated, alpha dropped (the stored
    /// colour under transparent pixels shows through), palette indices looked up, `I;16` clamped
    /// to 255 (`I16_RGB`), CMYK converted with `cmyk2rgb`. ``transparency`` is dropped.
    public func convertedToRGB() -> Image {
        if mode == .rgb {
            return transparency == nil
                ? self : Image(width: width, height: height, mode: .rgb, pixels: pixels)
        }
        let count = width * height
        var out = [UInt8](repeating: 0, count: count * 3)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0 ..< count {
                    let (r, g, b) = rgb(at: p, src)
                    dst[3 * p] = r
                    dst[3 * p + 1] = g
                    dst[3 * p + 2] = b
                }
            }
        }
        return Image(width: width, height: height, mode: .rgb, pixels: out)
    }

    /// Pillow's `convert("RGBA")`, including `tRNS` handling: palette alpha is looked up, and a
    /// colour key (compared, as Pillow does, by its low byte against the converted RGB value)
    /// makes matching pixels transparent.
    public func convertedToRGBA() -> Image {
        if mode == .rgba { return self }
        let count = width * height
        var out = [UInt8](repeating: 0, count: count * 4)
        var paletteAlpha = [UInt8](repeating: 255, count: 256)
        var key: (UInt8, UInt8, UInt8)? = nil
        switch transparency {
        case .paletteAlpha(let alpha) where mode == .palette:
            for (i, a) in alpha.prefix(256).enumerated() { paletteAlpha[i] = a }
        case .colourKey(let values) where values.count == 1 && mode != .rgb:
            let v = UInt8(truncatingIfNeeded: values[0])
            key = (v, v, v)
        case .colourKey(let values) where values.count == 3 && mode == .rgb:
            key = (
                UInt8(truncatingIfNeeded: values[0]), UInt8(truncatingIfNeeded: values[1]),
                UInt8(truncatingIfNeeded: values[2])
            )
        default: break
        }
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0 ..< count {
                    let (r, g, b) = rgb(at: p, src)
                    var a: UInt8 =
                        switch mode {
                        case .luminanceAlpha: src[2 * p + 1]
                        case .palette: paletteAlpha[Int(src[p])]
                        default: 255
                        }
                    if let key, key.0 == r, key.1 == g, key.2 == b { a = 0 }
                    dst[4 * p] = r
                    dst[4 * p + 1] = g
                    dst[4 * p + 2] = b
                    dst[4 * p + 3] = a
                }
            }
        }
        return Image(width: width, height: height, mode: .rgba, pixels: out)
    }

    /// transformers 5.x `convert_to_rgb`: images with an alpha band or a `transparency` entry
    /// are converted to RGBA and alpha-composited onto opaque white (Pillow's integer
    /// `alpha_composite`); all others are simply ``convertedToRGB()``.
    public func convertedToRGBOnWhite() -> Image {
        guard mode.hasAlpha || transparency != nil else { return convertedToRGB() }
        let rgba = convertedToRGBA()
        let count = width * height
        var out = [UInt8](repeating: 0, count: count * 3)
        rgba.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0 ..< count {
                    let alpha = UInt32(src[4 * p + 3])
                    for c in 0 ..< 3 {
                        dst[3 * p + c] = Self.compositeOnWhite(UInt32(src[4 * p + c]), alpha)
                    }
                }
            }
        }
        return Image(width: width, height: height, mode: .rgb, pixels: out)
    }

    /// Pillow `ImagingAlphaComposite` for one colour sample over an opaque white destination.
    private static func compositeOnWhite(_ source: UInt32, _ alpha: UInt32) -> UInt8 {
        if alpha == 0 { return 255 }
        let precision: UInt32 = 7
        let destination: UInt32 = 255
        let blend = 255 * (255 - alpha)
        let outAlpha255 = alpha * 255 + blend
        let coef1 = alpha * 255 * 255 * (1 << precision) / outAlpha255
        let coef2 = 255 * (1 << precision) - coef1
        let sum = source * coef1 + destination * coef2 + (0x80 << precision)
        return UInt8(truncatingIfNeeded: (((sum >> 8) + sum) >> 8) >> precision)
    }

    /// The RGB value of pixel `p` as Pillow's per-mode `…2rgb` converters compute it.
    @inline(__always)
    private func rgb(at p: Int, _ src: UnsafeBufferPointer<UInt8>) -> (UInt8, UInt8, UInt8) {
        switch mode {
        case .bilevel, .luminance:
            let v = src[p]
            return (v, v, v)
        case .luminanceAlpha:
            let v = src[2 * p]
            return (v, v, v)
        case .rgb:
            return (src[3 * p], src[3 * p + 1], src[3 * p + 2])
        case .rgba:
            return (src[4 * p], src[4 * p + 1], src[4 * p + 2])
        case .palette:
            let i = Int(src[p]) * 3
            return (palette[i], palette[i + 1], palette[i + 2])
        case .luminance16:
            let v = src[2 * p + 1] == 0 ? src[2 * p] : 255
            return (v, v, v)
        case .cmyk:
            let nk = 255 - Int(src[4 * p + 3])
            func channel(_ c: Int) -> UInt8 {
                UInt8(clamping: nk - Self.mulDiv255(Int(src[4 * p + c]), nk))
            }
            return (channel(0), channel(1), channel(2))
        }
    }

    /// Pillow's `MULDIV255(a, b)`: `a * b / 255` rounded, in integers.
    @inline(__always)
    static func mulDiv255(_ a: Int, _ b: Int) -> Int {
        let t = a * b + 128
        return ((t >> 8) + t) >> 8
    }
}
