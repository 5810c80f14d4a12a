import Testing
import TensorCore

/// One op under test: the engine's Float32 version and a naive Float64 oracle over the same inputs.
public struct OpCheck {
    public let name: String
    public let inputShapes: [[Int]]
    /// Inputs are drawn uniformly from this range (keep away from kinks and poles).
    public let range: ClosedRange<Float>
    public let engine: ([Tensor]) -> Tensor
    /// Same output, row-major, computed with plain loops in Double.
    public let oracle: ([[Double]]) -> [Double]
    /// Which inputs get gradients checked (default: all).
    public let differentiable: [Int]?

    public init(
        _ name: String, shapes: [[Int]], range: ClosedRange<Float> = -2...2,
        differentiable: [Int]? = nil,
        engine: @escaping ([Tensor]) -> Tensor, oracle: @escaping ([[Double]]) -> [Double]
    ) {
        self.name = name
        inputShapes = shapes
        self.range = range
        self.engine = engine
        self.oracle = oracle
        self.differentiable = differentiable
    }
}

/// Checks `op`'s forward against its oracle and every input gradient against central finite
/// differences of the oracle (Float64, step `h`), for a random weighting of the outputs.
///
/// Forward tolerance: `rtol 1e-4, atol 1e-5`; gradients: `rtol 1e-3, atol 1e-4`.
public func checkOp(_ op: OpCheck, seed: UInt64, h: Double = 1e-4,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    var rng = RandomGenerator(seed: seed)
    let inputs = op.inputShapes.map {
        Tensor.randomUniform($0, low: op.range.lowerBound, high: op.range.upperBound, using: &rng)
    }
    let doubles = inputs.map { $0.scalars.map(Double.init) }
    let expected = op.oracle(doubles)
    let leaves = inputs.map { $0.requiringGrad() }
    let output = op.engine(leaves)
    assertClose(output.scalars, expected, rtol: 1e-4, atol: 1e-5, "\(op.name) forward",
                sourceLocation: sourceLocation)
    guard output.count == expected.count else { return }

    let weights = (0..<output.count).map { _ in Double(rng.nextUniform() * 2 - 1) }
    let loss = (output * Tensor(weights.map(Float.init), shape: output.shape)).sum()
    loss.backward()
    func objective(_ xs: [[Double]]) -> Double {
        zip(op.oracle(xs), weights).reduce(0) { $0 + $1.0 * $1.1 }
    }
    for i in op.differentiable ?? Array(inputs.indices) {
        guard let analytic = leaves[i].grad else {
            Issue.record("\(op.name): no gradient for input \(i)", sourceLocation: sourceLocation)
            continue
        }
        #expect(analytic.shape == inputs[i].shape, "\(op.name) grad shape", sourceLocation: sourceLocation)
        var numeric = [Double](repeating: 0, count: doubles[i].count)
        for j in numeric.indices {
            var plus = doubles, minus = doubles
            plus[i][j] += h
            minus[i][j] -= h
            numeric[j] = (objective(plus) - objective(minus)) / (2 * h)
        }
        assertClose(analytic.scalars, numeric, rtol: 1e-3, atol: 1e-4, "\(op.name) d/dinput\(i)",
                    sourceLocation: sourceLocation)
    }
}
