import Foundation
import TensorCore
import TestSupport
import Testing

@Suite("Autodiff semantics")
struct AutodiffTests {
    @Test("a tensor used twice accumulates both gradients")
    func reuse() {
        let x = Tensor([1, 2, 3], shape: [3]).requiringGrad()
        let y = (x * x + x * 3).sum()  // dy/dx = 2x + 3
        y.backward()
        #expect(x.grad!.scalars == [5, 7, 9])
    }

    @Test("gradients accumulate across backward calls until zeroed")
    func accumulateAcrossCalls() {
        let x = Tensor([1, -2], shape: [2]).requiringGrad()
        (x * 2).sum().backward()
        (x * 3).sum().backward()
        #expect(x.grad!.scalars == [5, 5])
        x.gradNode!.zeroGrad()
        #expect(x.grad == nil)
    }

    @Test("broadcast operand gets the gradient summed over broadcast axes")
    func broadcastReduction() {
        let a = Tensor.full([4, 3], 1).requiringGrad()
        let b = Tensor([1, 2, 3], shape: [3]).requiringGrad()
        (a * b).sum().backward()
        #expect(b.grad!.shape == [3] && b.grad!.scalars == [4, 4, 4])
        #expect(a.grad!.shape == [4, 3] && a.grad!.scalars == Array(repeating: [1, 2, 3], count: 4).flatMap { $0 })
    }

    @Test("noGrad records nothing and detach stops gradients")
    func noGradAndDetach() {
        let x = Tensor([1, 2], shape: [2]).requiringGrad()
        let inside = noGrad { x * 2 }
        #expect(!inside.requiresGrad)
        let y = (x * 2 + x.detached() * 100).sum()
        y.backward()
        #expect(x.grad!.scalars == [2, 2])
        let constants = Tensor([1, 2], shape: [2]) * 3
        #expect(!constants.requiresGrad)
    }

    @Test("a deep chain back-propagates without recursion limits")
    func deepChain() {
        let x = Tensor([0.5], shape: [1]).requiringGrad()
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        y.sum().backward()
        let expected = Float(pow(1.0001, 20_000.0))
        #expect(abs(x.grad!.item - expected) / expected < 1e-3)
    }
}
