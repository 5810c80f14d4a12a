import Foundation
import TensorCore
import Testing

@Suite("Seeded random initialisation")
struct RandomTests {
    func moments(_ t: Tensor) -> (mean: Double, std: Double) {
        let v = t.scalars.map(Double.init)
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)
        return (mean, variance.squareRoot())
    }

    @Test("same seed gives the same values; different seeds differ")
    func determinism() {
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5), c = RandomGenerator(seed: 6)
        let x = Tensor.randomNormal([100], using: &a)
        #expect(x.scalars == Tensor.randomNormal([100], using: &b).scalars)
        #expect(x.scalars != Tensor.randomNormal([100], using: &c).scalars)
    }

    /// With 200k samples the standard error of the mean is std/447 ≈ 0.0045·std.
    @Test("normal, uniform and truncated normal have the requested moments and bounds")
    func distributions() {
        var rng = RandomGenerator(seed: 1)
        let n = Tensor.randomNormal([200_000], mean: 1, std: 2, using: &rng)
        let (mn, sn) = moments(n)
        #expect(abs(mn - 1) < 0.03 && abs(sn - 2) < 0.03)
        let u = Tensor.randomUniform([200_000], low: -3, high: 1, using: &rng)
        let (mu, su) = moments(u)
        #expect(abs(mu + 1) < 0.02 && abs(su - 4 / 12.0.squareRoot()) < 0.02)
        #expect(u.scalars.allSatisfy { $0 >= -3 && $0 < 1 })
        let t = Tensor.randomTruncatedNormal([200_000], mean: 0, std: 1, low: -2, high: 2, using: &rng)
        #expect(t.scalars.allSatisfy { $0 >= -2 && $0 <= 2 })
        // Variance of a standard normal truncated to [−2, 2] is 0.7737 (std 0.8796).
        let (mt, st) = moments(t)
        #expect(abs(mt) < 0.01 && abs(st - 0.8796) < 0.01)
    }

    @Test("dropout keeps about 1−p of the values scaled by 1/(1−p), and its gradient is the same mask")
    func dropout() {
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.full([10_000], 1).requiringGrad()
        let y = x.dropout(0.25, using: &rng)
        let kept = y.scalars.filter { $0 != 0 }
        #expect(abs(Double(kept.count) / 10_000 - 0.75) < 0.02)
        #expect(kept.allSatisfy { abs($0 - 1 / 0.75) < 1e-6 })
        y.sum().backward()
        #expect(x.grad!.scalars == y.scalars)
    }

    @Test("F16 and BF16 widening")
    func halfWidening() {
        let values: [Float] = [0, 1, -2.5, 65504, 6.1035156e-05, 0.333251953125]
        let f16 = values.map { Float16($0).bitPattern }
        var out = [Float](repeating: 0, count: values.count)
        f16.withUnsafeBufferPointer { b in out.withUnsafeMutableBufferPointer { HalfPrecision.widenFloat16(b, into: $0.baseAddress!) } }
        #expect(out == values)
        let bf16 = values.map { UInt16($0.bitPattern >> 16) }
        bf16.withUnsafeBufferPointer { b in out.withUnsafeMutableBufferPointer { HalfPrecision.widenBFloat16(b, into: $0.baseAddress!) } }
        #expect(zip(out, values).allSatisfy { abs($0 - $1) <= abs($1) / 128 })
    }
}
