import Foundation
import MHCVSE
import NN
import TensorCore
import TestSupport
import Testing

/// MH-CVSE's losses and pooling modules against PyTorch autograd
/// (Tools/fixtures/make_vse_fixtures.py): values and gradients to 1e-4 relative.
@Suite("MH-CVSE losses and pooling match PyTorch")
struct VSEParityTests {
    let f: SafeTensorsFile

    init() throws { f = try SafeTensorsFile(url: Fixtures.url("mhcvse/vse_fixtures.safetensors")) }

    func expectClose(_ actual: Tensor?, _ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let actual else {
            Issue.record("\(key): no value", sourceLocation: sourceLocation)
            return
        }
        let expected = try f.tensor(key)
        #expect(actual.shape == expected.shape || actual.count == expected.count, "\(key): shape \(actual.shape) vs \(expected.shape)",
                sourceLocation: sourceLocation)
        let error = relativeNormError(actual.scalars, expected.scalars)
        #expect(error < 1e-4, "\(key): relative error \(error)", sourceLocation: sourceLocation)
    }

    func localTokens() throws -> LocalFeatures {
        let lengths = try f.tensor("lengths").scalars.map { Int($0) }
        return LocalFeatures(values: try f.tensor("tokens").requiringGrad(), lengths: lengths)
    }

    /// Loads `prefix.*` weights (not gradients) of the fixture into `module`.
    func load(_ module: Module, _ prefix: String) throws {
        var weights: [String: Tensor] = [:]
        for name in f.names where name.hasPrefix(prefix + ".") && !name.hasPrefix(prefix + ".grad") {
            let key = String(name.dropFirst(prefix.count + 1))
            if module.parameterMap[key] != nil { weights[key] = try f.tensor(name) }
        }
        try module.load(weights)
    }

    func expectParameterGradients(_ module: Module, _ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (name, p) in module.namedParameters() {
            try expectClose(p.grad, "\(prefix).grad.\(name)", sourceLocation: sourceLocation)
        }
    }

    @Test("VSE++ max-violation loss (margin 0.2): value and gradients")
    func vseLoss() throws {
        let x = try f.tensor("vse.image").requiringGrad(), y = try f.tensor("vse.text").requiringGrad()
        let loss = vseMaxViolationLoss(image: x.l2Normalized(), text: y.l2Normalized(), margin: 0.2)
        #expect(loss.item > 0.05, "the fixture must have violating negatives")
        loss.backward()
        try expectClose(loss, "vse.loss")
        try expectClose(x.grad, "vse.grad_image")
        try expectClose(y.grad, "vse.grad_text")
    }

    @Test("VSE0 sum of violations (the warm-up form): value and gradients")
    func vseSumLoss() throws {
        let x = try f.tensor("vse.image").requiringGrad(), y = try f.tensor("vse.text").requiringGrad()
        let loss = vseMaxViolationLoss(image: x.l2Normalized(), text: y.l2Normalized(), margin: 0.2, maxViolation: false)
        loss.backward()
        try expectClose(loss, "vse_sum.loss")
        try expectClose(x.grad, "vse_sum.grad_image")
        try expectClose(y.grad, "vse_sum.grad_text")
    }

    @Test("KL between concept distributions: value and gradients")
    func klLoss() throws {
        let a = try f.tensor("kl.image_logits").requiringGrad(), b = try f.tensor("kl.text_logits").requiringGrad()
        let loss = conceptKLLoss(image: a.softmax(), text: b.softmax())
        loss.backward()
        try expectClose(loss, "kl.loss")
        try expectClose(a.grad, "kl.grad_image_logits")
        try expectClose(b.grad, "kl.grad_text_logits")
    }

    @Test("single-head memory attention pooling over padded tokens: output and gradients")
    func memoryPooling() throws {
        var rng = RandomGenerator(seed: 1)
        let module = MemoryAttentionPooling(width: 8, rng: &rng)
        try load(module, "memory")
        let tokens = try localTokens()
        let memory = try f.tensor("memory.memory").requiringGrad()
        let out = module(tokens, memory: memory)
        (out * (try f.tensor("projection"))).sum().backward()
        try expectClose(out, "memory.output")
        try expectClose(tokens.values.grad, "memory.grad_tokens")
        try expectClose(memory.grad, "memory.grad_memory")
        try expectParameterGradients(module, "memory")
    }

    @Test("multi-head (2) self-attention pooling with key padding: output and gradients")
    func selfAttentionPooling() throws {
        var rng = RandomGenerator(seed: 1)
        let module = SelfAttentionPooling(width: 8, heads: 2, rng: &rng)
        try load(module, "selfattn")
        let tokens = try localTokens()
        let out = module(tokens)
        (out * (try f.tensor("projection"))).sum().backward()
        try expectClose(out, "selfattn.output")
        try expectClose(tokens.values.grad, "selfattn.grad_tokens")
        try expectParameterGradients(module, "selfattn")
    }
}
