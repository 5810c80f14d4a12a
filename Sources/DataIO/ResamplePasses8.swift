/// Pillow's `ImagingResampleHorizontal_8bpc` / `ImagingResampleVertical_8bpc`.
enum Passes8: ResamplePasses {
    private static let half: Int32 = 1 << (ResampleCoefficients.precisionBits - 1)

    /// Pillow's `clip8`: `sum >> PRECISION_BITS` clamped to a byte.
    @inline(__always)
    private static func clip8(_ sum: Int32) -> UInt8 {
        let v = sum >> ResampleCoefficients.precisionBits
        return v <= 0 ? 0 : (v >= 255 ? 255 : UInt8(truncatingIfNeeded: v))
    }

    static func horizontal(
        _ image: Resampler.Raster, bands: Int, rows: Range<Int>,
        coefficients: ResampleCoefficients
    ) -> Resampler.Raster {
        let outWidth = coefficients.starts.count
        let inRow = image.width * bands
        let outRow = outWidth * bands
        var out = [UInt8](repeating: 0, count: outRow * rows.count)
        let ksize = coefficients.kernelSize
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                coefficients.fixedPoint.withUnsafeBufferPointer { kk in
                    coefficients.starts.withUnsafeBufferPointer { starts in
                        coefficients.counts.withUnsafeBufferPointer { counts in
                            for (yy, y) in rows.enumerated() {
                                let line = UnsafeBufferPointer(rebasing: src[(y * inRow)...])
                                let target = UnsafeMutableBufferPointer(
                                    rebasing: dst[(yy * outRow) ..< ((yy + 1) * outRow)])
                                for xx in 0 ..< outWidth {
                                    let k = UnsafeBufferPointer(rebasing: kk[(xx * ksize)...])
                                    convolve(
                                        line, from: starts[xx], taps: counts[xx], weights: k,
                                        bands: bands, into: target, at: xx * bands)
                                }
                            }
                        }
                    }
                }
            }
        }
        return .init(width: outWidth, height: rows.count, pixels: out)
    }

    /// One output pixel of the horizontal pass; 1, 3 and 4 bands keep their sums in registers.
    @inline(__always)
    private static func convolve(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int, taps: Int,
        weights: UnsafeBufferPointer<Int32>, bands: Int,
        into target: UnsafeMutableBufferPointer<UInt8>,
        at offset: Int
    ) {
        var at = start * bands
        switch bands {
        case 1:
            var s0 = half
            for t in 0 ..< taps { s0 &+= Int32(line[start + t]) &* weights[t] }
            target[offset] = clip8(s0)
        case 3:
            var (s0, s1, s2) = (half, half, half)
            for t in 0 ..< taps {
                let w = weights[t]
                s0 &+= Int32(line[at]) &* w
                s1 &+= Int32(line[at + 1]) &* w
                s2 &+= Int32(line[at + 2]) &* w
                at += 3
            }
            target[offset] = clip8(s0)
            target[offset + 1] = clip8(s1)
            target[offset + 2] = clip8(s2)
        case 4:
            var (s0, s1, s2, s3) = (half, half, half, half)
            for t in 0 ..< taps {
                let w = weights[t]
                s0 &+= Int32(line[at]) &* w
                s1 &+= Int32(line[at + 1]) &* w
                s2 &+= Int32(line[at + 2]) &* w
                s3 &+= Int32(line[at + 3]) &* w
                at += 4
            }
            target[offset] = clip8(s0)
            target[offset + 1] = clip8(s1)
            target[offset + 2] = clip8(s2)
            target[offset + 3] = clip8(s3)
        default:
            for c in 0 ..< bands {
                var sum = half
                var position = at + c
                for t in 0 ..< taps {
                    sum &+= Int32(line[position]) &* weights[t]
                    position += bands
                }
                target[offset + c] = clip8(sum)
            }
        }
    }

    static func vertical(
        _ image: Resampler.Raster, bands: Int, height: Int, coefficients: ResampleCoefficients
    ) -> Resampler.Raster {
        let row = image.width * bands
        var out = [UInt8](repeating: 0, count: row * height)
        var sums = [Int32](repeating: 0, count: row)
        let ksize = coefficients.kernelSize
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                sums.withUnsafeMutableBufferPointer { acc in
                    coefficients.fixedPoint.withUnsafeBufferPointer { kk in
                        for yy in 0 ..< height {
                            let start = coefficients.starts[yy]
                            let count = coefficients.counts[yy]
                            for i in 0 ..< row { acc[i] = half }
                            for t in 0 ..< count {
                                let w = kk[yy * ksize + t]
                                let line = (start + t) * row
                                for i in 0 ..< row { acc[i] &+= Int32(src[line + i]) &* w }
                            }
                            let target = yy * row
                            for i in 0 ..< row { dst[target + i] = clip8(acc[i]) }
                        }
                    }
                }
            }
        }
        return .init(width: image.width, height: height, pixels: out)
    }
}
