import NN
import TensorCore
import Testing

@Suite("Module parameters and strict loading")
struct ModuleLoadingTests {
    @Test("transformer parameters follow open_clip's dotted names")
    func names() {
        var rng = RandomGenerator(seed: 0)
        let t = Transformer(width: 8, layers: 2, heads: 2, rng: &rng)
        let names = Set(t.namedParameters().map(\.0))
        for key in ["resblocks.0.ln_1.weight", "resblocks.1.attn.in_proj_weight", "resblocks.0.attn.in_proj_bias",
                    "resblocks.1.attn.out_proj.weight", "resblocks.0.mlp.c_fc.bias", "resblocks.1.mlp.c_proj.weight",
                    "resblocks.0.ln_2.bias"] {
            #expect(names.contains(key), "missing \(key)")
        }
        #expect(t.namedParameters().count == 2 * 12)
        #expect(t.parameterMap["resblocks.0.attn.in_proj_weight"]!.shape == [24, 8])
    }

    @Test("strict loading reports all missing, unexpected and mis-shaped keys at once")
    func strictReport() throws {
        var rng = RandomGenerator(seed: 0)
        let block = TransformerBlock(width: 4, heads: 1, rng: &rng)
        var weights = block.stateDict()
        weights["ln_1.weight"] = nil
        weights["mlp.c_fc.bias"] = nil
        weights["extra.thing"] = .zeros([1])
        weights["attn.in_proj_weight"] = .zeros([12, 5])
        do {
            try block.load(weights)
            Issue.record("strict load accepted bad weights")
        } catch let WeightLoadingError.mismatch(missing, unexpected, shapes) {
            #expect(missing == ["ln_1.weight", "mlp.c_fc.bias"])
            #expect(unexpected == ["extra.thing"])
            #expect(shapes == [.init(key: "attn.in_proj_weight", expected: [12, 4], actual: [12, 5])])
            let message = WeightLoadingError.mismatch(missing: missing, unexpected: unexpected, shapeMismatches: shapes).description
            #expect(message.contains("ln_1.weight") && message.contains("extra.thing") && message.contains("[12, 5]"))
        }
        // Nothing was assigned by the failed load.
        #expect(block.ln1.weight.value.scalars == [1, 1, 1, 1])
    }

    @Test("state dict round trip restores outputs; non-strict load ignores extras")
    func roundTrip() throws {
        var rng = RandomGenerator(seed: 1)
        let a = MLP(width: 4, hidden: 8, activation: .quickGELU, rng: &rng)
        let b = MLP(width: 4, hidden: 8, activation: .quickGELU, rng: &rng)
        let x = Tensor.randomNormal([3, 4], using: &rng)
        #expect(a(x).scalars != b(x).scalars)
        var state = a.stateDict()
        state["unused"] = .zeros([2])
        let unused = try b.load(state, strict: false)
        #expect(unused == ["unused"])
        #expect(a(x).scalars == b(x).scalars)
    }

    @Test("freezing by name keeps gradients away from frozen parameters")
    func freezing() {
        var rng = RandomGenerator(seed: 2)
        let mlp = MLP(width: 3, hidden: 5, activation: .gelu, rng: &rng)
        mlp.setRequiresGrad(false) { $0.hasPrefix("c_fc") }
        mlp(Tensor.randomNormal([2, 3], using: &rng)).sum().backward()
        #expect(mlp.fc.weight.grad == nil && mlp.fc.bias!.grad == nil)
        #expect(mlp.proj.weight.grad != nil)
    }
}
