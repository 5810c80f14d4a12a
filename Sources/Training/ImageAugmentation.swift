import DataIO
import Foundation

/// Training-time image pipeline: decode, optional random resized crop and flip, then resize to
/// the model's size and normalise with the checkpoint's mean and std.
public struct ImageAugmentation: Sendable {
    public var preprocess: PreprocessConfig
    /// Area fraction range of the random crop (torchvision `RandomResizedCrop` scale); `nil`
    /// means the deterministic evaluation transform.
    public var cropScale: ClosedRange<Double>?
    public var horizontalFlip: Bool
    public var decoding = ImageDecodingOptions()

    public init(preprocess: PreprocessConfig, cropScale: ClosedRange<Double>?, horizontalFlip: Bool) {
        self.preprocess = preprocess
        self.cropScale = cropScale
        self.horizontalFlip = horizontalFlip
    }

    /// `[3, S, S]` normalised pixels of `url`, augmented with `rng`.
    public func pixels<G: RandomNumberGenerator>(_ url: URL, rng: inout G) throws -> [Float] {
        let preprocessor = Preprocessor(config: preprocess)
        var image = try ImageDecoder.decode(contentsOf: url, options: decoding).convertedToRGB()
        guard let scale = cropScale else { return preprocessor(image) }
        // RandomResizedCrop (ratio 3/4–4/3), up to 10 tries, else the whole image.
        let (w, h) = (Double(image.width), Double(image.height))
        var box = (x: 0, y: 0, width: image.width, height: image.height)
        for _ in 0..<10 {
            let area = w * h * Double.random(in: scale, using: &rng)
            let ratio = Foundation.exp(Double.random(in: Foundation.log(3.0 / 4)...Foundation.log(4.0 / 3), using: &rng))
            let cw = Int((area * ratio).squareRoot().rounded()), ch = Int((area / ratio).squareRoot().rounded())
            if cw >= 1, ch >= 1, cw <= image.width, ch <= image.height {
                box = (Int.random(in: 0...(image.width - cw), using: &rng), Int.random(in: 0...(image.height - ch), using: &rng), cw, ch)
                break
            }
        }
        let size = preprocess.imageSize
        image = image.cropped(x: box.x, y: box.y, width: box.width, height: box.height)
            .resized(width: size, height: size, filter: preprocess.interpolation)
        if horizontalFlip && Bool.random(using: &rng) { image = image.flippedHorizontally() }
        return preprocessor.normalise(image)
    }
}

extension Image {
    /// The image mirrored left to right.
    func flippedHorizontally() -> Image {
        let bpp = mode.bytesPerPixel
        var flipped = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            for x in 0..<width {
                let src = (y * width + (width - 1 - x)) * bpp, dst = (y * width + x) * bpp
                for c in 0..<bpp { flipped[dst + c] = pixels[src + c] }
            }
        }
        return Image(width: width, height: height, mode: mode, pixels: flipped, palette: palette,
                     transparency: transparency)
    }
}
