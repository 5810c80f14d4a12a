import CPNG

/// How one PNG (colour type, bit depth, `tRNS`) is read through libpng and presented as Pillow.
struct PNGLayout {
    /// The Pillow mode of the result.
    let mode: PixelMode
    /// The `png_image.format` requested from libpng.
    let libpngFormat: UInt32
    /// Samples per pixel in libpng's output.
    let libpngChannels: Int

    /// Whether libpng writes 16-bit linear samples.
    var isLinear: Bool { libpngFormat & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0 }
    /// Whether libpng writes palette indices.
    var isColourMapped: Bool { libpngFormat & UInt32(PNG_FORMAT_FLAG_COLORMAP) != 0 }

    init(chunks: PNGChunks, name: String) throws {
        let depth = chunks.bitDepth
        let keyed = chunks.transparency != nil
        let alpha = UInt32(PNG_FORMAT_FLAG_ALPHA)
        let linear = UInt32(PNG_FORMAT_FLAG_LINEAR)
        let colour = UInt32(PNG_FORMAT_FLAG_COLOR)
        switch (chunks.colourType, depth) {
        case (0, 1), (0, 2), (0, 4), (0, 8):
            mode = depth == 1 ? .bilevel : .luminance
            libpngFormat = keyed ? alpha : 0
        case (0, 16):
            mode = .luminance16
            libpngFormat = linear | (keyed ? alpha : 0)
        case (2, 8):
            mode = .rgb
            libpngFormat = colour | (keyed ? alpha : 0)
        case (2, 16):
            mode = .rgb
            libpngFormat = colour | linear | (keyed ? alpha : 0)
        case (3, 1), (3, 2), (3, 4), (3, 8):
            mode = .palette
            libpngFormat = UInt32(PNG_FORMAT_FLAG_COLORMAP) | colour | (keyed ? alpha : 0)
        case (4, 8):
            mode = .luminanceAlpha
            libpngFormat = alpha
        case (4, 16):
            mode = .rgba
            libpngFormat = linear | alpha
        case (6, 8):
            mode = .rgba
            libpngFormat = colour | alpha
        case (6, 16):
            mode = .rgba
            libpngFormat = colour | linear | alpha
        default:
            throw ImageDecodingError.corruptData(
                path: name,
                reason: "invalid colour type \(chunks.colourType) with bit depth \(depth)")
        }
        if libpngFormat & UInt32(PNG_FORMAT_FLAG_COLORMAP) != 0 {
            libpngChannels = 1
        } else {
            libpngChannels =
                (libpngFormat & colour != 0 ? 3 : 1) + (libpngFormat & alpha != 0 ? 1 : 0)
        }
    }

    /// Converts libpng's output buffer to Pillow's representation.
    func makeImage(samples: [UInt8], chunks: PNGChunks) -> Image {
        let pixelCount = chunks.width * chunks.height
        let pixels: [UInt8]
        if isLinear {
            let values = samples.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
            pixels = linearPixels(values, pixelCount: pixelCount, chunks: chunks)
        } else if libpngChannels == mode.bytesPerPixel || mode == .palette {
            pixels = samples
        } else {
            // A tRNS key was expanded to alpha: drop it again (colours are not premultiplied).
            let keep = mode.bytesPerPixel
            pixels = Self.dropLastChannel(samples, channels: libpngChannels, keep: keep)
        }
        return Image(
            width: chunks.width, height: chunks.height, mode: mode, pixels: pixels,
            palette: mode == .palette ? Array(chunks.palette.prefix(768)) : [],
            transparency: transparency(chunks))
    }

    private func transparency(_ chunks: PNGChunks) -> Transparency? {
        guard let bytes = chunks.transparency else { return nil }
        switch mode {
        case .palette:
            return .paletteAlpha(bytes)
        case .bilevel, .luminance, .luminance16:
            guard bytes.count >= 2 else { return nil }
            let key = Int(bytes[0]) << 8 | Int(bytes[1])
            return .colourKey([mode == .bilevel ? (key != 0 ? 255 : 0) : key])
        case .rgb:
            guard bytes.count >= 6 else { return nil }
            return .colourKey((0 ..< 3).map { Int(bytes[2 * $0]) << 8 | Int(bytes[2 * $0 + 1]) })
        default:
            return nil
        }
    }

    /// 16-bit output: I;16 keeps the values; everything else keeps the high byte (Pillow).
    private func linearPixels(
        _ values: [UInt16], pixelCount: Int, chunks: PNGChunks
    ) -> [UInt8] {
        let channels = libpngChannels
        let hasAlpha = libpngFormat & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        let colourChannels = hasAlpha ? channels - 1 : channels
        let key: [Int] =
            if case .colourKey(let key) = transparency(chunks) { key } else { [] }
        let outChannels = mode.bytesPerPixel
        var out = [UInt8](repeating: 0, count: pixelCount * outChannels)
        for p in 0 ..< pixelCount {
            let base = p * channels
            let a = hasAlpha ? Int(values[base + channels - 1]) : 65535
            // Undo libpng's premultiplication; alpha 0 keeps the tRNS key (or black).
            func sample(_ c: Int) -> Int {
                let v = Int(values[base + c])
                if a == 65535 { return v }
                if a == 0 { return key.count == colourChannels ? key[c] : 0 }
                return min(65535, (v * 65535 + a / 2) / a)
            }
            switch mode {
            case .luminance16:
                let v = sample(0)
                out[2 * p] = UInt8(v & 0xFF)
                out[2 * p + 1] = UInt8(v >> 8)
            case .rgb:
                for c in 0 ..< 3 { out[3 * p + c] = UInt8(sample(c) >> 8) }
            case .rgba:
                for c in 0 ..< 3 {
                    out[4 * p + c] = UInt8(sample(colourChannels == 1 ? 0 : c) >> 8)
                }
                out[4 * p + 3] = UInt8(a >> 8)
            default:
                preconditionFailure("no 16-bit layout for \(mode)")
            }
        }
        return out
    }

    private static func dropLastChannel(_ samples: [UInt8], channels: Int, keep: Int) -> [UInt8] {
        let count = samples.count / channels
        var out = [UInt8](repeating: 0, count: count * keep)
        for p in 0 ..< count {
            for c in 0 ..< keep { out[p * keep + c] = samples[p * channels + c] }
        }
        return out
    }
}
