import Foundation
import TensorCore
import TestSupport
import Testing

/// Forward against naive loops and backward against Float64 finite differences, per op.
@Suite("Element-wise ops")
struct ElementwiseGradientTests {
    static let binaryShapes: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([4, 1, 3], [2, 1]), ([3], [2, 3]), ([2, 3], []), ([1], [2, 2]),
    ]

    @Test("add, sub, mul, div and maximum broadcast and reduce gradients over broadcast axes",
          arguments: binaryShapes.indices)
    func binary(_ i: Int) {
        let (sa, sb) = Self.binaryShapes[i]
        let ops: [(String, (Tensor, Tensor) -> Tensor, (Double, Double) -> Double)] = [
            ("add", { $0 + $1 }, { $0 + $1 }), ("sub", { $0 - $1 }, { $0 - $1 }),
            ("mul", { $0 * $1 }, { $0 * $1 }), ("div", { $0 / $1 }, { $0 / $1 }),
            ("maximum", { Tensor.maximum($0, $1) }, { max($0, $1) }),
        ]
        for (k, (name, f, g)) in ops.enumerated() {
            checkOp(OpCheck("\(name) \(sa) \(sb)", shapes: [sa, sb], range: 0.5...2,
                            engine: { f($0[0], $0[1]) },
                            oracle: { naiveBinary($0[0], sa, $0[1], sb, g) }),
                    seed: UInt64(100 + 10 * i + k))
        }
    }

    @Test("scalar arithmetic")
    func scalarOps() {
        let s = [2, 3]
        checkOp(OpCheck("x+s", shapes: [s], engine: { $0[0] + 1.5 }, oracle: { $0[0].map { $0 + 1.5 } }), seed: 1)
        checkOp(OpCheck("s-x", shapes: [s], engine: { 1.5 - $0[0] }, oracle: { $0[0].map { 1.5 - $0 } }), seed: 2)
        checkOp(OpCheck("x*s", shapes: [s], engine: { $0[0] * -3 }, oracle: { $0[0].map { $0 * -3 } }), seed: 3)
        checkOp(OpCheck("s/x", shapes: [s], range: 0.5...2, engine: { 2 / $0[0] },
                        oracle: { $0[0].map { 2 / $0 } }), seed: 4)
        checkOp(OpCheck("-x", shapes: [s], engine: { -$0[0] }, oracle: { $0[0].map { -$0 } }), seed: 5)
    }

    typealias UnaryCase = (String, ClosedRange<Float>, @Sendable (Tensor) -> Tensor, @Sendable (Double) -> Double)
    static let unaryCases: [UnaryCase] = [
        ("exp", -2...2, { $0.exp() }, { Foundation.exp($0) }),
        ("log", 0.2...3, { $0.log() }, { Foundation.log($0) }),
        ("sqrt", 0.2...3, { $0.sqrt() }, { $0.squareRoot() }),
        ("rsqrt", 0.2...3, { $0.rsqrt() }, { 1 / $0.squareRoot() }),
        ("tanh", -2...2, { $0.tanh() }, { Foundation.tanh($0) }),
        ("sigmoid", -4...4, { $0.sigmoid() }, { 1 / (1 + Foundation.exp(-$0)) }),
        ("relu", -2...2, { $0.relu() }, { max($0, 0) }),
        ("gelu", -3...3, { $0.gelu() }, { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }),
        ("quickGELU", -3...3, { $0.quickGELU() }, { $0 / (1 + Foundation.exp(-1.702 * $0)) }),
        ("abs", -2...2, { $0.abs() }, { Swift.abs($0) }),
        ("clamp", -2...2, { $0.clamped(min: -0.5, max: 0.7) }, { min(max($0, -0.5), 0.7) }),
        ("pow", 0.2...2, { $0.pow(2.5) }, { Foundation.pow($0, 2.5) }),
        ("square", -2...2, { $0.square() }, { $0 * $0 }),
        ("arccos", -0.95...0.95, { $0.arccos() }, { Foundation.acos($0) }),
    ]

    @Test("unary functions and activations", arguments: unaryCases.indices)
    func unary(_ i: Int) {
        let (name, range, f, g) = Self.unaryCases[i]
        checkOp(OpCheck(name, shapes: [[3, 5]], range: range, engine: { f($0[0]) },
                        oracle: { $0[0].map(g) }), seed: UInt64(200 + i))
    }

    @Test("arccos clamps: finite gradient at ±1")
    func arccosClamp() {
        let x = Tensor([1, -1, 1.5], shape: [3]).requiringGrad()
        let y = x.arccos()
        y.sum().backward()
        #expect(y.scalars.allSatisfy { $0.isFinite })
        #expect(x.grad!.scalars.allSatisfy { $0.isFinite })
        #expect(abs(y.scalars[0]) < 0.01 && abs(y.scalars[1] - .pi) < 0.01)
    }

    @Test("a large input takes the parallel path and matches the serial result")
    func parallelPath() {
        var rng = RandomGenerator(seed: 9)
        let a = Tensor.randomNormal([300, 700], using: &rng)
        let b = Tensor.randomNormal([700], using: &rng)
        let c = (a * b).gelu()
        let av = a.scalars, bv = b.scalars
        let expected = (0..<av.count).map { i -> Double in
            let x = Double(av[i]) * Double(bv[i % 700])
            return 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
        }
        assertClose(c.scalars, expected, rtol: 1e-5, atol: 1e-5, "parallel gelu")
    }
}
