/// Separable two-pass resampling, a port of Pillow 13 `ImagingResampleInner` and its 8-bit
/// and 16-bit passes (`src/libImaging/Resample.c`).
///
/// - 8-bit bands use fixed-point weights (22 fraction bits), start each sum at ½, and clamp
///   `sum >> 22` to 0…255 after *each* pass, so the intermediate image is uint8 as in Pillow.
/// - `I;16` uses double weights, rounds half away from zero and clamps to 0…65535 per pass.
/// - The horizontal pass runs first, over only the source rows the vertical pass will read,
///   unless the height shrinks by more than twice as many pixels as the width (then vertical
///   runs first), exactly as Pillow decides.
enum Resampler {
    /// The source region of a resize (Pillow's `box`), in source pixels.
    struct Region {
        var x0: Float
        var y0: Float
        var x1: Float
        var y1: Float
    }

    /// A plain raster the passes read and write.
    struct Raster {
        var width: Int
        var height: Int
        var pixels: [UInt8]
    }

    /// Resamples `source` (interleaved 8-bit bands, or 16-bit little-endian when `sixteenBit`).
    static func resample(
        _ source: Raster, bands: Int, sixteenBit: Bool, width: Int, height: Int,
        region: Region, filter: ResampleFilter
    ) -> Raster {
        let needHorizontal =
            width != source.width || region.x0 != 0 || region.x1 != Float(width)
        let needVertical =
            height != source.height || region.y0 != 0 || region.y1 != Float(height)
        let horizontalFirst =
            !((source.height - height) > 0
            && (source.height - height) > (source.width - width) * 2)
        var vertical: ResampleCoefficients? = nil
        if (needHorizontal && horizontalFirst) || needVertical {
            vertical = ResampleCoefficients(
                inSize: source.height, in0: region.y0, in1: region.y1, outSize: height,
                filter: filter)
        }
        var firstRow = 0
        var lastRow = source.height
        var horizontal: ResampleCoefficients? = nil
        if needHorizontal {
            if horizontalFirst, var coefficients = vertical {
                firstRow = coefficients.firstUsed
                lastRow = coefficients.lastUsed
                coefficients.shiftStarts(by: firstRow)
                vertical = coefficients
            }
            horizontal = ResampleCoefficients(
                inSize: source.width, in0: region.x0, in1: region.x1, outSize: width,
                filter: filter)
        }
        var image = source
        let pass: any ResamplePasses.Type = sixteenBit ? Passes16.self : Passes8.self
        if horizontalFirst {
            if let horizontal {
                image = pass.horizontal(
                    image, bands: bands, rows: firstRow ..< lastRow, coefficients: horizontal)
            }
            if needVertical, let vertical {
                image = pass.vertical(image, bands: bands, height: height, coefficients: vertical)
            }
        } else {
            if needVertical, let vertical {
                image = pass.vertical(image, bands: bands, height: height, coefficients: vertical)
            }
            if let horizontal {
                image = pass.horizontal(
                    image, bands: bands, rows: 0 ..< image.height, coefficients: horizontal)
            }
        }
        return image
    }
}

/// One pair of horizontal and vertical passes.
protocol ResamplePasses {
    /// Resamples each row of `rows` to `coefficients`' output width.
    static func horizontal(
        _ image: Resampler.Raster, bands: Int, rows: Range<Int>,
        coefficients: ResampleCoefficients
    ) -> Resampler.Raster
    /// Resamples each column to `height` rows.
    static func vertical(
        _ image: Resampler.Raster, bands: Int, height: Int, coefficients: ResampleCoefficients
    ) -> Resampler.Raster
}
