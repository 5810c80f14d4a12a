/// Pillow's `ImagingResampleHorizontal_16bpc` / `ImagingResampleVertical_16bpc` for `I;16`
/// (little-endian pairs, one band; `bands` is ignored).
enum Passes16: ResamplePasses {
    /// Pillow's `CLIP16(ROUND_UP(ss))`.
    @inline(__always)
    private static func round16(_ sum: Double) -> Int {
        let v = Int(sum >= 0 ? sum + 0.5 : sum - 0.5)
        return v <= 0 ? 0 : (v < 65536 ? v : 65535)
    }

    static func horizontal(
        _ image: Resampler.Raster, bands: Int, rows: Range<Int>,
        coefficients: ResampleCoefficients
    ) -> Resampler.Raster {
        let outWidth = coefficients.starts.count
        var out = [UInt8](repeating: 0, count: outWidth * 2 * rows.count)
        let ksize = coefficients.kernelSize
        for (yy, y) in rows.enumerated() {
            let line = y * image.width * 2
            for xx in 0 ..< outWidth {
                var sum = 0.0
                for t in 0 ..< coefficients.counts[xx] {
                    let at = line + (coefficients.starts[xx] + t) * 2
                    let value = Int(image.pixels[at]) + Int(image.pixels[at + 1]) << 8
                    sum += Double(value) * coefficients.weights[xx * ksize + t]
                }
                let v = round16(sum)
                out[(yy * outWidth + xx) * 2] = UInt8(v & 0xFF)
                out[(yy * outWidth + xx) * 2 + 1] = UInt8(v >> 8)
            }
        }
        return .init(width: outWidth, height: rows.count, pixels: out)
    }

    static func vertical(
        _ image: Resampler.Raster, bands: Int, height: Int, coefficients: ResampleCoefficients
    ) -> Resampler.Raster {
        let width = image.width
        var out = [UInt8](repeating: 0, count: width * 2 * height)
        let ksize = coefficients.kernelSize
        for yy in 0 ..< height {
            for xx in 0 ..< width {
                var sum = 0.0
                for t in 0 ..< coefficients.counts[yy] {
                    let at = ((coefficients.starts[yy] + t) * width + xx) * 2
                    let value = Int(image.pixels[at]) + Int(image.pixels[at + 1]) << 8
                    sum += Double(value) * coefficients.weights[yy * ksize + t]
                }
                let v = round16(sum)
                out[(yy * width + xx) * 2] = UInt8(v & 0xFF)
                out[(yy * width + xx) * 2 + 1] = UInt8(v >> 8)
            }
        }
        return .init(width: width, height: height, pixels: out)
    }
}
