import Foundation

/// Turns decoded images into normalised CLIP input tensors, reproducing either the
/// OpenAI/OpenCLIP (torchvision on PIL) or the transformers `CLIPImageProcessorPil` pipeline.
///
/// Output is `[Float]` in CHW order, `3 × height × width`, channel order R, G, B.
public struct Preprocessor: Sendable {
    /// The pipeline settings.
    public let config: PreprocessConfig

    /// Creates a preprocessor.
    public init(config: PreprocessConfig = .openAI) {
        self.config = config
    }

    /// Resizes, crops/pads and converts an image to RGB, stopping before normalisation.
    ///
    /// - Returns: An 8-bit ``PixelMode/rgb`` image of the output size.
    public func preparedImage(_ image: Image) -> Image {
        var working = config.colourOrder == .convertFirst ? image.convertedToRGBOnWhite() : image
        working = resize(working)
        working = cropOrPad(working)
        return config.colourOrder == .convertLast ? working.convertedToRGB() : working
    }

    /// The normalised `[3, height, width]` tensor for an image, flattened in C order.
    public func callAsFunction(_ image: Image) -> [Float] {
        normalise(preparedImage(image))
    }

    /// Decodes a file and returns its normalised tensor.
    ///
    /// - Throws: ``ImageDecodingError`` naming the file.
    public func pixels(
        contentsOf url: URL, options: ImageDecodingOptions = ImageDecodingOptions()
    ) throws -> [Float] {
        self(try ImageDecoder.decode(contentsOf: url, options: options))
    }

    /// Output width and height for an input size.
    public func outputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        switch config.resizeMode {
        case .shortest where !config.centerCrop:
            return resizedSize(width: width, height: height)
        default:
            return (config.imageSize, config.imageSize)
        }
    }

    /// The size after the resize step, as torchvision / transformers / open_clip compute it.
    func resizedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        switch config.resizeMode {
        case .squash:
            return (config.shortestEdge, config.shortestEdge)
        case .shortest:
            // torchvision `_compute_resized_output_size`: int(S * long / short), truncated.
            let s = config.shortestEdge
            let (short, long) = width <= height ? (width, height) : (height, width)
            let newLong = Int(Double(s * long) / Double(short))
            return width <= height ? (s, newLong) : (newLong, s)
        case .longest:
            // open_clip `ResizeKeepRatio(longest=1)`: round(side / max ratio), half to even.
            let target = Double(config.imageSize)
            let ratio = max(Double(height) / target, Double(width) / target)
            let h = Int((Double(height) / ratio).rounded(.toNearestOrEven))
            let w = Int((Double(width) / ratio).rounded(.toNearestOrEven))
            return (w, h)
        }
    }

    private func resize(_ image: Image) -> Image {
        let size = resizedSize(width: image.width, height: image.height)
        return image.resized(width: size.width, height: size.height, filter: config.interpolation)
    }

    private func cropOrPad(_ image: Image) -> Image {
        let needsCrop =
            switch config.resizeMode {
            case .shortest: config.centerCrop
            case .longest: true
            case .squash: config.centerCrop && config.imageSize != config.shortestEdge
            }
        guard needsCrop else { return image }
        let size = config.imageSize
        let x = offset(image.width, size)
        let y = offset(image.height, size)
        return image.cropped(x: x, y: y, width: size, height: size, fillPixel: fillPixel(image))
    }

    /// Left/top source offset of a centred window of `size` over `length` (negative = pad).
    private func offset(_ length: Int, _ size: Int) -> Int {
        switch config.cropRounding {
        case .roundHalfEven:
            // torchvision pads (extra pixel after), then crops at int(round((H − S) / 2)).
            if size > length { return -((size - length) / 2) }
            return Int((Double(length - size) / 2).rounded(.toNearestOrEven))
        case .floor:
            return Int((Double(length - size) / 2).rounded(.down))
        }
    }

    /// torchvision `pad(fill=f)`: every band set to `f` (for `I;16` a 16-bit value).
    private func fillPixel(_ image: Image) -> [UInt8] {
        let fill = config.resizeMode == .longest ? config.fill : 0
        if image.mode == .luminance16 {
            return [UInt8(truncatingIfNeeded: fill), UInt8(truncatingIfNeeded: fill >> 8)]
        }
        return [UInt8](repeating: UInt8(clamping: fill), count: image.mode.bytesPerPixel)
    }

    /// ToTensor + Normalize of an RGB image, in the same float operations as the reference.
    public func normalise(_ image: Image) -> [Float] {
        precondition(image.mode == .rgb, "normalise expects RGB")
        let count = image.width * image.height
        var out = [Float](repeating: 0, count: 3 * count)
        var table = [[Float]](repeating: [], count: 3)
        for c in 0 ..< 3 {
            let mean = config.mean[c]
            let std = config.std[c]
            table[c] = (0 ... 255).map { v in
                let scaled: Float =
                    switch config.rescale {
                    case .toTensor: Float(v) / 255
                    case .factor(let factor): Float(Double(v) * factor)
                    }
                return (scaled - mean) / std
            }
        }
        image.pixels.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { dst in
                for c in 0 ..< 3 {
                    let lookup = table[c]
                    for p in 0 ..< count { dst[c * count + p] = lookup[Int(px[3 * p + c])] }
                }
            }
        }
        return out
    }
}
