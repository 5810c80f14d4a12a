import Foundation

/// Precomputed filter taps for one axis of a resize, as Pillow's `precompute_coeffs`.
///
/// For every output position the taps cover source indices `starts[i] ..< starts[i] + counts[i]`
/// with weights `weights[i * kernelSize ..< i * kernelSize + counts[i]]`, normalised to sum to 1.
/// ``fixedPoint`` holds the same weights as 8-bit-pipeline integers (22 fractional bits).
struct ResampleCoefficients: Sendable {
    /// Pillow's `PRECISION_BITS`: 32 − 8 − 2.
    static let precisionBits: Int32 = 22

    /// Taps reserved per output position (`ceil(support) * 2 + 1`).
    let kernelSize: Int
    /// First source index used by each output position.
    private(set) var starts: [Int]
    /// Number of source indices used by each output position.
    private(set) var counts: [Int]
    /// Normalised weights, `kernelSize` per output position (unused taps are 0).
    let weights: [Double]
    /// ``weights`` rounded half away from zero to `Int32` with ``precisionBits`` fraction bits.
    let fixedPoint: [Int32]

    /// Computes the taps that map `[in0, in1)` of an axis of `inSize` pixels onto `outSize`.
    ///
    /// - Parameters:
    ///   - inSize: Source length in pixels.
    ///   - in0: Start of the source region (Pillow's `box` value, a `float`).
    ///   - in1: End of the source region.
    ///   - outSize: Destination length in pixels.
    ///   - filter: The kernel; its support widens by the downscale factor (antialiasing).
    init(inSize: Int, in0: Float, in1: Float, outSize: Int, filter: ResampleFilter) {
        precondition(outSize >= 1 && inSize >= 1, "Resample sizes must be positive")
        // Pillow subtracts in float, then divides in double.
        let scale = Double(in1 - in0) / Double(outSize)
        let filterScale = max(scale, 1.0)
        let support = filter.support * filterScale
        let kernelSize = Int(ceil(support)) * 2 + 1
        let inverseScale = 1.0 / filterScale
        var weights = [Double](repeating: 0, count: outSize * kernelSize)
        var starts = [Int](repeating: 0, count: outSize)
        var counts = [Int](repeating: 0, count: outSize)
        for xx in 0 ..< outSize {
            let center = Double(in0) + (Double(xx) + 0.5) * scale
            let xmin = max(0, Int(center - support + 0.5))
            let xmax = min(inSize, Int(center + support + 0.5)) - xmin
            var total = 0.0
            let base = xx * kernelSize
            if xmax > 0 {
                for x in 0 ..< xmax {
                    let w = filter.weight((Double(x + xmin) - center + 0.5) * inverseScale)
                    weights[base + x] = w
                    total += w
                }
                if total != 0 {
                    for x in 0 ..< xmax { weights[base + x] /= total }
                }
            }
            starts[xx] = xmin
            counts[xx] = max(0, xmax)
        }
        self.kernelSize = kernelSize
        self.starts = starts
        self.counts = counts
        self.weights = weights
        let one = Double(1 << Self.precisionBits)
        self.fixedPoint = weights.map { w in
            w < 0 ? Int32(-0.5 + w * one) : Int32(0.5 + w * one)
        }
    }

    /// First source index any output position reads.
    var firstUsed: Int { starts[0] }
    /// One past the last source index any output position reads.
    var lastUsed: Int { starts[starts.count - 1] + counts[counts.count - 1] }

    /// Moves every start back by `offset` (the rows a previous pass skipped).
    mutating func shiftStarts(by offset: Int) {
        if offset == 0 { return }
        for i in starts.indices { starts[i] -= offset }
    }
}
